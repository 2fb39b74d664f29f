from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.cache import cache
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
    """The login page, with a limit on failed attempts per user name and address."""

    authentication_form = LoginForm

    def _nokler(self) -> list[str]:
        adresse = self.request.META.get("REMOTE_ADDR", "")
        navn = (self.request.POST.get("username") or "").strip().lower()
        return [f"innlogging:navn:{navn}", f"innlogging:adresse:{adresse}"]

    def _sperret(self) -> bool:
        grense = settings.INNLOGGING_MAKS_FORSOK
        return any((cache.get(k) or 0) >= grense for k in self._nokler())

    def post(self, request, *args, **kwargs):
        if self._sperret():
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                "For mange mislykkede forsøk. Vent "
                f"{settings.INNLOGGING_SPERRETID // 60} minutter og prøv igjen, eller kontakt "
                "sekretariatet.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for nokkel in self._nokler():
            cache.add(nokkel, 0, settings.INNLOGGING_SPERRETID)
            try:
                cache.incr(nokkel)
            except ValueError:
                cache.set(nokkel, 1, settings.INNLOGGING_SPERRETID)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete_many(self._nokler()[:1])
        return super().form_valid(form)
