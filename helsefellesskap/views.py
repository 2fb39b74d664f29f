from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy

from . import pagecache
from .forms import LoginForm, PasswordResetForm, SetPasswordForm
from .images import LOGO_FORMATS, image_format
from .models import Nettsted
from .services import organkart


@pagecache.for_anonymous(lambda request: ("forside", pagecache.grunndata()))
def forside(request: HttpRequest) -> HttpResponse:
    return render(request, "helsefellesskap/forside.html", {"kart": organkart()})


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Siden finnes ikke", "kode": 404}, status=404)


def no_tilgang(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Ingen tilgang", "kode": 403}, status=403)


def csrf_error(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (CSRF_FAILURE_VIEW): say why that usually happens."""
    return render(request, "feil_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Without the request's context: the error may be the database itself (PostgreSQL down),
    # and the menu's user and the site's name would read it again.
    innhold = loader.get_template("feil.html").render(
        {"tittel": "Noe gikk galt", "kode": 500, "nettsted": Nettsted(navn="Møteportalen")}
    )
    return HttpResponseServerError(innhold)


def nettsted_logo(request: HttpRequest, path: str) -> FileResponse:
    """The site's current logo, and nothing else from media: the path is only compared with
    the logo's stored name, never joined to a directory. Served as the image type Pillow finds
    in it, so a file that is not a PNG, JPEG or WebP image is never served at all."""
    logo = Nettsted.get().logo
    if not logo or logo.name != f"nettsted/{path}":
        raise Http404
    try:
        fil = logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    format_ = image_format(fil)
    if format_ is None:
        fil.close()
        raise Http404
    response = FileResponse(fil, content_type=LOGO_FORMATS[format_])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


class Login(LoginView):
    """The login page. Failed attempts are limited by django-axes (helsefellesskap/login.py),
    which guards the admin's login page the same way. With OpenID Connect on, it also offers
    «Logg inn med …» (helsefellesskap/oidc.py)."""

    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Single sign-on (helsefellesskap/oidc.py): the button only when it is configured.
        context["oidc_navn"] = settings.OIDC_NAVN if settings.OIDC_AKTIV else None
        return context


class PasswordReset(auth_views.PasswordResetView):
    """«Glemt passordet?»: a one-time link, valid for ``PASSWORD_RESET_TIMEOUT``, to the address
    the portal has. At most one message per address in ``PASSORD_EPOST_INTERVALL`` seconds, so
    the form cannot be used to flood anybody's inbox; the page is the same in every case."""

    form_class = PasswordResetForm
    template_name = "registration/glemt_passord.html"
    email_template_name = "registration/epost_nytt_passord.txt"
    subject_template_name = "registration/epost_nytt_passord_emne.txt"
    success_url = reverse_lazy("glemt-passord-sendt")

    def form_valid(self, form):
        epost = form.cleaned_data["email"].strip().lower()
        key = "passord-epost:" + hashlib.sha256(epost.encode()).hexdigest()
        if not cache.add(key, 1, settings.PASSORD_EPOST_INTERVALL):
            return redirect(self.success_url)
        self.extra_email_context = {"portal_url": settings.PORTAL_URL}
        return super().form_valid(form)


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "registration/glemt_passord_sendt.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "registration/nytt_passord.html"
    success_url = reverse_lazy("nytt-passord-ferdig")


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "registration/nytt_passord_ferdig.html"
