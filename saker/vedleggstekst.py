"""The text of PDF and DOCX vedlegg, read once for search (``saker.search``).

After an upload (``saker.services.vedlegg.vedlegg_add``, the import of a meeting) the text is
read by a Celery task, queued after commit; in the embedded default (Celery eager) the task runs
in the process right after the commit. PDF through pypdf (the text of each page), DOCX through
python-docx (paragraphs and tables, in the document's order). Links, images, spreadsheets and
presentations have no text to read (``Vedlegg.TekstStatus.INGEN``).

The work is bounded: at most ``TEKST_MAKS`` characters and ``SIDER_MAKS`` pages are read, a
DOCX whose document part unpacks to more than ``DOCX_XML_MAKS`` is not parsed, and the task has
its own time limits. A file that cannot be read (broken, encrypted with a password, too slow)
gets an empty text, the state ``feilet`` and a warning in the log; it is never tried again by
itself (the worker does not take the message back when its process dies either), so a bad file
cannot make a loop. ``python manage.py hent_vedleggstekst`` reads what is still waiting (older
vedlegg, a message lost while Redis was down), and with ``--feilet`` tries the failed ones again.

Services:

- ``vedlegg_tekst_bestill(*, vedlegg)``: after a vedlegg is saved, queue its reading on commit
  (or mark it ``ingen`` when it has no text to read);
- ``vedlegg_tekst_hent(*, vedlegg_id, igjen=False) -> str | None``: read and store the text (the
  task and the command call it); safe to run twice.
"""

from __future__ import annotations

import datetime
import functools
import io
import logging
import os
import re
import zipfile

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as QueueError
from pypdf import PdfReader

from .models import Vedlegg
from .uploads import MB

logger = logging.getLogger(__name__)

# The sweep: a vedlegg still waiting this long after its upload has lost its message.
GJENOPPTA_ETTER = datetime.timedelta(hours=1)
GJENOPPTA_ANTALL = 500

TekstStatus = Vedlegg.TekstStatus

TEKST_MAKS = 1_000_000  # characters kept of a file's text
SIDER_MAKS = 2_000  # pages of a PDF read
DOCX_XML_MAKS = 50 * MB  # the unpacked document part of a DOCX that is parsed at most

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ENDELSER = {".pdf": PDF, ".docx": DOCX}

# Control characters (PostgreSQL's text takes no NUL; search's highlight uses \x02 and \x03),
# but for tab and newline.
_KONTROLL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MELLOMROM = re.compile(r"[ \t\f\v\xa0]+")
_TOMME_LINJER = re.compile(r"\n\s*\n+")


class Uleselig(Exception):
    """A file whose text is not read; the message says why (for the log)."""


def _ren(tekst: str) -> str:
    """The text as PostgreSQL and the snippets take it: no control characters, no lone
    surrogates, runs of spaces and blank lines as one, at most ``TEKST_MAKS`` characters."""
    tekst = tekst.encode("utf-8", "replace").decode("utf-8")
    tekst = _KONTROLL.sub(" ", tekst)
    tekst = _MELLOMROM.sub(" ", tekst)
    tekst = _TOMME_LINJER.sub("\n", tekst)
    return tekst.strip()[:TEKST_MAKS]


def pdf_tekst(data: bytes) -> str:
    """The text of each page, up to ``SIDER_MAKS`` pages or ``TEKST_MAKS`` characters."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        # Readable without a password is what a PDF reader opens; a real password is not known.
        raise Uleselig("kryptert med passord")
    deler: list[str] = []
    lengde = 0
    for nr, side in enumerate(reader.pages):
        if nr >= SIDER_MAKS or lengde >= TEKST_MAKS:
            break
        tekst = side.extract_text() or ""
        deler.append(tekst)
        lengde += len(tekst) + 1
    return _ren("\n".join(deler))


def _docx_blokker(beholder, deler: list[str], lengde: list[int]) -> None:
    """Paragraphs and tables of ``beholder`` (the document, or a table's cell) in order; a
    table as one line per row, its cells apart by tabs (a merged cell once)."""
    from docx.table import Table

    for blokk in beholder.iter_inner_content():
        if lengde[0] >= TEKST_MAKS:
            return
        if isinstance(blokk, Table):
            for rad in blokk.rows:
                celler: list[str] = []
                sett: set[int] = set()
                for celle in rad.cells:
                    if id(celle._tc) in sett:
                        continue
                    sett.add(id(celle._tc))
                    innhold: list[str] = []
                    _docx_blokker(celle, innhold, lengde)
                    celler.append(" ".join(innhold))
                deler.append("\t".join(celler))
        else:
            deler.append(blokk.text)
            lengde[0] += len(blokk.text) + 1


def docx_tekst(data: bytes) -> str:
    """The paragraphs and tables of the document's body, up to ``TEKST_MAKS`` characters."""
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            storrelse = z.getinfo("word/document.xml").file_size
    except KeyError as exc:
        raise Uleselig("ikke et Word-dokument (mangler word/document.xml)") from exc
    if storrelse > DOCX_XML_MAKS:
        raise Uleselig(f"dokumentdelen pakker seg ut til {storrelse // MB} MB")
    deler: list[str] = []
    _docx_blokker(docx.Document(io.BytesIO(data)), deler, [0])
    return _ren("\n".join(deler))


LESERE = {PDF: pdf_tekst, DOCX: docx_tekst}


def _innholdstype(vedlegg: Vedlegg) -> str | None:
    """The type whose text is read, or None (a link, an image, a spreadsheet...). A row from
    before the upload check recorded types is known by its file name."""
    if not vedlegg.fil:
        return None
    if vedlegg.innholdstype:
        return vedlegg.innholdstype if vedlegg.innholdstype in LESERE else None
    return _ENDELSER.get(os.path.splitext(vedlegg.fil.name)[1].lower())


def tekst_status_ny(vedlegg: Vedlegg) -> str:
    """The state a new vedlegg starts in: waiting for its text, or none to read."""
    return TekstStatus.VENTER if _innholdstype(vedlegg) else TekstStatus.INGEN


def _lagre(vedlegg: Vedlegg, tekst: str, status: str) -> None:
    """Only the text's fields, and only while the row still has this file."""
    Vedlegg.objects.filter(pk=vedlegg.pk, fil=vedlegg.fil.name).update(
        tekst=tekst, tekst_status=status, tekst_hentet=timezone.now()
    )


def vedlegg_tekst_hent(*, vedlegg_id: int, igjen: bool = False) -> str | None:
    """Read the text of the vedlegg's file and store it with its state; the state it got, or
    None when there is nothing to do (the vedlegg is gone, or read already and not ``igjen``)."""
    vedlegg = Vedlegg.objects.filter(pk=vedlegg_id).first()
    if vedlegg is None or (vedlegg.tekst_status != TekstStatus.VENTER and not igjen):
        return None
    innholdstype = _innholdstype(vedlegg)
    if innholdstype is None:
        _lagre(vedlegg, "", TekstStatus.INGEN)
        return TekstStatus.INGEN
    # The attempt is marked before the file is opened: one whose process dies on it (memory,
    # the hard time limit) stays «venter» with this time, and the sweep leaves it alone.
    Vedlegg.objects.filter(pk=vedlegg.pk).update(tekst_hentet=timezone.now())
    try:
        with vedlegg.fil.open("rb") as fil:
            data = fil.read()
        tekst, status = LESERE[innholdstype](data), TekstStatus.HENTET
    except Exception as exc:  # noqa: BLE001 - whatever the file, the parser or the time limit raise
        logger.warning("Teksten i vedlegg %s kunne ikke leses: %r", vedlegg.pk, exc)
        tekst, status = "", TekstStatus.FEILET
    _lagre(vedlegg, tekst, status)
    return status


def _send(vedlegg_id: int) -> None:
    try:
        hent_tekst.delay(vedlegg_id)
    except QueueError as exc:
        # The row stays «venter»; hent_vedleggstekst reads it.
        logger.warning("Køen svarer ikke (%s); vedlegg %s venter på teksten.", exc, vedlegg_id)


def vedlegg_tekst_bestill(*, vedlegg: Vedlegg) -> None:
    """After ``vedlegg`` is saved: its text read after commit, or no text to read."""
    if vedlegg.tekst_status == TekstStatus.VENTER:
        transaction.on_commit(functools.partial(_send, vedlegg.pk))


def vedlegg_tekst_gjenoppta() -> int:
    """Queues again the vedlegg whose message was lost (Redis down at the upload, a restart;
    also the files from before search read vedlegg): «venter», never tried, and older than
    ``GJENOPPTA_ETTER``; at most ``GJENOPPTA_ANTALL`` a turn. One whose reading started and never
    ended (its process died on the file) is left for ``manage.py hent_vedleggstekst``, so a file
    that kills workers is not tried again every hour. Returns how many were queued."""
    grense = timezone.now() - GJENOPPTA_ETTER
    ids = list(
        Vedlegg.objects.filter(
            tekst_status=TekstStatus.VENTER, tekst_hentet__isnull=True, opprettet__lt=grense
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:GJENOPPTA_ANTALL]
    )
    for pk in ids:
        _send(pk)
    return len(ids)


@shared_task(name="saker.vedleggstekst.gjenoppta", ignore_result=True)
def gjenoppta() -> int:
    """The hourly sweep (``CELERY_BEAT_SCHEDULE``): ``vedlegg_tekst_gjenoppta``."""
    return vedlegg_tekst_gjenoppta()


@shared_task(
    name="saker.vedleggstekst.hent_tekst",  # registered name, kept (CONTRIBUTING.md)
    acks_late=True,  # a worker stopped while reading leaves the message for the next one...
    # ...but not one whose process died on the file (memory, the hard time limit): that message
    # is dropped, the row stays «venter», and the command reads it when asked to.
    reject_on_worker_lost=False,
    autoretry_for=(OperationalError, InterfaceError),  # the database away for a while
    retry_backoff=2,
    max_retries=5,
    soft_time_limit=60,  # past it the file counts as unreadable («feilet»)
    time_limit=90,
    ignore_result=True,
)
def hent_tekst(vedlegg_id: int) -> str | None:
    """Reads the text of one vedlegg (``vedlegg_tekst_hent``)."""
    return vedlegg_tekst_hent(vedlegg_id=vedlegg_id)
