"""«Bytt passord» (/passord/) for anybody logged in: the password one has, and the new one
twice under the project's rules (helsefellesskap/passwords.py), in Norwegian at the field; a
login without a password (single sign-on, a login link) sets one without the old."""

import html as html_lib

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GAMMELT = "Gammelt-passord-2024"
NYTT = "Hjemmeoppfolging-2026"


def _html(response) -> str:
    return html_lib.unescape(response.content.decode())


@pytest.fixture
def bruker(db):
    user = UserFactory(username="karinordmann")
    user.set_password(GAMMELT)
    user.save()
    return user


def test_the_header_links_to_it_for_the_logged_in_only(client, bruker):
    assert "/passord/" not in client.get("/").content.decode()
    client.force_login(bruker)
    assert '<a href="/passord/">Bytt passord</a>' in client.get("/").content.decode()


def test_anonymous_users_are_sent_to_log_in(client):
    svar = client.get("/passord/")
    assert svar.status_code == 302
    assert svar["Location"].startswith("/logg-inn/?next=/passord/")


def test_the_password_is_changed_and_the_session_kept(client, bruker):
    client.force_login(bruker)
    html = _html(client.get("/passord/"))
    for label in ("Nåværende passord", "Nytt passord", "Gjenta det nye passordet"):
        assert f">{label} <span" in html
    svar = client.post(
        "/passord/",
        {"old_password": GAMMELT, "new_password1": NYTT, "new_password2": NYTT},
    )
    assert svar.status_code == 302
    assert svar["Location"] == "/passord/endret/"
    bruker.refresh_from_db()
    assert bruker.check_password(NYTT)
    svar = client.get("/passord/endret/")
    assert "Passordet er byttet" in _html(svar)
    assert svar.wsgi_request.user == bruker  # still logged in


@pytest.mark.parametrize(
    ("data", "felt", "melding"),
    [
        (
            {"old_password": "feil", "new_password1": NYTT, "new_password2": NYTT},
            "old_password",
            "Det nåværende passordet er feil.",
        ),
        (
            {"old_password": GAMMELT, "new_password1": "kort", "new_password2": "kort"},
            "new_password2",
            "Passordet er for kort. Det må ha minst 8 tegn.",
        ),
        (
            {
                "old_password": GAMMELT,
                "new_password1": "karinordmann1",
                "new_password2": "karinordmann1",
            },
            "new_password2",
            "Passordet ligner for mye på brukernavnet.",
        ),
        (
            {"old_password": GAMMELT, "new_password1": NYTT, "new_password2": NYTT + "x"},
            "new_password2",
            "",
        ),
        (
            {"old_password": "", "new_password1": NYTT, "new_password2": NYTT},
            "old_password",
            "Fyll ut «Nåværende passord».",
        ),
    ],
    ids=["feil-gammelt", "for-kort", "likt-brukernavnet", "ulike", "tomt"],
)
def test_bad_input_is_refused_at_the_field(client, bruker, data, felt, melding):
    client.force_login(bruker)
    svar = client.post("/passord/", data)
    assert svar.status_code == 400
    html = _html(svar)
    start = html.find(f'id="id_{felt}_feil">')
    assert start != -1
    feil = html[html.find(">", start) + 1 : html.find("</p>", start)]
    assert melding in feil
    assert "password" not in feil.lower()  # Norwegian, not Django's English
    bruker.refresh_from_db()
    assert bruker.check_password(GAMMELT)


def test_a_login_without_a_password_sets_one_without_the_old(client):
    user = UserFactory(username="sso")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    html = _html(client.get("/passord/"))
    assert "Lag et passord" in html
    assert "Nåværende passord" not in html
    svar = client.post("/passord/", {"new_password1": NYTT, "new_password2": NYTT})
    assert svar.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NYTT)
