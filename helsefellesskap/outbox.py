"""The outbox: every e-mail the portal sends goes through it.

``queue`` records a message (``Epost``) in the caller's transaction, once per key: queuing the
same event for the same person twice, or a task that runs again, gives the row that exists and
sends nothing more. After commit the message is handed to a Celery task (``send_epost``) that
sends it; a mail server that fails is tried again later (``EPOST_FORSOK_PAUSER``) by the periodic
``outbox_retry``, until it is sent or given up (status «feilet», with the reason in Norwegian).
Sending never happens inside the request's transaction, and a broker that is down leaves the
message waiting for the sweep instead of failing the page.

What the secretariat sees per meeting is ``status_for_mote``: who got what and when, who
failed and why, who has no address."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import smtplib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from email.mime.text import MIMEText

from celery import shared_task
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as QueueError

from .models import Epost, Nettsted, Person

logger = logging.getLogger(__name__)

S = Epost.Status


@dataclass(frozen=True)
class Attachment:
    """A file from storage to attach: its name in the mail, its storage path, its type."""

    navn: str
    sti: str
    type: str = "application/pdf"

    def as_json(self) -> dict[str, str]:
        return {"navn": self.navn, "sti": self.sti, "type": self.type}


def one_line(tekst: str, limit: int = 300) -> str:
    """A header holds one line: whatever a title holds, the subject never breaks."""
    return " ".join(tekst.split())[:limit]


_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("outbox_muted", default=False)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """Nothing is queued inside the block: for loading meetings that were held long ago (the
    demo data), whose innkalling and referat nobody should be told of now."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def queue(
    *,
    key: str,
    art: str,
    person: Person | None,
    emne: str,
    tekst: str,
    til: str = "",
    mote_id: int | None = None,
    ics: str = "",
    vedlegg: Sequence[Attachment] = (),
) -> Epost:
    """Puts one message in the outbox, once per ``key`` (the event and the person, e.g.
    ``innkalling:7:12``). A person without an address gets a row in «mangler e-postadresse»,
    so the secretariat sees who did not get it. Sent after commit. Inside ``muted()``: an
    unsaved row, nothing queued."""
    if _muted.get():
        return Epost(nokkel=key[:200], art=art, person=person, emne=one_line(emne), tekst=tekst)
    adresse = (til or (person.epost if person else "")).strip()
    epost, created = Epost.objects.get_or_create(
        nokkel=key[:200],
        defaults={
            "art": art,
            "person": person,
            "mote_id": mote_id,
            "til": adresse,
            "emne": one_line(emne),
            "tekst": tekst,
            "ics": ics,
            "vedlegg": [v.as_json() for v in vedlegg],
            "status": S.VENTER if adresse else S.UTEN_ADRESSE,
        },
    )
    if created and epost.status == S.VENTER:
        pk = epost.pk
        transaction.on_commit(lambda: hand_over(pk))
    return epost


def queued_before(keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` are in the outbox already (one query for a whole sending)."""
    wanted = {key[:200]: key for key in keys}
    found = Epost.objects.filter(nokkel__in=list(wanted)).values_list("nokkel", flat=True)
    return {wanted[k] for k in found}


def hand_over(pk: int) -> bool:
    """Hands a message to the queue. A broker that is down leaves it waiting; ``outbox_retry``
    sends it on its next round."""
    try:
        send_epost.delay(pk)
    except QueueError as exc:
        logger.warning("Køen svarer ikke (%s); e-post %s venter på neste runde.", exc, pk)
        return False
    return True


# --- Sending --------------------------------------------------------------------------------


def _message(epost: Epost, connection) -> EmailMessage:
    nettsted = Nettsted.get()
    message = EmailMessage(
        epost.emne,
        epost.tekst,
        settings.DEFAULT_FROM_EMAIL,
        [epost.til],
        connection=connection,
        reply_to=[nettsted.epost] if nettsted.epost else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    for v in epost.vedlegg:
        with default_storage.open(v["sti"], "rb") as fil:
            message.attach(v["navn"], fil.read(), v.get("type") or "application/octet-stream")
    if epost.ics:
        # A calendar invitation: mail clients offer «add to calendar» for text/calendar with a
        # method (RFC 6047); a cancellation carries METHOD:CANCEL.
        method = "CANCEL" if "METHOD:CANCEL" in epost.ics else "REQUEST"
        part = MIMEText(epost.ics, "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="mote.ics")
        message.attach(part)
    return message


def _permanent(exc: Exception) -> bool:
    """Errors that another try will not mend: the address refused, a permanent (5xx) answer
    from the mail server, a header that cannot be. A 4xx answer or no answer is tried again."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, smtplib.SMTPRecipientsRefused | BadHeaderError | ValueError)


def error_text(exc: Exception) -> str:
    if isinstance(exc, BadHeaderError):
        return "meldingen har ugyldige tegn i emnefeltet"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "e-postadressen ble avvist av e-posttjeneren"
    if isinstance(exc, smtplib.SMTPException):
        return f"e-posttjeneren avviste meldingen ({exc})"
    if isinstance(exc, FileNotFoundError):
        return "vedlegget finnes ikke lenger"
    if isinstance(exc, OSError):
        return f"fikk ikke kontakt med e-posttjeneren ({exc})"
    return f"sendingen feilet ({exc})"


def _pause(forsok: int) -> datetime.timedelta:
    pauser = settings.EPOST_FORSOK_PAUSER
    return datetime.timedelta(seconds=pauser[min(forsok, len(pauser)) - 1])


def epost_send(*, pk: int, connection=None) -> Epost | None:
    """Sends one waiting message. The row is locked while it is sent, so two workers (a retry
    and the sweep) never send it twice; a message already sent or given up is left alone."""
    with transaction.atomic():
        epost = (
            Epost.objects.select_for_update(skip_locked=True).filter(pk=pk, status=S.VENTER).first()
        )
        if epost is None:
            return None
        try:
            _message(epost, connection or get_connection()).send()
        except (smtplib.SMTPException, OSError, BadHeaderError, ValueError) as exc:
            epost.forsok += 1
            epost.feilmelding = error_text(exc)[:500]
            if _permanent(exc) or epost.forsok >= len(settings.EPOST_FORSOK_PAUSER) + 1:
                epost.status = S.FEILET
                epost.neste_forsok = None
            else:
                epost.neste_forsok = timezone.now() + _pause(epost.forsok)
            logger.warning("E-post %s (%s) feilet: %s", epost.pk, epost.art, exc)
        else:
            epost.forsok += 1
            epost.status = S.SENDT
            epost.sendt = timezone.now()
            epost.neste_forsok = None
            epost.feilmelding = ""
        epost.save()
        return epost


def due() -> Iterable[int]:
    """Messages to try now: those whose next try is due, and those never handed over (a broker
    that was down) for a minute."""
    naa = timezone.now()
    return (
        Epost.objects.filter(status=S.VENTER)
        .filter(
            Q(neste_forsok__lte=naa)
            | Q(neste_forsok__isnull=True, opprettet__lte=naa - datetime.timedelta(minutes=1))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )


def outbox_flush() -> int:
    """Sends what is due over one connection; returns how many were sent."""
    sendt = 0
    connection = get_connection()
    for pk in list(due()):
        epost = epost_send(pk=pk, connection=connection)
        sendt += bool(epost and epost.status == S.SENDT)
    return sendt


@shared_task(name="helsefellesskap.outbox.send_epost", ignore_result=True, acks_late=True)
def send_epost(pk: int) -> str | None:
    epost = epost_send(pk=pk)
    return epost.status if epost else None


@shared_task(name="helsefellesskap.outbox.outbox_retry", ignore_result=True)
def outbox_retry() -> int:
    """Periodic (beat, every minute): messages whose next try is due."""
    return outbox_flush()


# --- What the secretariat sees ----------------------------------------------------------------


@dataclass
class Mottaker:
    navn: str
    til: str
    status: str
    status_navn: str
    tidspunkt: datetime.datetime | None
    feilmelding: str


@dataclass
class Utsendelse:
    """One kind of message for one meeting: each recipient with status, and the counts."""

    art: str
    art_navn: str
    mottakere: list[Mottaker]

    def count(self, status: str) -> int:
        return sum(1 for m in self.mottakere if m.status == status)

    @property
    def sendt(self) -> int:
        return self.count(S.SENDT)

    @property
    def venter(self) -> int:
        return self.count(S.VENTER)

    @property
    def feilet(self) -> int:
        return self.count(S.FEILET)

    @property
    def uten_adresse(self) -> int:
        return self.count(S.UTEN_ADRESSE)


def status_for_mote(mote_id: int) -> list[Utsendelse]:
    """Who got what for one meeting, by kind of message, in the order they were queued."""
    rows = (
        Epost.objects.filter(mote_id=mote_id).select_related("person").order_by("opprettet", "pk")
    )
    grupper: dict[str, Utsendelse] = {}
    for e in rows:
        gruppe = grupper.setdefault(e.art, Utsendelse(e.art, e.get_art_display(), []))
        gruppe.mottakere.append(
            Mottaker(
                navn=e.person.navn if e.person else e.til,
                til=e.til,
                status=e.status,
                status_navn=e.get_status_display(),
                tidspunkt=e.sendt or (e.opprettet if e.status != S.SENDT else None),
                feilmelding=e.feilmelding,
            )
        )
    for g in grupper.values():
        g.mottakere.sort(key=lambda m: m.navn)
    return list(grupper.values())
