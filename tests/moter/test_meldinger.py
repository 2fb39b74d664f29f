"""A body's own wording of its e-mails (Meldingsmal): the template page, the wording in the
messages as the members receive them, and the innkalling's wording edited for one sending."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from helsefellesskap.models import Verv
from moter.models import Meldingsmal
from saker import services
from tests.factories import PersonFactory, VervFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neste(ssu):
    VervFactory(
        organ=ssu,
        rolle=Verv.Rolle.MEDLEM,
        person=PersonFactory(navn="Anne Aasen", epost="anne@example.org"),
    )
    start = (timezone.localtime() + datetime.timedelta(days=14)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    mote = services.mote_create_with_standard_items(organ=ssu, start=start, sted="Tønsberg")
    services.sak_create(organ=ssu, mote=mote, tittel="Årsmelding 2026", sakstyper=["beslutning"])
    return mote


def test_the_body_s_wording_goes_in_its_innkalling(
    sek, ssu, neste, smtp, django_capture_on_commit_callbacks
):
    side = sek.get("/organ/ssu/meldinger/")
    assert side.status_code == 200
    assert "Innkalling" in side.content.decode()
    assert "Standardemne: «Innkalling: Møte i Strategisk samarbeidsutvalg" in side.content.decode()
    svar = sek.post(
        "/organ/ssu/meldinger/",
        {
            "innkalling-emne": "{organ}-møte {dato}: innkalling",
            "innkalling-innledning": "Velkommen til årets første møte i SSU.",
        },
    )
    assert svar.status_code == 302
    mal = Meldingsmal.objects.get(organ=ssu, art="innkalling")
    assert mal.history.count() == 1

    # The send page offers the body's wording, and shows the mail as Anne gets it.
    html = sek.get(f"/mote/{neste.pk}/send/").content.decode()
    assert "Velkommen til årets første møte i SSU." in html
    assert "E-posten slik Anne Aasen får den" in html

    with django_capture_on_commit_callbacks(execute=True):
        sek.post(
            f"/mote/{neste.pk}/send/",
            {
                "handling": "send",
                "emne": "{organ}-møte {dato}: innkalling",
                "innledning": "Velkommen til årets første møte i {organ}.\nHusk å lese sak 3.",
            },
        )
    (anne,) = smtp.to("anne@example.org")
    dag = timezone.localtime(neste.start).day
    assert anne.subject.startswith(f"SSU-møte {dag}. ")
    assert anne.subject.endswith(": innkalling")
    assert "Velkommen til årets første møte i SSU.\nHusk å lese sak 3." in anne.body
    assert "Årsmelding 2026" in anne.body  # what the portal adds is still there
    # Edited for this sending only: the body's template is as it was.
    mal.refresh_from_db()
    assert "Husk" not in mal.innledning


def test_the_preview_shows_the_edited_wording_and_sends_nothing(
    sek, neste, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        svar = sek.post(
            f"/mote/{neste.pk}/send/",
            {"handling": "forhandsvis", "emne": "Prøve {møte}", "innledning": "Hei alle!"},
        )
    html = svar.content.decode()
    assert svar.status_code == 200
    assert "Prøve Møte i Strategisk samarbeidsutvalg" in html
    assert "Hei alle!" in html
    neste.refresh_from_db()
    assert neste.innkalling_sendt is None and smtp.delivered == []


@pytest.mark.parametrize(
    ("felt", "verdi", "melding"),
    [
        ("emne", "Møte {sted}", "Ukjent felt {sted}. Bruk {møte}, {dato} eller {organ}."),
        ("emne", "Innkalling {organ", "En krøllparentes står alene."),
        ("innledning", "Velkommen til {møtet}", "Ukjent felt {møtet}."),
        ("emne", "x" * 201, "har 200 eller færre tegn"),
        ("innledning", "x" * 2001, "har 2000 eller færre tegn"),
    ],
)
def test_bad_wording_is_refused_at_the_field_and_kept(sek, ssu, neste, felt, verdi, melding):
    data = {"emne": "", "innledning": "", felt: verdi}
    svar = sek.post(
        "/organ/ssu/meldinger/",
        {"art": "paaminnelse", **{f"paaminnelse-{k}": v for k, v in data.items()}},
    )
    assert svar.status_code == 400
    html = svar.content.decode()
    assert melding in html
    assert verdi in html
    assert not Meldingsmal.objects.exists()
    # And on the send page, nothing is sent.
    svar = sek.post(f"/mote/{neste.pk}/send/", {"handling": "send", **data})
    assert svar.status_code == 400
    neste.refresh_from_db()
    assert neste.innkalling_sendt is None


def test_emptying_both_fields_goes_back_to_the_portal_s_wording(sek, ssu):
    Meldingsmal.objects.create(organ=ssu, art="avlysning", emne="Avlyst!")
    sek.post(
        "/organ/ssu/meldinger/",
        {"art": "avlysning", "avlysning-emne": "", "avlysning-innledning": ""},
    )
    assert not Meldingsmal.objects.exists()
