from __future__ import annotations

import datetime
from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from helsefellesskap import hurtigbuffer
from helsefellesskap.access import members_key
from helsefellesskap.models import Organ, idag
from helsefellesskap.services import medlemsliste
from moter import access
from moter.forms import DatoFilter
from moter.models import Mote
from moter.versjoner import organ_med_versjon, organ_side, organets_moter


def _dato_fra(request: HttpRequest) -> tuple[datetime.date | None, list[str]]:
    filter_ = DatoFilter(request.GET)
    return filter_.gyldige().get("dato"), filter_.merknader()


def _leser(user, organ: Organ) -> tuple:
    """What the body page's meeting list depends on for this reader (the cache key's part):
    the secretariat sees all; members today share one list; others see the published meetings
    and those of their own periods (``moter.access.motes_visible``)."""
    if access.is_sekretariat(user):
        return ("sekretariat",)
    return members_key(user, organ.pk)


@hurtigbuffer.for_anonyme(organ_side)
def organ_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organ = organ_med_versjon(slug)
    if organ is None:
        raise Http404("Fant ikke organet.")
    if organ.slug != slug:
        return redirect(organ, permanent=True)
    dato, filterfeil = _dato_fra(request)
    dato = dato or idag()
    user = request.user
    kan_redigere = access.can_change_mote(user)
    organ_pk = organ.pk

    def lag() -> str:
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
                "er_idag": dato == idag(),
                "grupper": medlemsliste(organ=organ, dato=dato),
                "underorganer": organ.underorganer.aktive(dato),
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
            "innhold": hurtigbuffer.fragment(
                (
                    "organ",
                    organ.pk,
                    organ.grunndata_versjon,
                    organets_moter(organ.pk),
                    dato,
                    _leser(user, organ),
                ),
                lag,
            ),
            "filterfeil": filterfeil,
        },
    )
