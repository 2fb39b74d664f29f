"""mote/1 keeps the facts of a meeting as recorded (issue 16): an approved referat stays
approved through import and export, with the affiliations, the signature date and the word for
proposal and decision the file gives; and the text of a sak keeps the author's numbering."""

import copy
import json

import pytest

from helsefellesskap.text import render_html
from moter.models import Mote
from saker.demo import DEMO_MOTER
from saker.exchange.export import mote_export
from saker.exchange.importing import mote_import, mote_import_file
from saker.exchange.validate import ImportRejected, mote_validate
from tests.factories import OrganFactory

pytestmark = pytest.mark.django_db
REFERAT = DEMO_MOTER / "ssu-2023-11-23-referat.json"


@pytest.fixture
def ssu():
    return OrganFactory(kortnavn="SSU", navn="Strategisk samarbeidsutvalg")


def test_approved_referat_survives_the_round_trip(ssu):
    mote = mote_import_file(REFERAT)
    assert mote.status == Mote.Status.REFERAT_GODKJENT
    assert (mote.referat_status, mote.referat_versjon, mote.referat_last) == ("godkjent", 1, True)
    assert mote.referatversjoner.get().versjon == 1
    data = mote_export(mote)
    assert data == json.loads(REFERAT.read_text(encoding="utf-8"))
    # Imported again into another body, it is the same approved, locked referat.
    annen = OrganFactory(kortnavn="SSU2", navn="Et annet utvalg")
    igjen = mote_import({**copy.deepcopy(data), "organ": annen.kortnavn}, base_folder=DEMO_MOTER)
    assert (igjen.status, igjen.referat_status, igjen.referat_versjon) == (
        "referat_godkjent",
        "godkjent",
        1,
    )
    assert igjen.vedtaksord == "konklusjon"
    assert [d.representerer for d in igjen.deltakere.order_by("rekkefolge")][1:3] == [
        "Legeforeningen",
        "NSF",
    ]


def test_approval_date_signature_date_and_word_are_kept(ssu):
    data = json.loads(REFERAT.read_text(encoding="utf-8"))
    data.update(referat_godkjent="2024-02-29", signert_dato="2023-11-16", vedtaksord="vedtak")
    assert mote_validate(data) == []
    mote = mote_import(data, base_folder=DEMO_MOTER)
    assert mote.signaturdato.isoformat() == "2023-11-16"
    assert mote.referat_godkjent is not None
    ut = mote_export(mote)
    assert (ut["referat_godkjent"], ut["signert_dato"], ut["vedtaksord"]) == (
        "2024-02-29",
        "2023-11-16",
        "vedtak",
    )


def test_files_without_the_new_fields_still_import_and_sign_without_a_guess(ssu):
    data = json.loads(REFERAT.read_text(encoding="utf-8"))
    for d in data["deltakere"]:
        d.pop("representerer", None)
    data.pop("vedtaksord")
    mote = mote_import(data, base_folder=DEMO_MOTER)
    assert all(d.representerer == "" for d in mote.deltakere.all())
    assert mote.vedtaksord == ""
    # Imported as held: the innkalling's sending day is unknown, so no date is guessed.
    assert mote.signaturdato is None


def test_bad_new_fields_are_refused_in_norwegian(ssu):
    for felt, verdi, melding in [
        ("signert_dato", "29.04.2026", "ikke en gyldig dato"),
        ("referat_godkjent", "2024-02-30", "ikke en gyldig dato"),
        ("vedtaksord", "beslutning", "beslutning"),
    ]:
        data = json.loads(REFERAT.read_text(encoding="utf-8"))
        data[felt] = verdi
        with pytest.raises(ImportRejected) as exc:
            mote_import(data, base_folder=DEMO_MOTER)
        feil = {p.sti: p.melding for p in exc.value.feil}
        assert melding in feil[f"$.{felt}"], feil
    assert not Mote.objects.exists()


def test_numbered_points_keep_the_authors_style():
    assert render_html("1) Rapport\n2) Årsmelding") == (
        '<ol class="parentes"><li>Rapport</li><li>Årsmelding</li></ol>'
    )
    assert render_html("1. Ett\n2. To") == "<ol><li>Ett</li><li>To</li></ol>"


def test_lettered_points_nest_under_their_number():
    tekst = "1. Status.\n2. Presiseringer:\n- a. Tidspunkt.\n- b. Mor og barn.\n3. Videre arbeid."
    assert render_html(tekst) == (
        "<ol><li>Status.</li><li>Presiseringer:"
        '<ol type="a"><li>Tidspunkt.</li><li>Mor og barn.</li></ol></li>'
        "<li>Videre arbeid.</li></ol>"
    )
    # Without the dash, and in «a)» style, the same.
    assert render_html("1. Ett\na) første\nb) andre") == (
        '<ol><li>Ett<ol type="a" class="parentes"><li>første</li><li>andre</li></ol></li></ol>'
    )
    # A lone letter that does not start at «a» is text, not a sub-point.
    assert "<ol type" not in render_html("1. Ett\n2. To\nc. tre")


def test_the_migration_renders_stored_numbering_again(ssu):
    import importlib

    from django.apps import apps

    from saker.models import Sak

    sak = Sak.objects.create(organ=ssu, tittel="Referatsaker", hensikt="1) Rapport\n2) Årsmelding")
    annen = Sak.objects.create(organ=ssu, tittel="Uendret", hensikt="Bare tekst.")
    # As the renderer stored it before: «1)» made «1.».
    Sak.objects.filter(pk=sak.pk).update(
        hensikt_html="<ol><li>Rapport</li><li>Årsmelding</li></ol>"
    )
    versjon = Sak.objects.get(pk=annen.pk).versjon
    migration = importlib.import_module("saker.migrations.0014_tekst_html_nummerstil")
    migration.render_again(apps, None)
    assert Sak.objects.get(pk=sak.pk).hensikt_html.startswith('<ol class="parentes">')
    assert Sak.objects.get(pk=annen.pk).versjon == versjon  # untouched rows keep their version
