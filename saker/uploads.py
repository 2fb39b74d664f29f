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
# The longest file name taken, in characters; saker.models.vedlegg_path also cuts the stored
# name to what the file system takes (255 bytes, which «ø» counts twice).
VEDLEGG_NAVN_MAX_CHARACTERS = 150
ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "png", "jpg", "jpeg")
# PDF features that run code, send data or open other files (pdf_aktivt_innhold below).
# Keys of a dictionary: scripts, actions on events, attached files, Flash/3D, XFA forms.
_PDF_ACTIVE_KEYS = frozenset(
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
_PDF_ACTIVE_NAVN = frozenset(
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
class FileCheck:
    extension: str
    innholdstype: str
    storrelse: int


def max_size() -> int:
    return getattr(settings, "VEDLEGG_MAKS_MB", 25) * MB


def _error(melding: str, code: str) -> ValidationError:
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


def _check_ooxml(data: bytes) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            navn = {i.filename for i in infos}
            unpacked = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _error("Filen er skadet og kan ikke leses.", "skadet") from exc
    # A zip bomb: far more data inside than any real Office document has.
    if unpacked > 200 * MB or unpacked / packed > 200:
        raise _error("Filen pakker seg ut til urimelig mye data og er avvist.", "zipbombe")
    if "[Content_Types].xml" in navn:
        for del_, (extension, innholdstype) in _OOXML.items():
            if del_ in navn:
                return extension, innholdstype
    raise _error(
        "Filen er en zip-fil, ikke et Word-, Excel- eller PowerPoint-dokument.", "ukjent_type"
    )


def _is_navn(verdi, navn: frozenset[str]) -> bool:
    return isinstance(verdi, NameObject) and verdi in navn


def _active_handling(verdi) -> bool:
    """An /OpenAction that is more than «open at this page»: a destination array or a /GoTo is
    harmless; anything else (its type is also checked where it stands) is refused."""
    if isinstance(verdi, ArrayObject):
        return False
    return not (isinstance(verdi, DictionaryObject) and verdi.get("/S") == "/GoTo")


def _pdf_les_aktivt(data: bytes) -> str | None:
    """What active feature the PDF has, looked for in every object pypdf can read: the
    catalog, pages, annotations, form fields, name trees and objects inside object streams,
    also objects nothing points at. pypdf decodes names written with #xx escapes."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        # Names are never encrypted, but object streams are: open with the empty password as a
        # reader does; a file that needs a real password raises and is checked on its bytes.
        reader.decrypt("")
    sett: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    for gen, objects in reader.xref.items():
        stack.extend(IndirectObject(nr, gen, reader) for nr in objects)
    stack.extend(IndirectObject(nr, 0, reader) for nr in reader.xref_objStm)
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in sett:
                continue
            sett.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, verdi in obj.items():
                if key in _PDF_ACTIVE_KEYS:
                    return key
                if key == "/OpenAction" and _active_handling(verdi.get_object()):
                    return key
                if key in ("/S", "/Type", "/Subtype") and _is_navn(verdi, _PDF_ACTIVE_NAVN):
                    return str(verdi)
                stack.append(verdi)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


def pdf_aktivt_innhold(data: bytes) -> str | None:
    """The first active feature found in a PDF (its PDF name), or None.

    A file pypdf cannot parse is not refused for that (the meeting documents show such a
    vedlegg as a page saying it cannot be read), but its bytes are searched for the names."""
    try:
        return _pdf_les_aktivt(data)
    except Exception as exc:  # noqa: BLE001 - whatever pypdf finds wrong with the file
        logger.info("PDF could not be parsed, checked on its bytes: %r", exc)
    hits = _PDF_AKTIVT_RAATT.search(
        _PDF_NAVN_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    )
    return "/" + hits.group(1).decode() if hits else None


def check_vedlegg(fil, *, filename: str | None = None) -> FileCheck:
    """Check an uploaded file: size, type by content, and that the name matches the content.

    Raises ValidationError with a Norwegian message that names the problem.
    """
    filename = filename or getattr(fil, "name", "") or ""
    if len(os.path.basename(filename)) > VEDLEGG_NAVN_MAX_CHARACTERS:
        raise _error(
            f"Filnavnet er for langt ({len(os.path.basename(filename))} tegn). Gi filen et kortere "
            f"navn (høyst {VEDLEGG_NAVN_MAX_CHARACTERS} tegn) og last den opp på nytt.",
            "for_langt_navn",
        )
    storrelse = getattr(fil, "size", None)
    limit = max_size()
    if storrelse is not None and storrelse > limit:
        raise _error(
            f"Filen er for stor ({storrelse / MB:.0f} MB). Største tillatte størrelse er "
            f"{limit // MB} MB.",
            "for_stor",
        )
    fil.seek(0)
    data = fil.read(limit + 1)
    fil.seek(0)
    if len(data) > limit:
        raise _error(
            f"Filen er for stor. Største tillatte størrelse er {limit // MB} MB.", "for_stor"
        )
    if not data:
        raise _error("Filen er tom.", "tom")
    found = _sniff(data)
    if found is None:
        raise _error(
            "Filtypen er ikke tillatt. Last opp PDF, Word (.docx), Excel (.xlsx), "
            "PowerPoint (.pptx), PNG eller JPEG.",
            "ukjent_type",
        )
    extension, innholdstype = found
    if extension == "zip":
        extension, innholdstype = _check_ooxml(data)
    if extension == "pdf" and pdf_aktivt_innhold(data):
        raise _error(
            "PDF-filen inneholder JavaScript, innebygde filer eller handlinger som starter når "
            "den åpnes, og er avvist av sikkerhetshensyn. Lagre den som en vanlig PDF (for "
            "eksempel med «Skriv ut» til PDF) og prøv igjen.",
            "pdf_aktivt_innhold",
        )
    given = os.path.splitext(filename)[1].lower().lstrip(".")
    if given == "jpeg":
        given = "jpg"
    if given and given != extension:
        raise _error(
            f"Filnavnet slutter på .{given}, men innholdet er {extension.upper()}. "
            "Kontroller at du har valgt riktig fil.",
            "feil_endelse",
        )
    return FileCheck(extension=extension, innholdstype=innholdstype, storrelse=len(data))


class Opplasting(TemporaryUploadedFile):
    """An uploaded file on disk. When it was larger than the limit only its first bytes were
    kept (``truncated``): it can be measured and refused, but never read or stored."""

    truncated = False
    file: IO[bytes]  # TemporaryUploadedFile opens it in __init__
    size: int  # UploadedFile.__init__ sets it, the upload handler the count of bytes received

    def _check_whole(self) -> None:
        if self.truncated:
            # Loud instead of storing a cut-off file (e.g. an admin upload that has no size check).
            raise RequestDataTooBig(
                f"Filen er for stor ({self.size / MB:.0f} MB) og ble ikke mottatt i sin helhet."
            )

    def read(self, *args, **kwargs):
        self._check_whole()
        return self.file.read(*args, **kwargs)

    def chunks(self, chunk_size=None):
        self._check_whole()
        return super().chunks(chunk_size)

    def __iter__(self):
        self._check_whole()
        return super().__iter__()

    def temporary_file_path(self) -> str:
        self._check_whole()
        return super().temporary_file_path()


class LimitedUpload(TemporaryFileUploadHandler):
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
        self.limit = max_size()
        self.skrevet = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        # One byte past the limit is kept, so a check that reads limit + 1 bytes sees it too.
        place = self.limit + 1 - self.skrevet
        if place > 0:
            self.file.write(raw_data[:place])
            self.skrevet += min(place, len(raw_data))
        if len(raw_data) > place:
            self.file.truncated = True

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
