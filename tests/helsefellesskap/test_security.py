"""Production settings and the login page's defences."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # Without the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: it is for their own process only.
    utenfor = {"DEBUG", "TESTING", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    miljo = {k: v for k, v in os.environ.items() if k not in utenfor}
    miljo |= {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "moter.example.no",
        "VAR_DIR": str(tmp_path),
    }
    ut = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=miljo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ut.returncode == 0, ut.stdout + ut.stderr
    assert "no issues" in ut.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    miljo = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "TESTING"}}
    miljo |= {"DEBUG": "false", "VAR_DIR": str(tmp_path)}
    ut = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=miljo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ut.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in ut.stderr


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


SPERRET = "For mange mislykkede forsøk"
PASSWORD = "riktig-passord-123"


@pytest.fixture
def brukere(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    return {
        "medlem": User.objects.create_user("medlem", password=PASSWORD),
        "kollega": User.objects.create_user("kollega", password=PASSWORD),
        "admin": User.objects.create_superuser("admin", password=PASSWORD),
    }


def _log_in(client, navn, passord, side="/logg-inn/", **meta):
    meta.setdefault("REMOTE_ADDR", "10.0.0.1")
    return client.post(side, {"username": navn, "password": passord}, **meta)


@pytest.mark.parametrize("side", ["/logg-inn/", "/admin/login/"])
def test_a_correct_password_is_refused_after_repeated_failures(client, brukere, side):
    navn = "admin"
    for _ in range(2):
        assert _log_in(client, navn, "feil", side).status_code == 200
    response = _log_in(client, navn, "feil", side)
    assert response.status_code == 429
    response = _log_in(client, navn, PASSWORD, side)
    assert response.status_code == 429
    tekst = response.content.decode()
    assert SPERRET in tekst and "Vent 15 minutter og prøv igjen" in tekst
    assert '<html lang="nb"' in tekst
    # Within the Content-Security-Policy: no inline style or script.
    assert "<style" not in tekst and "style=" not in tekst
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", tekst))
    assert "_auth_user_id" not in client.session


def test_admin_login_counts_with_the_portal_login(client, brukere):
    _log_in(client, "admin", "feil", "/logg-inn/")
    _log_in(client, "admin", "feil", "/admin/login/")
    _log_in(client, "admin", "feil", "/logg-inn/")
    response = _log_in(client, "admin", PASSWORD, "/admin/login/")
    assert response.status_code == 429 and SPERRET in response.content.decode()


def test_a_fullwidth_user_name_counts_against_the_user_it_names(client, brukere):
    # Django reads «ｍｅｄｌｅｍ» as «medlem» (NFKC): those failures are failures for medlem, and
    # for medlem only.
    for _ in range(3):
        _log_in(client, "ｍｅｄｌｅｍ", "feil")
    response = _log_in(client, "medlem", PASSWORD)
    assert response.status_code == 429 and SPERRET in response.content.decode()
    assert _log_in(client, "kollega", PASSWORD).status_code == 302


def test_failures_for_one_user_do_not_lock_out_others_at_the_same_address(client, brukere):
    # Everyone behind one proxy or NAT shares an address.
    for _ in range(10):
        _log_in(client, "medlem", "feil")
    assert _log_in(client, "kollega", PASSWORD).status_code == 302
    client.logout()
    # The locked user can still log in from elsewhere: the lock is per user name and address.
    assert _log_in(client, "medlem", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_address_comes_from_the_trusted_proxy_only(client, brukere, settings):
    # Without a trusted proxy the header is the client's own word, and ignored.
    for n in range(3):
        _log_in(client, "medlem", "feil", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = _log_in(client, "medlem", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429

    # Behind one trusted proxy (REMOTE_ADDR 10.0.0.9) its X-Forwarded-For entry is the client.
    settings.BETRODDE_PROXYER = 1
    proxy = {"REMOTE_ADDR": "10.0.0.9"}
    for _ in range(3):
        _log_in(client, "kollega", "feil", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    response = _log_in(client, "kollega", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert response.status_code == 429
    # A value the client wrote itself stands left of what the proxy appended.
    forged = "203.0.113.77, 203.0.113.5"
    response = _log_in(client, "kollega", PASSWORD, HTTP_X_FORWARDED_FOR=forged, **proxy)
    assert response.status_code == 429
    response = _log_in(client, "kollega", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client, brukere):
    for _ in range(2):
        _log_in(client, "medlem", "feil")
    assert _log_in(client, "medlem", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert _log_in(client, "medlem", "feil").status_code == 200
    assert _log_in(client, "medlem", PASSWORD).status_code == 302
