"""Reads and rules of the core domain, shared by views, commands and the other apps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from .models import Organ, Verv, today


@dataclass
class OrganNode:
    organ: Organ
    barn: list[OrganNode] = field(default_factory=list)


def organkart(*, dato: datetime.date | None = None) -> list[OrganNode]:
    """The active bodies as a forest following ``rapporterer_til`` (PM → SSU → FSU → fagutvalg).

    One query; a body whose parent is inactive is shown as a root so it is not lost.
    """
    organer = list(Organ.objects.active(dato or today()))
    nodes = {o.pk: OrganNode(o) for o in organer}
    roots: list[OrganNode] = []
    for organ in organer:
        parent = nodes.get(organ.rapporterer_til_id)
        (parent.barn if parent else roots).append(nodes[organ.pk])
    return roots


@dataclass
class Rollegruppe:
    rolle: str
    rolle_navn: str
    verv: list[Verv]


def medlemsliste(*, organ: Organ, dato: datetime.date | None = None) -> list[Rollegruppe]:
    """The body's memberships on ``dato``, grouped by role in the seeds' order, then by partner."""
    rank = {rolle: i for i, rolle in enumerate(Verv.ROLLE_REKKEFOLGE)}
    verv = sorted(
        organ.verv_on(dato),
        key=lambda v: (
            rank.get(v.rolle, 99),
            (v.representerer.navn if v.representerer else "\uffff"),
            v.person.navn,
        ),
    )
    labels = dict(Verv.Rolle.choices)
    return [
        Rollegruppe(rolle=rolle, rolle_navn=labels[rolle], verv=list(items))
        for rolle, items in groupby(verv, key=lambda v: v.rolle)
    ]
