"""The tilleggsinnkalling: the page shows what changed on the agenda after the innkalling, the
secretariat chooses to send it, and each member gets the changes (exempt titles screened), the
updated PDF and the forfall link, once; the next one counts from the last."""

from __future__ import annotations

import pytest

from helsefellesskap.models import Epost
from saker import services
from saker.models import Sak

pytestmark = pytest.mark.django_db


def _send(sek, mote, capture, **data):
    with capture(execute=True):
        return sek.post(f"/mote/{mote.pk}/tilleggsinnkalling/", data)


def test_the_changes_since_the_innkalling_go_to_the_members(
    sek, innkalt, ssu, smtp, django_capture_on_commit_callbacks
):
    html = sek.get(f"/mote/{innkalt.pk}/tilleggsinnkalling/").content.decode()
    assert "Sakslisten er ikke endret siden innkallingen ble sendt" in html

    ny = services.sak_create(
        organ=ssu, mote=innkalt, tittel="Ny sak om legevakt", sakstyper=["orientering"]
    )
    aarsmelding = Sak.objects.get(mote=innkalt, tittel="Årsmelding 2026")
    services.sak_update(
        sak=aarsmelding, forslag_til_vedtak="Årsmeldingen godkjennes med merknader."
    )
    unntatt = Sak.objects.get(mote=innkalt, unntatt_offentlighet=True)
    services.sak_update(sak=unntatt, tittel="Personalsak om en annen navngitt ansatt")

    html = sek.get(f"/mote/{innkalt.pk}/tilleggsinnkalling/").content.decode()
    assert f"Sak {ny.saksnr} Ny sak om legevakt: ny sak" in html
    assert f"Sak {aarsmelding.saksnr} Årsmelding 2026: endret forslag til vedtak" in html
    assert "navngitt ansatt" not in html  # screened, as in the mail
    assert f"Sak {unntatt.saksnr} Unntatt offentlighet, offl. § 13: endret tittel" in html

    svar = _send(sek, innkalt, django_capture_on_commit_callbacks, emne="", innledning="")
    assert svar.status_code == 302
    (anne,) = smtp.to("anne@example.org")
    assert anne.subject.startswith("Tilleggsinnkalling: Møte i Strategisk samarbeidsutvalg")
    assert "- Sak " in anne.body and "Ny sak om legevakt: ny sak" in anne.body
    assert "navngitt ansatt" not in anne.body
    assert "/forfall/" in anne.body
    assert anne.attachment("application/pdf")
    innkalt.refresh_from_db()
    assert innkalt.tilleggsinnkallinger == 1
    assert (
        "Tilleggsinnkalling: sendt til 2 av 3" in sek.get(f"/mote/{innkalt.pk}/").content.decode()
    )

    # The next one counts from this one: nothing changed since.
    smtp.clear()
    svar = _send(sek, innkalt, django_capture_on_commit_callbacks, emne="", innledning="")
    assert smtp.delivered == []
    assert Epost.objects.filter(art="tilleggsinnkalling").count() == 3


def test_a_withdrawn_sak_is_named_as_withdrawn(innkalt):
    aarsmelding = Sak.objects.get(mote=innkalt, tittel="Årsmelding 2026")
    services.sak_remove_from_mote(sak=aarsmelding)
    endringer = [str(e) for e in services.agenda_changes(innkalt)]
    assert endringer == [f"Sak {aarsmelding.saksnr} Årsmelding 2026: trukket"]


def test_bad_wording_is_refused_and_nothing_sent(
    sek, innkalt, ssu, smtp, django_capture_on_commit_callbacks
):
    services.sak_create(organ=ssu, mote=innkalt, tittel="Ny sak", sakstyper=["orientering"])
    svar = _send(sek, innkalt, django_capture_on_commit_callbacks, emne="{ukjent}", innledning="")
    assert svar.status_code == 400
    assert "Ukjent felt {ukjent}." in svar.content.decode()
    innkalt.refresh_from_db()
    assert innkalt.tilleggsinnkallinger == 0 and smtp.delivered == []


def test_a_member_with_forfall_is_not_asked_again_and_a_started_meeting_gets_none(
    sek, innkalt, ssu, medlemmer, smtp, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from moter import services as mote_services
    from moter.models import Mote

    mote_services.forfall_report(mote=innkalt, person=medlemmer["Anne"])
    services.sak_create(organ=ssu, mote=innkalt, tittel="Ny sak", sakstyper=["orientering"])
    smtp.clear()
    _send(sek, innkalt, django_capture_on_commit_callbacks, emne="", innledning="")
    (anne,) = smtp.to("anne@example.org")
    assert "Du har meldt forfall til møtet." in anne.body
    assert "Kan du ikke komme?" not in anne.body
    (bjorn,) = smtp.to("bjorn@example.org")
    assert "Kan du ikke komme?" in bjorn.body
    assert "Sakslisten til møte i Strategisk samarbeidsutvalg" in bjorn.body

    services.sak_create(organ=ssu, mote=innkalt, tittel="Enda en sak", sakstyper=["orientering"])
    Mote.objects.filter(pk=innkalt.pk).update(start=timezone.now(), slutt=None)
    smtp.clear()
    svar = _send(sek, innkalt, django_capture_on_commit_callbacks, emne="", innledning="")
    assert svar.status_code == 302 and smtp.delivered == []
    assert "Tilleggsinnkalling</a>" not in sek.get(f"/mote/{innkalt.pk}/").content.decode()
