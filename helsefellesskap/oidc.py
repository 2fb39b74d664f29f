"""Single sign-on with the partners' own accounts: OpenID Connect through mozilla-django-oidc.

Off unless ``OIDC_RP_CLIENT_ID`` is set (settings.py): then ``OidcBackend`` is in
``AUTHENTICATION_BACKENDS`` and the two views below answer; otherwise they answer 404.

Who logs in is decided by the e-mail address the provider has *verified* (``email_verified``),
compared case-insensitively with ``Person.epost`` and ``User.email``. Nobody registers
themselves: an address the portal does not know is refused, and so is one that several people
share. A person without a login gets one (``accounts.user_create``); a deactivated login is
refused. Every refusal comes back to the login page with a Norwegian message.

Sessions made here load their user through the portal's own query (``backends.Users``), like
every other session."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .accounts import user_create
from .backends import Users
from .login import landing_url
from .models import Person

logger = logging.getLogger(__name__)

# The reason a login was refused, left on the request by the backend for the callback's message
# (django.contrib.auth.authenticate swallows the backend's PermissionDenied).
REFUSAL = "oidc_refusal"

AVBRUTT = (
    "Innloggingen ble avbrutt eller avvist hos innloggingstjenesten. Prøv igjen, eller logg inn "
    "med brukernavn og passord."
)
UGYLDIG = (
    "Innloggingen kunne ikke fullføres fordi svaret fra innloggingstjenesten ikke hørte til en "
    "innlogging som ble startet her, eller var for gammelt. Prøv igjen."
)
IKKE_BEKREFTET = (
    "Innloggingen kunne ikke bekreftes med innloggingstjenesten. Prøv igjen om litt, eller logg "
    "inn med brukernavn og passord."
)
UTEN_EPOST = (
    "Innloggingstjenesten oppga ingen e-postadresse, så portalen kan ikke vite hvem du er. Logg "
    "inn med brukernavn og passord."
)
UBEKREFTET_EPOST = (
    "E-postadressen {epost} er ikke bekreftet hos innloggingstjenesten, så portalen kan ikke "
    "stole på at den er din. Logg inn med brukernavn og passord, eller be den som drifter "
    "kontoen din om å bekrefte adressen."
)
UKJENT = (
    "Ingen i portalen er registrert med e-postadressen {epost}. Sekretariatet må registrere "
    "adressen din før du kan logge inn."
)
FLERE = (
    "Flere personer i portalen er registrert med e-postadressen {epost}, så portalen vet ikke "
    "hvem av dem du er. Be sekretariatet rette opp registreringen."
)
DEAKTIVERT = (
    "Innloggingen din i portalen er deaktivert. Ta kontakt med sekretariatet hvis du skal ha "
    "tilgang igjen."
)
UTEN_KONTO = "Portalen kunne ikke lage en innlogging til deg: {grunn} Ta kontakt med sekretariatet."


def _refuse(request: HttpRequest, message: str) -> PermissionDenied:
    setattr(request, REFUSAL, message)
    return PermissionDenied(message)


def _is_true(value: object) -> bool:
    """``email_verified`` as providers send it: a JSON boolean, or (some) the string "true"."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


@dataclass
class _Konto:
    person: Person | None
    user: User | None


def _kontoer(epost: str) -> list[_Konto]:
    """The accounts an address points to: a login (with its person, if any), or a person
    without a login. A person and their own login are one account."""
    kontoer: dict[tuple[str, int], _Konto] = {}
    for person in Person.objects.filter(epost__iexact=epost).select_related("bruker"):
        if person.bruker is not None:
            kontoer[("user", person.bruker.pk)] = _Konto(person, person.bruker)
        else:
            kontoer[("person", person.pk)] = _Konto(person, None)
    for user in User.objects.filter(email__iexact=epost):
        kontoer.setdefault(("user", user.pk), _Konto(None, user))
    return list(kontoer.values())


class OidcBackend(OIDCAuthenticationBackend):
    """Authenticates the OIDC callback only; permissions and loading the session's user are
    ``backends.Users``'s (this backend answers no permission itself)."""

    def authenticate(self, request, **kwargs):
        # Only the callback passes the nonce it kept in the session: a password login (which
        # runs every backend) with ?code=&state= in its URL never reaches the provider.
        if request is None or not kwargs.get("nonce"):
            return None
        return super().authenticate(request, **kwargs)

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the user info endpoint's over them; the two must be
        about the same subject (OpenID Connect Core 5.3.2)."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The user info is about another subject than the ID token")
        return {**payload, **userinfo}

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        epost = claims.get("email")
        if not isinstance(epost, str) or not epost.strip():
            raise _refuse(self.request, UTEN_EPOST)
        epost = epost.strip()
        if not _is_true(claims.get("email_verified")):
            raise _refuse(self.request, UBEKREFTET_EPOST.format(epost=epost))
        kontoer = _kontoer(epost)
        if not kontoer:
            raise _refuse(self.request, UKJENT.format(epost=epost))
        if len(kontoer) > 1:
            raise _refuse(self.request, FLERE.format(epost=epost))
        konto = kontoer[0]
        if konto.user is None:
            assert konto.person is not None  # an account is a login, a person, or both
            try:
                return user_create(person=konto.person)
            except ValidationError as exc:
                grunn = " ".join(exc.messages)
                raise _refuse(self.request, UTEN_KONTO.format(grunn=grunn)) from exc
        if not konto.user.is_active:
            raise _refuse(self.request, DEAKTIVERT)
        return konto.user

    def get_user(self, user_id):
        return Users().get_user(user_id)

    # Permissions are the other backends' (backends.Users, rules): none from here, and no
    # second round of permission queries.
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False


class _OnlyWhenOn(View):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not settings.OIDC_AKTIV:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class Authenticate(_OnlyWhenOn, OIDCAuthenticationRequestView):
    """The login page's button: to the provider, with state, nonce and PKCE kept in the
    session (a GET that writes only the session)."""


class Callback(_OnlyWhenOn, OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back. A refusal, an error from the provider and a
    reply that does not belong to a login started here all land on the login page with a
    Norwegian message, never on an error page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        states = request.session.get("oidc_states")
        state = request.GET.get("state")
        if request.GET.get("error"):
            # The provider said no (the person cancelled, or may not use this client). The
            # state is spent, as the library does; the reader stays logged in if they were.
            if isinstance(states, dict) and state in states:
                del states[state]
                request.session.modified = True
            return self._to_login(AVBRUTT)
        if not request.GET.get("code") or not isinstance(states, dict) or state not in states:
            return self._to_login(UGYLDIG)
        try:
            return super().get(request)
        except (
            requests.RequestException,
            jwt.PyJWTError,
            SuspiciousOperation,
            KeyError,
            ValueError,
            TypeError,
        ) as exc:
            # The provider did not answer, or answered what does not verify (signature, nonce,
            # a key it does not list, a reply that is not the JSON it should be).
            logger.warning("OpenID Connect login failed: %r", exc, exc_info=True)
            return self._to_login(IKKE_BEKREFTET)

    @property
    def success_url(self) -> str:
        # The page the reader was going to (checked when the login started), or where a
        # password login lands (after auth.login, request.user is the one who logged in).
        return self.request.session.get("oidc_login_next") or landing_url(self.request.user)

    def login_failure(self) -> HttpResponse:
        return self._to_login(getattr(self.request, REFUSAL, None) or IKKE_BEKREFTET)

    def _to_login(self, message: str) -> HttpResponseRedirect:
        messages.error(self.request, message)
        return redirect(settings.LOGIN_REDIRECT_URL_FAILURE)
