from __future__ import annotations

import datetime
from enum import IntEnum
from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from helsefellesskap import hurtigbuffer
from helsefellesskap.access import er_sekretariat
from helsefellesskap.models import Organ, Verv, idag
from helsefellesskap.services import medlemsliste

from .forms import DatoFilter
from .models import Mote


def _dato_fra(request: HttpRequest) -> tuple[datetime.date | None, list[str]]:
    filter_ = DatoFilter(request.GET)
    return filter_.gyldige().get("dato"), filter_.merknader()


class Synlighet(IntEnum):
    """Which of a body's meetings a user sees."""

    PUBLIKUM = 1  # the published ones
    MEDLEM = 2  # all but drafts
    SEKRETARIAT = 3  # all


def synlighet(user, organ: Organ) -> Synlighet:
    if er_sekretariat(user):
        return Synlighet.SEKRETARIAT
    if user.is_authenticated and hurtigbuffer.fragment(
        ("medlem", user.pk, organ.pk),
        lambda: Verv.objects.for_bruker(user).filter(organ=organ).exists(),
    ):
        return Synlighet.MEDLEM
    return Synlighet.PUBLIKUM


def synlige_moter(organ: Organ, synlig: Synlighet):
    qs = Mote.objects.filter(organ=organ).order_by("-start")
    if synlig == Synlighet.SEKRETARIAT:
        return qs
    if synlig == Synlighet.MEDLEM:
        return qs.exclude(status=Mote.Status.PLANLAGT)
    if not organ.offentlig:
        return qs.none()
    return qs.synlige_for_publikum()


@hurtigbuffer.for_anonyme
def organ_detalj(request: HttpRequest, slug: str) -> HttpResponse:
    organ = hurtigbuffer.rad(
        ("organ", slug.lower()), lambda: Organ.objects.filter(slug__iexact=slug).first()
    )
    if organ is None:
        raise Http404("Fant ikke organet.")
    if organ.slug != slug:
        return redirect(organ, permanent=True)
    dato, filterfeil = _dato_fra(request)
    dato = dato or idag()
    synlig = synlighet(request.user, organ)
    organ_pk = organ.pk

    def lag() -> str:
        # Members, meetings and sub-bodies: the same for everybody who sees the same meetings.
        # Read after the cache's generation, the body too.
        organ = Organ.objects.get(pk=organ_pk)
        moter = list(synlige_moter(organ, synlig))
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
                "kan_redigere": synlig == Synlighet.SEKRETARIAT,
            },
        )

    return render(
        request,
        "moter/organ.html",
        {
            "organ": organ,
            "rapporteringslinje": organ.rapporteringslinje(),
            "innhold": hurtigbuffer.fragment(("organ", organ.pk, dato, int(synlig)), lag),
            "filterfeil": filterfeil,
        },
    )
