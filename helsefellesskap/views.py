from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .services import organkart


def forside(request: HttpRequest) -> HttpResponse:
    return render(request, "helsefellesskap/forside.html", {"kart": organkart()})


def ikke_funnet(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Siden finnes ikke", "kode": 404}, status=404)


def ingen_tilgang(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Ingen tilgang", "kode": 403}, status=403)


def serverfeil(request: HttpRequest) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Noe gikk galt", "kode": 500}, status=500)
