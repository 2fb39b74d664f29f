"""How django-axes sees a login attempt: the user name as Django reads it, the client's address
behind the configured proxies, which attempts it leaves alone (single sign-on), and the
Norwegian page for a login that is locked out. And the time of the previous login, kept in the
session for «Endret siden sist» on /mine/."""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url

from .access import has_person, is_sekretariat


def username_of(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The user name normalised as Django does before it looks the user up (NFKC, case kept:
    user names are case-sensitive), so «ｍｅｄｌｅｍ» counts against «medlem»."""
    felt = get_user_model().USERNAME_FIELD
    if credentials and credentials.get(felt) is not None:
        navn = credentials[felt]
    else:
        navn = getattr(request, "POST", {}).get(felt)
    if not isinstance(navn, str):
        return navn
    # As the login form's UsernameField: NFKC, then the surrounding blanks a form field strips.
    return get_user_model().normalize_username(navn).strip()


def landing_url(user) -> str:
    """Where a login without a ``next`` lands, with a password or single sign-on alike: a
    member (a login with a person) on their own page, «Mine møter»; the secretariat on
    ``LOGIN_REDIRECT_URL`` (the front page with the bodies)."""
    if has_person(user) and not is_sekretariat(user):
        return resolve_url("mine")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def is_oidc_attempt(request: HttpRequest, credentials: dict | None = None) -> bool:
    """A login through OpenID Connect (the callback passes the nonce it kept; a password form
    cannot): left out of the lockout. Nothing can be guessed there — the provider checked the
    password — and its refusals (an address nobody registered) carry no user name, so counting
    them would lock single sign-on for everyone behind the same address."""
    return credentials is not None and "nonce" in credentials


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or with BETRODDE_PROXYER = n the n-th address from
    the right in the proxies' header (each trusted proxy appends the address it saw, so those
    are the only entries nobody outside could have written)."""
    direct = request.META.get("REMOTE_ADDR")
    count = settings.BETRODDE_PROXYER
    if count <= 0:
        return direct
    meta = "HTTP_" + settings.INNLOGGING_ADRESSEHODE.upper().replace("-", "_")
    chain = [a for a in request.META.get(meta, "").split(",") if a.strip()]
    if len(chain) < count:
        # Not through the proxies as configured: only the connection's own address is known.
        return direct
    return _valid(chain[-count]) or direct


def _varighet(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    if minutes % 60 == 0:
        timer = minutes // 60
        return "1 time" if timer == 1 else f"{timer} timer"
    return "1 minutt" if minutes == 1 else f"{minutes} minutter"


def locked_out(
    request: HttpRequest, response=None, credentials: dict | None = None
) -> HttpResponse:
    """The page for a login refused after too many failures (both login pages)."""
    return render(
        request,
        "helsefellesskap/innlogging_sperret.html",
        {"ventetid": _varighet(int(get_cool_off(request).total_seconds()))},
        status=429,
    )


# --- The previous login -------------------------------------------------------------------------

PREVIOUS_LOGIN_KEY = "forrige_innlogging"


def previous_login_record(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """At login (a POST): keep the time of the user's previous login in the new session, as an
    ISO string («» for the first login ever), and then record this login as Django does.

    In Django's own receiver's place (``connect_previous_login``): the old ``last_login`` must be
    read before ``update_last_login`` overwrites it, and two receivers of one signal would depend
    on the order they were connected in. A page read later (a GET) finds the time in the session
    and writes nothing."""
    if request is not None and hasattr(request, "session"):
        previous = user.last_login
        request.session[PREVIOUS_LOGIN_KEY] = previous.isoformat() if previous else ""
    update_last_login(sender, user, **kwargs)


def connect_previous_login() -> None:
    """Called once from ``HelsefellesskapConfig.ready``: ``previous_login_record`` replaces
    Django's ``update_last_login`` under the same ``dispatch_uid``, so whichever app is ready
    first, the user's ``last_login`` is updated once, after the old value is kept."""
    user_logged_in.disconnect(dispatch_uid="update_last_login")
    user_logged_in.connect(previous_login_record, dispatch_uid="update_last_login")


@dataclass(frozen=True)
class PreviousLogin:
    """What the session knows of the login before this one: ``known`` is false for a session
    opened before the portal kept it; ``at`` is None for the first login ever."""

    known: bool
    at: datetime.datetime | None = None


def previous_login(request: HttpRequest) -> PreviousLogin:
    value = request.session.get(PREVIOUS_LOGIN_KEY)
    if not isinstance(value, str):
        return PreviousLogin(known=False)
    if value == "":
        return PreviousLogin(known=True)
    try:
        at = datetime.datetime.fromisoformat(value)
    except ValueError:
        return PreviousLogin(known=False)
    if at.tzinfo is None:
        return PreviousLogin(known=False)
    return PreviousLogin(known=True, at=at)
