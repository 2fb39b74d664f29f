"""The pages cache (helsefellesskap.hurtigbuffer): anonymous readers get published pages from the
cache, any committed change makes them stale at once, and nothing cached for one audience
reaches another."""

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helsefellesskap import hurtigbuffer
from saker import services
from saker.models import Sak
from tests.factories import user_with_verv


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("navn", ["mote", "sak", "organ", "forside", "vedtak"])
def test_anonymous_readers_get_published_pages_from_the_cache(client, publisert, navn):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    url = {
        "mote": publisert.get_absolute_url(),
        "sak": sak.get_absolute_url(),
        "organ": publisert.organ.get_absolute_url(),
        "forside": reverse("forside"),
        "vedtak": reverse("vedtak"),
    }[navn]
    forste, sporringer = _queries(client, url)
    assert sporringer > 0
    andre, sporringer = _queries(client, url)
    assert sporringer == 0
    assert andre.content == forste.content
    assert "Cookie" in andre["Vary"]
    assert not andre.cookies  # no CSRF or session cookie handed out with a shared page


def test_a_change_is_on_the_public_page_at_once(client, publisert):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    assert "Årsmelding 2023" in client.get(publisert.get_absolute_url()).content.decode()
    services.sak_update(sak=sak, tittel="Årsmelding 2023 (revidert)")
    assert "Årsmelding 2023 (revidert)" in client.get(publisert.get_absolute_url()).content.decode()


def test_a_bulk_update_makes_pages_stale_too(client, publisert):
    # QuerySet.update() sends no signals: the cache watches the SQL itself.
    client.get(publisert.get_absolute_url())
    Sak.objects.filter(mote=publisert, tittel="Årsmelding 2023").update(tittel="Årsberetning")
    assert "Årsberetning" in client.get(publisert.get_absolute_url()).content.decode()


def test_members_never_get_the_public_page_and_the_public_never_the_members_edition(
    client, publisert, medlem
):
    url = publisert.get_absolute_url()
    offentlig = client.get(url).content.decode()
    assert "Hemmelig innhold om en ansatt" not in offentlig
    client.force_login(medlem)
    medlemsside = client.get(url).content.decode()
    assert "Hemmelig innhold om en ansatt" in medlemsside
    assert "Medlemsutgave" in medlemsside
    client.logout()
    # The members' edition of the agenda is now cached as a fragment; the public gets its own.
    igjen = client.get(url).content.decode()
    assert "Hemmelig innhold om en ansatt" not in igjen
    assert "Offentlig utgave" in igjen


def test_a_members_page_is_personal_around_the_cached_agenda(publisert, medlem, ssu):
    annen = user_with_verv(ssu, "kari")
    forste_klient, andre_klient = Client(), Client(enforce_csrf_checks=True)
    forste_klient.force_login(medlem)
    andre_klient.force_login(annen)
    forste = forste_klient.get(publisert.get_absolute_url()).content.decode()
    andre = andre_klient.get(publisert.get_absolute_url()).content.decode()
    assert "Årsmelding 2023" in forste and "Årsmelding 2023" in andre
    assert '<span class="topp__bruker">Medlem</span>' in forste
    assert '<span class="topp__bruker">Kari</span>' in andre
    # The absence form carries the reader's own CSRF token, not one from the cache.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', andre).group(1)
    svar = andre_klient.post(
        reverse("forfall", args=[publisert.pk]), {"merknad": "Syk", "csrfmiddlewaretoken": token}
    )
    assert svar.status_code == 302
    assert publisert.deltakere.filter(person__bruker=annen, oppmote="forfall").exists()


def test_a_reader_with_a_pending_message_gets_a_fresh_page_with_it(client, publisert, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    url = publisert.get_absolute_url()
    client.get(url)  # cached
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode(
        [Message(constants.SUCCESS, "Du er logget ut.")]
    )
    assert "Du er logget ut." in client.get(url).content.decode()
    # Shown once: the next page comes from the cache again, without it.
    assert "Du er logget ut." not in client.get(url).content.decode()


def test_pages_work_when_the_cache_is_down(client, publisert, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    url = publisert.get_absolute_url()
    assert client.get(url).status_code == 200
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    services.sak_update(sak=sak, tittel="Endret uten hurtigbuffer")
    assert "Endret uten hurtigbuffer" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_pages_are_made_stale_when_the_transaction_commits_and_not_before(ssu):
    sak = Sak.objects.create(organ=ssu, tittel="Før")
    foer = hurtigbuffer.generasjon()
    with transaction.atomic():
        Sak.objects.filter(pk=sak.pk).update(tittel="Under")
        Sak.objects.filter(pk=sak.pk).update(tittel="Etter")
        # A reader now still sees the committed data: what it caches stays right.
        assert hurtigbuffer.generasjon() == foer
    assert hurtigbuffer.generasjon() == foer + 1  # once per transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        Sak.objects.filter(pk=sak.pk).update(tittel="Rullet tilbake")
        raise RuntimeError
    assert hurtigbuffer.generasjon() == foer + 1  # nothing changed

    with transaction.atomic():
        Sak.objects.filter(pk=sak.pk).update(tittel="Igjen")
    assert hurtigbuffer.generasjon() == foer + 2


@pytest.mark.django_db(transaction=True)
def test_a_new_session_does_not_make_pages_stale(client, medlem):
    foer = hurtigbuffer.generasjon()
    client.force_login(medlem)
    client.get(reverse("forside"))
    assert hurtigbuffer.generasjon() == foer
    assert cache.get(hurtigbuffer.GENERASJON) == foer


def test_the_cached_agenda_editor_carries_each_editors_own_csrf_token(mote):
    from tests.factories import SekretariatUserFactory

    forste, andre = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    forste.force_login(SekretariatUserFactory(username="anne"))
    andre.force_login(SekretariatUserFactory(username="bjorn"))
    url = reverse("saksliste", args=[mote.pk])
    forste.get(url)  # the editor is now cached
    with CaptureQueriesContext(connection) as ctx:
        side = andre.get(url).content.decode()
    assert len(ctx.captured_queries) <= 6  # session, user, meeting: the agenda from the cache
    assert hurtigbuffer._csrf_plassholder() not in side
    sak = mote.saker.get(tittel="Personalsak ved legevakten")
    rekkefolge = sak.rekkefolge
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', side).group(1)
    svar = andre.post(
        reverse("sak-flytt", args=[sak.pk]), {"retning": "opp", "csrfmiddlewaretoken": token}
    )
    assert svar.status_code == 302
    sak.refresh_from_db()
    assert sak.rekkefolge < rekkefolge
    # The editor shows the new order at once.
    side = andre.get(url).content.decode()
    assert side.index("Personalsak ved legevakten") < side.index("Årsmelding 2023")


def test_a_role_taken_away_takes_effect_at_once(client, mote, sekretariat, medlem):
    url = reverse("saksliste", args=[mote.pk])
    client.force_login(sekretariat)
    assert client.get(url).status_code == 200  # access, user and editor now cached
    sekretariat.groups.clear()
    assert client.get(url).status_code in (302, 403)

    client.force_login(medlem)
    assert "Hemmelig innhold om en ansatt" in client.get(mote.get_absolute_url()).content.decode()
    medlem.person.verv.all().delete()
    side = client.get(mote.get_absolute_url())
    assert "Hemmelig innhold om en ansatt" not in side.content.decode()


def test_a_deactivated_user_is_logged_out_at_once(client, publisert, medlem):
    client.force_login(medlem)
    assert "Medlemsutgave" in client.get(publisert.get_absolute_url()).content.decode()
    medlem.is_active = False
    medlem.save()
    side = client.get(publisert.get_absolute_url()).content.decode()
    assert "Medlemsutgave" not in side and "Logg inn" in side
