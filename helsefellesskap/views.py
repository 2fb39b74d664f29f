from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .models import Organ, idag
from .services import medlemsliste, organkart


def forside(request: HttpRequest) -> HttpResponse:
    return render(request, "helsefellesskap/forside.html", {"kart": organkart()})


def _get_organ(slug: str) -> Organ:
    """A body by its slug, case-insensitive (/organ/SSU/ works as well as /organ/ssu/)."""
    return get_object_or_404(Organ, slug__iexact=slug)


def organ_detalj(request: HttpRequest, slug: str) -> HttpResponse:
    organ = _get_organ(slug)
    if organ.slug != slug:
        return redirect(organ, permanent=True)
    dato = _dato_fra(request) or idag()
    return render(
        request,
        "helsefellesskap/organ.html",
        {
            "organ": organ,
            "dato": dato,
            "er_idag": dato == idag(),
            "grupper": medlemsliste(organ=organ, dato=dato),
            "rapporteringslinje": organ.rapporteringslinje(),
            "underorganer": organ.underorganer.aktive(dato),
        },
    )


def _dato_fra(request: HttpRequest) -> datetime.date | None:
    value = request.GET.get("dato", "")
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def ikke_funnet(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Siden finnes ikke", "kode": 404}, status=404)


def ingen_tilgang(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Ingen tilgang", "kode": 403}, status=403)


def serverfeil(request: HttpRequest) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Noe gikk galt", "kode": 500}, status=500)
