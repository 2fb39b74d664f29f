"""Who may see and change the agreements: named predicates, each beside its query filter (as in
``moter.access``).

The public (and members, who read agreements as everybody does) see an agreement that is
``offentlig`` and no longer an ``utkast``, and of it only the published versions; the central
secretariat (``helsefellesskap.access.is_sekretariat``) sees everything and edits. An
agreement binds all the partners, not one body: a body's own secretariat reads it as the
public does. The sak a version was adopted in (or an evaluation treated in) is linked only when
the reader may see that sak (``moter.access.can_view_sak``), and shown by its screened title
when the reader may not read it in full."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from helsefellesskap.access import AnyUser, is_sekretariat

# The central secretariat runs the register: agreements, versions, evaluations.
can_manage_avtaler = is_sekretariat


def _p(prefix: str, **lookups: Any) -> Q:
    return Q(**{f"{prefix}{k}": v for k, v in lookups.items()})


@rules.predicate
def can_view_avtale(user: AnyUser, avtale: Any) -> bool:
    if avtale is None:
        return False
    if is_sekretariat(user):
        return True
    return bool(avtale.offentlig) and avtale.status != "utkast"


def avtale_visible_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_view_avtale`` as a filter on agreements (``prefix`` for a related model)."""
    if is_sekretariat(user):
        return Q()
    return _p(prefix, offentlig=True) & ~_p(prefix, status="utkast")


@rules.predicate
def can_view_versjon(user: AnyUser, versjon: Any) -> bool:
    """A published version of a visible agreement; unpublished ones to the secretariat alone."""
    if versjon is None:
        return False
    if is_sekretariat(user):
        return True
    return versjon.publisert is not None and can_view_avtale(user, versjon.avtale)


def versjon_visible_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_view_versjon`` as a filter on versions."""
    if is_sekretariat(user):
        return Q()
    return _p(prefix, publisert__isnull=False) & avtale_visible_q(user, f"{prefix}avtale__")


PERMISSIONS: dict[str, rules.Predicate] = {
    "avtaler.view_avtale": can_view_avtale,
    "avtaler.view_avtaleversjon": can_view_versjon,
    "avtaler.change_avtale": can_manage_avtaler,
}
