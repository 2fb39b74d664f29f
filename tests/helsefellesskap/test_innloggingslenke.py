"""«Logg inn med en lenke på e-post»: a one-time link, as the member's mail server receives it,
that logs in once within its minutes; the link's GET changes nothing (a mail program that
opens it to check it does not use it up); the page never tells whether an address is known."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from helsefellesskap import accounts
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.PORTAL_URL = "https://moter.example.no"
    cache.clear()


@pytest.fixture
def kari(db):
    user = UserFactory(username="kari")
    PersonFactory(navn="Kari Nordmann", epost="kari@example.org", bruker=user)
    return user


@pytest.fixture
def be_om_lenke(client, smtp, django_capture_on_commit_callbacks):
    def post(epost: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/logg-inn/lenke/", {"email": epost})

    return post


def _sti(body: str) -> str:
    funnet = re.search(r"https://moter\.example\.no(/logg-inn/lenke/\S+/)", body)
    assert funnet, body
    return funnet.group(1)


def test_the_link_logs_a_member_in_once(client, kari, smtp, be_om_lenke, django_assert_num_queries):
    assert "Logg inn med en lenke på e-post" in client.get("/logg-inn/").content.decode()
    svar = be_om_lenke("KARI@example.org")
    assert svar.status_code == 302 and svar["Location"] == "/logg-inn/lenke/sendt/"
    (melding,) = smtp.to("kari@example.org")
    assert melding.subject == "Innloggingslenke til Møteportalen"
    assert "Hei Kari Nordmann!" in melding.body and "30 minutter" in melding.body
    sti = _sti(melding.body)

    # Opening the link shows a button and changes nothing.
    html = client.get(sti).content.decode()
    assert "Du logger inn som Kari Nordmann." in html
    kari.refresh_from_db()
    assert kari.last_login is None
    assert "_auth_user_id" not in client.session

    svar = client.post(sti)
    assert svar.status_code == 302 and svar["Location"] == "/mine/"
    assert client.session["_auth_user_id"] == str(kari.pk)

    # Used once.
    client.logout()
    html = client.get(sti).content.decode()
    assert "Lenken virker ikke" in html
    assert client.post(sti).status_code == 400
    assert "_auth_user_id" not in client.session


def test_an_expired_link_is_refused(client, kari, settings, monkeypatch):
    token = accounts.login_link_token.make_token(kari)
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(kari.pk))
    naa = accounts.login_link_token._now()
    import datetime

    monkeypatch.setattr(
        accounts.LoginLinkTokenGenerator,
        "_now",
        lambda self: naa + datetime.timedelta(minutes=31),
    )
    assert "Lenken virker ikke" in client.get(f"/logg-inn/lenke/{uid}/{token}/").content.decode()
    assert client.post(f"/logg-inn/lenke/{uid}/{token}/").status_code == 400


def test_an_unknown_or_deactivated_address_gets_the_same_page_and_no_mail(kari, smtp, be_om_lenke):
    assert be_om_lenke("ukjent@example.org")["Location"] == "/logg-inn/lenke/sendt/"
    kari.is_active = False
    kari.save()
    assert be_om_lenke("kari@example.org")["Location"] == "/logg-inn/lenke/sendt/"
    assert smtp.delivered == []


def test_one_message_per_address_in_ten_minutes(kari, smtp, be_om_lenke):
    for _ in range(3):
        be_om_lenke("kari@example.org")
    assert len(smtp.delivered) == 1


def test_a_link_for_password_reset_does_not_log_in(client, kari):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(kari.pk))
    token = default_token_generator.make_token(kari)
    assert client.post(f"/logg-inn/lenke/{uid}/{token}/").status_code == 400


@pytest.mark.parametrize(
    ("epost", "melding"),
    [
        ("", "Fyll ut «E-postadresse»."),
        ("kari", "Skriv en gyldig e-postadresse, f.eks. navn@kommune.no."),
        ("a" * 250 + "@example.org", "E-postadressen kan være høyst 254 tegn."),
    ],
)
def test_a_bad_address_is_refused_at_the_field_and_kept(client, epost, melding):
    svar = client.post("/logg-inn/lenke/", {"email": epost})
    assert svar.status_code == 400
    html = svar.content.decode().replace("&laquo;", "«").replace("&raquo;", "»")
    assert melding in html
    if epost:
        assert f'value="{epost}"' in html
