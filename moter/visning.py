"""What a reader sees of an agenda: the members' edition or the public edition, from one source.

Used by the meeting page, the publication check and the PDF documents. Reaches the agenda
through the reverse relation ``mote.saker``, so it needs nothing from the saker app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from .access import Tilgang
from .models import Mote


@dataclass
class Punkt:
    """One agenda line as a reader may see it."""

    sak: Any  # saker.models.Sak
    starttid: datetime.datetime | None
    skjermet: bool  # exempt and shown to the public: number and screened title only
    vedlegg: list = field(default_factory=list)
    skjulte_vedlegg: int = 0

    @property
    def tittel(self) -> str:
        return self.sak.offentlig_visningstittel if self.skjermet else self.sak.tittel

    @property
    def ansvar(self) -> list:
        return [] if self.skjermet else list(self.sak.ansvar.all())


@dataclass
class Saksliste:
    mote: Mote
    punkter: list[Punkt]
    offentlig_utgave: bool
    planlagt_slutt: datetime.datetime | None
    over_tiden: bool

    @property
    def vedleggsliste(self) -> list[tuple[Punkt, Any]]:
        """The innkalling's head lists every attachment: «Sak 2024.2: Referat SSU 23.11.23»."""
        return [(p, v) for p in self.punkter for v in p.vedlegg]


def saker_med_innhold(mote: Mote):
    """The agenda lines with everything a document shows, in a fixed number of queries."""
    return (
        mote.saker.order_by("rekkefolge", "pk")
        .select_related("saksbehandler", "referat_for")
        .prefetch_related(
            "ansvar__person", "vedlegg", "oppfolginger__ansvarlig", "inhabiliteter__person"
        )
    )


def referat_synlig(mote: Mote, tilgang: Tilgang) -> bool:
    """The secretariat sees the referat as it is written; members once it is sent to them for
    comments; the public once it is published (in a public body)."""
    if tilgang >= Tilgang.SEKRETARIAT:
        # The secretariat writes it in the editor; on the meeting page once the meeting is held.
        return mote.status in {Mote.Status.AVHOLDT, Mote.Status.REFERAT_GODKJENT}
    if tilgang >= Tilgang.MEDLEM:
        return mote.referat_status != Mote.ReferatStatus.UTKAST or bool(mote.referat_publisert)
    return bool(mote.referat_publisert and mote.offentlig and mote.organ.offentlig)


def saksliste(mote: Mote, *, tilgang: Tilgang) -> Saksliste:
    offentlig = tilgang < Tilgang.MEDLEM
    linjer = list(saker_med_innhold(mote))
    plan = tidsplan(mote, linjer)
    punkter = []
    for linje in plan.linjer:
        sak = linje.sak
        skjermet = offentlig and sak.unntatt_offentlighet
        alle = list(sak.vedlegg.all())
        synlige = [] if skjermet else [v for v in alle if v.offentlig or not offentlig]
        punkter.append(
            Punkt(
                sak=sak,
                starttid=linje.starttid,
                skjermet=skjermet,
                vedlegg=synlige,
                skjulte_vedlegg=len(alle) - len(synlige),
            )
        )
    return Saksliste(
        mote=mote,
        punkter=punkter,
        offentlig_utgave=offentlig,
        planlagt_slutt=plan.planlagt_slutt,
        over_tiden=plan.over_tiden,
    )


# --- Agenda times -----------------------------------------------------------------------------


@dataclass
class Sakslistelinje:
    sak: Any
    starttid: datetime.datetime | None


@dataclass
class Tidsplan:
    linjer: list[Sakslistelinje]
    planlagt_slutt: datetime.datetime | None
    over_tiden: bool


def tidsplan(mote: Mote, linjer: list) -> Tidsplan:
    """Start time of each agenda line from the meeting's start and the planned durations.
    A line's time is shown only while every line before it has a duration; the planned end
    only when every line has one. The warning comes as soon as the durations alone pass the
    meeting's end."""
    tid: datetime.datetime | None = timezone.localtime(mote.start)
    resultat = []
    for sak in linjer:
        resultat.append(Sakslistelinje(sak=sak, starttid=tid))
        if tid is not None and sak.varighet and not sak.trukket:
            tid = tid + datetime.timedelta(minutes=sak.varighet)
        elif not sak.trukket:
            tid = None
    aktive = [s for s in linjer if not s.trukket]
    planlagt = sum(s.varighet or 0 for s in aktive)
    slutt = timezone.localtime(mote.start) + datetime.timedelta(minutes=planlagt)
    komplett = bool(aktive) and all(s.varighet for s in aktive)
    over = bool(mote.slutt and planlagt and slutt > mote.slutt)
    return Tidsplan(linjer=resultat, planlagt_slutt=slutt if komplett else None, over_tiden=over)
