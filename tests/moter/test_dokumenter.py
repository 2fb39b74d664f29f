"""The PDF documents: content read back with pypdf and pdftotext, versions, failures.

The render task is called directly (no eager mode, no worker): ``dokument_order`` queues it
after commit, the test checks that, and runs the task function itself."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from moter.dokumenter import (
    DokumentError,
    dokument_order,
    dokument_publish,
    last_dokument,
    last_order,
    render_dokument,
)
from moter.models import Dokument, Mote
from saker import services
from saker.models import Sak
from tests.support.dokumenter import pdftotext, render

INNKALLING = Dokument.Art.INNKALLING
SAKSFRAMLEGG = Dokument.Art.SAKSFRAMLEGG
MEDLEM = Dokument.Edition.MEDLEM
OFFENTLIG = Dokument.Edition.OFFENTLIG


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _pages(dok: Dokument) -> list[str]:
    """pypdf's text per page, in content order (the order of the tagged structure)."""
    return [re.sub(r"\s+", " ", side.extract_text()) for side in PdfReader(dok.fil.path).pages]


def _text(dok: Dokument) -> str:
    return " ".join(_pages(dok))


def _in_rekkefolge(tekst: str, pieces: list[str]) -> None:
    pos = 0
    for bit in pieces:
        found = tekst.find(bit, pos)
        assert found >= 0, f"«{bit}» mangler etter posisjon {pos}"
        pos = found + len(bit)


@pytest.fixture
def ssu_29_02_24(demo) -> Mote:
    return Mote.objects.get(organ__kortnavn="SSU", start__date=datetime.date(2024, 2, 29))


@pytest.fixture
def ssu_7_5_26(demo) -> Mote:
    return Mote.objects.get(organ__kortnavn="SSU", start__date=datetime.date(2026, 5, 7))


def test_innkalling_of_ssu_29_02_24_has_the_agenda_in_order(
    ssu_29_02_24, django_capture_on_commit_callbacks
):
    dok = render(
        django_capture_on_commit_callbacks, mote=ssu_29_02_24, art=INNKALLING, utgave=MEDLEM
    )
    tekst = _text(dok)

    assert "Til SSUs faste medlemmer" in tekst
    assert "Tema Innkalling SSU" in tekst
    assert "Dato/sted 29.02.24, kl. 13.00-15.30, Big Room SiV" in tekst
    assert "Møteleder Guro Winsvold" in tekst
    assert "Referent Runar Danielsen" in tekst
    assert "Sak 2024.2: Referat SSU 23.11.23" in tekst
    _in_rekkefolge(tekst, ["Til", "Tema", "Dato/sted", "Møteleder", "Innkalling", "Saksnr."])

    # Every sak: number, title and ansvar, in agenda order.
    saker = list(ssu_29_02_24.saker.order_by("rekkefolge", "pk").prefetch_related("ansvar"))
    expected = []
    for sak in saker:
        if sak.type != Sak.Type.SAK:
            expected.append(sak.tittel)
            continue
        expected += [b for b in [sak.saksnr, sak.tittel] if b]
        expected += [str(a) for a in sak.ansvar.all()]
    assert "Eventuelt" in expected[-1]
    _in_rekkefolge(tekst, expected)
    poppler = pdftotext(dok)
    for bit in expected:
        assert bit in poppler

    # Two pages, like the seed, with a correct «Side N av M».
    sider = _pages(dok)
    assert dok.sider == len(sider) == 2
    for n, side in enumerate(sider, 1):
        assert f"Side {n} av {len(sider)}" in side
        assert "Helsefellesskapet i Vestfold" in side
    # The agenda's header row repeats on the next page.
    assert "Saksnr." in sider[1] and "Ansvar" in sider[1]

    # Norwegian letters survive both text extractors.
    for ord_ in ["Møteleder", "Årsmelding", "Skrøpelige eldre", "ø-hjelpsinnleggelser"]:
        assert ord_ in tekst
        assert ord_ in poppler

    # The stored version: file, checksum, size.
    data = Path(dok.fil.path).read_bytes()
    assert dok.sha256 == hashlib.sha256(data).hexdigest()
    assert dok.storrelse == len(data)
    assert dok.versjon == 1 and dok.ferdig is not None
    assert dok.filename == "innkalling-ssu-2024-02-29-v1.pdf"


def test_innkalling_metadata_tags_and_fonts(ssu_29_02_24, django_capture_on_commit_callbacks):
    dok = render(
        django_capture_on_commit_callbacks, mote=ssu_29_02_24, art=INNKALLING, utgave=MEDLEM
    )
    reader = PdfReader(dok.fil.path)
    assert reader.metadata.title == "Innkalling SSU 29.02.2024"
    assert reader.metadata.author == "Strategisk samarbeidsutvalg"
    assert reader.metadata.creation_date is not None
    rot = reader.trailer["/Root"]
    assert rot["/Lang"] == "nb"
    assert bool(rot["/MarkInfo"]["/Marked"])  # tagged PDF
    assert "/StructTreeRoot" in rot
    assert b"pdfuaid" in rot["/Metadata"].get_object().get_data()  # PDF/UA-1 claimed

    # Only the shipped house font is embedded: no fallback font for a hyphen or a page number.
    fonts = subprocess.run(
        ["pdffonts", dok.fil.path], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        assert "Moteportalen-Sans" in line, line
        assert " yes " in line  # embedded


def test_public_edition_screens_the_exempt_sak(publisert, django_capture_on_commit_callbacks):
    offentlig = render(
        django_capture_on_commit_callbacks, mote=publisert, art=INNKALLING, utgave=OFFENTLIG
    )
    medlem = render(
        django_capture_on_commit_callbacks, mote=publisert, art=INNKALLING, utgave=MEDLEM
    )

    tekst = _text(offentlig)
    assert "Unntatt offentlighet, offl. § 13" in tekst
    assert "Årsmelding 2023" in tekst and "Årsmelding utkast" in tekst
    for hemmelig in ["Personalsak", "legevakten", "Hemmelig innhold", "Intern merknad"]:
        assert hemmelig not in tekst
    assert "offentlig utgave" in tekst
    assert "1 vedlegg" in tekst

    tekst = _text(medlem)
    assert "Personalsak ved legevakten" in tekst and "Intern merknad" in tekst
    assert "2 vedlegg" in tekst
    assert offentlig.filename.endswith("-offentlig-v1.pdf")
    assert offentlig.innholdshash != medlem.innholdshash


def test_public_saksframlegg_of_an_exempt_sak_is_its_number_only(
    publisert, django_capture_on_commit_callbacks
):
    sak = publisert.saker.get(tittel="Personalsak ved legevakten")
    dok = render(
        django_capture_on_commit_callbacks,
        mote=publisert,
        art=SAKSFRAMLEGG,
        utgave=OFFENTLIG,
        sak_id=sak.pk,
    )
    tekst = _text(dok)
    assert f"Saksnr: {sak.saksnr}" in tekst
    assert "Unntatt offentlighet, offl. § 13" in tekst
    assert "Personalsak" not in tekst and "Hemmelig" not in tekst
    assert "Hensikten med saken" not in tekst
    assert "Personalsak" not in (PdfReader(dok.fil.path).metadata.title or "")


def test_saksframlegg_15_26(ssu_7_5_26, django_capture_on_commit_callbacks):
    sak = ssu_7_5_26.saker.get(saksnr="15/26")
    dok = render(
        django_capture_on_commit_callbacks,
        mote=ssu_7_5_26,
        art=SAKSFRAMLEGG,
        utgave=MEDLEM,
        sak_id=sak.pk,
    )
    tekst = _text(dok)
    _in_rekkefolge(
        tekst,
        [
            "Saksframlegg til",
            "Strategisk samarbeidsutvalg (SSU)",
            "Saksnr: 15/26",
            "Sakstype: Beslutning",
            "Saksid: 26/02136-15",
            "Møtedato: 07.05.2026",
            "Saksbehandler: Sunniva Dahl Thorsen",
            "Strategi for helsefelleskapet – videre oppfølging og utvikling",
            "Hensikten med saken:",
            "Målstruktur",
            "Forslag til vedtak:",
            "Forslag kommer i møtet",
            "Tønsberg, 29. april 2026",  # the day the innkalling went out (seed 002)
            "Sekretariatet",
        ],
    )
    assert dok.sak_id == sak.pk
    assert dok.filename == "saksframlegg-ssu-15-26-v1.pdf"
    assert PdfReader(dok.fil.path).metadata.title.startswith("Saksframlegg 15/26 – Strategi")


def test_saksframlegg_17_26_has_every_part(ssu_7_5_26, django_capture_on_commit_callbacks):
    sak = ssu_7_5_26.saker.get(saksnr="17/26")
    dok = render(
        django_capture_on_commit_callbacks,
        mote=ssu_7_5_26,
        art=SAKSFRAMLEGG,
        utgave=MEDLEM,
        sak_id=sak.pk,
    )
    tekst = _text(dok)
    _in_rekkefolge(
        tekst, ["Hensikten med saken:", "Forslag til vedtak:", "Faktagrunnlag:", "Vurdering:"]
    )
    # A numbered list that goes on after a bullet list keeps its numbers (<ol start="3">).
    # (List markers come last in pypdf's order; poppler places them.)
    _in_rekkefolge(pdftotext(dok), ["1. SSU tar status", "3. SSU ber om", "4. SSU slutter seg"])
    assert dok.sider == 2


def test_same_content_is_not_rendered_twice(mote, django_capture_on_commit_callbacks):
    forste = render(django_capture_on_commit_callbacks, mote=mote, art=INNKALLING, utgave=MEDLEM)

    with django_capture_on_commit_callbacks() as callbacks:
        again = dokument_order(mote=mote, art=INNKALLING, utgave=MEDLEM)
    assert again == forste and callbacks == []
    assert Dokument.objects.count() == 1

    # Running the task again for a finished version changes nothing.
    render_dokument(forste.pk)
    forste.refresh_from_db()
    assert forste.versjon == 1 and Dokument.objects.count() == 1

    # New content: a new version, queued; the first stays as it was.
    sak = mote.saker.get(tittel="Årsmelding 2023")
    services.sak_update(sak=sak, tittel="Årsmelding 2023 med vedlegg")
    ny = render(django_capture_on_commit_callbacks, mote=mote, art=INNKALLING, utgave=MEDLEM)
    assert ny.versjon == 2 and ny.sha256 != forste.sha256
    assert "Årsmelding 2023 med vedlegg" in _text(ny)
    assert last_dokument(mote=mote, art=INNKALLING, utgave=MEDLEM) == ny
    assert Path(forste.fil.path).exists()


def test_an_order_in_the_queue_is_not_queued_twice(mote, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        dok = dokument_order(mote=mote, art=INNKALLING, utgave=MEDLEM)
        again = dokument_order(mote=mote, art=INNKALLING, utgave=MEDLEM)
    assert dok == again and len(callbacks) == 1
    assert dok.status == Dokument.Status.VENTER
    assert last_dokument(mote=mote, art=INNKALLING, utgave=MEDLEM) is None
    assert last_order(mote=mote, art=INNKALLING, utgave=MEDLEM) == dok


def _new_version_that_fails(mote, django_capture_on_commit_callbacks, odelegg) -> tuple:
    forste = render(django_capture_on_commit_callbacks, mote=mote, art=INNKALLING, utgave=MEDLEM)
    services.sak_update(sak=mote.saker.get(tittel="Årsmelding 2023"), tittel="Ny tittel")
    with django_capture_on_commit_callbacks() as callbacks:
        second = dokument_order(mote=mote, art=INNKALLING, utgave=MEDLEM)
    assert len(callbacks) == 1 and second.versjon == 2
    odelegg(second)
    render_dokument(second.pk)
    second.refresh_from_db()
    return forste, second


def test_failed_render_keeps_the_previous_version(
    mote, settings, tmp_path, django_capture_on_commit_callbacks
):
    media = settings.MEDIA_ROOT
    locked_out = tmp_path / "ikke-en-mappe"
    locked_out.write_text("en fil der PDF-mappen skulle vært")

    def odelegg(_dok):
        settings.MEDIA_ROOT = locked_out / "media"  # cannot be created: its parent is a file

    forste, second = _new_version_that_fails(mote, django_capture_on_commit_callbacks, odelegg)
    settings.MEDIA_ROOT = media

    assert second.status == Dokument.Status.FEILET
    assert second.feilmelding.startswith("PDF-filen kunne ikke lagres")
    assert "Forrige versjon er beholdt" in second.feilmelding
    assert not second.fil
    assert last_dokument(mote=mote, art=INNKALLING, utgave=MEDLEM) == forste
    assert last_order(mote=mote, art=INNKALLING, utgave=MEDLEM) == second
    assert Path(forste.fil.path).exists()
    forste.refresh_from_db()
    assert forste.status == Dokument.Status.FERDIG

    # Ordering again retries the failed version rather than adding a third.
    with django_capture_on_commit_callbacks() as callbacks:
        again = dokument_order(mote=mote, art=INNKALLING, utgave=MEDLEM)
    assert again.pk == second.pk and again.status == Dokument.Status.VENTER
    assert again.feilmelding == "" and len(callbacks) == 1
    render_dokument(again.pk)
    again.refresh_from_db()
    assert again.status == Dokument.Status.FERDIG and again.versjon == 2


def test_a_document_the_renderer_rejects_fails_in_norwegian(
    mote, django_capture_on_commit_callbacks
):
    def odelegg(dok):
        Dokument.objects.filter(pk=dok.pk).update(art="ukjent")

    forste, second = _new_version_that_fails(mote, django_capture_on_commit_callbacks, odelegg)
    assert second.status == Dokument.Status.FEILET
    assert second.feilmelding == "Dokumentet «ukjent» kan ikke lages som PDF ennå."
    assert last_dokument(mote=mote, art=INNKALLING, utgave=MEDLEM) == forste
    # A render of a failed version does nothing until it is ordered again.
    render_dokument(second.pk)
    second.refresh_from_db()
    assert second.status == Dokument.Status.FEILET


def test_ordering_what_cannot_be_made_says_why(mote):
    with pytest.raises(DokumentError, match="lages når det er godkjent"):
        dokument_order(mote=mote, art=Dokument.Art.REFERAT, utgave=OFFENTLIG)
    with pytest.raises(DokumentError, match="kan ikke lages som PDF ennå"):
        dokument_order(mote=mote, art="ukjent", utgave=MEDLEM)
    with pytest.raises(DokumentError, match="Velg saken"):
        dokument_order(mote=mote, art=SAKSFRAMLEGG, utgave=MEDLEM)
    assert not Dokument.objects.exists()


def test_a_public_version_goes_out_only_with_the_meeting(mote, django_capture_on_commit_callbacks):
    """Made before the innkalling is published: not out, and cannot be published by hand.
    (Once published, new versions go out by themselves: tests/moter/test_publication.py.)"""
    forste = render(django_capture_on_commit_callbacks, mote=mote, art=INNKALLING, utgave=OFFENTLIG)
    with pytest.raises(DokumentError, match="ikke publisert"):
        dokument_publish(dokument=forste)
    services.sak_update(sak=mote.saker.get(tittel="Årsmelding 2023"), tittel="Endret etterpå")
    second = render(django_capture_on_commit_callbacks, mote=mote, art=INNKALLING, utgave=OFFENTLIG)
    assert second.versjon == 2
    assert last_dokument(mote=mote, art=INNKALLING, utgave=OFFENTLIG, publisert=True) is None
    assert last_dokument(mote=mote, art=INNKALLING, utgave=OFFENTLIG) == second


def test_task_for_a_deleted_version_does_nothing(db):
    assert render_dokument(987654) is None


def test_render_pdf_command_writes_a_file(ssu_7_5_26, tmp_path):
    for_ = Dokument.objects.count()
    ut = tmp_path / "sf.pdf"
    stdout = io.StringIO()
    call_command(
        "render_pdf",
        str(ssu_7_5_26.pk),
        "saksframlegg",
        "--sak",
        "17/26",
        "-o",
        str(ut),
        stdout=stdout,
    )
    assert ut.read_bytes().startswith(b"%PDF-")
    assert "2 sider" in stdout.getvalue()
    assert Dokument.objects.count() == for_  # the command makes no version
