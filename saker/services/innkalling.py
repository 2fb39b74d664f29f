"""Sending the innkalling: check the agenda, freeze its numbers, mark the meeting innkalt, and
e-mail the members through the outbox."""

from __future__ import annotations

from django.db import transaction

from moter import notices
from moter import services as mote_services
from moter.models import Mote
from saker.models import (
    Sak,
)
from saker.numbering import lock_organ, mote_year, saker_renumber
from saker.services.common import SakError, agenda_saker


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
def innkalling_send(
    *, mote: Mote, notify: bool = True, wording: notices.Wording | None = None
) -> Mote:
    """Send the innkalling: check the agenda, freeze its numbers and mark the meeting innkalt.
    With ``notify``, the members' e-mails are made after commit and go through the outbox
    (``moter.notices.innkalling_notify``: the PDF, an .ics invitation and a forfall link each),
    in the secretariat's ``wording`` (the body's template by default)."""
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
        mote_id = mote.pk
        transaction.on_commit(lambda: notices.innkalling_notify_later(mote_id, wording))
    return mote
