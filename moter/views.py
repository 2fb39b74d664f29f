from __future__ import annotations

import datetime
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from helsefellesskap.access import er_sekretariat
from helsefellesskap.models import Organ, Verv, idag
from helsefellesskap.services import medlemsliste

from .models import Mote


def _dato_fra(request: HttpRequest) -> datetime.date | None:
    value = request.GET.get("dato", "")
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def synlige_moter(user, organ: Organ):
    """The body's meetings this user may see: all for the secretariat, all but drafts for
    members, published ones for everybody else."""
    qs = Mote.objects.filter(organ=organ).order_by("-start")
    if er_sekretariat(user):
        return qs
    if Verv.objects.for_bruker(user).filter(organ=organ).exists():
        return qs.exclude(status=Mote.Status.PLANLAGT)
    if not organ.offentlig:
        return qs.none()
    return qs.synlige_for_publikum()


def organ_detalj(request: HttpRequest, slug: str) -> HttpResponse:
    organ = get_object_or_404(Organ, slug__iexact=slug)
    if organ.slug != slug:
        return redirect(organ, permanent=True)
    dato = _dato_fra(request) or idag()
    moter = list(synlige_moter(request.user, organ))
    moter_per_aar = [
        (aar, list(ms))
        for aar, ms in groupby(moter, key=lambda m: timezone.localtime(m.start).year)
    ]
    return render(
        request,
        "moter/organ.html",
        {
            "organ": organ,
            "dato": dato,
            "er_idag": dato == idag(),
            "grupper": medlemsliste(organ=organ, dato=dato),
            "rapporteringslinje": organ.rapporteringslinje(),
            "underorganer": organ.underorganer.aktive(dato),
            "moter_per_aar": moter_per_aar,
            "kan_redigere": er_sekretariat(request.user),
        },
    )
