"""Single sign-on with OpenID Connect (helsefellesskap/oidc.py) against a real provider: the local
one in tests/support/oidc_provider.py, a process of its own. The test client starts the login,
the provider's /authorize is asked over HTTP like a browser would, and the portal's callback
fetches the token, the keys and the user info from the provider itself — nothing in
mozilla-django-oidc is mocked.

A person is found by the address the provider has verified; nobody registers themselves, and
every refusal lands on the login page with a Norwegian message, never an error page."""

from __future__ import annotations

import re
import runpy
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.core.exceptions import ImproperlyConfigured

from helsefellesskap import oidc as sso
from helsefellesskap.access import SEKRETARIAT_GROUP
from helsefellesskap.models import Person
from tests.factories import PersonFactory, UserFactory
from tests.support.sql import writes

pytestmark = pytest.mark.django_db

KARI = {"sub": "kari-123", "email": "kari.nordmann@tonsberg.kommune.no", "email_verified": True}


def _start(client, next_url: str = ""):
    response = client.get("/oidc/authenticate/" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302, response
    return response["Location"]


def _back(client, location: str):
    """The portal's callback at the address the provider sent the browser back to."""
    parts = urlsplit(location)
    assert parts.netloc == "testserver" and parts.path == "/oidc/callback/", location
    return client.get(f"{parts.path}?{parts.query}")


def _sso(client, oidc, next_url: str = ""):
    """The whole round: the login page's button, the provider, the callback (not followed)."""
    return _back(client, oidc.authorize(_start(client, next_url)))


def _logged_in(client) -> User | None:
    user = client.get("/").wsgi_request.user
    return user if user.is_authenticated else None


def _refused(client, response, *texts: str) -> str:
    """The callback sent the reader back to the login page, which says why."""
    assert response.status_code == 302 and response["Location"] == "/logg-inn/", response
    page = client.get("/logg-inn/")
    html = page.content.decode()
    for text in texts:
        assert text in html, (text, re.sub(r"\s+", " ", html)[:3000])
    assert 'role="alert"' in html
    assert _logged_in(client) is None
    return html


# Who logs in


def test_a_person_with_a_login_is_logged_in_as_that_login_and_lands_on_their_page(client, oidc):
    kari = UserFactory(username="kari")
    PersonFactory(navn="Kari Nordmann", epost="Kari.Nordmann@Tonsberg.kommune.no", bruker=kari)
    oidc.login_as(KARI)

    response = _sso(client, oidc)

    assert response.status_code == 302 and response["Location"] == "/mine/"
    assert _logged_in(client) == kari
    html = client.get("/").content.decode()
    assert "Kari Nordmann" in html and "Logg ut" in html
    # The code went back with the PKCE verifier, and the client's own credentials.
    (token,) = oidc.token_requests()
    assert token["grant_type"] == "authorization_code" and len(token["code_verifier"]) >= 43
    assert token["redirect_uri"] == "http://testserver/oidc/callback/"
    assert User.objects.count() == 1


def test_the_reader_lands_where_they_were_going(client, oidc):
    kari = UserFactory(username="kari")
    PersonFactory(epost=KARI["email"], bruker=kari)
    oidc.login_as(KARI)
    assert _sso(client, oidc, next_url="/oppfolging/")["Location"] == "/oppfolging/"
    # Not to another site.
    client.logout()
    assert _sso(client, oidc, next_url="https://angriper.example/")["Location"] == "/mine/"


def test_a_person_without_a_login_gets_one_linked_to_them(client, oidc):
    person = PersonFactory(navn="Kari Nordmann", epost="Kari.Nordmann@Tonsberg.kommune.no")
    oidc.login_as(KARI)

    assert _sso(client, oidc)["Location"] == "/mine/"

    person.refresh_from_db()
    user = person.bruker
    assert user is not None and _logged_in(client) == user
    assert user.username == "kari.nordmann@tonsberg.kommune.no"
    assert not user.has_usable_password()
    assert person.history.latest().bruker_id == user.pk
    # The next time, the same login.
    client.logout()
    _sso(client, oidc)
    assert _logged_in(client) == user and User.objects.count() == 1


def test_a_login_without_a_person_is_found_by_its_own_address(client, oidc):
    admin = UserFactory(username="admin", email="KARI.NORDMANN@tonsberg.kommune.no")
    oidc.login_as(KARI)
    assert _sso(client, oidc)["Location"] == "/"  # no page of their own: the bodies
    assert _logged_in(client) == admin


def test_the_session_is_read_by_the_portals_own_backend(client, oidc):
    """Sessions made through single sign-on load their user as every other session does
    (helsefellesskap.backends): the secretariat gets its menu, and a login deactivated after
    signing in is out on the next request."""
    sekretar = UserFactory(username="sekretar")
    sekretar.groups.add(Group.objects.get_or_create(name=SEKRETARIAT_GROUP)[0])
    PersonFactory(navn="Siri Sekretær", epost=KARI["email"], bruker=sekretar)
    oidc.login_as(KARI)
    assert _sso(client, oidc)["Location"] == "/"  # the secretariat lands on the bodies

    page = client.get("/")
    assert page.wsgi_request.user._er_sekretariat is True  # memoised by backends.load_user
    assert 'href="/sekretariat/"' in page.content.decode()

    sekretar.is_active = False
    sekretar.save()
    assert _logged_in(client) is None


def test_turned_off_again_single_sign_on_sessions_end(client, oidc, settings):
    kari = UserFactory(username="kari")
    PersonFactory(epost=KARI["email"], bruker=kari)
    oidc.login_as(KARI)
    _sso(client, oidc)
    assert _logged_in(client) == kari
    settings.OIDC_AKTIV = False
    settings.AUTHENTICATION_BACKENDS = [
        b for b in settings.AUTHENTICATION_BACKENDS if b != settings.OIDC_BACKEND
    ]
    assert _logged_in(client) is None


# Who is refused, and what they are told


@pytest.mark.parametrize(
    "claims",
    [
        {**KARI, "email_verified": False},
        {**KARI, "email_verified": "false"},
        {k: v for k, v in KARI.items() if k != "email_verified"},
    ],
    ids=["false", "string-false", "missing"],
)
def test_an_address_the_provider_has_not_verified_is_refused(client, oidc, claims):
    PersonFactory(epost=KARI["email"], bruker=UserFactory(username="kari"))
    oidc.login_as(claims)
    _refused(
        client,
        _sso(client, oidc),
        "E-postadressen kari.nordmann@tonsberg.kommune.no er ikke bekreftet",
    )


def test_the_user_info_endpoint_has_the_last_word_on_verification(client, oidc):
    PersonFactory(epost=KARI["email"], bruker=UserFactory(username="kari"))
    oidc.login_as(KARI, userinfo={"email_verified": False})
    _refused(client, _sso(client, oidc), "er ikke bekreftet hos innloggingstjenesten")


def test_user_info_about_someone_else_is_refused(client, oidc):
    PersonFactory(epost=KARI["email"], bruker=UserFactory(username="kari"))
    oidc.login_as(KARI, userinfo={"sub": "noen-andre"})
    _refused(client, _sso(client, oidc), "Innloggingen kunne ikke bekreftes")


def test_no_address_at_all_is_refused(client, oidc):
    oidc.login_as({"sub": "uten-epost"})
    _refused(client, _sso(client, oidc), "Innloggingstjenesten oppga ingen e-postadresse")


def test_an_address_nobody_registered_is_refused_without_registering_anyone(client, oidc):
    PersonFactory(epost="noen.andre@tonsberg.kommune.no")
    oidc.login_as(KARI)
    _refused(
        client,
        _sso(client, oidc),
        "Ingen i portalen er registrert med e-postadressen kari.nordmann@tonsberg.kommune.no",
        "Sekretariatet må registrere adressen din",
    )
    assert User.objects.count() == 0 and Person.objects.count() == 1


def test_an_address_several_people_share_is_refused(client, oidc):
    PersonFactory(navn="Kari Nordmann", epost=KARI["email"])
    PersonFactory(navn="Kari Nordmann (FSU)", epost=KARI["email"].upper())
    oidc.login_as(KARI)
    _refused(client, _sso(client, oidc), "Flere personer i portalen er registrert med")
    assert User.objects.count() == 0


def test_a_person_and_another_login_with_the_same_address_are_refused(client, oidc):
    PersonFactory(epost=KARI["email"])
    UserFactory(username="gammel", email=KARI["email"])
    oidc.login_as(KARI)
    _refused(client, _sso(client, oidc), "Flere personer i portalen er registrert med")


def test_a_deactivated_login_is_refused(client, oidc):
    kari = UserFactory(username="kari", is_active=False)
    PersonFactory(epost=KARI["email"], bruker=kari)
    oidc.login_as(KARI)
    _refused(client, _sso(client, oidc), "Innloggingen din i portalen er deaktivert")


def test_a_login_that_cannot_be_made_is_refused_with_the_reason(client, oidc):
    # The address is another login's user name (with no address of its own).
    UserFactory(username=KARI["email"])
    PersonFactory(epost=KARI["email"])
    oidc.login_as(KARI)
    _refused(client, _sso(client, oidc), "Portalen kunne ikke lage en innlogging til deg")


# Replies that do not belong to a login started here


def test_the_provider_saying_no_lands_on_the_login_page(client, oidc):
    oidc.login_as(None, error="access_denied")
    location = oidc.authorize(_start(client))
    assert "error=access_denied" in location
    _refused(client, _back(client, location), "Innloggingen ble avbrutt eller avvist")


def test_an_error_from_the_provider_does_not_log_the_reader_out(client, oidc):
    kari = UserFactory(username="kari")
    client.force_login(kari)
    response = client.get("/oidc/callback/?error=access_denied&state=hva-som-helst")
    assert response.status_code == 302 and response["Location"] == "/logg-inn/"
    assert _logged_in(client) == kari


@pytest.mark.parametrize(
    "query",
    [
        "",
        "code=abc",
        "state=abc",
        "code=abc&state=forfalsket",
        "code=&state=",
        "code=abc&state=abc&state=def",
        "error=",
        "code=%00&state=%00",
    ],
)
def test_a_forged_or_stray_callback_lands_on_the_login_page(client, oidc, query):
    PersonFactory(epost=KARI["email"], bruker=UserFactory(username="kari"))
    oidc.login_as(KARI)
    _start(client)  # a login started, whose state is not the one sent
    _refused(client, client.get(f"/oidc/callback/?{query}"), "Innloggingen kunne ikke fullføres")
    assert oidc.token_requests() == []  # the provider was never asked


def test_a_callback_used_twice_works_once(client, oidc):
    kari = UserFactory(username="kari")
    PersonFactory(epost=KARI["email"], bruker=kari)
    oidc.login_as(KARI)
    location = oidc.authorize(_start(client))
    _back(client, location)
    assert _logged_in(client) == kari
    client.logout()
    _refused(client, _back(client, location), "Innloggingen kunne ikke fullføres")


def test_a_code_from_another_browser_is_refused_by_the_provider(client, oidc):
    """A code given to another login attempt (another state, another PKCE verifier) fails at
    the provider's token endpoint: the page says so, no error page."""
    PersonFactory(epost=KARI["email"], bruker=UserFactory(username="kari"))
    oidc.login_as(KARI)
    theirs = urlsplit(oidc.authorize(_start(client)))
    ours = urlsplit(oidc.authorize(_start(client)))
    code = dict(p.split("=", 1) for p in theirs.query.split("&"))["code"]
    state = dict(p.split("=", 1) for p in ours.query.split("&"))["state"]
    response = client.get(f"/oidc/callback/?code={code}&state={state}")
    _refused(client, response, "Innloggingen kunne ikke bekreftes")


def test_an_id_token_not_signed_by_the_provider_is_refused(client, oidc):
    PersonFactory(epost=KARI["email"], bruker=UserFactory(username="kari"))
    oidc.login_as(KARI, forge=True)
    _refused(client, _sso(client, oidc), "Innloggingen kunne ikke bekreftes")


def test_a_provider_that_does_not_answer_gives_a_message_not_an_error_page(client, oidc, settings):
    PersonFactory(epost=KARI["email"], bruker=UserFactory(username="kari"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{closed}/token"
    oidc.login_as(KARI)
    _refused(client, _sso(client, oidc), "Innloggingen kunne ikke bekreftes")


# Off by default, and beside the password login


def test_off_there_is_no_button_and_no_oidc_address(client, settings):
    assert settings.OIDC_AKTIV is False
    html = client.get("/logg-inn/").content.decode()
    assert "Logg inn med virksomhetens konto" not in html and "/oidc/" not in html
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=abc&state=def").status_code == 404


def test_on_the_login_page_offers_the_button_with_the_providers_name(client, oidc, settings):
    html = client.get("/logg-inn/?next=/oppfolging/").content.decode()
    assert "Logg inn med virksomhetens konto" in html
    assert 'href="/oidc/authenticate/?next=/oppfolging/"' in html
    oidc.configure(settings, navn="Vestfold-konto")
    assert "Logg inn med Vestfold-konto" in client.get("/logg-inn/").content.decode()


def test_refused_single_sign_ons_do_not_lock_anyone_out(client, oidc, settings):
    """django-axes counts password guesses; a refusal through the provider is no guess, and
    counting it (it has no user name) would lock single sign-on for everyone behind the
    same address."""
    oidc.login_as({**KARI, "email": "ukjent@tonsberg.kommune.no"})
    for _ in range(settings.INNLOGGING_MAKS_FORSOK + 1):
        _sso(client, oidc)
    assert AccessAttempt.objects.count() == 0
    kari = UserFactory(username="kari")
    PersonFactory(epost=KARI["email"], bruker=kari)
    oidc.login_as(KARI)
    assert _sso(client, oidc)["Location"] == "/mine/"
    assert _logged_in(client) == kari


def test_a_password_login_with_a_code_in_its_address_never_asks_the_provider(client, oidc):
    PersonFactory(epost=KARI["email"], bruker=UserFactory(username="kari"))
    oidc.login_as(KARI)
    code = dict(p.split("=", 1) for p in urlsplit(oidc.authorize(_start(client))).query.split("&"))
    response = client.post(
        f"/logg-inn/?code={code['code']}&state={code['state']}",
        {"username": "kari", "password": "feil-passord"},
    )
    assert response.status_code == 200 and _logged_in(client) is None
    assert oidc.token_requests() == []
    response = client.post("/logg-inn/", {"username": "kari", "password": "passord-123"})
    assert response.status_code == 302 and _logged_in(client) is not None


# What a GET writes


def test_only_the_callback_that_logs_in_writes_beyond_the_session(client, oidc):
    """The one GET that writes more than its session: the provider sends the browser back with
    a GET (the authorization code response, RFC 6749 4.1.2; mozilla-django-oidc takes no
    other), and that request logs the reader in: Django records ``last_login``, django-axes its
    access log, and a person's first login is made and linked (with its history row). It is
    safe as such a GET can be: it only acts on a state this browser's session holds (spent on
    use), a nonce in the signed ID token and the PKCE verifier. Starting a login, and every
    refusal, writes nothing but the session."""
    person = PersonFactory(epost=KARI["email"])
    oidc.login_as(KARI)
    with writes(unntatt=("django_session",)) as found:
        location = oidc.authorize(_start(client))
    assert found == []
    with writes(unntatt=("django_session",)) as found:
        _back(client, location)
    tables = {re.search(r'(?:INTO|UPDATE|FROM) "(\w+)"', sql).group(1) for sql in found}
    assert tables == {
        "auth_user",
        "helsefellesskap_historicaluser",
        "helsefellesskap_person",
        "helsefellesskap_historicalperson",
        "axes_accesslog",
    }, found
    person.refresh_from_db()
    assert person.bruker is not None

    client.logout()
    oidc.login_as({**KARI, "email_verified": False})
    with writes(unntatt=("django_session",)) as found:
        _sso(client, oidc)
        client.get("/oidc/callback/?error=access_denied")
    assert found == []


# The settings, from the environment

SETTINGS = Path(__file__).resolve().parents[2] / "helsefellesskap" / "settings.py"
MILJO = {
    "OIDC_RP_CLIENT_ID": "moteportalen",
    "OIDC_RP_CLIENT_SECRET": "hemmelig",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.org/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.org/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.org/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.org/jwks",
}
ALLE = [*MILJO, "OIDC_RP_SIGN_ALGO", "OIDC_RP_SCOPES", "OIDC_NAVN"]


def _settings(monkeypatch, tmp_path, **miljo) -> dict:
    for navn in ALLE:
        monkeypatch.delenv(navn, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    for navn, verdi in miljo.items():
        monkeypatch.setenv(navn, verdi)
    return runpy.run_path(str(SETTINGS))


def test_settings_off_by_default_and_on_with_a_client_id(monkeypatch, tmp_path):
    av = _settings(monkeypatch, tmp_path)
    assert av["OIDC_AKTIV"] is False
    assert sso.__name__ + ".OidcBackend" not in av["AUTHENTICATION_BACKENDS"]

    paa = _settings(monkeypatch, tmp_path, **MILJO)
    assert paa["OIDC_AKTIV"] is True and paa["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert paa["OIDC_NAVN"] == "virksomhetens konto"
    assert paa["AUTHENTICATION_BACKENDS"] == [
        "axes.backends.AxesStandaloneBackend",
        "helsefellesskap.backends.Users",
        "helsefellesskap.oidc.OidcBackend",
        "rules.permissions.ObjectPermissionBackend",
    ]
    # HS256 signs with the client's secret: no key endpoint needed.
    hs = {k: v for k, v in MILJO.items() if k != "OIDC_OP_JWKS_ENDPOINT"}
    assert _settings(monkeypatch, tmp_path, **hs, OIDC_RP_SIGN_ALGO="HS256")["OIDC_AKTIV"]


@pytest.mark.parametrize(
    ("miljo", "melding"),
    [
        ({"OIDC_OP_TOKEN_ENDPOINT": ""}, "set OIDC_OP_TOKEN_ENDPOINT too"),
        (
            {"OIDC_RP_CLIENT_SECRET": "", "OIDC_OP_JWKS_ENDPOINT": ""},
            "set OIDC_RP_CLIENT_SECRET, OIDC_OP_JWKS_ENDPOINT too",
        ),
        ({"OIDC_OP_USER_ENDPOINT": "login.example.org"}, "OIDC_OP_USER_ENDPOINT must be an"),
        ({"OIDC_RP_SIGN_ALGO": "none"}, "OIDC_RP_SIGN_ALGO must be one of"),
        ({"OIDC_RP_SCOPES": "openid profile"}, "OIDC_RP_SCOPES must include openid and email"),
    ],
)
def test_bad_settings_stop_the_portal_with_the_reason(monkeypatch, tmp_path, miljo, melding):
    with pytest.raises(ImproperlyConfigured, match=re.escape(melding)):
        _settings(monkeypatch, tmp_path, **(MILJO | miljo))
