"""Attendance that fits real meetings: forfall reported before the meeting is already in the
list, «Alle andre til stede» records the rest in one click, and anyone can stand in for a
member on the day («Møter for»), not only someone with a vara verv."""

from __future__ import annotations

import pytest

from helsefellesskap.models import Person, Verv
from moter import services as mote_services
from tests.factories import PersonFactory, VervFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holdt(mote, ssu, medlem):
    """SSU 29.02.24 with three members; Kari reported forfall before the meeting."""
    for navn in ("Kari Hansen", "Per Olsen"):
        VervFactory(organ=ssu, rolle=Verv.Rolle.MEDLEM, person=PersonFactory(navn=navn))
    mote_services.forfall_report(
        mote=mote, person=Person.objects.get(navn="Kari Hansen"), merknad="Syk"
    )
    return mote_services.mote_set_avholdt(mote=mote)


def _rader(mote) -> dict:
    return {d.person.navn: d for d in mote.deltakere.select_related("person", "moter_for")}


def test_forfall_reported_before_the_meeting_is_already_filled_in(sek, holdt):
    sek.post(f"/mote/{holdt.pk}/referat/deltakere/", {"handling": "foreslaa"})
    rader = _rader(holdt)
    assert rader["Kari Hansen"].oppmote == "forfall"
    assert rader["Kari Hansen"].merknad == "Syk"
    assert rader["Per Olsen"].oppmote == "invitert"


def test_alle_andre_til_stede_records_the_rest_and_keeps_forfall(sek, holdt):
    sek.post(f"/mote/{holdt.pk}/referat/deltakere/", {"handling": "foreslaa"})
    html = sek.get(f"/mote/{holdt.pk}/referat/").content.decode()
    assert "Alle andre til stede (2)" in html
    rader = _rader(holdt)
    # What the secretariat changed in the table before the click is saved too.
    svar = sek.post(
        f"/mote/{holdt.pk}/referat/deltakere/",
        {
            "handling": "alle_tilstede",
            f"oppmote-{rader['Medlem'].pk}": "delvis",
            f"merknad-{rader['Medlem'].pk}": "Gikk etter sak 3",
            f"oppmote-{rader['Kari Hansen'].pk}": "forfall",
            f"merknad-{rader['Kari Hansen'].pk}": "Syk",
            f"oppmote-{rader['Per Olsen'].pk}": "invitert",
        },
    )
    assert svar.status_code == 302
    rader = _rader(holdt)
    assert {n: d.oppmote for n, d in rader.items()} == {
        "Medlem": "delvis",
        "Kari Hansen": "forfall",
        "Per Olsen": "tilstede",
    }
    assert "Alle andre til stede" not in sek.get(f"/mote/{holdt.pk}/referat/").content.decode()


def test_anyone_can_stand_in_for_a_member_on_the_day(sek, holdt):
    sek.post(f"/mote/{holdt.pk}/referat/deltakere/", {"handling": "foreslaa"})
    kari = Person.objects.get(navn="Kari Hansen")
    svar = sek.post(
        f"/mote/{holdt.pk}/referat/deltakere/",
        {
            "handling": "gjest",
            "gjest-navn": "Bjørg Stedfortreder",
            "gjest-rolle": "gjest",
            "gjest-moter_for": str(kari.pk),
        },
    )
    assert svar.status_code == 302
    bjorg = _rader(holdt)["Bjørg Stedfortreder"]
    assert (bjorg.rolle, bjorg.moter_for, bjorg.oppmote) == ("varamedlem", kari, "tilstede")
    html = sek.get(f"/mote/{holdt.pk}/").content.decode()
    assert "Bjørg Stedfortreder" in html and "(møter for Kari Hansen)" in html


def test_standing_in_for_someone_not_at_the_meeting_is_refused_at_the_field(sek, holdt):
    fremmed = PersonFactory(navn="Ikke Deltaker")
    svar = sek.post(
        f"/mote/{holdt.pk}/referat/deltakere/",
        {
            "handling": "gjest",
            "gjest-navn": "Bjørg Stedfortreder",
            "gjest-rolle": "gjest",
            "gjest-moter_for": str(fremmed.pk),
        },
    )
    html = svar.content.decode()
    assert svar.status_code == 400
    assert "Velg et medlem i listen." in html
    assert 'value="Bjørg Stedfortreder"' in html  # what was typed is kept
    assert not Person.objects.filter(navn="Bjørg Stedfortreder").exists()


def test_the_attendance_address_opened_again_leads_to_the_referat(sek, holdt):
    # After an error the page is shown at the form's address; going back to it changes nothing.
    before = list(holdt.deltakere.values_list("pk", "oppmote"))
    svar = sek.get(f"/mote/{holdt.pk}/referat/deltakere/")
    assert svar.status_code == 302
    assert svar["Location"] == f"/mote/{holdt.pk}/referat/#oppmote"
    assert list(holdt.deltakere.values_list("pk", "oppmote")) == before
