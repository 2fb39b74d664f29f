"""The text of PDF and DOCX vedlegg (saker/vedleggstekst.py): read once after the upload by a
Celery task (called here as the worker would), bounded, and a bad file never breaks anything."""

import datetime
import io
import logging
import zipfile

import docx
import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from saker import search, services, vedleggstekst
from saker.models import Vedlegg
from saker.vedleggstekst import hent_tekst

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

Status = Vedlegg.TekstStatus


def pdf_med(*sider: str) -> bytes:
    """A real PDF (WeasyPrint) with one page per text."""
    html = "".join(
        f'<section style="page-break-after: always"><p>{tekst}</p></section>' for tekst in sider
    )
    return weasyprint.HTML(string=f'<html lang="nb"><body>{html}</body></html>').write_pdf()


def docx_med(avsnitt: list[str], tabell: list[list[str]] | None = None) -> bytes:
    dokument = docx.Document()
    for tekst in avsnitt:
        dokument.add_paragraph(tekst)
    if tabell:
        t = dokument.add_table(rows=len(tabell), cols=len(tabell[0]))
        for r, rad in enumerate(tabell):
            for k, tekst in enumerate(rad):
                t.cell(r, k).text = tekst
    ut = io.BytesIO()
    dokument.save(ut)
    return ut.getvalue()


@pytest.fixture
def sak(utkast):
    return services.sak_create(organ=utkast.organ, mote=utkast, tittel="Evaluering")


def last_opp(sak, navn: str, innhold: bytes, callbacks) -> Vedlegg:
    """Uploads as the agenda editor does; the text is read by the task the commit queues,
    called here as the worker calls it."""
    with callbacks() as queued:
        vedlegg = services.vedlegg_add(sak=sak, tittel=navn, fil=ContentFile(innhold, name=navn))
    assert [(c.func, c.args) for c in queued] == [(vedleggstekst._send, (vedlegg.pk,))]
    assert vedlegg.tekst_status == Status.VENTER
    hent_tekst(vedlegg.pk)
    vedlegg.refresh_from_db()
    return vedlegg


def test_the_text_of_each_page_of_a_pdf(sak, django_capture_on_commit_callbacks):
    innhold = pdf_med("Fastlegene får epikrisen samme dag.", "Fokusgruppeintervjuer i august.")
    vedlegg = last_opp(sak, "plan.pdf", innhold, django_capture_on_commit_callbacks)
    assert vedlegg.tekst_status == Status.HENTET and vedlegg.tekst_hentet is not None
    assert "Fastlegene får epikrisen samme dag." in vedlegg.tekst
    assert "Fokusgruppeintervjuer i august." in vedlegg.tekst


def test_the_paragraphs_and_tables_of_a_docx_in_order(sak, django_capture_on_commit_callbacks):
    innhold = docx_med(
        ["Avtalen gjelder kommunene og SiV.", "Partene samarbeider om meldinger."],
        [["Område", "Ansvar"], ["Tilgangsstyring", "Hver part"]],
    )
    vedlegg = last_opp(sak, "avtale.docx", innhold, django_capture_on_commit_callbacks)
    assert vedlegg.tekst_status == Status.HENTET
    assert vedlegg.tekst == (
        "Avtalen gjelder kommunene og SiV.\nPartene samarbeider om meldinger.\n"
        "Område Ansvar\nTilgangsstyring Hver part"
    )


def test_a_merged_table_cell_is_read_once(sak, django_capture_on_commit_callbacks):
    dokument = docx.Document()
    tabell = dokument.add_table(rows=2, cols=3)
    tabell.cell(0, 0).merge(tabell.cell(0, 2)).text = "Sammenslått overskrift"
    tabell.cell(1, 0).text = "a"
    ut = io.BytesIO()
    dokument.save(ut)
    vedlegg = last_opp(sak, "t.docx", ut.getvalue(), django_capture_on_commit_callbacks)
    assert vedlegg.tekst.count("Sammenslått overskrift") == 1


def test_links_and_images_have_no_text_to_read(sak, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        lenke = services.vedlegg_add(sak=sak, tittel="Nettside", url="https://example.org/")
    assert lenke.tekst_status == Status.INGEN and not queued
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    with django_capture_on_commit_callbacks() as queued:
        bilde = services.vedlegg_add(sak=sak, tittel="Bilde", fil=ContentFile(png, name="b.png"))
    assert bilde.tekst_status == Status.INGEN and not queued


@pytest.mark.parametrize(
    ("navn", "innhold"),
    [
        # Passes the upload check (it starts as a PDF; pypdf cannot read it, and no active
        # content is in its bytes), and has no text to give.
        ("skadet.pdf", b"%PDF-1.7\n\x00\xff garbage " + b"\x8f" * 500 + b"\n%%EOF"),
        ("avkuttet.pdf", pdf_med("Avkuttet side")[:400]),
    ],
)
def test_a_broken_pdf_gets_an_empty_text_and_a_warning(
    navn, innhold, sak, django_capture_on_commit_callbacks, caplog, client, sekretariat
):
    with caplog.at_level(logging.WARNING, logger="saker.vedleggstekst"):
        vedlegg = last_opp(sak, navn, innhold, django_capture_on_commit_callbacks)
    assert vedlegg.tekst == ""
    assert vedlegg.tekst_status in {Status.FEILET, Status.HENTET}
    if vedlegg.tekst_status == Status.FEILET:
        assert f"Teksten i vedlegg {vedlegg.pk} kunne ikke leses" in caplog.text
    # Not tried again by itself, and nothing else suffers: the sak page and search work.
    assert hent_tekst(vedlegg.pk) is None
    client.force_login(sekretariat)
    assert client.get(sak.get_absolute_url()).status_code == 200
    assert client.get("/sok/", {"q": "avkuttet"}).status_code == 200


def test_a_corrupt_docx_is_refused_at_upload_or_read_as_failed(
    sak, django_capture_on_commit_callbacks, caplog
):
    """The zip and its parts intact, the document part not XML: the upload check sees a Word
    document, the reading fails."""
    ut = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_med(["Noe tekst"]))) as inn, zipfile.ZipFile(ut, "w") as z:
        for info in inn.infolist():
            skadet = info.filename == "word/document.xml"
            z.writestr(info, b"<w:document><ikke lukket" if skadet else inn.read(info))
    skadet = ut.getvalue()
    with caplog.at_level(logging.WARNING, logger="saker.vedleggstekst"):
        vedlegg = last_opp(sak, "skadet.docx", skadet, django_capture_on_commit_callbacks)
    assert vedlegg.tekst_status == Status.FEILET and vedlegg.tekst == ""
    assert "kunne ikke leses" in caplog.text


def test_a_pdf_with_a_password_is_not_read(sak, django_capture_on_commit_callbacks, caplog):
    leser = PdfReader(io.BytesIO(pdf_med("Hemmelig plan")))
    skriver = PdfWriter()
    for side in leser.pages:
        skriver.add_page(side)
    skriver.encrypt(user_password="passord", owner_password="eier", algorithm="AES-128")
    ut = io.BytesIO()
    skriver.write(ut)
    with caplog.at_level(logging.WARNING, logger="saker.vedleggstekst"):
        vedlegg = last_opp(sak, "laast.pdf", ut.getvalue(), django_capture_on_commit_callbacks)
    assert vedlegg.tekst_status == Status.FEILET and vedlegg.tekst == ""
    assert "kryptert med passord" in caplog.text


def test_a_pdf_encrypted_without_a_password_is_read(sak, django_capture_on_commit_callbacks):
    leser = PdfReader(io.BytesIO(pdf_med("Åpen plan for fastleger")))
    skriver = PdfWriter()
    for side in leser.pages:
        skriver.add_page(side)
    skriver.encrypt(user_password="", owner_password="eier", algorithm="AES-128")
    ut = io.BytesIO()
    skriver.write(ut)
    vedlegg = last_opp(sak, "aapen.pdf", ut.getvalue(), django_capture_on_commit_callbacks)
    assert "Åpen plan for fastleger" in vedlegg.tekst


def test_the_work_is_bounded(sak, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(vedleggstekst, "SIDER_MAKS", 2)
    innhold = pdf_med("Første side", "Andre side", "Tredje side")
    vedlegg = last_opp(sak, "lang.pdf", innhold, django_capture_on_commit_callbacks)
    assert "Andre side" in vedlegg.tekst and "Tredje side" not in vedlegg.tekst
    monkeypatch.setattr(vedleggstekst, "TEKST_MAKS", 30)
    innhold = docx_med(["Et avsnitt som er langt nok til å bli kuttet av grensen."] * 3)
    vedlegg = last_opp(sak, "lang.docx", innhold, django_capture_on_commit_callbacks)
    assert len(vedlegg.tekst) == 30


def test_control_characters_never_reach_the_database():
    assert vedleggstekst._ren("a\x00b\x02c\x03d\ud800e  \t f\n\n\ng") == "a b c d?e f\ng"


def test_the_densest_text_fits_the_search_vector(sak):
    """PostgreSQL's tsvector holds at most 1 MB; search reads the first ``SOK_TEGN`` characters
    of a text. The densest text known (two-character words of distinct ideographs: 0.93 MB of
    vector for 200 000 characters) fits, and is found."""
    ord_ = [chr(0x4E00 + i // 300) + chr(0x4E00 + i % 300) for i in range(80_000)]
    tekst = " ".join(ord_)
    assert len(tekst) > search.SOK_TEGN
    vedlegg = Vedlegg.objects.create(sak=sak, tittel="Tegn", fil="vedlegg/x/tegn.pdf")
    vedleggstekst._lagre(vedlegg, tekst, Status.HENTET)
    vedlegg.refresh_from_db()
    assert vedlegg.tekst == tekst
    funnet = Vedlegg.objects.alias(v=search._v("vedlegg")).filter(
        v=search.SearchQuery(ord_[100], config="norwegian")
    )
    assert list(funnet) == [vedlegg]


def test_reading_writes_only_the_text_and_no_history(sak, django_capture_on_commit_callbacks):
    """The task's UPDATE leaves a title or «offentlig» changed meanwhile alone, and the text is
    not copied into the history."""
    with django_capture_on_commit_callbacks():
        vedlegg = services.vedlegg_add(
            sak=sak, tittel="Plan", fil=ContentFile(pdf_med("Plantekst"), name="plan.pdf")
        )
    Vedlegg.objects.filter(pk=vedlegg.pk).update(offentlig=False, tittel="Plan (intern)")
    historikk = vedlegg.history.count()
    hent_tekst(vedlegg.pk)
    vedlegg.refresh_from_db()
    assert (vedlegg.tittel, vedlegg.offentlig, vedlegg.tekst) == (
        "Plan (intern)",
        False,
        "Plantekst",
    )
    assert vedlegg.history.count() == historikk
    assert "tekst" not in {f.name for f in vedlegg.history.model._meta.fields}


def test_the_task_is_registered_under_its_name_and_acks_late():
    assert hent_tekst.name == "saker.vedleggstekst.hent_tekst"
    assert hent_tekst.acks_late and not hent_tekst.reject_on_worker_lost


def test_the_command_reads_what_waits_and_is_idempotent(sak):
    """Vedlegg from before («venter», as the migration leaves old files): read by the command;
    run again, it has nothing to do."""
    ny = Vedlegg.objects.create(sak=sak, tittel="Gammel", innholdstype="application/pdf")
    ny.fil.save("gammel.pdf", ContentFile(pdf_med("Gammel fastlegeplan")))
    lenke = Vedlegg.objects.create(sak=sak, tittel="Lenke", url="https://example.org/")
    skadet = Vedlegg.objects.create(sak=sak, tittel="Skadet", innholdstype="application/pdf")
    skadet.fil.save("skadet.pdf", ContentFile(b"%PDF-1.4 ikke en pdf"))
    assert Vedlegg.objects.filter(tekst_status=Status.VENTER).count() == 3
    ut = io.StringIO()
    call_command("hent_vedleggstekst", stdout=ut)
    assert "1 uten tekst" in ut.getvalue() and "1 kunne ikke leses" in ut.getvalue()
    ny.refresh_from_db()
    lenke.refresh_from_db()
    skadet.refresh_from_db()
    assert "Gammel fastlegeplan" in ny.tekst and ny.tekst_status == Status.HENTET
    assert lenke.tekst_status == Status.INGEN and skadet.tekst_status == Status.FEILET
    assert not Vedlegg.objects.filter(tekst_status=Status.VENTER).exists()
    ut = io.StringIO()
    call_command("hent_vedleggstekst", stdout=ut)
    assert (
        ut.getvalue().startswith("Tekst lest i 0 vedlegg; 0 uten tekst")
        and "0 kunne" in ut.getvalue()
    )
    # --feilet tries the failed one again (still broken).
    ut = io.StringIO()
    call_command("hent_vedleggstekst", "--feilet", stdout=ut)
    assert "1 kunne ikke leses" in ut.getvalue()


def test_the_hourly_sweep_reads_what_lost_its_message_and_spares_a_file_that_killed_a_worker(
    sak, eager
):
    gammel = timezone.now() - datetime.timedelta(hours=2)
    tapt, drept, ny = (
        services.vedlegg_add(
            sak=sak, tittel=navn, fil=ContentFile(pdf_med(f"Tekst i {navn}."), name=f"{navn}.pdf")
        )
        for navn in ("tapt", "drept", "ny")
    )
    Vedlegg.objects.filter(pk__in=[tapt.pk, drept.pk]).update(opprettet=gammel)
    # Its reading started an hour and a half ago and never ended.
    Vedlegg.objects.filter(pk=drept.pk).update(tekst_hentet=gammel)

    assert vedleggstekst.vedlegg_tekst_gjenoppta() == 1

    statuser = dict(Vedlegg.objects.values_list("tittel", "tekst_status"))
    assert statuser == {"tapt": Status.HENTET, "drept": Status.VENTER, "ny": Status.VENTER}
    assert "Tekst i tapt." in Vedlegg.objects.get(pk=tapt.pk).tekst
    assert vedleggstekst.vedlegg_tekst_gjenoppta() == 0  # nothing again
