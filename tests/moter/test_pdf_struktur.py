"""PDF/UA structure of the rendered documents, read back with pypdf (tests/support/pdf_struktur.py;
README.md «PDF-tilgjengelighet: hva testene sjekker» says what is checked and what is not): the
first heading is H1 and no level is skipped, the running header and footer are artifacts, every
header cell has a scope and every /Headers reference resolves through the /IDTree, an agenda over
several pages is one Table, and the title is shown and in the XMP metadata."""

from __future__ import annotations

import datetime
import shutil

import pytest
import weasyprint
from django.core.files.base import ContentFile

from moter.dokumenter import dokument_pdf
from moter.models import Dokument, Mote
from saker import services
from tests.factories import oslo
from tests.support.pdf_struktur import Struktur, levels_skip, struktur

Art = Dokument.Art
MEDLEM = Dokument.Edition.MEDLEM


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _accessible(s: Struktur, tittel: str) -> None:
    """What every tagged document of ours must show."""
    assert s.tagged
    assert s.headings and s.headings[0] == 1, s.headings
    assert not levels_skip(s.headings), s.headings
    assert s.th and s.th_without_scope == 0
    assert s.headers_refs and s.headers_unresolved == []
    assert s.orphans == 0 and s.untagged_mcids == 0
    assert s.display_doc_title and s.lang == "nb"
    assert f'<rdf:li xml:lang="x-default">{tittel}</rdf:li>' in s.xmp  # dc:title
    assert 'pdfuaid:part="1"' in s.xmp


def _running_texts_are_artifacts(s: Struktur, sider: int) -> None:
    for nr in range(1, sider + 1):
        assert "Helsefellesskapet i Vestfold" in s.artifact_text[nr]
        assert f"Side {nr} av {sider}" in s.artifact_text[nr]
        assert f"Side {nr} av" not in s.tagged_text.get(nr, "")


@pytest.fixture
def ssu_2023_11_23(demo) -> Mote:
    return Mote.objects.get(organ__kortnavn="SSU", start__date=datetime.date(2023, 11, 23))


@pytest.fixture
def ssu_2026_05_07(demo, request, media) -> Mote:
    kilde = request.config._mp_media / "vedlegg"  # the demo's vedlegg files (see test_pack)
    if kilde.exists():
        shutil.copytree(kilde, media / "vedlegg", dirs_exist_ok=True)
    return Mote.objects.get(organ__kortnavn="SSU", start__date=datetime.date(2026, 5, 7))


def test_the_referat_starts_with_h1_and_its_agenda_over_every_page_is_one_table(ssu_2023_11_23):
    rendered = dokument_pdf(mote=ssu_2023_11_23, art=Art.REFERAT, utgave=MEDLEM)
    s = struktur(rendered.pdf)
    _accessible(s, "Referat SSU 23.11.2023")
    assert rendered.sider > 3
    _running_texts_are_artifacts(s, rendered.sider)
    # The head table, and the saker: one Table over every page, not one per page.
    assert s.tables == [{1}, set(range(1, rendered.sider + 1))]


def test_the_innkalling_and_a_saksframlegg_are_accessible(ssu_2026_05_07):
    innkalling = dokument_pdf(mote=ssu_2026_05_07, art=Art.INNKALLING, utgave=MEDLEM)
    s = struktur(innkalling.pdf)
    _accessible(s, "Innkalling SSU 07.05.2026")
    _running_texts_are_artifacts(s, innkalling.sider)
    assert innkalling.sider > 1 and s.tables == [{1}, set(range(1, innkalling.sider + 1))]

    sak = ssu_2026_05_07.saker.filter(type="sak").exclude(faktagrunnlag="").first()
    framlegg = dokument_pdf(mote=ssu_2026_05_07, art=Art.SAKSFRAMLEGG, utgave=MEDLEM, sak_id=sak.pk)
    s = struktur(framlegg.pdf)
    _accessible(s, f"Saksframlegg {sak.saksnr} – {sak.tittel}")
    assert s.headings[:2] == [1, 2]
    _running_texts_are_artifacts(s, framlegg.sider)


@pytest.fixture
def lang_saksliste(ssu):
    """A meeting whose agenda (30 saker with some text) fills three pages or more."""
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 9, 3, 12), slutt=oslo(2026, 9, 3, 15), sted="Tønsberg"
    )
    for n in range(1, 31):
        services.sak_create(
            organ=ssu,
            mote=mote,
            tittel=f"Sak nummer {n} om samhandling",
            sakstyper=["beslutning"],
            hensikt=f"Hensikten med sak {n} er å gi utvalget grunnlag for en beslutning. " * 3,
            forslag_til_vedtak=f"Utvalget slutter seg til forslaget i sak {n}.",
        )
    services.innkalling_send(mote=mote, notify=False)
    mote.refresh_from_db()
    return mote


def test_an_agenda_over_several_pages_is_one_table_with_its_header_row_once(lang_saksliste):
    rendered = dokument_pdf(mote=lang_saksliste, art=Art.INNKALLING, utgave=MEDLEM)
    assert rendered.sider >= 3
    s = struktur(rendered.pdf)
    _accessible(s, f"Innkalling SSU {lang_saksliste.start:%d.%m.%Y}")
    assert s.tables == [{1}, set(range(1, rendered.sider + 1))]
    # The header row is drawn on every page; only the first is content, the others artifacts.
    for nr in range(2, rendered.sider + 1):
        assert "Saksnr. Sak Ansvar" in s.artifact_text[nr]
        assert "Saksnr." not in s.tagged_text[nr]
    # The pack without vedlegg to lay in: tagged too, one saksliste, every saksframlegg.
    pakke = dokument_pdf(mote=lang_saksliste, art=Art.SAKSDOKUMENTER, utgave=MEDLEM)
    s = struktur(pakke.pdf)
    _accessible(s, f"Saksdokumenter SSU {lang_saksliste.start:%d.%m.%Y}")
    _running_texts_are_artifacts(s, pakke.sider)


def test_the_repaired_pdf_is_hardly_larger_than_what_weasyprint_wrote(lang_saksliste, monkeypatch):
    """The repair rewrites the file with pypdf, which writes every object on its own and
    uncompressed; a long agenda's structure tree is thousands of them (the files grew 2–5×, too
    large for e-mail sooner). Packed into object streams, the file is about WeasyPrint's size."""
    from moter import pdfstruktur

    skrevet: list[int] = []
    repair = pdfstruktur.accessible_pdf

    def measured(pdf: bytes, document):
        skrevet.append(len(pdf))
        return repair(pdf, document)

    monkeypatch.setattr(pdfstruktur, "accessible_pdf", measured)
    rendered = dokument_pdf(mote=lang_saksliste, art=Art.INNKALLING, utgave=MEDLEM)
    assert len(skrevet) == 1
    assert len(rendered.pdf) <= 1.25 * skrevet[0], (len(rendered.pdf), skrevet[0])
    _accessible(struktur(rendered.pdf), f"Innkalling SSU {lang_saksliste.start:%d.%m.%Y}")


def _vedlegg_pdf() -> bytes:
    return weasyprint.HTML(string="<h1>VEDLEGG side 1</h1><p>Årsrapport.</p>").write_pdf()


def test_a_pack_with_vedlegg_laid_in_keeps_title_language_and_xmp_but_claims_no_pdf_ua(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 9, 3, 12), slutt=oslo(2026, 9, 3, 15), sted="Tønsberg"
    )
    sak = services.sak_create(
        organ=ssu, mote=mote, tittel="Årsrapporter", sakstyper=["orientering"], hensikt="Tre."
    )
    services.vedlegg_add(sak=sak, tittel="Årsrapport", fil=ContentFile(_vedlegg_pdf(), "a.pdf"))
    services.innkalling_send(mote=mote, notify=False)
    mote.refresh_from_db()

    s = struktur(dokument_pdf(mote=mote, art=Art.SAKSDOKUMENTER, utgave=MEDLEM).pdf)
    assert not s.tagged
    assert s.display_doc_title and s.lang == "nb"
    assert '<rdf:li xml:lang="x-default">Saksdokumenter SSU 03.09.2026</rdf:li>' in s.xmp
    assert "pdfuaid" not in s.xmp
