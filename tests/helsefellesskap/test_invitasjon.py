"""The invitation a new member gets from the members page: an e-mail through the outbox with a
one-time link (``/invitasjon/<uid>/<token>/``) that sets a password and logs the member in; a
link used or expired is refused with a page that says what to do; a deactivated login cannot
log in. The mail is delivered to a real SMTP server (tests/support/smtp.py)."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from helsefellesskap import accounts
from helsefellesskap.models import Epost, Nettsted
from tests.factories import PersonFactory, UserFactory, VervFactory

pytestmark = pytest.mark.django_db

PASSORD = "Hjemmeoppfolging-2026"


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.PORTAL_URL = "https://moter.example.no"
    cache.clear()


@pytest.fixture
def kari(ssu):
    person = PersonFactory(navn="Kari Nordmann", epost="Kari.Nordmann@Example.org")
    VervFactory(person=person, organ=ssu, rolle="medlem")
    return person


@pytest.fixture
def gjest():
    """The invited member's own browser (``sek`` is the test client, logged in)."""
    return Client()


@pytest.fixture
def sekretaer(sekretariat):
    PersonFactory(navn="Runar Danielsen", bruker=sekretariat)
    return sekretariat


def _invite(sek, person, capture):
    with capture(execute=True):
        svar = sek.post(f"/organ/ssu/medlemmer/person/{person.pk}/inviter/")
    assert svar.status_code == 302
    return svar


def _link(delivered) -> str:
    funnet = re.search(r"https://moter\.example\.no(/invitasjon/\S+/)", delivered.body)
    assert funnet, delivered.body
    return funnet.group(1)


def test_the_invitation_sets_a_password_once_and_logs_the_member_in(
    gjest, sek, sekretaer, kari, smtp, django_capture_on_commit_callbacks
):
    Nettsted.objects.create(navn="Helsefellesskapet i Vestfold")
    _invite(sek, kari, django_capture_on_commit_callbacks)
    kari.refresh_from_db()
    bruker = kari.bruker
    assert bruker.username == "kari.nordmann@example.org"
    assert not bruker.has_usable_password() and bruker.is_active

    (melding,) = smtp.delivered
    assert melding.mottakere == ["Kari.Nordmann@Example.org"]
    assert melding.subject == "Invitasjon til Møteportalen for Helsefellesskapet i Vestfold"
    body = melding.body
    assert "Hei Kari Nordmann!" in body
    assert (
        "Runar Danielsen har invitert deg til Møteportalen for Helsefellesskapet i Vestfold."
        in body
    )
    assert "Strategisk samarbeidsutvalg (SSU)" in body
    assert "Lenken virker én gang og i 14 dager" in body
    assert "Brukernavnet ditt er kari.nordmann@example.org." in body
    assert "https://moter.example.no/glemt-passord/" in body
    assert Epost.objects.get(person=kari).art == "invitasjon"

    # The members page shows the invitation.
    assert (
        f"Invitert {datetime.date.today():%d.%m.%y}"
        in sek.get("/organ/ssu/medlemmer/").content.decode()
    )

    lenke = _link(melding)
    skjema = gjest.get(lenke, follow=True)
    html = skjema.content.decode()
    assert "Lag et passord" in html and "kari.nordmann@example.org" in html
    side = skjema.redirect_chain[-1][0]
    svar = gjest.post(side, {"new_password1": PASSORD, "new_password2": PASSORD})
    # A member lands on their own page, as after any login.
    assert svar.status_code == 302 and svar["Location"] == "/mine/"
    bruker.refresh_from_db()
    assert bruker.check_password(PASSORD)
    # Logged in: the session belongs to Kari.
    assert int(gjest.session["_auth_user_id"]) == bruker.pk

    # Used once: the link again is refused, with the way on.
    assert "Du er logget inn som Kari Nordmann" in gjest.get(lenke, follow=True).content.decode()
    gjest.logout()
    igjen = gjest.get(lenke, follow=True).content.decode()
    assert "Invitasjonslenken virker ikke" in igjen
    assert 'href="/glemt-passord/"' in igjen and 'href="/logg-inn/"' in igjen
    # And the new password logs in through the login page.
    svar = gjest.post("/logg-inn/", {"username": "kari.nordmann@example.org", "password": PASSORD})
    assert svar.status_code == 302


def test_a_second_invitation_is_a_new_message_and_the_first_link_still_works(
    gjest, sek, kari, smtp, django_capture_on_commit_callbacks
):
    _invite(sek, kari, django_capture_on_commit_callbacks)
    _invite(sek, kari, django_capture_on_commit_callbacks)
    assert sorted(Epost.objects.values_list("nokkel", flat=True)) == [
        f"invitasjon:{kari.pk}:1",
        f"invitasjon:{kari.pk}:2",
    ]
    assert len(smtp.delivered) == 2
    assert User.objects.filter(username="kari.nordmann@example.org").count() == 1
    first = _link(smtp.delivered[0])
    assert "Lag et passord" in gjest.get(first, follow=True).content.decode()


def _token_age(monkeypatch, dager: float) -> None:
    now = datetime.datetime.now() + datetime.timedelta(days=dager)
    monkeypatch.setattr(accounts.InvitationTokenGenerator, "_now", lambda self: now)


def test_the_link_expires_after_the_days_set(
    gjest, sek, kari, smtp, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.INVITASJON_GYLDIG_DAGER = 3
    _invite(sek, kari, django_capture_on_commit_callbacks)
    assert "Lenken virker én gang og i 3 dager" in smtp.delivered[0].body
    lenke = _link(smtp.delivered[0])
    _token_age(monkeypatch, 2.9)
    assert "Lag et passord" in gjest.get(lenke, follow=True).content.decode()
    gjest.logout()  # the token kept in the session from the first visit goes too
    _token_age(monkeypatch, 3.1)
    html = gjest.get(lenke, follow=True).content.decode()
    assert "Invitasjonslenken virker ikke" in html
    assert "i 3 dager" in html


def test_an_invitation_link_is_no_password_reset_link_nor_the_reverse(gjest, kari):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory(username="kari")
    kari.bruker = user
    kari.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset = default_token_generator.make_token(user)
    invitasjon = accounts.invitation_token.make_token(user)
    assert "virker ikke" in gjest.get(f"/invitasjon/{uid}/{reset}/", follow=True).content.decode()
    assert (
        "virker ikke"
        in gjest.get(f"/nytt-passord/{uid}/{invitasjon}/", follow=True).content.decode()
    )


def test_an_invited_member_without_a_password_gets_a_new_link_from_glemt_passord(
    gjest, sek, kari, smtp, django_capture_on_commit_callbacks
):
    # The invitation's link is lost or expired, and no password was ever set.
    _invite(sek, kari, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        gjest.post("/glemt-passord/", {"email": "kari.nordmann@example.org"})
    (lenke,) = [m for m in smtp.delivered if "/nytt-passord/" in m.body]
    assert lenke.mottakere == ["Kari.Nordmann@Example.org"]


def test_a_deactivated_login_cannot_log_in_nor_use_its_invitation(
    gjest, sek, kari, smtp, django_capture_on_commit_callbacks
):
    _invite(sek, kari, django_capture_on_commit_callbacks)
    lenke = _link(smtp.delivered[0])
    kari.refresh_from_db()
    bruker = kari.bruker
    assert sek.post(f"/organ/ssu/medlemmer/person/{kari.pk}/deaktiver/").status_code == 302
    bruker.refresh_from_db()
    assert not bruker.is_active

    assert "Invitasjonslenken virker ikke" in gjest.get(lenke, follow=True).content.decode()

    # With a password from before, the login page refuses, and a session in use ends.
    bruker.set_password(PASSORD)
    bruker.save()
    svar = gjest.post("/logg-inn/", {"username": bruker.username, "password": PASSORD})
    assert svar.status_code == 200
    assert "_auth_user_id" not in gjest.session
    gjest.force_login(bruker)
    assert gjest.get("/oppfolging/").status_code == 302  # to the login page: not logged in

    # Activated again, the same password works.
    sek.post(f"/organ/ssu/medlemmer/person/{kari.pk}/aktiver/")
    svar = gjest.post("/logg-inn/", {"username": bruker.username, "password": PASSORD})
    assert svar.status_code == 302


def test_a_bad_password_is_refused_in_norwegian_and_the_link_still_works(
    gjest, sek, kari, smtp, django_capture_on_commit_callbacks
):
    _invite(sek, kari, django_capture_on_commit_callbacks)
    side = gjest.get(_link(smtp.delivered[0]), follow=True).redirect_chain[-1][0]
    svar = gjest.post(side, {"new_password1": "12345678", "new_password2": "12345678"})
    assert svar.status_code == 200
    html = svar.content.decode()
    assert "Dette passordet er for vanlig." in html and "Skjemaet har feil" in html
    svar = gjest.post(side, {"new_password1": PASSORD, "new_password2": PASSORD})
    assert svar.status_code == 302
