"""Production settings and the login page's defences."""

import os
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
    svar = client.get("/")
    csp = svar["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert svar["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_login_is_refused_for_a_while_after_repeated_failures(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.INNLOGGING_MAKS_FORSOK = 3
    User.objects.create_user("medlem", password="riktig-passord-123")
    for _ in range(3):
        svar = client.post("/logg-inn/", {"username": "medlem", "password": "feil"})
        assert svar.status_code == 200
    svar = client.post("/logg-inn/", {"username": "medlem", "password": "riktig-passord-123"})
    assert svar.status_code == 429
    assert "For mange mislykkede forsøk." in svar.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()
    svar = client.post("/logg-inn/", {"username": "medlem", "password": "riktig-passord-123"})
    assert svar.status_code == 302
