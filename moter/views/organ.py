from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from helsefellesskap import pagecache
from helsefellesskap.access import members_key
from helsefellesskap.models import Organ, today
from helsefellesskap.services import medlemsliste
from moter import access
from moter.forms import OrganPageFilter
from moter.models import Mote
from moter.versions import organ_page


def _filters(request: HttpRequest) -> tuple[datetime.date | None, int | None, list[str]]:
    """The date of the members' list and the year of the møteplan (None: not given, or left out
    with a remark)."""
    filter_ = OrganPageFilter(request.GET)
    valid = filter_.valid()
    return valid.get("dato"), valid.get("aar"), filter_.remarks()


@dataclass(frozen=True)
class Moteplan:
    """A body's møteplan for one year, as its reader may see it: each meeting with whether the
    reader may open it (``can_view_mote``: a link, its title and state) or sees only its date,
    time and place (``can_see_in_moteplan``); and the nearest years before and after that have
    meetings for this reader (or are this year), for the year selector."""

    aar: int
    moter: list[tuple[Mote, bool]]
    forrige: int | None
    neste: int | None


def _moteplan(user, organ: Organ, aar: int) -> Moteplan:
    """One query: the body's meetings in the reader's møteplan, all years (a body has a few a
    year), grouped here."""
    alle = list(
        Mote.objects.filter(organ=organ).filter(access.moteplan_q(user)).order_by("start", "pk")
    )
    for m in alle:
        m.organ = organ  # the predicates read the body's flags: no query per meeting
    aar_med = {timezone.localtime(m.start).year for m in alle} | {today().year}
    return Moteplan(
        aar=aar,
        moter=[
            (m, access.can_view_mote(user, m))
            for m in alle
            if timezone.localtime(m.start).year == aar
        ],
        forrige=max((a for a in aar_med if a < aar), default=None),
        neste=min((a for a in aar_med if a > aar), default=None),
    )


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
    versions = pagecache.page_versions(request, organ_page, slug)
    if versions is None:
        raise Http404("Fant ikke organet.")
    _, organ_pk, grunndata, moter_version = versions
    organ = Organ.objects.get(pk=organ_pk)
    if organ.slug != slug:
        return redirect(organ, permanent=True)
    dato, aar, filterfeil = _filters(request)
    dato = dato or today()
    aar = aar or today().year
    user = request.user
    kan_redigere = access.can_manage_organ(user, organ)

    def build() -> str:
        # Members, meetings and sub-bodies: the same for everybody who sees the same meetings.
        # The body was read after the versions in the key, so it is at least as new as they are.
        return render_to_string(
            "moter/partials/organ_innhold.html",
            {
                "organ": organ,
                "dato": dato,
                "er_idag": dato == today(),
                "grupper": medlemsliste(organ=organ, dato=dato),
                "underorganer": organ.underorganer.active(dato),
                "moteplan": _moteplan(user, organ, aar),
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
                    aar,
                    _reader(user, organ),
                ),
                build,
            ),
            "filterfeil": filterfeil,
            # Outside the cached part: who may run the body's members is decided per request.
            "kan_administrere_medlemmer": access.can_manage_organ(user, organ),
        },
    )
