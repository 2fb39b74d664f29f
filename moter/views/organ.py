from __future__ import annotations

import datetime
from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from helsefellesskap import pagecache
from helsefellesskap.access import members_key
from helsefellesskap.models import Organ, today
from helsefellesskap.services import medlemsliste
from moter import access
from moter.forms import DateFilter
from moter.models import Mote
from moter.versions import organ_page


def _date_from(request: HttpRequest) -> tuple[datetime.date | None, list[str]]:
    filter_ = DateFilter(request.GET)
    return filter_.valid().get("dato"), filter_.remarks()


def _reader(user, organ: Organ) -> tuple:
    """What the body page's meeting list depends on for this reader (the cache key's part):
    those who run the body see all and may edit; members today share one list; others see the
    published meetings and those of their own periods (``moter.access.motes_visible``)."""
    if access.can_manage_organ(user, organ):
        return ("sekretariat",)
    return members_key(user, organ.pk)


@pagecache.for_anonymous(organ_page)
def organ_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The versions of the body's page, as its cache for anonymous readers reads them: the body,
    # the master data and the body's meetings, in one query.
    versions = organ_page(request, slug)
    if versions is None:
        raise Http404("Fant ikke organet.")
    _, organ_pk, grunndata, moter_version = versions
    organ = Organ.objects.get(pk=organ_pk)
    if organ.slug != slug:
        return redirect(organ, permanent=True)
    dato, filterfeil = _date_from(request)
    dato = dato or today()
    user = request.user
    kan_redigere = access.can_manage_organ(user, organ)

    def build() -> str:
        # Members, meetings and sub-bodies: the same for everybody who sees the same meetings.
        # Read after the versions in the key, the body too.
        organ = Organ.objects.get(pk=organ_pk)
        moter = list(
            access.motes_visible(user, Mote.objects.filter(organ=organ)).order_by("-start")
        )
        return render_to_string(
            "moter/partials/organ_innhold.html",
            {
                "organ": organ,
                "dato": dato,
                "er_idag": dato == today(),
                "grupper": medlemsliste(organ=organ, dato=dato),
                "underorganer": organ.underorganer.active(dato),
                "moter_per_aar": [
                    (aar, list(ms))
                    for aar, ms in groupby(moter, key=lambda m: timezone.localtime(m.start).year)
                ],
                "kan_redigere": kan_redigere,
            },
        )

    return render(
        request,
        "moter/organ.html",
        {
            "organ": organ,
            "rapporteringslinje": organ.rapporteringslinje(),
            "innhold": pagecache.fragment(
                (
                    "organ",
                    organ_pk,
                    grunndata,
                    moter_version,
                    dato,
                    _reader(user, organ),
                ),
                build,
            ),
            "filterfeil": filterfeil,
            # Outside the cached part: who may run the body's members is decided per request.
            "kan_administrere_medlemmer": access.can_manage_organ(user, organ),
        },
    )
