from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy

from . import accounts, pagecache
from .forms import (
    LoginForm,
    LoginLinkForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from .images import LOGO_FORMATS, image_format
from .login import landing_url
from .models import Nettsted


@pagecache.for_anonymous(
    lambda request: ("tilgjengelighet", pagecache.grunndata(), settings.TILGJENGELIGHET_URL)
)
def tilgjengelighet(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tilgjengelighetserklæring): the standard the portal is
    built to, how it is tested, its known limitations and where to send feedback. The official
    statement is the owner's, in uustatus.no (``TILGJENGELIGHET_URL`` links it)."""
    return render(
        request,
        "helsefellesskap/tilgjengelighet.html",
        {"uustatus_url": settings.TILGJENGELIGHET_URL},
    )


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "feil.html", {"tittel": "Siden finnes ikke", "kode": 404}, status=404)


def no_tilgang(request: HttpRequest, exception=None) -> HttpResponse:
    # The reason our rules give (``PermissionDenied("Bare sekretariatet for SSU …")``), in
    # Norwegian; none from elsewhere gives the general sentence.
    grunn = str(exception) if exception is not None else ""
    return render(
        request, "feil.html", {"tittel": "Ingen tilgang", "kode": 403, "grunn": grunn}, status=403
    )


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
    «Logg inn med …» (helsefellesskap/oidc.py).

    Without a ``next``, a member (a login with a person) lands on their own page, «Mine møter»;
    the secretariat on ``LOGIN_REDIRECT_URL`` (the front page with the bodies)."""

    authentication_form = LoginForm

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)

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
        if not _address_once(form.cleaned_data["email"]):
            return redirect(self.success_url)
        self.extra_email_context = {"portal_url": settings.PORTAL_URL}
        return super().form_valid(form)


def _address_once(epost: str) -> bool:
    """At most one message per address in ``PASSORD_EPOST_INTERVALL`` seconds (the login link
    and «Glemt passordet?» share it), so no form can flood anybody's inbox."""
    key = "passord-epost:" + hashlib.sha256(epost.strip().lower().encode()).hexdigest()
    return bool(cache.add(key, 1, settings.PASSORD_EPOST_INTERVALL))


def login_link_request(request: HttpRequest) -> HttpResponse:
    """«Logg inn med en lenke på e-post»: the same page afterwards whether or not the address
    is known."""
    form = LoginLinkForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            epost = form.cleaned_data["email"]
            if _address_once(epost):
                for user in accounts.login_link_users(epost):
                    accounts.login_link_send(user=user)
            return redirect("innloggingslenke-sendt")
        return render(request, "registration/innloggingslenke.html", {"form": form}, status=400)
    return render(request, "registration/innloggingslenke.html", {"form": form})


def login_link_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/innloggingslenke_sendt.html",
        {"minutter": settings.INNLOGGINGSLENKE_MINUTTER},
    )


def login_link_use(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the mail. A GET only shows a button (it changes nothing, so a mail
    program that opens links to check them does not use it up); the POST logs in, once."""
    user = _link_user(uidb64)
    valid = user is not None and accounts.login_link_token.check_token(user, token)
    if request.method == "POST" and valid and user is not None:
        login(request, user, backend="helsefellesskap.backends.Users")
        messages.success(request, "Du er logget inn.")
        return redirect(landing_url(user))
    return render(
        request,
        "registration/innloggingslenke_bruk.html",
        {"gyldig": valid, "bruker": user if valid else None},
        status=200 if valid or request.method == "GET" else 400,
    )


def _link_user(uidb64: str):
    from django.contrib.auth.models import User
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk, is_active=True).select_related("person").first()


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "registration/glemt_passord_sendt.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "registration/nytt_passord.html"
    success_url = reverse_lazy("nytt-passord-ferdig")


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "registration/nytt_passord_ferdig.html"


class InvitationAccept(auth_views.PasswordResetConfirmView):
    """The link in an invitation (``helsefellesskap.accounts``): set a password, and be logged
    in. The link works once and for ``INVITASJON_GYLDIG_DAGER`` days; a used or expired link,
    or one to a deactivated login, gets a page that says so and where to go."""

    form_class = SetPasswordForm
    token_generator = accounts.invitation_token
    template_name = "registration/invitasjon.html"
    reset_url_token = "lag-passord"  # noqa: S105 - the URL's stand-in for the token, no secret
    post_reset_login = True
    post_reset_login_backend = "helsefellesskap.backends.Users"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dager"] = settings.INVITASJON_GYLDIG_DAGER
        context["videre"] = landing_url(self.request.user)
        return context

    def get_success_url(self) -> str:
        # The login just made: a member on /mine/, as after any other login.
        return landing_url(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Passordet er lagret, og du er logget inn. Velkommen!")
        return response


class PasswordChange(auth_views.PasswordChangeView):
    """«Bytt passord» for anybody logged in: the password one has and the new one. A login
    without a usable password (one who came in by single sign-on or a login link and never set
    one) gets to set one without the old: the session shows who they are, and «Glemt
    passordet?» sends no link to a login that has been used without a password."""

    template_name = "registration/passord.html"
    success_url = reverse_lazy("passord-endret")

    def get_form_class(self):
        if self.request.user.has_usable_password():
            return PasswordChangeForm
        return SetPasswordForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["har_passord"] = self.request.user.has_usable_password()
        return context

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordChangeDone(auth_views.PasswordChangeDoneView):
    template_name = "registration/passord_endret.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["videre"] = landing_url(self.request.user)
        return context
