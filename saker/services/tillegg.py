"""The tilleggsinnkalling: what changed on the agenda after the innkalling (or the last
tilleggsinnkalling) went out — saker added, changed, withdrawn or taken off, new vedlegg — read
from the saker's history, and sending it to the members through the outbox when the
secretariat chooses to."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from helsefellesskap.limits import model_field
from moter import notices
from moter import services as mote_services
from moter.models import Mote
from saker.models import Sak, Vedlegg
from saker.services.common import SakError

# The fields whose change a member should hear of, in the order they are named.
FELTER = (
    "tittel",
    "sakstyper",
    "hensikt",
    "faktagrunnlag",
    "vurdering",
    "forslag_til_vedtak",
    "unntatt_offentlighet",
)


@dataclass(frozen=True)
class Agendaendring:
    saksnr: str
    tittel: str  # as the public sees it: an exempt sak's screened title
    hva: str

    def __str__(self) -> str:
        nummer = f"Sak {self.saksnr} " if self.saksnr else ""
        return f"{nummer}{self.tittel}: {self.hva}"


def _tittel(sak) -> str:
    return sak.offentlig_display_title if sak.unntatt_offentlighet else sak.tittel


def since_last_notice(mote: Mote) -> datetime.datetime | None:
    return mote.tilleggsinnkalling_sendt or mote.innkalling_sendt


def agenda_changes(mote: Mote, since: datetime.datetime | None = None) -> list[Agendaendring]:
    """What changed on the agenda of ``mote`` after ``since`` (the last innkalling or
    tilleggsinnkalling by default), in agenda order, then what was taken off."""
    since = since or since_last_notice(mote)
    if since is None:
        return []
    History = Sak.history.model
    saker = list(Sak.objects.filter(mote=mote).order_by("rekkefolge", "pk"))
    before: dict[int, Any] = {}  # the historical rows, as simple-history makes them
    for h in History.objects.filter(id__in=[s.pk for s in saker], history_date__lte=since).order_by(
        "id", "-history_date", "-history_id"
    ):
        before.setdefault(h.id, h)
    nye_vedlegg: dict[int, list[str]] = {}
    for v in Vedlegg.history.filter(
        sak_id__in=[s.pk for s in saker], history_type="+", history_date__gt=since
    ).order_by("history_date"):
        nye_vedlegg.setdefault(v.sak_id, []).append(v.tittel)
    navn = {f: str(model_field(Sak, f).verbose_name) for f in FELTER}
    ut = []
    for sak in saker:
        if sak.type != Sak.Type.SAK:
            continue
        h = before.get(sak.pk)
        if h is None or h.mote_id != mote.pk:
            ut.append(Agendaendring(sak.saksnr, _tittel(sak), "ny sak"))
            continue
        if sak.trukket and h.status != Sak.Status.TRUKKET:
            ut.append(Agendaendring(sak.saksnr, _tittel(sak), "trukket"))
            continue
        endret = [navn[f] for f in FELTER if getattr(h, f) != getattr(sak, f)]
        vedlegg = nye_vedlegg.get(sak.pk, [])
        if vedlegg and not (sak.unntatt_offentlighet or h.unntatt_offentlighet):
            endret.append("nytt vedlegg: " + ", ".join(f"«{t}»" for t in vedlegg))
        elif vedlegg:
            endret.append("nytt vedlegg")
        if endret:
            ut.append(Agendaendring(sak.saksnr, _tittel(sak), "endret " + ", ".join(endret)))
    # Saker that were on the agenda then and are not now.
    naa = {s.pk for s in saker}
    borte: dict[int, Any] = {}
    for h in History.objects.filter(mote_id=mote.pk, history_date__lte=since).order_by(
        "id", "-history_date", "-history_id"
    ):
        borte.setdefault(h.id, h)
    for pk, h in borte.items():
        if pk in naa or h.mote_id != mote.pk or h.type != Sak.Type.SAK:
            continue
        siste = History.objects.filter(id=pk).order_by("-history_date", "-history_id").first()
        if siste is not None and siste.mote_id == mote.pk and siste.history_type != "-":
            continue
        ut.append(Agendaendring(h.saksnr, _tittel(h), "tatt av sakslisten"))
    return ut


@transaction.atomic
def tilleggsinnkalling_send(
    *, mote: Mote, wording: notices.Wording | None = None
) -> list[Agendaendring]:
    """Send the tilleggsinnkalling: the members get what changed since the last notice, the
    updated innkalling PDF and the forfall link, through the outbox after commit."""
    mote = Mote.objects.select_for_update().get(pk=mote.pk)
    if mote.status != Mote.Status.INNKALT or mote.innkalling_sendt is None or not mote.is_upcoming:
        raise SakError("Tilleggsinnkalling sendes bare etter innkallingen og før møtet.")
    endringer = agenda_changes(mote)
    if not endringer:
        raise SakError("Sakslisten er ikke endret siden innkallingen ble sendt.")
    mote = mote_services.mote_set_tilleggsinnkalling(mote=mote)
    linjer = [str(e) for e in endringer]
    mote_id, n = mote.pk, mote.tilleggsinnkallinger
    transaction.on_commit(
        lambda: notices.tilleggsinnkalling_notify_later(mote_id, n, linjer, wording)
    )
    return endringer
