"""The meeting pack (Saksdokumenter, shaped like seed 002): the innkalling as a one-page letter, the
saksliste with page numbers, saksframlegg and the PDF vedlegg laid in, read back page by page with
pdftotext and pypdf."""

from __future__ import annotations

import datetime
import gc
import io
import re
import shutil
import subprocess
import weakref
import zipfile
from pathlib import Path

import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.core.management import call_command
from pypdf import PdfReader, PdfWriter

from helsefellesskap.models import Person
from moter import dokumenter, pack
from moter import services as mote_services
from moter.dokumenter import dokument_order, dokument_pdf, dokument_source
from moter.models import Dokument, Mote
from saker import services
from saker.models import Sak
from tests.factories import oslo
from tests.support.dokumenter import render

PACK = Dokument.Art.SAKSDOKUMENTER
MEDLEM = Dokument.Edition.MEDLEM
OFFENTLIG = Dokument.Edition.OFFENTLIG


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _side(sti: Path | str, nr: int) -> str:
    """poppler's text of page ``nr`` (from 1) in its physical layout (a saksliste row stays on
    one line), whitespace folded."""
    ut = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(nr), "-l", str(nr), str(sti), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.sub(r"\s+", " ", ut).strip()


def _pages(sti: Path | str) -> list[str]:
    return [_side(sti, nr) for nr in range(1, len(PdfReader(sti).pages) + 1)]


def _bookmarks(sti: Path | str) -> list[tuple[int, str, int]]:
    """(level, title, page from 1) of every bookmark, in order."""
    reader = PdfReader(sti)
    ut: list[tuple[int, str, int]] = []

    def gaa(liste, level: int) -> None:
        for post in liste:
            if isinstance(post, list):
                gaa(post, level + 1)
            else:
                ut.append((level, post.title, reader.get_destination_page_number(post) + 1))

    gaa(reader.outline, 1)
    return ut


def _vedlegg_pdf(tag: str, sider: int, **side) -> bytes:
    """A small PDF whose every page says «<merke> side N» (and some Norwegian)."""
    storrelse = side.get("size", "A4")
    html = "".join(
        f'<section style="break-before: page"><h1>{tag} side {n}</h1>'
        f"<p>Årsrapport for Færder og Tønsberg, side {n} av {sider}.</p></section>"
        for n in range(1, sider + 1)
    )
    css = weasyprint.CSS(string=f"@page {{ size: {storrelse}; margin: 2cm }}")
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[css])


def _docx() -> bytes:
    """The smallest .docx the upload check accepts (by content)."""
    ut = io.BytesIO()
    with zipfile.ZipFile(ut, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return ut.getvalue()


def _sak(ssu, mote, tittel: str, **felter) -> Sak:
    return services.sak_create(
        organ=ssu,
        mote=mote,
        tittel=tittel,
        sakstyper=felter.pop("sakstyper", ["orientering"]),
        hensikt=felter.pop("hensikt", f"Hensikten med «{tittel}»."),
        **felter,
    )


@pytest.fixture
def moteplan(ssu):
    """SSU 7.5.26, sent: the standard items and three saker; A with a 3-page PDF and a docx,
    B (exempt) with a 2-page PDF, C with nothing attached; a non-public PDF on A."""
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 5, 7, 12, 30), slutt=oslo(2026, 5, 7, 15), sted="Tønsberg"
    )
    a = _sak(ssu, mote, "Årsrapporter fra fagutvalgene", faktagrunnlag="Tre rapporter.")
    services.vedlegg_add(
        sak=a, tittel="Årsrapport FSU", fil=ContentFile(_vedlegg_pdf("VEDLEGG-A", 3), "a.pdf")
    )
    services.vedlegg_add(sak=a, tittel="Presentasjon", fil=ContentFile(_docx(), "p.docx"))
    services.vedlegg_add(
        sak=a,
        tittel="Intern vurdering",
        fil=ContentFile(_vedlegg_pdf("INTERN", 1), "i.pdf"),
        offentlig=False,
    )
    b = _sak(
        ssu,
        mote,
        "Personalsak ved legevakten",
        hensikt="Hemmelig innhold om en ansatt.",
        unntatt_offentlighet=True,
        hjemmel="Offl. § 13",
    )
    services.vedlegg_add(
        sak=b, tittel="Notat om saken", fil=ContentFile(_vedlegg_pdf("VEDLEGG-B", 2), "b.pdf")
    )
    _sak(ssu, mote, "Strategi for helsefellesskapet", vurdering="Lang vurdering. " * 300)
    kari = Person.objects.create(navn="Kari Nordmann", epost="kari.nordmann@faerder.kommune.no")
    Mote.objects.filter(pk=mote.pk).update(forfall_meldes_til=kari)
    services.innkalling_send(mote=mote, notify=False)
    mote.refresh_from_db()
    return mote


def _page_count(mote: Mote, art: str, utgave: str, sak_id: int | None = None) -> int:
    return dokument_pdf(mote=mote, art=art, utgave=utgave, sak_id=sak_id).sider


def _start_page(sider: list[str], saksnr: str) -> int:
    """The page (from 1) where the saksframlegg of ``saksnr`` starts: its head table."""
    hits = [nr for nr, tekst in enumerate(sider, 1) if f"Saksnr: {saksnr} " in tekst]
    assert len(hits) == 1, (saksnr, hits)
    return hits[0]


def _in_sakslisten(saksliste: str, tekst: str) -> int:
    """The page number the saksliste gives for a line: «14/26 Tittel ........ 3»."""
    found = re.search(re.escape(tekst) + r"(?: \([^)]*\))? ?\.+ ?(\d+)\b", saksliste)
    assert found, f"«{tekst}» med sidetall mangler i sakslisten: {saksliste}"
    return int(found.group(1))


def _pypdf_page(sti: Path | str, nr: int) -> str:
    """pypdf's text of page ``nr`` (from 1), whitespace folded: a second reader besides poppler."""
    return re.sub(r"\s+", " ", PdfReader(sti).pages[nr - 1].extract_text())


# A head-table row printed for a field that is not set: «Til –», «Møteleder –», «Saksnr: –».
EMPTY_ROW = re.compile(r"(?:Til|Møteleder|Referent|Frafall|Tilstede|Saksnr:|Sakstype:|vedlegg) –")


def _lenkemaal(sti: Path | str, page_number: int) -> dict[str, int]:
    """The internal links on a page: named destination → page (from 1)."""
    reader = PdfReader(sti)
    navn = {
        k: reader.get_destination_page_number(v) + 1 for k, v in reader.named_destinations.items()
    }
    target = {}
    for annot in reader.pages[page_number - 1].get("/Annots") or []:
        annot = annot.get_object()
        if "/Dest" in annot:
            target[str(annot["/Dest"])] = navn[str(annot["/Dest"])]
    return target


def test_members_pack_has_every_page_numbered_bookmarked_and_stamped(
    moteplan, django_capture_on_commit_callbacks
):
    dok = render(django_capture_on_commit_callbacks, mote=moteplan, art=PACK, utgave=MEDLEM)
    assert dok.filename == "saksdokumenter-ssu-2026-05-07-v1.pdf"
    sider = _pages(dok.fil.path)
    m = len(sider)
    saker = {s.tittel: s for s in moteplan.saker.filter(type="sak")}
    a = saker["Årsrapporter fra fagutvalgene"]
    b = saker["Personalsak ved legevakten"]
    c = saker["Strategi for helsefellesskapet"]

    # The pages: the innkalling as a one-page letter, one page of saksliste, every saksframlegg as
    # it is rendered on its own, and the vedlegg's pages (3 + 1 on A, 2 on B). Eventuelt has
    # nothing written under it: no saksframlegg.
    innkalling = 1
    with_saksframlegg = [s for s in saker.values() if s.tittel != "Eventuelt"]
    saksframlegg = {
        s.saksnr: _page_count(moteplan, Dokument.Art.SAKSFRAMLEGG, MEDLEM, s.pk)
        for s in with_saksframlegg
    }
    assert saksframlegg[c.saksnr] == 2  # the long vurdering runs over two pages
    assert m == dok.sider == innkalling + 1 + sum(saksframlegg.values()) + 3 + 1 + 2

    # The first page is the letter (seed 002): Møtetid, Møtested, who takes forfall and the
    # greeting; no agenda table, and no row for a field that is not set (Til, Møteleder, ...).
    brev = sider[0]
    for linje in [
        "Innkalling til møte Strategisk samarbeidsutvalg (SSU)",
        "Møtetid 7. mai 2026, kl. 12:30–15:00",
        "Møtested Tønsberg",
        "Eventuelle forfall meldes til: Kari Nordmann, kari.nordmann@faerder.kommune.no",
        "Med vennlig hilsen Sekretariatet",
    ]:
        assert linje in brev, linje
    for agenda in ["Saksnr.", "Ansvar", "Møteleder", "Referent", "Til ", a.tittel, c.tittel]:
        assert agenda not in brev.removeprefix("Helsefellesskapet i Vestfold"), agenda
    assert not any(EMPTY_ROW.search(side) for side in sider)
    # Each hensikt is printed once, in its saksframlegg, not in an agenda table before them.
    for sak in with_saksframlegg:
        if sak.hensikt:
            pages = [nr for nr, tekst in enumerate(sider, 1) if sak.hensikt in tekst]
            assert pages == [_start_page(sider, sak.saksnr)], sak.saksnr

    # The saksliste, on the page after the innkalling, gives each sak and vedlegg its page, and
    # links to it.
    saksliste_page = innkalling + 1
    saksliste = sider[saksliste_page - 1]
    assert saksliste.startswith("Helsefellesskapet i Vestfold")
    assert "Saksliste Saker til behandling" in saksliste
    expected_page = innkalling + 2
    lenker = _lenkemaal(dok.fil.path, saksliste_page)
    for sak in sorted(with_saksframlegg, key=lambda s: s.rekkefolge):
        start = _start_page(sider, sak.saksnr)
        assert start == expected_page, sak.saksnr
        assert _in_sakslisten(saksliste, f"{sak.saksnr} {sak.tittel}") == start
        # The page the saksliste gives is where the saksframlegg's heading is, read by pypdf too.
        assert f"Saksnr: {sak.saksnr}" in _pypdf_page(dok.fil.path, start)
        assert sak.tittel in _pypdf_page(dok.fil.path, start)
        assert "Saksframlegg til" in _pypdf_page(dok.fil.path, start)
        assert lenker[f"sak-{sak.pk}-saksframlegg"] == start
        expected_page += saksframlegg[sak.saksnr]
        expected_page += {a.pk: 4, b.pk: 2}.get(sak.pk, 0)
    assert expected_page == m + 1
    assert "Eventuelt" in saksliste  # listed, without a page

    a_start, b_start = _start_page(sider, a.saksnr), _start_page(sider, b.saksnr)
    a1 = a_start + saksframlegg[a.saksnr]  # the first page of VEDLEGG-A
    assert _in_sakslisten(saksliste, "Vedlegg 1: Årsrapport FSU") == a1
    assert "Vedlegg 2: Presentasjon (Word-dokument, ikke satt inn)" in saksliste
    assert _in_sakslisten(saksliste, "Vedlegg 3: Intern vurdering") == a1 + 3
    b1 = b_start + saksframlegg[b.saksnr]
    assert _in_sakslisten(saksliste, "Vedlegg 1: Notat om saken") == b1
    assert lenker[f"sak-{a.pk}-vedlegg-1-side-1"] == a1
    # The docx is listed by name under its sak, not merged.
    assert "Ikke satt inn i saksdokumentene" in sider[a_start - 1]
    assert "vedlegg 2 «Presentasjon» (Word-dokument, ikke satt inn)" in sider[a_start - 1]

    # Merged pages: the vedlegg's own text, and the stamp with the pack's page number, on the
    # same page; æøå intact in both.
    for i in range(3):
        side = sider[a1 - 1 + i]
        assert f"VEDLEGG-A side {i + 1} " in side
        assert f"Årsrapport for Færder og Tønsberg, side {i + 1} av 3." in side
        assert f"Sak {a.saksnr} · Vedlegg 1 · Side {a1 + i} av {m}" in side
        assert "Helsefellesskapet i Vestfold" not in side  # no running header on them
    assert "INTERN side 1" in sider[a1 + 2]
    assert f"Sak {a.saksnr} · Vedlegg 3 · Side {a1 + 3} av {m}" in sider[a1 + 2]
    for i in range(2):
        assert f"VEDLEGG-B side {i + 1} " in sider[b1 - 1 + i]
        assert f"Sak {b.saksnr} · Vedlegg 1 · Side {b1 + i} av {m}" in sider[b1 - 1 + i]
    # Pages WeasyPrint laid out keep «Side N av M» in the footer, across the merged pages.
    for nr in [1, saksliste_page, a_start, b_start, m]:
        assert f"Side {nr} av {m}" in sider[nr - 1]
        assert "Helsefellesskapet i Vestfold" in sider[nr - 1]
    assert f"Saksdokumenter SSU 07.05.2026 · Sak {c.saksnr}" in sider[m - 1]
    assert "Møtedato: 07.05.2026" in sider[a_start - 1]

    # Bookmarks: one per part and per sak, and one per vedlegg under its sak, on the right pages.
    expected = [(1, "Innkalling", 1), (1, "Saksliste", saksliste_page)]
    for sak in sorted(with_saksframlegg, key=lambda s: s.rekkefolge):
        expected.append((1, f"{sak.saksnr} {sak.tittel}", _start_page(sider, sak.saksnr)))
        if sak == a:
            expected += [
                (2, "Vedlegg 1: Årsrapport FSU", a1),
                (2, "Vedlegg 3: Intern vurdering", a1 + 3),
            ]
        if sak == b:
            expected += [(2, "Vedlegg 1: Notat om saken", b1)]
    assert _bookmarks(dok.fil.path) == expected

    # Every page is A4; the pack is a plain PDF 1.7 that says why it is not tagged.
    reader = PdfReader(dok.fil.path)
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {
        (595, 842)
    }
    assert reader.pdf_header == "%PDF-1.7"
    rot = reader.trailer["/Root"]
    assert "/StructTreeRoot" not in rot and "/MarkInfo" not in rot
    assert reader.metadata.title == "Saksdokumenter SSU 07.05.2026"
    assert reader.metadata.author == "Strategisk samarbeidsutvalg"
    assert "ikke PDF/UA" in reader.metadata["/Merknad"]


def test_public_pack_keeps_the_number_of_an_exempt_sak_and_nothing_else(
    moteplan, django_capture_on_commit_callbacks
):
    dok = render(django_capture_on_commit_callbacks, mote=moteplan, art=PACK, utgave=OFFENTLIG)
    assert dok.filename == "saksdokumenter-ssu-2026-05-07-offentlig-v1.pdf"
    sider = _pages(dok.fil.path)
    alt = " ".join(sider)
    b = moteplan.saker.get(tittel="Personalsak ved legevakten")
    a = moteplan.saker.get(tittel="Årsrapporter fra fagutvalgene")

    assert "Innkalling til møte" in sider[0]  # the letter, one page
    saksliste = sider[1]
    # The exempt sak keeps its number and its screened title, without a page: it has no
    # saksframlegg in this edition. The one after it still has the right page.
    assert f"{b.saksnr} Unntatt offentlighet, offl. § 13" in saksliste
    assert not re.search(
        re.escape(f"{b.saksnr} Unntatt offentlighet, offl. § 13") + r" ?\.", saksliste
    )
    c = moteplan.saker.get(tittel="Strategi for helsefellesskapet")
    c_start = _in_sakslisten(saksliste, f"{c.saksnr} {c.tittel}")
    assert f"Saksnr: {c.saksnr} " in sider[c_start - 1]
    assert c.tittel in _pypdf_page(dok.fil.path, c_start)
    for hemmelig in ["Personalsak", "Hemmelig innhold", "Notat om saken", "VEDLEGG-B"]:
        assert hemmelig not in alt
    for intern in ["Intern vurdering", "INTERN side"]:
        assert intern not in alt
    assert f"Saksnr: {b.saksnr} " not in alt  # no saksframlegg for it
    titler = [t for _, t, _ in _bookmarks(dok.fil.path)]
    assert not any("Unntatt" in t or "Personalsak" in t for t in titler)
    assert "Vedlegg 1: Årsrapport FSU" in titler and "Vedlegg 3: Intern vurdering" not in titler

    # The public vedlegg is laid in and stamped with the public edition's page numbers.
    m = len(sider)
    a1 = _in_sakslisten(saksliste, "Vedlegg 1: Årsrapport FSU")
    assert "VEDLEGG-A side 1" in sider[a1 - 1]
    assert f"Sak {a.saksnr} · Vedlegg 1 · Side {a1} av {m}" in sider[a1 - 1]
    assert "offentlig utgave" in sider[-1]


def test_a_vedlegg_that_cannot_be_read_gives_a_page_saying_so(
    ssu, django_capture_on_commit_callbacks
):
    mote = mote_services.mote_create(organ=ssu, start=oslo(2026, 6, 4, 12), sted="SiV")
    sak = _sak(ssu, mote, "Sak med dårlige vedlegg")
    # Starts like a PDF (the upload check passes) but is not one.
    services.vedlegg_add(
        sak=sak, tittel="Skadet rapport", fil=ContentFile(b"%PDF-1.4\nrubbish\n", "s.pdf")
    )
    encrypted = PdfWriter(clone_from=io.BytesIO(_vedlegg_pdf("KRYPTERT", 2)))
    encrypted.encrypt(user_password="hemmelig", owner_password="eier", algorithm="RC4-128")
    data = io.BytesIO()
    encrypted.write(data)
    services.vedlegg_add(sak=sak, tittel="Låst notat", fil=ContentFile(data.getvalue(), "l.pdf"))
    services.vedlegg_add(
        sak=sak, tittel="God rapport", fil=ContentFile(_vedlegg_pdf("GOD", 2), "g.pdf")
    )

    dok = render(django_capture_on_commit_callbacks, mote=mote, art=PACK, utgave=MEDLEM)
    sider = _pages(dok.fil.path)
    m = len(sider)
    start = _start_page(sider, sak.saksnr)
    skadet, last, god = sider[start], sider[start + 1], sider[start + 2 :]
    assert "Vedlegg 1: Skadet rapport" in skadet
    assert "Vedlegget «Skadet rapport» kunne ikke settes inn: filen er skadet" in skadet
    assert "Vedlegget «Låst notat» kunne ikke settes inn: filen er passordbeskyttet" in last
    assert f"Side {start + 2} av {m}" in last
    assert len(god) == 2 and "GOD side 2" in god[1]
    assert f"Sak {sak.saksnr} · Vedlegg 3 · Side {m} av {m}" in god[1]
    assert [(t, p) for n, t, p in _bookmarks(dok.fil.path) if n == 2] == [
        ("Vedlegg 1: Skadet rapport", start + 1),
        ("Vedlegg 2: Låst notat", start + 2),
        ("Vedlegg 3: God rapport", start + 3),
    ]


def test_a_vedlegg_that_changed_after_layout_gets_a_message_not_a_failure(ssu):
    mote = mote_services.mote_create(organ=ssu, start=oslo(2026, 6, 4, 12), sted="SiV")
    sak = _sak(ssu, mote, "Sak med vedlegg")
    v = services.vedlegg_add(
        sak=sak, tittel="Rapport", fil=ContentFile(_vedlegg_pdf("RAPPORT", 2), "r.pdf")
    )
    source = dokument_source(mote=mote, art=PACK, utgave=MEDLEM)
    Path(v.fil.path).write_bytes(_vedlegg_pdf("ENDRET", 3))  # after the layout, before the merge
    rendered = dokumenter._render(source)
    ut = Path(v.fil.path).parent / "pakke.pdf"
    ut.write_bytes(rendered.pdf)
    sider = _pages(ut)
    assert len(sider) == rendered.sider
    for nr in (-2, -1):
        assert "Vedlegget «Rapport» kunne ikke settes inn her" in sider[nr]
        assert "ENDRET" not in sider[nr]
    assert f"Vedlegg 1 · Side {len(sider)} av {len(sider)}" in sider[-1]


def test_ids_in_the_pack_are_unique(moteplan):
    """Every saksframlegg's ids carry its sak, so links in one do not land in another."""
    html = dokument_source(mote=moteplan, art=PACK, utgave=MEDLEM).html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) > 15
    for sak in moteplan.saker.filter(type="sak").exclude(tittel="Eventuelt"):
        assert f'id="sak-{sak.pk}-saksframlegg"' in html
        assert f'id="sak-{sak.pk}-saksframlegg-{sak.pk}-tittel"' in html
    lenker = set(re.findall(r'href="#([^"]+)"', html))
    assert lenker and lenker <= set(ids)


def test_vedlegg_are_read_one_at_a_time(moteplan, monkeypatch):
    """A vedlegg's file is let go once its pages are in the pack: when the next one is opened,
    no earlier reader is alive (the pack never holds every attachment twice)."""
    apne = pack._open
    readers: list[weakref.ref] = []

    def open_and_check(source):
        gc.collect()
        if not isinstance(source, io.BytesIO):  # the merge (the stored file), not the page count
            assert [r for r in readers if r() is not None] == []
            reader = apne(source)
            readers.append(weakref.ref(reader))
            return reader
        return apne(source)

    monkeypatch.setattr(pack, "_open", open_and_check)
    source = dokument_source(mote=moteplan, art=PACK, utgave=MEDLEM)
    rendered = dokumenter._render(source)
    assert len(readers) == len(source.pack.inserted) == 3
    assert rendered.sider == len(PdfReader(io.BytesIO(rendered.pdf)).pages)


def test_a_changed_vedlegg_file_changes_the_content_hash(moteplan):
    forste = dokument_source(mote=moteplan, art=PACK, utgave=MEDLEM).innholdshash
    assert dokument_source(mote=moteplan, art=PACK, utgave=MEDLEM).innholdshash == forste
    v = moteplan.saker.get(tittel="Årsrapporter fra fagutvalgene").vedlegg.get(
        tittel="Årsrapport FSU"
    )
    Path(v.fil.path).write_bytes(_vedlegg_pdf("VEDLEGG-X", 3))  # same name, title and pages
    assert dokument_source(mote=moteplan, art=PACK, utgave=MEDLEM).innholdshash != forste


def test_pages_of_another_size_or_turned_are_fitted_to_a4(ssu, django_capture_on_commit_callbacks):
    mote = mote_services.mote_create(organ=ssu, start=oslo(2026, 6, 4, 12), sted="SiV")
    sak = _sak(ssu, mote, "Sak med rare sider")
    landscape = _vedlegg_pdf("LIGGENDE", 1, size="A4 landscape")
    letter = _vedlegg_pdf("LETTER", 1, size="letter")
    rotated = PdfWriter(clone_from=io.BytesIO(_vedlegg_pdf("DREID", 1)))
    rotated.pages[0].rotate(90)  # shown landscape
    data = io.BytesIO()
    rotated.write(data)
    for tittel, innhold in [
        ("Liggende", landscape),
        ("Letter", letter),
        ("Dreid", data.getvalue()),
    ]:
        services.vedlegg_add(sak=sak, tittel=tittel, fil=ContentFile(innhold, "x.pdf"))

    dok = render(django_capture_on_commit_callbacks, mote=mote, art=PACK, utgave=MEDLEM)
    reader = PdfReader(dok.fil.path)
    sider = _pages(dok.fil.path)
    sizes = [(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages]
    assert sizes[-3:] == [(842, 595), (595, 842), (842, 595)]
    for nr, tag in [(-3, "LIGGENDE"), (-2, "LETTER"), (-1, "DREID")]:
        assert f"{tag} side 1" in sider[nr]
        assert f"Side {len(sider) + nr + 1} av {len(sider)}" in sider[nr]


@pytest.mark.parametrize(
    ("boks", "rotasjon", "storrelse"),
    [
        ((0, 0, 595.28, 841.89), 0, (595.28, 841.89)),  # A4: as it is
        ((0, 0, 612, 792), 0, (595.28, 841.89)),  # Letter: shrunk to the width
        ((100, 50, 520, 645), 0, (595.28, 841.89)),  # A5 with an offset crop box: grown
        ((0, 0, 595.28, 841.89), 90, (841.89, 595.28)),  # turned: on a landscape page
        ((10, 20, 851.89, 615.28), 270, (595.28, 841.89)),
        ((0, 0, 595.28, 841.89), 180, (595.28, 841.89)),
    ],
)
def test_placement_fits_the_page_inside_the_placeholder(boks, rotasjon, storrelse):
    side = pack.Side(boks=boks, rotasjon=rotasjon)
    width, height = storrelse
    m = pack.placement(side, width, height)
    x0, y0, x1, y1 = boks
    corners = [(x, y) for x in (x0, x1) for y in (y0, y1)]
    xs = [x * m[0] + y * m[2] + m[4] for x, y in corners]
    ys = [x * m[1] + y * m[3] + m[5] for x, y in corners]
    assert min(xs) >= -0.01 and max(xs) <= width + 0.01
    assert min(ys) >= -0.01 and max(ys) <= height + 0.01
    # Fills one direction, centred in the other.
    assert abs(max(xs) - min(xs) - width) < 0.01 or abs(max(ys) - min(ys) - height) < 0.01
    assert abs((min(xs) + max(xs)) / 2 - width / 2) < 0.01
    assert abs((min(ys) + max(ys)) / 2 - height / 2) < 0.01
    if boks == (0, 0, 595.28, 841.89) and rotasjon == 0:
        assert m == (1, 0, 0, 1, 0, 0)
    if rotasjon == 180:  # upside down: the box's top-right corner lands at the origin
        assert (xs[3], ys[3]) == pytest.approx((0, 0), abs=0.01)


@pytest.fixture
def ssu_7_5_26(demo, request, media) -> Mote:
    # The demo laid its vedlegg files in the run's media folder; this module renders into a
    # folder of each test's own, so they are brought along.
    kilde = request.config._mp_media / "vedlegg"
    if kilde.exists():
        shutil.copytree(kilde, media / "vedlegg", dirs_exist_ok=True)
    return Mote.objects.get(organ__kortnavn="SSU", start__date=datetime.date(2026, 5, 7))


def test_demo_pack_of_ssu_7_5_26_has_the_right_page_numbers(
    ssu_7_5_26, django_capture_on_commit_callbacks
):
    dok = render(django_capture_on_commit_callbacks, mote=ssu_7_5_26, art=PACK, utgave=MEDLEM)
    sider = _pages(dok.fil.path)
    m = len(sider)
    innkalling = 1
    # The letter, as in the seed: «Innkalling til møte», the body, Møtetid, Møtested, who takes
    # forfall, the greeting, on a page of its own; no agenda table before the saksliste.
    brev = sider[0]
    for linje in [
        "Innkalling til møte Strategisk samarbeidsutvalg (SSU)",
        "Møtetid 7. mai 2026, kl. 12:30",
        "Møtested Tønsberg, SiV HF, møterom CA-E1-028",
        "Eventuelle forfall meldes til: Hilde Kari Maugesten, hilde.kari.maugesten@",
        "Med vennlig hilsen Sekretariatet",
    ]:
        assert linje in brev, linje
    assert "Møtetid 7. mai 2026, kl. 12:30–" not in brev  # the meeting has no end time set
    assert not any(EMPTY_ROW.search(side) for side in sider)
    saksliste = sider[innkalling]
    assert saksliste.startswith(
        "Helsefellesskapet i Vestfold Strategisk samarbeidsutvalg (SSU) Saksliste Saker til "
        "behandling 14/26 Godkjenning innkalling og saksliste ."
    )
    saker = list(ssu_7_5_26.saker.filter(type="sak").order_by("rekkefolge", "pk"))
    assert [s.saksnr for s in saker] == [f"{n}/26" for n in range(14, 22)]
    bookmarks = {t: p for _, t, p in _bookmarks(dok.fil.path)}
    previous = innkalling + 1
    for sak in saker:
        start = _start_page(sider, sak.saksnr)
        assert start > previous
        assert _in_sakslisten(saksliste, f"{sak.saksnr} {sak.tittel}") == start, sak.saksnr
        assert f"Saksnr: {sak.saksnr}" in _pypdf_page(dok.fil.path, start)
        assert bookmarks[f"{sak.saksnr} {sak.tittel}"] == start
        # Its hensikt is printed in its saksframlegg only, not in an agenda before it.
        if sak.hensikt:
            forste = sak.hensikt.split("\n", 1)[0][:40]
            assert [nr for nr, t in enumerate(sider, 1) if forste in t] == [start], sak.saksnr
        previous = start
    # Most of the demo's vedlegg have no files: listed by name under their sak, no pages of their
    # own. Those with a PDF file (the evaluation plan of 17/26) are in the pack with their pages.
    assert "Årsrapport fagutvalg akuttkjeden 2025 (ikke lastet opp)" in saksliste
    pdf_vedlegg = [
        v for s in saker for v in s.vedlegg.all() if v.fil and v.innholdstype == "application/pdf"
    ]
    assert [v.tittel for v in pdf_vedlegg] == [
        "Plan for evaluering delavtale helhetlige pasientforløp"
    ]
    vedleggssider = sum(len(PdfReader(v.fil.path).pages) for v in pdf_vedlegg)
    assert m == innkalling + 1 + vedleggssider + sum(
        _page_count(ssu_7_5_26, Dokument.Art.SAKSFRAMLEGG, MEDLEM, s.pk) for s in saker
    )
    for nr in range(1, m + 1):
        assert f"Side {nr} av {m}" in sider[nr - 1]
    # Norwegian letters survive the fonts and pdftotext: each saksframlegg shows its title as
    # typed, and several titles have them («oppfølging», «Partnerskapsmøte», «tilhørende»).
    assert sum(bool(set(s.tittel) & set("æøåÆØÅ")) for s in saker) >= 3
    for sak in saker:
        assert sak.tittel in sider[_start_page(sider, sak.saksnr) - 1], sak.saksnr


def test_unchanged_pack_is_not_rendered_again(moteplan, django_capture_on_commit_callbacks):
    forste = render(django_capture_on_commit_callbacks, mote=moteplan, art=PACK, utgave=MEDLEM)
    with django_capture_on_commit_callbacks() as callbacks:
        again = dokument_order(mote=moteplan, art=PACK, utgave=MEDLEM)
    assert again == forste and not callbacks


def test_render_pdf_command_makes_the_pack(moteplan, tmp_path):
    ut = tmp_path / "pakke.pdf"
    tekst = io.StringIO()
    call_command("render_pdf", str(moteplan.pk), "saksdokumenter", "-o", str(ut), stdout=tekst)
    assert "pakke.pdf: " in tekst.getvalue()
    sider = _pages(ut)
    assert any("VEDLEGG-A side 3" in s for s in sider)
    assert any("VEDLEGG-B side 1" in s for s in sider)
    call_command(
        "render_pdf",
        str(moteplan.pk),
        "saksdokumenter",
        "--offentlig",
        "-o",
        str(ut),
        stdout=io.StringIO(),
    )
    assert not any("VEDLEGG-B" in s for s in _pages(ut))


def _pack_pages(mote: Mote, tmp_path: Path, utgave: str = MEDLEM) -> list[str]:
    rendered = dokument_pdf(mote=mote, art=PACK, utgave=utgave)
    ut = tmp_path / f"pakke-{mote.pk}-{utgave}.pdf"
    ut.write_bytes(rendered.pdf)
    sider = _pages(ut)
    assert len(sider) == rendered.sider
    return sider


def test_pack_of_a_meeting_without_saker_is_the_letter_and_an_empty_saksliste(ssu, tmp_path):
    """No saker, no place, nobody to report forfall to: the letter leaves those lines out."""
    mote = mote_services.mote_create(
        organ=ssu, start=oslo(2026, 6, 4, 9), digital_lenke="https://teams.example.org/m/1"
    )
    sider = _pack_pages(mote, tmp_path)
    assert len(sider) == 2
    assert "Innkalling til møte Strategisk samarbeidsutvalg (SSU)" in sider[0]
    assert "Møtetid 4. juni 2026, kl. 09:00 Digitalt Lenke til digitalt møte" in sider[0]
    for tomt in ["Møtested", "Eventuelle forfall", " – "]:
        assert tomt not in sider[0], tomt
    assert "Med vennlig hilsen Sekretariatet" in sider[0]
    assert "Saksliste Sakslisten er tom." in sider[1]
    assert "Saker til behandling" not in sider[1]


def test_a_sak_without_saksframlegg_is_listed_without_a_page(ssu, tmp_path):
    """Eventuelt with nothing under it has no saksframlegg: listed by its number, no page; the
    other sak has the page its saksframlegg starts on."""
    mote = mote_services.mote_create(organ=ssu, start=oslo(2026, 6, 4, 9), sted="SiV")
    sak = _sak(ssu, mote, "Sak med saksframlegg")
    eventuelt = _sak(ssu, mote, "Eventuelt", sakstyper=["eventuelt"], hensikt="")
    services.innkalling_send(mote=mote, notify=False)
    sak.refresh_from_db()
    eventuelt.refresh_from_db()
    sider = _pack_pages(Mote.objects.get(pk=mote.pk), tmp_path)
    assert len(sider) == 3
    saksliste = sider[1]
    assert f"{eventuelt.saksnr} Eventuelt" in saksliste
    assert not re.search(re.escape(f"{eventuelt.saksnr} Eventuelt") + r" ?\.", saksliste)
    assert _in_sakslisten(saksliste, f"{sak.saksnr} {sak.tittel}") == 3
    assert f"Saksnr: {sak.saksnr}" in sider[2] and "Hensikten med «Sak med" in sider[2]
    assert "Hensikten med «Sak med" not in " ".join(sider[:2])


def test_documents_leave_out_empty_fields(ssu):
    """No «Til –», «Møteleder –», «Referent –», «0 vedlegg –», «Frafall –» or «Sakstype: –»: a
    field that is not set has no row, in the innkalling, the referat and the saksframlegg."""
    mote = mote_services.mote_create(organ=ssu, start=oslo(2026, 6, 4, 9), sted="SiV")
    sak = services.sak_create(organ=ssu, mote=mote, tittel="Sak uten sakstype", sakstyper=[])
    Mote.objects.filter(pk=mote.pk).update(til="")  # «SSUs faste medlemmer» by default
    mote.refresh_from_db()
    documents = [
        (Dokument.Art.INNKALLING, None),
        (Dokument.Art.SAKSFRAMLEGG, sak.pk),
        (PACK, None),
    ]
    htmls = [
        (art, dokument_source(mote=mote, art=art, utgave=MEDLEM, sak_id=sak_id).html)
        for art, sak_id in documents
    ]
    # The referat, of a meeting held with no attendance recorded.
    Sak.objects.filter(pk=sak.pk).update(sakstyper=["orientering"])
    services.innkalling_send(mote=mote, notify=False)
    mote = mote_services.mote_set_avholdt(mote=Mote.objects.get(pk=mote.pk))
    referat = dokument_source(mote=mote, art=Dokument.Art.REFERAT, utgave=MEDLEM).html
    htmls.append((Dokument.Art.REFERAT, referat))
    for art, html in htmls:
        assert "–<" not in html and "– <" not in html, art
        tekst = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        assert not EMPTY_ROW.search(tekst), (art, EMPTY_ROW.search(tekst))
        for rad in ["Til", "Møteleder", "Referent", "Frafall", "Tilstede", "Sakstype:"]:
            assert f">{rad}</th>" not in html, (art, rad)
    # The standalone innkalling keeps its head table (seed 000) with the rows that are set.
    innkalling = dict(htmls)[Dokument.Art.INNKALLING]
    assert '<th scope="row">Dato/sted</th>' in innkalling
    assert '<th scope="row">Tema</th>' in innkalling
    assert "sakstabell__ansvar" in innkalling  # and its three columns
