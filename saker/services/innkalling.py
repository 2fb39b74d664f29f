"""Sending the innkalling: check the agenda, freeze its numbers, mark the meeting innkalt, and
e-mail the members."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field

from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from helsefellesskap.links import absolute_url
from helsefellesskap.models import Nettsted, Verv
from moter import services as mote_services
from moter.models import Mote
from saker.models import (
    Sak,
)
from saker.numbering import lock_organ, mote_year, saker_renumber
from saker.services.common import SakError, agenda_saker

logger = logging.getLogger(__name__)


def innkalling_missing(mote: Mote) -> list[str]:
    """What stops the innkalling from being sent, in Norwegian; empty when it can go."""
    mangler = []
    saker = [s for s in agenda_saker(mote) if s.type == Sak.Type.SAK and not s.trukket]
    if not saker:
        mangler.append("Sakslisten er tom.")
    if not any(not s.is_eventuelt for s in saker):
        mangler.append("Sakslisten har ingen saker utenom «Eventuelt».")
    for s in saker:
        if not s.sakstyper:
            mangler.append(f"Sak {s.saksnr or s.tittel} mangler sakstype.")
        if s.unntatt_offentlighet and not s.hjemmel:
            mangler.append(f"Sak {s.saksnr} er unntatt offentlighet, men mangler hjemmel.")
    if not mote.sted and not mote.digital_lenke:
        mangler.append("Møtet mangler møtested eller lenke til digitalt møte.")
    return mangler


@transaction.atomic
def innkalling_send(*, mote: Mote, notify: bool = True) -> Mote:
    """Send the innkalling: check the agenda, freeze its numbers and mark the meeting innkalt.
    With ``notify``, the members are e-mailed once the transaction is committed (failures are
    logged); a caller that shows the result passes ``varsle=False`` and calls
    ``innkalling_notify`` itself."""
    lock_organ(mote.organ)
    mote = Mote.objects.get(pk=mote.pk)
    if mote.status != Mote.Status.PLANLAGT:
        raise SakError(
            f"Innkallingen er allerede sendt (møtet er {mote.get_status_display().lower()})."
        )
    mangler = innkalling_missing(mote)
    if mangler:
        raise SakError(mangler)
    # Final numbering of the draft; from here on the numbers are frozen.
    saker_renumber(organ=mote.organ, aar=mote_year(mote))
    mote = mote_services.mote_set_innkalt(mote=mote)
    # Later draft agendas of the year now follow after this meeting's numbers.
    saker_renumber(organ=mote.organ, aar=mote_year(mote))
    if notify:
        transaction.on_commit(lambda: innkalling_notify(mote=mote))
    return mote


@dataclass
class Utsending:
    """What happened to each member's e-mail: sent, not sent for want of an address, or
    failed with a Norwegian reason."""

    sendt: list[str] = field(default_factory=list)
    without_epost: list[str] = field(default_factory=list)
    feilet: list[tuple[str, str]] = field(default_factory=list)


def _send_error(exc: Exception) -> str:
    if isinstance(exc, BadHeaderError):
        return "meldingen har ugyldige tegn i emnefeltet"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "e-postadressen ble avvist av e-posttjeneren"
    if isinstance(exc, smtplib.SMTPException):
        return f"e-posttjeneren avviste meldingen ({exc})"
    if isinstance(exc, OSError):
        return f"fikk ikke kontakt med e-posttjeneren ({exc})"
    return f"sendingen feilet ({exc})"


def innkalling_notify(*, mote: Mote) -> Utsending:
    """E-mail the innkalling to the body's members on the day of the meeting, one message
    per member, so that one failure stops no other and each is reported."""
    from django.conf import settings

    mote = Mote.objects.select_related("organ").get(pk=mote.pk)
    dato = timezone.localtime(mote.start).date()
    personer = {
        v.person_id: v.person
        for v in Verv.objects.filter(organ=mote.organ).active(dato).select_related("person")
    }
    nettsted = Nettsted.get()
    # A header holds one line: whatever the title holds, the subject never breaks.
    emne = " ".join(
        f"Innkalling: {mote.display_name} {timezone.localtime(mote.start):%d.%m.%Y}".split()
    )
    tekst = (
        f"Innkalling til {mote.display_name}\n"
        f"Tid: {timezone.localtime(mote.start):%d.%m.%Y kl. %H.%M}\n"
        f"Sted: {mote.sted or mote.digital_lenke}\n\n"
        f"Sakslisten og sakspapirene: {absolute_url(mote.get_absolute_url())}\n\n"
        f"Med vennlig hilsen\n{nettsted.navn}, sekretariatet\n"
    )
    dispatch = Utsending()
    connection = None
    for person in sorted(personer.values(), key=lambda p: p.navn):
        if not person.epost:
            dispatch.without_epost.append(person.navn)
            continue
        try:
            connection = connection or get_connection()
            EmailMessage(
                emne, tekst, settings.DEFAULT_FROM_EMAIL, [person.epost], connection=connection
            ).send()
        except (BadHeaderError, smtplib.SMTPException, OSError, ValueError) as exc:
            logger.warning("Innkalling %s til %s feilet: %s", mote.pk, person.pk, exc)
            dispatch.feilet.append((person.navn, _send_error(exc)))
        else:
            dispatch.sendt.append(person.navn)
    return dispatch
