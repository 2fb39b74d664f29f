"""Checks of uploaded attachments (vedlegg) by their content, not their name."""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

logger = logging.getLogger(__name__)

MB = 1024 * 1024

# Office Open XML: the part that tells a .docx from an .xlsx or .pptx inside the zip.
_OOXML = {
    "word/document.xml": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xl/workbook.xml": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "ppt/presentation.xml": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}
# The longest file name taken, in characters; saker.models.vedlegg_sti also cuts the stored
# name to what the file system takes (255 bytes, which «ø» counts twice).
VEDLEGG_NAVN_MAKS_TEGN = 150
TILLATTE_ENDELSER = ("pdf", "docx", "xlsx", "pptx", "png", "jpg", "jpeg")
# PDF features that run code, send data or open other files (pdf_aktivt_innhold below).
# Keys of a dictionary: scripts, actions on events, attached files, Flash/3D, XFA forms.
_PDF_AKTIVE_NOKLER = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/AA",
        "/EmbeddedFiles",
        "/EF",
        "/RichMedia",
        "/RichMediaContent",
        "/XFA",
    }
)
# Action types (/S) and object types (/Type, /Subtype) that do the same.
_PDF_AKTIVE_NAVN = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/RichMediaExecute",
        "/EmbeddedFile",
        "/FileAttachment",
        "/RichMedia",
        "/Movie",
        "/Sound",
        "/Screen",
        "/3D",
    }
)
# A file pypdf cannot read is checked on its bytes, names' #xx escapes decoded first.
_PDF_AKTIVT_RAATT = re.compile(
    rb"/(JavaScript|JS|AA|OpenAction|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm)(?![A-Za-z])"
)
_PDF_NAVN_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Filsjekk:
    endelse: str
    innholdstype: str
    storrelse: int


def maks_storrelse() -> int:
    return getattr(settings, "VEDLEGG_MAKS_MB", 25) * MB


def _feil(melding: str, code: str) -> ValidationError:
    return ValidationError(melding, code=code)


def _sniff(data: bytes) -> tuple[str, str] | None:
    if data.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        return "zip", "application/zip"
    return None


def _sjekk_ooxml(data: bytes) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            navn = {i.filename for i in infos}
            utpakket = sum(i.file_size for i in infos)
            pakket = max(1, sum(i.compress_size for i in infos))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _feil("Filen er skadet og kan ikke leses.", "skadet") from exc
    # A zip bomb: far more data inside than any real Office document has.
    if utpakket > 200 * MB or utpakket / pakket > 200:
        raise _feil("Filen pakker seg ut til urimelig mye data og er avvist.", "zipbombe")
    if "[Content_Types].xml" in navn:
        for del_, (endelse, innholdstype) in _OOXML.items():
            if del_ in navn:
                return endelse, innholdstype
    raise _feil(
        "Filen er en zip-fil, ikke et Word-, Excel- eller PowerPoint-dokument.", "ukjent_type"
    )


def _er_navn(verdi, navn: frozenset[str]) -> bool:
    return isinstance(verdi, NameObject) and verdi in navn


def _aktiv_handling(verdi) -> bool:
    """An /OpenAction that is more than «open at this page»: a destination array or a /GoTo is
    harmless; anything else (its type is also checked where it stands) is refused."""
    if isinstance(verdi, ArrayObject):
        return False
    return not (isinstance(verdi, DictionaryObject) and verdi.get("/S") == "/GoTo")


def _pdf_les_aktivt(data: bytes) -> str | None:
    """What active feature the PDF has, looked for in every object pypdf can read: the
    catalog, pages, annotations, form fields, name trees and objects inside object streams,
    also objects nothing points at. pypdf decodes names written with #xx escapes."""
    leser = PdfReader(io.BytesIO(data), strict=False)
    if leser.is_encrypted:
        # Names are never encrypted, but object streams are: open with the empty password as a
        # reader does; a file that needs a real password raises and is checked on its bytes.
        leser.decrypt("")
    sett: set[tuple[int, int]] = set()
    stabel: list = [leser.trailer]
    for gen, objekter in leser.xref.items():
        stabel.extend(IndirectObject(nr, gen, leser) for nr in objekter)
    stabel.extend(IndirectObject(nr, 0, leser) for nr in leser.xref_objStm)
    while stabel:
        obj = stabel.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in sett:
                continue
            sett.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for nokkel, verdi in obj.items():
                if nokkel in _PDF_AKTIVE_NOKLER:
                    return nokkel
                if nokkel == "/OpenAction" and _aktiv_handling(verdi.get_object()):
                    return nokkel
                if nokkel in ("/S", "/Type", "/Subtype") and _er_navn(verdi, _PDF_AKTIVE_NAVN):
                    return str(verdi)
                stabel.append(verdi)
        elif isinstance(obj, ArrayObject):
            stabel.extend(obj)
    return None


def pdf_aktivt_innhold(data: bytes) -> str | None:
    """The first active feature found in a PDF (its PDF name), or None.

    A file pypdf cannot parse is not refused for that (the meeting documents show such a
    vedlegg as a page saying it cannot be read), but its bytes are searched for the names."""
    try:
        return _pdf_les_aktivt(data)
    except Exception as exc:  # noqa: BLE001 - whatever pypdf finds wrong with the file
        logger.info("PDF could not be parsed, checked on its bytes: %r", exc)
    treff = _PDF_AKTIVT_RAATT.search(
        _PDF_NAVN_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    )
    return "/" + treff.group(1).decode() if treff else None


def sjekk_vedlegg(fil, *, filnavn: str | None = None) -> Filsjekk:
    """Check an uploaded file: size, type by content, and that the name matches the content.

    Raises ValidationError with a Norwegian message that names the problem.
    """
    filnavn = filnavn or getattr(fil, "name", "") or ""
    if len(os.path.basename(filnavn)) > VEDLEGG_NAVN_MAKS_TEGN:
        raise _feil(
            f"Filnavnet er for langt ({len(os.path.basename(filnavn))} tegn). Gi filen et kortere "
            f"navn (høyst {VEDLEGG_NAVN_MAKS_TEGN} tegn) og last den opp på nytt.",
            "for_langt_navn",
        )
    storrelse = getattr(fil, "size", None)
    grense = maks_storrelse()
    if storrelse is not None and storrelse > grense:
        raise _feil(
            f"Filen er for stor ({storrelse / MB:.0f} MB). Største tillatte størrelse er "
            f"{grense // MB} MB.",
            "for_stor",
        )
    fil.seek(0)
    data = fil.read(grense + 1)
    fil.seek(0)
    if len(data) > grense:
        raise _feil(
            f"Filen er for stor. Største tillatte størrelse er {grense // MB} MB.", "for_stor"
        )
    if not data:
        raise _feil("Filen er tom.", "tom")
    funnet = _sniff(data)
    if funnet is None:
        raise _feil(
            "Filtypen er ikke tillatt. Last opp PDF, Word (.docx), Excel (.xlsx), "
            "PowerPoint (.pptx), PNG eller JPEG.",
            "ukjent_type",
        )
    endelse, innholdstype = funnet
    if endelse == "zip":
        endelse, innholdstype = _sjekk_ooxml(data)
    if endelse == "pdf" and pdf_aktivt_innhold(data):
        raise _feil(
            "PDF-filen inneholder JavaScript, innebygde filer eller handlinger som starter når "
            "den åpnes, og er avvist av sikkerhetshensyn. Lagre den som en vanlig PDF (for "
            "eksempel med «Skriv ut» til PDF) og prøv igjen.",
            "pdf_aktivt_innhold",
        )
    oppgitt = os.path.splitext(filnavn)[1].lower().lstrip(".")
    if oppgitt == "jpeg":
        oppgitt = "jpg"
    if oppgitt and oppgitt != endelse:
        raise _feil(
            f"Filnavnet slutter på .{oppgitt}, men innholdet er {endelse.upper()}. "
            "Kontroller at du har valgt riktig fil.",
            "feil_endelse",
        )
    return Filsjekk(endelse=endelse, innholdstype=innholdstype, storrelse=len(data))


class Opplasting(TemporaryUploadedFile):
    """An uploaded file on disk. When it was larger than the limit only its first bytes were
    kept (``avkortet``): it can be measured and refused, but never read or stored."""

    avkortet = False
    file: IO[bytes]  # TemporaryUploadedFile opens it in __init__
    size: int  # UploadedFile.__init__ sets it, the upload handler the count of bytes received

    def _sjekk_hel(self) -> None:
        if self.avkortet:
            # Loud instead of storing a cut-off file (e.g. an admin upload that has no size check).
            raise RequestDataTooBig(
                f"Filen er for stor ({self.size / MB:.0f} MB) og ble ikke mottatt i sin helhet."
            )

    def read(self, *args, **kwargs):
        self._sjekk_hel()
        return self.file.read(*args, **kwargs)

    def chunks(self, chunk_size=None):
        self._sjekk_hel()
        return super().chunks(chunk_size)

    def __iter__(self):
        self._sjekk_hel()
        return super().__iter__()

    def temporary_file_path(self) -> str:
        self._sjekk_hel()
        return super().temporary_file_path()


class BegrensetOpplasting(TemporaryFileUploadHandler):
    """Streams uploads to disk, but stops writing a file once it passes the attachment limit
    while still counting its bytes: a 200 MB upload costs at most the limit on disk, and the
    form's size check can still say how large the file was."""

    file: Opplasting

    def new_file(self, *args, **kwargs) -> None:
        # The base class's own new_file, not the parent's: that would open a temporary file of
        # its own, which is replaced here.
        FileUploadHandler.new_file(self, *args, **kwargs)
        assert self.file_name is not None  # the parser skips a part without a file name
        self.file = Opplasting(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )
        self.grense = maks_storrelse()
        self.skrevet = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        # One byte past the limit is kept, so a check that reads limit + 1 bytes sees it too.
        plass = self.grense + 1 - self.skrevet
        if plass > 0:
            self.file.write(raw_data[:plass])
            self.skrevet += min(plass, len(raw_data))
        if len(raw_data) > plass:
            self.file.avkortet = True

    def file_complete(self, file_size: int) -> Opplasting:
        # file_size counts every byte received, including those not written.
        self.file.file.flush()
        self.file.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            navn = self.file.file.name
            try:
                self.file.close()
                os.remove(navn)
            except FileNotFoundError:
                pass
