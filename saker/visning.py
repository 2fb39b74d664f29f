"""What a reader sees of an agenda: the members' edition or the public edition, from one source.

Used by the meeting page, the publication check and (later) the PDF documents."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from moter.access import Tilgang
from moter.models import Mote

from .models import Ansvar, Sak, Vedlegg
from .services import tidsplan


@dataclass
class Punkt:
    """One agenda line as a reader may see it."""

    sak: Sak
    starttid: datetime.datetime | None
    skjermet: bool  # exempt and shown to the public: number and screened title only
    vedlegg: list[Vedlegg] = field(default_factory=list)
    skjulte_vedlegg: int = 0

    @property
    def tittel(self) -> str:
        return self.sak.offentlig_visningstittel if self.skjermet else self.sak.tittel

    @property
    def ansvar(self) -> list[Ansvar]:
        return [] if self.skjermet else list(self.sak.ansvar.all())


@dataclass
class Saksliste:
    mote: Mote
    punkter: list[Punkt]
    offentlig_utgave: bool
    planlagt_slutt: datetime.datetime | None
    over_tiden: bool

    @property
    def vedleggsliste(self) -> list[tuple[Punkt, Vedlegg]]:
        """The innkalling's head lists every attachment: «Sak 2024.2: Referat SSU 23.11.23»."""
        return [(p, v) for p in self.punkter for v in p.vedlegg]


def saker_med_innhold(mote: Mote):
    return (
        Sak.objects.filter(mote=mote)
        .order_by("rekkefolge", "pk")
        .select_related("saksbehandler")
        .prefetch_related(
            Prefetch("ansvar", queryset=Ansvar.objects.select_related("person")),
            Prefetch("vedlegg", queryset=Vedlegg.objects.order_by("rekkefolge", "pk")),
        )
    )


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
