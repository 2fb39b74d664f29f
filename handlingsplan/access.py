"""Who may see and change the action plans: named predicates, each beside its query filter (as
in ``moter.access`` and ``avtaler.access``).

A published plan is public: everybody sees its innsatsområder, tiltak, status reports and
their funding. The seeds publish these budgets in public saksdokumenter (SSU-sak 19/26 gives
«bevilget kr 700 000 … samlet kostnad på kr 808 985» to anyone), so the figures of a published
plan's tiltak are public too. An unpublished plan is a draft: it, its tiltak and everything
allocated to them reach only the central secretariat
(``helsefellesskap.access.is_sekretariat``), which alone edits. Grants themselves (source,
year, amount) are public, as the letters granting them come to SSU as referatsaker; a grant's
figures for outsiders count only the allocations to tiltak they may see, so a draft's
allocations show up in no sum. The sak a status report was given in is linked only when the
reader may see that sak (``moter.access.can_view_sak``); a grant letter only when the reader
may download that vedlegg (``moter.access.can_download_vedlegg``)."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from helsefellesskap import access as user_access
from helsefellesskap.access import AnyUser, is_sekretariat
from moter import access as mote_access

# The central secretariat keeps the plans, reports status and records funding.
can_manage_handlingsplan = is_sekretariat


def _p(prefix: str, **lookups: Any) -> Q:
    return Q(**{f"{prefix}{k}": v for k, v in lookups.items()})


@rules.predicate
def can_view_plan(user: AnyUser, plan: Any) -> bool:
    if plan is None:
        return False
    return is_sekretariat(user) or plan.publisert is not None


def plan_visible_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_view_plan`` as a filter (``prefix`` for a related model)."""
    if is_sekretariat(user):
        return Q()
    return _p(prefix, publisert__isnull=False)


@rules.predicate
def can_view_tiltak(user: AnyUser, tiltak: Any) -> bool:
    return tiltak is not None and can_view_plan(user, tiltak.innsatsomrade.plan)


def tiltak_visible_q(user: AnyUser, prefix: str = "") -> Q:
    return plan_visible_q(user, f"{prefix}innsatsomrade__plan__")


def tildeling_visible_q(user: AnyUser, prefix: str = "") -> Q:
    """The allocations ``user`` may see: those to a tiltak they may see."""
    return tiltak_visible_q(user, f"{prefix}tiltak__")


def vedlegg_link(user: AnyUser, vedlegg: Any) -> Any:
    """The grant letter when ``user`` may download it; else None."""
    if vedlegg is None or not mote_access.can_download_vedlegg(user, vedlegg):
        return None
    return vedlegg


PERMISSIONS: dict[str, rules.Predicate] = {
    "handlingsplan.view_handlingsplan": can_view_plan,
    "handlingsplan.view_tiltak": can_view_tiltak,
    "handlingsplan.change_handlingsplan": can_manage_handlingsplan,
}


# --- Annual reports ---------------------------------------------------------------------------
# A body's annual report is written by whoever runs the body (``moter.access.can_manage_organ``:
# the central secretariat, the body's own secretariat); until it is published it is their draft
# and unknown to everybody else (404). Published, it is for everybody, as the body's page and its
# members are: what each reader gets of the meetings, saker and vedtak in it is decided per item
# by the rules for those (``handlingsplan.arsrapport.content``), so an exempt sak is screened and
# the public reads only vedtak of published referater.


@rules.predicate
def can_change_arsrapport(user: AnyUser, rapport: Any) -> bool:
    return rapport is not None and mote_access.can_manage_organ(user, rapport.organ)


@rules.predicate
def is_arsrapport_published(user: AnyUser, rapport: Any) -> bool:
    """Published, and the reader may have it: everybody for a public body, the body's members
    today for a body that is not public (as its meetings are not)."""
    return (
        rapport is not None
        and rapport.publisert is not None
        and (rapport.organ.offentlig or user_access.is_member(user, rapport.organ_id))
    )


can_view_arsrapport = can_change_arsrapport | is_arsrapport_published


def arsrapport_visible_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_view_arsrapport`` as a filter."""
    if is_sekretariat(user):
        return Q()
    lesere = _p(prefix, organ__offentlig=True) | _p(
        prefix, organ_id__in=sorted(user_access.member_organ_ids(user))
    )
    return (_p(prefix, publisert__isnull=False) & lesere) | mote_access.managed_q(user, prefix)


PERMISSIONS |= {
    "handlingsplan.view_arsrapport": can_view_arsrapport,
    "handlingsplan.change_arsrapport": can_change_arsrapport,
}
