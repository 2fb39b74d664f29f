"""Search (``/sok/``): saker and meetings, each reader finding what they may read
(``saker.search``)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from saker import search
from saker.forms import SokFilter, SokForm
from saker.models import Sakstype


def sok(request: HttpRequest) -> HttpResponse:
    skjema = SokForm(request.GET)
    filter_ = SokFilter(request.GET)
    chosen, filterfeil = filter_.valid(), filter_.remarks()
    q = ""
    if skjema.is_valid():
        q = skjema.cleaned_data["q"]
    filters = search.Filters(
        organ=chosen.get("organ"),
        aar=chosen.get("aar"),
        sakstype=chosen.get("sakstype", ""),
        har_vedtak=bool(chosen.get("har_vedtak")),
    )
    side = None
    if q:
        hits = search.search(user=request.user, q=q, filters=filters)
        side = Paginator(hits, search.PER_PAGE).get_page(request.GET.get("side"))
        search.hits_load(user=request.user, hits=list(side.object_list), q=q)
    # The other parameters of this search, for the page links.
    videre = request.GET.copy()
    videre.pop("side", None)
    return render(
        request,
        "saker/sok.html",
        {
            "skjema": skjema,
            "q": q,
            "side": side,
            "filters": filters,
            "filterfeil": filterfeil,
            "organer": search.organs_searchable(request.user),
            "sakstyper": Sakstype.choices,
            "videre": videre.urlencode(),
            "maks_treff": search.MAX_HITS,
        },
    )
