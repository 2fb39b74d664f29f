"""The meeting pack, «Saksdokumenter», shaped like seed 002: the innkalling as a one-page letter
(``innkallingsbrev.html``: Møtetid, Møtested, who takes forfall; not the standalone innkalling's
agenda table, whose hensikt and proposals are in the saksframlegg), a saksliste with the page of
every sak and vedlegg, every saksframlegg, and the PDF vedlegg merged in, with page numbers,
bookmarks and «Side N av M» running through the whole pack, and a stamp on every attached page:
«Sak 14/26 · Vedlegg 2 · Side 37 av 112», so a referat can cite pages.

How (the way the Documents issue describes, WeasyPrint 70 and pypdf 7):

1. ``pack_plan`` decides what the edition contains (``moter.display.saksliste``: exempt saker
   in the public edition keep only their number and «Unntatt offentlighet, offl. § …», and
   non-public vedlegg are left out) and reads the page count and page sizes of every PDF
   vedlegg, cached per file version. A PDF that cannot be read (encrypted, corrupt, empty)
   gets a normal page saying «Vedlegget «…» kunne ikke settes inn» instead.
2. One WeasyPrint pass renders ``saksdokumenter_innhold.html``: the attached pages appear as
   empty placeholder pages (the named page ``vedlegg``, A4 portrait or landscape after the
   vedlegg's page, no header or footer; its only margin a 7 mm band at the bottom where the
   stamp is drawn, with ``counter(page)``/``counter(pages)`` in a margin box), each carrying
   the vedlegg's bookmark. So the saksliste's ``target-counter(attr(href), page)``, the
   bookmarks, the stamps and «Side N av M» are all WeasyPrint's own numbers.
3. ``insert_vedlegg`` lays each vedlegg page under its placeholder with pypdf, over the whole
   sheet: the page becomes a Form XObject (its content stream copied as it is, its resources
   cloned; no content stream is parsed, unlike ``merge_page``), drawn turned as the viewer
   shows it, scaled to fit and centred, before (under) WeasyPrint's stamp. The placeholder
   page object stays, so WeasyPrint's outline, links and named destinations keep pointing at
   it. Vedlegg are read one at a time and let go once their pages are in the pack, so the
   pack never holds every attachment page twice. A vedlegg that fails here after all (the
   file changed since step 1, a page pypdf cannot copy) gets a message on its placeholder
   pages, in a standard PDF font, and the pack goes on.

The merged pack cannot keep PDF/UA tags (the vedlegg's pages are not in the structure tree):
it is rendered as a plain, untagged PDF 1.7, and says so in its metadata (``/Merknad``); the
innkalling, referat and saksframlegg published one by one are the tagged ones. A pack with no
PDF vedlegg laid in is tagged PDF/UA-1 like them; either way ``moter.pdfstruktur`` gives it its
title shown and XMP metadata.

Dependency rule: nothing here imports from ``saker``; saker and vedlegg are reached through
``mote.saker`` and their attributes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import textwrap
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import Storage
from pypdf import PageObject, PasswordType, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from . import pdfstruktur
from .access import Tilgang
from .display import Punkt, Saksliste, saksliste
from .models import Mote

logger = logging.getLogger(__name__)

# Part of the pack's content hash: a change in how vedlegg are laid in gives new versions.
PACK_VERSION = "moteportalen-pakke/1"

PDF = "application/pdf"
MERKNAD = (
    "Saksdokumenter med innsatte vedlegg: vanlig PDF 1.7 uten tagger (ikke PDF/UA), fordi "
    "vedleggenes sider ikke kan tagges. Innkallingen, referatet og saksframleggene publiseres "
    "også hver for seg som tagget PDF (PDF/UA-1)."
)

# What a vedlegg that is not laid into the pack is called in the saksliste.
_FILE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word-dokument",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel-regneark",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PowerPoint-presentasjon"
    ),
    "image/png": "bilde",
    "image/jpeg": "bilde",
}

_XOBJECT = NameObject("/MpVedlegg")
_MESSAGE_FONT = NameObject("/MpMelding")


def pdf_choices(choices: dict) -> dict:
    """WeasyPrint's options for the pack: those of the other documents without the PDF/UA
    variant and without tags (a plain PDF 1.7)."""
    ut = {k: v for k, v in choices.items() if k not in {"pdf_variant", "pdf_tags"}}
    return {**ut, "pdf_tags": False, "pdf_version": "1.7"}


# --- The vedlegg's PDF files ------------------------------------------------------------------


class _Unreadable(Exception):
    """A PDF vedlegg that cannot be laid in; the message is Norwegian («filen er …»)."""


@dataclass(frozen=True)
class Side:
    """One page of a PDF vedlegg: its visible box (the crop box, in PDF points) and rotation."""

    boks: tuple[float, float, float, float]
    rotasjon: int  # 0, 90, 180 or 270, clockwise as the viewer shows it

    @property
    def storrelse(self) -> tuple[float, float]:
        """Width and height as the page is shown (after its rotation)."""
        width, height = self.boks[2] - self.boks[0], self.boks[3] - self.boks[1]
        return (height, width) if self.rotasjon in {90, 270} else (width, height)

    @property
    def landscape(self) -> bool:
        width, height = self.storrelse
        return width > height


@dataclass(frozen=True)
class PdfInfo:
    sha256: str
    sider: tuple[Side, ...] = ()
    feil: str = ""  # why the file cannot be laid in, «» when it can


def _open(source: Any) -> PdfReader:
    reader = PdfReader(source, strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # only an owner password: the pages can be read
        except Exception:  # noqa: BLE001 - e.g. AES without the cryptography package
            opened = PasswordType.NOT_DECRYPTED
        if not opened:
            raise _Unreadable("filen er passordbeskyttet eller kryptert")
    return reader


def _side(side: PageObject) -> Side:
    # What a viewer shows: the crop box (the media box when there is none), inside the media box.
    boks, media = side.cropbox, side.mediabox
    x0, x1 = sorted((float(boks.left), float(boks.right)))
    y0, y1 = sorted((float(boks.bottom), float(boks.top)))
    mx0, mx1 = sorted((float(media.left), float(media.right)))
    my0, my1 = sorted((float(media.bottom), float(media.top)))
    x0, y0, x1, y1 = max(x0, mx0), max(y0, my0), min(x1, mx1), min(y1, my1)
    if x1 - x0 < 1 or y1 - y0 < 1:
        raise _Unreadable("en side i filen har ingen størrelse")
    rotasjon = (round(int(side.rotation or 0) / 90) % 4) * 90
    return Side(boks=(x0, y0, x1, y1), rotasjon=rotasjon)


@functools.lru_cache(maxsize=512)
def _read_pdf(storage: Storage, navn: str, storrelse: int, endret: datetime) -> PdfInfo:
    with storage.open(navn, "rb") as fil:
        data = fil.read()
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        sider = tuple(_side(s) for s in _open(io.BytesIO(data)).pages)
    except _Unreadable as exc:
        return PdfInfo(sha256=sha256, feil=str(exc))
    except Exception as exc:  # noqa: BLE001 - whatever pypdf finds wrong with the file
        logger.warning("Kan ikke lese PDF-vedlegget %s: %s", navn, exc)
        return PdfInfo(sha256=sha256, feil="filen er skadet eller ikke en gyldig PDF")
    if not sider:
        return PdfInfo(sha256=sha256, feil="filen har ingen sider")
    return PdfInfo(sha256=sha256, sider=sider)


def read_pdf(storage: Storage, navn: str) -> PdfInfo:
    """Checksum, pages and page sizes of a stored PDF file, read once per version of the file
    (its size and time of change)."""
    return _read_pdf(storage, navn, storage.size(navn), storage.get_modified_time(navn))


def _is_pdf(vedlegg: Any) -> bool:
    if not vedlegg.fil:
        return False
    if vedlegg.innholdstype:
        return vedlegg.innholdstype == PDF
    return vedlegg.fil.name.lower().endswith(".pdf")


def _pdfinfo(vedlegg: Any) -> PdfInfo:
    """What the vedlegg's stored file holds, or why it cannot be used. Only files in the media
    storage (a name that would lead out of it is refused by the storage itself)."""
    try:
        return read_pdf(vedlegg.fil.storage, vedlegg.fil.name)
    except (FileNotFoundError, SuspiciousOperation):
        return PdfInfo(sha256="", feil="filen finnes ikke")


def _merknad(vedlegg: Any) -> str:
    """What the saksliste says of a vedlegg that is listed by name only."""
    if vedlegg.is_link:
        return "lenke"
    if not vedlegg.fil:
        return "ikke lastet opp"
    return f"{_FILE_TYPES.get(vedlegg.innholdstype, 'fil')}, ikke satt inn"


# --- What the pack contains -------------------------------------------------------------------


@dataclass(frozen=True)
class Vedleggsside:
    html_id: str
    side: Side

    @property
    def landscape(self) -> bool:
        return self.side.landscape


@dataclass
class PackVedlegg:
    """A vedlegg of a sak as the pack shows it: laid in (a PDF that can be read), a page saying it
    could not be laid in (a PDF that cannot), or listed by name only (other files, links)."""

    vedlegg: Any  # saker.models.Vedlegg
    sak_pk: int
    saksnr: str
    nr: int  # «Vedlegg 2», numbered as in the saksframlegg
    info: PdfInfo | None = None  # a PDF vedlegg's pages, read from its stored file
    merknad: str = ""  # for a vedlegg listed by name only: «Word-dokument, ikke satt inn»

    @property
    def tittel(self) -> str:
        return self.vedlegg.tittel

    @property
    def prefix(self) -> str:
        return f"sak-{self.sak_pk}-vedlegg-{self.nr}"

    @property
    def is_inserted(self) -> bool:
        return self.info is not None and not self.info.feil

    @property
    def feil(self) -> str:
        return self.info.feil if self.info is not None else ""

    @functools.cached_property
    def sider(self) -> list[Vedleggsside]:
        if self.info is None or not self.is_inserted:
            return []
        return [
            Vedleggsside(html_id=f"{self.prefix}-side-{i}", side=side)
            for i, side in enumerate(self.info.sider, 1)
        ]

    @property
    def page_id(self) -> str:
        """The id of the vedlegg's first page in the pack, «» when it has none."""
        if self.sider:
            return self.sider[0].html_id
        return self.prefix if self.feil else ""

    @property
    def stamp(self) -> str:
        return f"Sak {self.saksnr} · Vedlegg {self.nr}"

    @property
    def bookmark(self) -> str:
        return f"Vedlegg {self.nr}: {self.tittel}"


@dataclass
class PackSak:
    punkt: Punkt
    has_saksframlegg: bool
    vedlegg: list[PackVedlegg] = field(default_factory=list)

    @property
    def id_prefix(self) -> str:
        return f"sak-{self.punkt.sak.pk}-"

    @property
    def html_id(self) -> str:
        return f"sak-{self.punkt.sak.pk}-saksframlegg"

    @property
    def bookmark(self) -> str:
        return f"{self.punkt.sak.saksnr} {self.punkt.tittel}".strip()

    @property
    def not_inserted(self) -> list[PackVedlegg]:
        """Vedlegg listed by name only (not PDF files, links)."""
        return [v for v in self.vedlegg if not v.is_inserted and not v.feil]


@dataclass
class Pack:
    """What one edition of a meeting's pack contains, in order."""

    liste: Saksliste
    saker: list[PackSak]

    @property
    def vedlegg(self) -> list[PackVedlegg]:
        return [v for s in self.saker for v in s.vedlegg]

    @property
    def inserted(self) -> list[PackVedlegg]:
        return [v for v in self.vedlegg if v.is_inserted]

    @property
    def vedleggssider(self) -> int:
        return sum(len(v.sider) for v in self.inserted)

    @functools.cached_property
    def fingerprint(self) -> str:
        """The attached files' content, for the pack's content hash: a changed file (same name,
        same title) gives a new version."""
        hasher = hashlib.sha256(PACK_VERSION.encode())
        for v in self.vedlegg:
            sha = v.info.sha256 if v.info is not None else ""
            hasher.update(f"\0{v.vedlegg.pk}:{v.nr}:{sha}:{v.feil}".encode())
        return hasher.hexdigest()


def _has_saksframlegg(punkt: Punkt) -> bool:
    """Every sak has its saksframlegg in the pack, except an exempt sak in the public edition,
    and «Eventuelt» while it has nothing written under it."""
    if punkt.skjermet:
        return False
    sak = punkt.sak
    if "eventuelt" in (sak.sakstyper or []):
        tekst = (sak.hensikt, sak.forslag_til_vedtak, sak.faktagrunnlag, sak.vurdering)
        return any(tekst) or bool(punkt.vedlegg)
    return True


def pack_plan(mote: Mote, *, tilgang: Tilgang) -> Pack:
    """The pack of one edition: the agenda as ``tilgang`` may see it, and for each PDF vedlegg
    its pages (read from the file, cached per version of it)."""
    liste = saksliste(mote, tilgang=tilgang)
    saker = []
    for punkt in liste.punkter:
        sak = punkt.sak
        if sak.type != "sak":
            continue  # pauses and other unnumbered lines are in the innkalling only
        del_ = PackSak(punkt=punkt, has_saksframlegg=_has_saksframlegg(punkt))
        for nr, vedlegg in enumerate(punkt.vedlegg, 1):
            pv = PackVedlegg(
                vedlegg=vedlegg, sak_pk=sak.pk, saksnr=sak.saksnr or "uten nummer", nr=nr
            )
            if _is_pdf(vedlegg):
                pv.info = _pdfinfo(vedlegg)
            else:
                pv.merknad = _merknad(vedlegg)
            del_.vedlegg.append(pv)
        saker.append(del_)
    return Pack(liste=liste, saker=saker)


# --- Laying the vedlegg into the rendered pack ------------------------------------------------


def sideankre(dokument: Any) -> dict[str, int]:
    """The page (from 0) of every vedlegg placeholder in a rendered WeasyPrint document."""
    return {
        navn: i
        for i, side in enumerate(dokument.pages)
        for navn in side.anchors
        if navn.startswith("sak-") and "-vedlegg-" in navn
    }


Matrix = tuple[float, float, float, float, float, float]


def _time(a: Matrix, b: Matrix) -> Matrix:
    """a, then b (PDF matrices, row vectors)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def placement(side: Side, width: float, height: float) -> Matrix:
    """Where a vedlegg page goes on a placeholder page of ``width`` × ``height`` points: turned
    as the viewer shows it, scaled to fit (A4 pages stay as they are), centred."""
    x0, y0, x1, y1 = side.boks
    b, h = x1 - x0, y1 - y0
    rotation: Matrix = {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, -1, 1, 0, 0, b),
        180: (-1, 0, 0, -1, b, h),
        270: (0, 1, -1, 0, h, 0),
    }[side.rotasjon]
    vb, vh = side.storrelse
    scale = min(width / vb, height / vh)
    if abs(scale - 1) < 0.002:  # A4 (595 × 842 or so): not scaled
        scale = 1.0
    m = _time((1, 0, 0, 1, -x0, -y0), rotation)
    m = _time(m, (scale, 0, 0, scale, 0, 0))
    return _time(m, (1, 0, 0, 1, (width - vb * scale) / 2, (height - vh * scale) / 2))


def _object(verdi: Any) -> Any:
    return verdi.get_object() if isinstance(verdi, PdfObject) else verdi


def _reference(writer: PdfWriter, obj: PdfObject) -> PdfObject:
    """An object cloned into the writer, by reference when it is an indirect object there."""
    ref = getattr(obj, "indirect_reference", None)
    if isinstance(ref, IndirectObject) and ref.pdf is writer:
        return ref
    return obj


def _form(writer: PdfWriter, side: PageObject, info: Side) -> IndirectObject:
    """The vedlegg page as a Form XObject in the writer: its content stream copied as it is
    (still compressed), its resources cloned, clipped to its visible box."""
    innhold = _object(side.get("/Contents"))
    if isinstance(innhold, ArrayObject) or innhold is None:
        stream: StreamObject = DecodedStreamObject()
        parts = [_object(d).get_data() for d in (innhold or [])]
        stream.set_data(b"\n".join(parts))
        stream = stream.flate_encode()
    else:
        stream = innhold.clone(writer, force_duplicate=True)
    resources = _object(side.get("/Resources"))
    stream[NameObject("/Type")] = NameObject("/XObject")
    stream[NameObject("/Subtype")] = NameObject("/Form")
    stream[NameObject("/FormType")] = NumberObject(1)
    stream[NameObject("/BBox")] = ArrayObject(FloatObject(round(v, 4)) for v in info.boks)
    stream[NameObject("/Resources")] = (
        _reference(writer, resources.clone(writer))
        if isinstance(resources, DictionaryObject)
        else DictionaryObject()
    )
    group = _object(side.get("/Group"))
    if isinstance(group, DictionaryObject):
        stream[NameObject("/Group")] = group.clone(writer)
    ref = _reference(writer, stream)
    return ref if isinstance(ref, IndirectObject) else writer._add_object(stream)


def _own_resources(place: PageObject, art: str) -> DictionaryObject:
    """The placeholder's resources and their ``art`` dictionary as copies of its own: WeasyPrint
    may share one resource dictionary between pages."""
    resources = DictionaryObject(_object(place.get("/Resources")) or {})
    subordinate = DictionaryObject(_object(resources.get(art)) or {})
    resources[NameObject(art)] = subordinate
    place[NameObject("/Resources")] = resources
    return subordinate


def _characters_first(writer: PdfWriter, place: PageObject, operators: bytes) -> None:
    """Draws ``operators`` before (under) what WeasyPrint drew on the placeholder."""
    stream = DecodedStreamObject()
    stream.set_data(b"q\n" + operators + b"\nQ\n")
    old = place.raw_get("/Contents") if "/Contents" in place else None
    if isinstance(old, ArrayObject):
        rest = list(old)
    elif old is None:
        rest = []
    else:
        rest = [old]
    place[NameObject("/Contents")] = ArrayObject([writer._add_object(stream), *rest])


def _tall(verdi: float) -> bytes:
    return f"{verdi:.4f}".rstrip("0").rstrip(".").encode() or b"0"


def _links(place: PageObject, side: PageObject, m: Matrix) -> None:
    """The vedlegg's web links (URI link annotations), moved with the page."""
    nye = []
    for annot in _object(side.get("/Annots")) or []:
        annot = _object(annot)
        if not isinstance(annot, DictionaryObject) or annot.get("/Subtype") != "/Link":
            continue
        handling = _object(annot.get("/A"))
        if not isinstance(handling, DictionaryObject) or handling.get("/S") != "/URI":
            continue
        uri = str(_object(handling.get("/URI")) or "")
        if not uri.lower().startswith(("http://", "https://", "mailto:")):
            continue
        try:
            x0, y0, x1, y1 = (float(v) for v in _object(annot.get("/Rect")))
        except (TypeError, ValueError):
            continue
        corners = [(x, y) for x in (x0, x1) for y in (y0, y1)]
        xs = [x * m[0] + y * m[2] + m[4] for x, y in corners]
        ys = [x * m[1] + y * m[3] + m[5] for x, y in corners]
        nye.append(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/Rect"): ArrayObject(
                        FloatObject(round(v, 3)) for v in (min(xs), min(ys), max(xs), max(ys))
                    ),
                    NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                    NameObject("/A"): DictionaryObject(
                        {
                            NameObject("/S"): NameObject("/URI"),
                            NameObject("/URI"): TextStringObject(uri),
                        }
                    ),
                }
            )
        )
    if nye:
        old = list(_object(place.get("/Annots")) or [])
        place[NameObject("/Annots")] = ArrayObject([*old, *nye])


def _add_page(writer: PdfWriter, place: PageObject, side: PageObject, info: Side) -> None:
    skjema = _form(writer, side, info)
    m = placement(info, float(place.mediabox.width), float(place.mediabox.height))
    _own_resources(place, "/XObject")[_XOBJECT] = skjema
    _characters_first(
        writer, place, b" ".join(_tall(v) for v in m) + b" cm " + _XOBJECT.encode() + b" Do"
    )
    _links(place, side, m)


def _pdf_text(tekst: str) -> bytes:
    data = tekst.encode("cp1252", errors="replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def write_message(writer: PdfWriter, place: PageObject, tekst: str) -> None:
    """A message on a placeholder page whose vedlegg page could not be laid in after all (the
    file changed, or a page pypdf cannot copy), in a standard PDF font."""
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    _own_resources(place, "/Font")[_MESSAGE_FONT] = writer._add_object(font)
    height = float(place.mediabox.height)
    linjer = textwrap.wrap(tekst, 70) or [""]
    ops = [
        b"0.1 0.1 0.1 rg BT",
        _MESSAGE_FONT.encode() + b" 13 Tf 18 TL 72 " + _tall(height - 144) + b" Td",
    ]
    ops += [_pdf_text(line) + b" Tj T*" for line in linjer]
    _characters_first(writer, place, b"\n".join([*ops, b"ET"]))


def _insert(writer: PdfWriter, pv: PackVedlegg, placeholders: list[PageObject]) -> None:
    """Lays one vedlegg's pages onto its placeholders; a file or page that fails gets a message
    on its placeholder instead, and the pack goes on."""
    assert pv.info is not None  # only the vedlegg that are laid in (Pakke.innsatte)
    melding = (
        f"Vedlegget «{pv.tittel}» kunne ikke settes inn her. Det ligger ved saken i Møteportalen."
    )
    # The stored file is read again here (from the bucket, or the disk): it is open only while
    # its pages are laid in.
    with ExitStack() as close:
        try:
            fil = close.enter_context(pv.vedlegg.fil.storage.open(pv.vedlegg.fil.name, "rb"))
            reader = _open(fil)
            sider = list(reader.pages)
            if len(sider) != len(placeholders):
                raise _Unreadable("filen er endret mens saksdokumentene ble laget")
        except Exception as exc:  # noqa: BLE001 - a vedlegg must never stop the pack
            logger.warning("Vedlegg %s kunne ikke settes inn: %s", pv.vedlegg.pk, exc)
            for place in placeholders:
                write_message(writer, place, melding)
            return
        try:
            for side, place, info in zip(sider, placeholders, pv.info.sider, strict=True):
                try:
                    _add_page(writer, place, side, info)
                except Exception as exc:  # noqa: BLE001
                    logger.warning(
                        "En side i vedlegg %s kunne ikke settes inn: %s", pv.vedlegg.pk, exc
                    )
                    write_message(writer, place, melding)
        finally:
            # pypdf keeps every reader it cloned from alive; this one's pages are in the
            # writer now.
            getattr(writer, "_id_translated", {}).pop(id(reader), None)
            del reader, sider


def insert_vedlegg(pdf: bytes, pack: Pack, anchors: dict[str, int]) -> bytes:
    """The rendered pack with every PDF vedlegg page laid onto its placeholder page."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for pv in pack.inserted:
        try:
            placeholders = [writer.pages[anchors[s.html_id]] for s in pv.sider]
        except KeyError as exc:  # the template and the plan disagree: a bug, not a bad file
            raise RuntimeError(f"Fant ikke plassholdersiden {exc} i saksdokumentene.") from exc
        _insert(writer, pv, placeholders)
    writer.add_metadata({"/Merknad": MERKNAD})
    writer.pdf_header = "%PDF-1.7"  # as WeasyPrint wrote it (pypdf would write 1.3)
    return pdfstruktur.compact(writer)
