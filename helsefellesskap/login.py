"""How django-axes sees a login attempt: the user name as Django reads it, the client's address
behind the configured proxies, which attempts it leaves alone (single sign-on), and the
Norwegian page for a login that is locked out."""

from __future__ import annotations

import ipaddress

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
