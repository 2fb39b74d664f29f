"""The calendars to subscribe to (moter/views/kalender.py), read back the way a calendar app
reads them (icalendar): what each reader sees, a moved meeting keeping its UID with a higher
SEQUENCE, a cancelled one staying as CANCELLED, the personal feed with the member's forfall and
its key that can be replaced, and «Legg til i kalender» on the meeting page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from helsefellesskap.models import Verv
from moter import services as mote_services
from moter.models import Kalendernokkel, Mote
from saker import services
from tests.factories import OrganFactory, user_with_verv
from tests.support import data

pytestmark = pytest.mark.django_db


def _events(response) -> dict[str, dict]:
    """The events of a calendar response by SUMMARY, each with the fields a test reads (the
    møteplan's neutral «Møte i SSU» may be several: ``_neutral``)."""
    assert response.status_code == 200, response
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert str(cal["METHOD"]) == "PUBLISH"
    ut = {}
    for ev in cal.walk("VEVENT"):
        attendee = ev.get("ATTENDEE")
        summary = str(ev["SUMMARY"])
        if summary.startswith("Møte i "):
            summary += f" #{ev['UID']}"
        ut[summary] = {
            "uid": str(ev["UID"]),
            "sequence": int(ev["SEQUENCE"]),
            "status": str(ev["STATUS"]),
            "start": ev.decoded("DTSTART"),
            "url": str(ev.get("URL", "")),
            "partstat": str(attendee.params.get("PARTSTAT")) if attendee else None,
        }
    return ut


def _neutral(events: dict[str, dict], kortnavn: str = "SSU") -> list[dict]:
    return [e for s, e in events.items() if s.startswith(f"Møte i {kortnavn} #")]


def _soon(days: int, hour: int = 13) -> datetime.datetime:
    start = timezone.localtime() + datetime.timedelta(days=days)
    return start.replace(hour=hour, minute=0, second=0, microsecond=0)


def _mote(organ, days: int, **felter) -> Mote:
    return services.mote_create_with_standard_items(
        organ=organ, start=_soon(days), sted="Tønsberg", **felter
    )


@pytest.fixture
def hemmelig(db):
    """A body that is not public, with a published meeting."""
    organ = OrganFactory(kortnavn="LU", navn="Lukket utvalg", offentlig=False)
    mote = _mote(organ, 20, tittel="Lukket strategimøte")
    services.innkalling_send(mote=mote, notify=False)
    data.mote_publish(mote)
    return organ


def test_the_public_calendar_shows_the_published_in_full_and_the_moteplan_neutrally(
    client, ssu, hemmelig
):
    publisert = _mote(ssu, 10, tittel="Budsjettmøte")
    services.innkalling_send(mote=publisert, notify=False)
    data.mote_publish(publisert)
    sendt = _mote(ssu, 30, tittel="Sendt men ikke publisert")
    services.innkalling_send(mote=sendt, notify=False)
    utkast = _mote(ssu, 60, tittel="Utkast om nedleggelse")
    ikke_offentlig = _mote(ssu, 90, tittel="Lukket møte", offentlig=False)
    gammelt = services.mote_create_with_standard_items(
        organ=ssu, start=_soon(-800), sted="SiV", tittel="Gammelt møte"
    )

    response = client.get("/kalender/ssu.ics")
    events = _events(response)
    body = response.content.decode()
    full = events["Budsjettmøte (SSU)"]
    assert full["url"].endswith(f"/mote/{publisert.pk}/")
    assert full["status"] == "CONFIRMED"
    # The møteplan: the day and place of the others, by a neutral name and without a link.
    neutral = _neutral(events)
    assert sorted(e["uid"].split("@")[0] for e in neutral) == sorted(
        [f"mote-{sendt.pk}", f"mote-{utkast.pk}"]
    )
    assert all(not e["url"] for e in neutral)
    for tittel in ["Sendt men ikke publisert", "Utkast om nedleggelse", "Lukket møte"]:
        assert tittel not in body
    assert f"mote-{ikke_offentlig.pk}@" not in body
    assert f"mote-{gammelt.pk}@" not in body  # outside the window
    assert "public" in response["Cache-Control"]
    assert 'filename="moter-ssu.ics"' in response["Content-Disposition"]
    assert client.head("/kalender/ssu.ics").status_code == 200  # apps that ask first

    # All bodies: the closed body's meeting is not there for the public, but for its member.
    assert "Lukket strategimøte" not in client.get("/kalender/").content.decode()
    client.force_login(user_with_verv(hemmelig, "lukket"))
    events = _events(client.get("/kalender/"))
    assert "Lukket strategimøte (LU)" in events and "Budsjettmøte (SSU)" in events
    assert "Utkast om nedleggelse" not in client.get("/kalender/").content.decode()
    # The closed body's own calendar: nothing for the public, but no error either.
    client.logout()
    assert _events(client.get(f"/kalender/{hemmelig.slug}.ics")) == {}


def test_the_secretariat_sees_its_drafts_by_name(client, ssu, sekretariat):
    _mote(ssu, 60, tittel="Utkast om nedleggelse")
    client.force_login(sekretariat)
    assert "Utkast om nedleggelse (SSU)" in _events(client.get("/kalender/ssu.ics"))


def test_a_moved_meeting_keeps_its_uid_with_a_higher_sequence_and_a_cancelled_one_stays(
    client, ssu
):
    planlagt = _mote(ssu, 20, tittel="Flyttes")
    innkalt = _mote(ssu, 25, tittel="Innkalt og flyttet")
    services.innkalling_send(mote=innkalt, notify=False)
    data.mote_publish(innkalt)

    for_ = _events(client.get("/kalender/ssu.ics"))
    (planlagt_for,) = _neutral(for_)
    innkalt_for = for_["Innkalt og flyttet (SSU)"]

    mote_services.mote_move(mote=planlagt, start=_soon(21))
    mote_services.mote_move(mote=innkalt, start=_soon(26))
    etter = _events(client.get("/kalender/ssu.ics"))
    (planlagt_etter,) = _neutral(etter)
    innkalt_etter = etter["Innkalt og flyttet (SSU)"]
    for a, b in [(planlagt_for, planlagt_etter), (innkalt_for, innkalt_etter)]:
        assert a["uid"] == b["uid"]
        assert b["sequence"] == a["sequence"] + 1
        assert b["start"] - a["start"] == datetime.timedelta(days=1)

    mote_services.mote_cancel(mote=innkalt, begrunnelse="Sykdom")
    avlyst = _events(client.get("/kalender/ssu.ics"))["Innkalt og flyttet (SSU)"]
    assert avlyst["status"] == "CANCELLED"
    assert avlyst["uid"] == innkalt_for["uid"]
    assert avlyst["sequence"] == innkalt_etter["sequence"] + 1


def test_the_personal_feed_has_the_members_meetings_with_their_forfall(client, ssu, fsu):
    bruker = user_with_verv(ssu, "anne")
    person = bruker.person
    person.epost = "anne@example.org"
    person.save()
    kommer = _mote(ssu, 10, tittel="Jeg kommer")
    borte = _mote(ssu, 12, tittel="Jeg har forfall")
    for m in (kommer, borte):
        services.innkalling_send(mote=m, notify=False)
    mote_services.forfall_report(mote=borte, person=person, merknad="Ferie")
    _mote(fsu, 14, tittel="FSU-møte")

    client.force_login(bruker)
    side = client.get("/kalender/personlig/")
    assert "Lag kalenderlenke" in side.content.decode()
    assert not Kalendernokkel.objects.exists()  # a GET makes no key
    assert client.post("/kalender/personlig/").status_code == 302
    nokkel = Kalendernokkel.objects.get(bruker=bruker).nokkel
    side = client.get("/kalender/personlig/").content.decode()
    adresse = f"/kalender/personlig/{nokkel}.ics"
    assert adresse in side and "Lag ny lenke" in side

    client.logout()  # a calendar app has no session
    response = client.get(adresse)
    events = _events(response)
    assert "private" in response["Cache-Control"]
    assert events["Jeg kommer (SSU)"]["partstat"] == "NEEDS-ACTION"
    assert events["Jeg har forfall (SSU) (forfall meldt)"]["partstat"] == "DECLINED"
    assert not any("FSU" in s for s in events)
    # Not the exempt sak or anything else of the agenda: the meeting only.
    assert "Personalsak" not in response.content.decode()

    # A new link: the old one is gone for good.
    client.force_login(bruker)
    client.post("/kalender/personlig/")
    ny = Kalendernokkel.objects.get(bruker=bruker).nokkel
    assert ny != nokkel
    client.logout()
    assert client.get(adresse).status_code == 404
    assert client.get(f"/kalender/personlig/{ny}.ics").status_code == 200
    # A deactivated login's feed stops too.
    bruker.is_active = False
    bruker.save()
    assert client.get(f"/kalender/personlig/{ny}.ics").status_code == 404


@pytest.mark.parametrize("nokkel", ["x", "a" * 65, "%00", "ikke.en.nokkel", "æøå"])
def test_a_malformed_key_is_not_found(client, nokkel):
    assert client.get(f"/kalender/personlig/{nokkel}.ics").status_code == 404


def test_a_member_out_of_period_gets_only_the_meetings_of_their_period(client, ssu):
    bruker = user_with_verv(ssu, "gammel", fra=datetime.date(2020, 1, 1), til=timezone.localdate())
    _mote(ssu, 10, tittel="Etter vervet")
    Kalendernokkel.objects.create(bruker=bruker, nokkel="k" * 43, opprettet=timezone.now())
    assert _events(client.get(f"/kalender/personlig/{'k' * 43}.ics")) == {}


def test_add_to_calendar_from_the_meeting_page(client, ssu, publisert, utkast):
    side = client.get(f"/mote/{publisert.pk}/").content.decode()
    assert f'href="/mote/{publisert.pk}/kalender.ics"' in side
    response = client.get(f"/mote/{publisert.pk}/kalender.ics")
    (event,) = _events(response).values()
    assert event["uid"].startswith(f"mote-{publisert.pk}@")
    assert event["url"].endswith(f"/mote/{publisert.pk}/")
    assert "Personalsak" not in response.content.decode()
    # Where the meeting page is not found, nor is its calendar entry.
    assert client.get(f"/mote/{utkast.pk}/kalender.ics").status_code == 404
    assert client.get("/mote/999999/kalender.ics").status_code == 404


def test_the_body_page_offers_its_calendar_and_feed(client, ssu):
    html = client.get("/organ/ssu/").content.decode()
    assert 'href="/kalender/ssu.ics"' in html
    assert 'href="/feed/ssu/"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_a_secretariat_verv_alone_gives_the_feed_of_that_body(client, ssu):
    bruker = user_with_verv(ssu, "sekretar", rolle=Verv.Rolle.SEKRETARIAT)
    _mote(ssu, 10, tittel="Utkast for sekretariatet")
    Kalendernokkel.objects.create(bruker=bruker, nokkel="s" * 43, opprettet=timezone.now())
    events = _events(client.get(f"/kalender/personlig/{'s' * 43}.ics"))
    assert "Utkast for sekretariatet (SSU)" in events
