from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from . import hurtigbuffer
from .forms import LoginForm
from .models import Nettsted
from .services import organkart


@hurtigbuffer.for_anonyme
def forside(request: HttpRequest) -> HttpResponse:
    return render(request, "helsefellesskap/forside.html", {"kart": organkart()})


def ikke_funnet(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Siden finnes ikke", "kode": 404}, status=404)


def ingen_tilgang(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Ingen tilgang", "kode": 403}, status=403)


def serverfeil(request: HttpRequest) -> HttpResponse:
    # Without the request's context: the error may be the database itself (PostgreSQL down),
    # and the menu's user and the site's name would read it again.
    innhold = loader.get_template("feil.html").render(
        {"tittel": "Noe gikk galt", "kode": 500, "nettsted": Nettsted(navn="Møteportalen")}
    )
    return HttpResponseServerError(innhold)


class Innlogging(LoginView):
    """The login page. Failed attempts are limited by django-axes (helsefellesskap/innlogging.py),
    which guards the admin's login page the same way."""

    authentication_form = LoginForm
