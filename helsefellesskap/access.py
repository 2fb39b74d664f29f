"""Who a user is, for the access rules: the user-level facts every rule is built on.

The rules themselves (meetings, saker, vedlegg, referat, documents, the admin) live in
``moter.access``: named predicates (django-rules) with the query filter beside each. This
module holds what the core knows without the apps: whether a user is in the central
secretariat, of which bodies the user is a member on a given day, and which bodies the user runs
(a body's own secretariat, an arbeidsgruppe's leader). Decided per request from what the
authentication backend read with the user (``helsefellesskap.backends``) and memoised on the
request's user object; never cached across requests."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from .models import Organ, Verv, today

SEKRETARIAT_GROUP = "Sekretariat"

AnyUser = User | AnonymousUser


@rules.predicate
def is_sekretariat(user: AnyUser) -> bool:
    """The central secretariat: the group and superusers. They run every body (its meetings,
    agendas, referat and members) and what is not one body's: the site's settings, the admin.
    A body's own secretariat is ``managed_organ_ids``.

    Decided per request and memoised on the request's user object (the authentication backend
    reads it with the user, ``helsefellesskap.backends``); never cached across requests."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_er_sekretariat", None)
    if cached is None:
        cached = user.groups.filter(name=SEKRETARIAT_GROUP).exists()
        # A memo of our own on Django's User, which does not declare it.
        user._er_sekretariat = cached  # type: ignore[attr-defined]
    return cached


@rules.predicate
def has_person(user: AnyUser) -> bool:
    """A login linked to a person (a member, or a secretariat user with a name): the one who
    reports forfall, has verv and follow-ups, and has a page of their own (/mine/)."""
    return bool(user is not None and user.is_authenticated and getattr(user, "person", None))


def _vervene(user: AnyUser) -> list[Verv]:
    """The user's verv (any role, any time), each with its body's type (``verv.organ`` holds
    the type alone; its other fields are read on demand), read once per request (memoised on
    the request's user object, never cached across requests). Every decision below applies the
    date at hand, so a verv that ends tomorrow stops giving access tomorrow."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_vervene", None)
    if cached is None:
        cached = list(
            Verv.objects.for_user(user)
            .select_related("organ")
            .only("organ__type", "rolle", "fra", "til")
            .order_by("pk")
        )
        user._vervene = cached  # type: ignore[attr-defined]  # a memo of ours on Django's User
    return cached


def _underorganer(user: AnyUser) -> dict[int, frozenset[int]]:
    """For each body in which the user has a verv *sekretariat* (in any period): the bodies
    that report to it, directly or through others (``Organ.rapporterer_til``). Read with the
    user (``helsefellesskap.backends``); here only for a user object that was not."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_underorganer", None)
    if cached is None:
        roots = {v.organ_id for v in _vervene(user) if v.rolle == Verv.Rolle.SEKRETARIAT}
        cached = _organ_descendants(roots) if roots else {}
        user._underorganer = cached  # type: ignore[attr-defined]  # a memo of ours on Django's User
    return cached


def _organ_descendants(roots: set[int]) -> dict[int, frozenset[int]]:
    """The bodies under each of ``roots`` (not the root itself), through the reporting line."""
    children: dict[int, list[int]] = {}
    for pk, parent in Organ.objects.values_list("pk", "rapporterer_til_id"):
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    found = {}
    for root in roots:
        seen: set[int] = set()
        stack = list(children.get(root, []))
        while stack:
            pk = stack.pop()
            if pk not in seen:
                seen.add(pk)
                stack.extend(children.get(pk, []))
        found[root] = frozenset(seen - {root})
    return found


def is_member(user: AnyUser, organ_id: int, dato: datetime.date | None = None) -> bool:
    """Whether ``user`` is a member of the body on ``dato`` (today by default).

    The one definition of «member of a body»: a verv in the body, in any role, in force that day
    (``Verv.active_on``: from ``fra`` to ``til``, both inclusive, an empty end is open). A verv
    that has ended, or not yet begun, does not make its holder a member that day."""
    dato = dato or today()
    return any(v.organ_id == organ_id and v.active_on(dato) for v in _vervene(user))


def member_organ_ids(user: AnyUser, dato: datetime.date | None = None) -> set[int]:
    """Ids of the bodies ``user`` is a member of on ``dato`` (today by default)."""
    dato = dato or today()
    return {v.organ_id for v in _vervene(user) if v.active_on(dato)}


def can_read_members_edition(user: AnyUser, organ_id: int, motedato: datetime.date) -> bool:
    """Whether ``user`` may read the members' edition of a meeting of the body held on
    ``motedato`` (the secretariat and drafts are decided by the caller).

    Policy: a member of the body on the day of the meeting, or today, reads the members'
    edition (exempt saker, non-public vedlegg, the referat once it is sent for comments).
    So a current member reads the body's whole archive; a member whose verv has ended keeps
    the meetings of their own period but nothing after it; a member whose verv starts later
    reads the meetings that fall in their period (they are summoned to them: the innkalling is
    sent to the members on the meeting's day) and, once the verv has begun, the archive. Drafts
    (planned meetings whose innkalling is not sent) are the secretariat's only.
    ``members_edition_q`` is the same rule as a query filter."""
    return is_member(user, organ_id, motedato) or is_member(user, organ_id)


def members_edition_q(user: AnyUser, prefix: str = "") -> Q:
    """``can_read_members_edition`` as a filter on meetings; ``prefix`` leads to the meeting
    from the model queried (``"mote__"`` for saker). Matches no row for a user without verv."""
    idag_ = today()
    q = Q(pk__in=[])
    for v in _vervene(user):
        organ = Q(**{f"{prefix}organ_id": v.organ_id})
        if not v.active_on(idag_):
            if v.fra is not None:
                organ &= Q(**{f"{prefix}start__date__gte": v.fra})
            if v.til is not None:
                organ &= Q(**{f"{prefix}start__date__lte": v.til})
        q |= organ
    return q


def member_on_day_q(user: AnyUser, prefix: str = "") -> Q:
    """The meetings held on a day ``user`` is a member of their body (``is_member`` on the
    meeting's day) as a filter: the user's own meetings, those they are summoned to. Not an
    access rule (a member reads the body's archive too, ``members_edition_q``); callers add
    the rule. Matches no row for a user without verv."""
    q = Q(pk__in=[])
    for v in _vervene(user):
        organ = Q(**{f"{prefix}organ_id": v.organ_id})
        if v.fra is not None:
            organ &= Q(**{f"{prefix}start__date__gte": v.fra})
        if v.til is not None:
            organ &= Q(**{f"{prefix}start__date__lte": v.til})
        q |= organ
    return q


def members_key(user: AnyUser, organ_id: int) -> tuple:
    """What ``members_edition_q`` depends on for one body, for the keys of cached pages: a
    member today sees the same as every other member today; others see their periods'
    meetings."""
    if is_member(user, organ_id):
        return ("medlem",)
    return tuple(("periode", v.fra, v.til) for v in _vervene(user) if v.organ_id == organ_id)


# The bodies whose leader runs the body: a working group or a project is led by its leader,
# without a secretariat of its own.
LEADER_RUN_TYPES = frozenset({Organ.Type.ARBEIDSGRUPPE, Organ.Type.PROSJEKT})


def managed_organ_ids(user: AnyUser, dato: datetime.date | None = None) -> frozenset[int]:
    """Ids of the bodies ``user`` runs on ``dato`` (today by default) besides the central
    secretariat (``is_sekretariat``), who runs all of them.

    A body is run by whoever has, in force that day (``Verv.active_on``), a verv *sekretariat*
    in it or, when ``SEKRETARIAT_ARVER_NEDOVER`` is on (the default), in a body it reports to,
    directly or through others (SSU's secretariat runs FSU and the groups under FSU); and an
    arbeidsgruppe or prosjekt by its *leder*. A verv that has ended, or not yet begun, gives no
    such right. From the request's memoised verv: no query."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    dato = dato or today()
    arver = bool(settings.SEKRETARIAT_ARVER_NEDOVER)
    memo: dict[tuple[datetime.date, bool], frozenset[int]] | None = getattr(
        user, "_styrte_organer", None
    )
    if memo is None:
        memo = {}
        user._styrte_organer = memo  # type: ignore[attr-defined]  # a memo of ours on Django's User
    if (dato, arver) not in memo:
        ids: set[int] = set()
        for v in _vervene(user):
            if not v.active_on(dato):
                continue
            if v.rolle == Verv.Rolle.SEKRETARIAT:
                ids.add(v.organ_id)
                if arver:
                    ids |= _underorganer(user).get(v.organ_id, frozenset())
            elif v.rolle == Verv.Rolle.LEDER and v.organ.type in LEADER_RUN_TYPES:
                ids.add(v.organ_id)
        memo[(dato, arver)] = frozenset(ids)
    return memo[(dato, arver)]


@rules.predicate
def manages_any_organ(user: AnyUser) -> bool:
    """The central secretariat, or one who runs at least one body today: the secretariat's
    pages (the start page, a new meeting, the import) are theirs, listing their bodies."""
    return bool(is_sekretariat(user) or managed_organ_ids(user))


def _requires(rule: Callable[[AnyUser], bool], melding: str) -> Callable[..., Any]:
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule(request.user):
                raise PermissionDenied(melding)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Views for the central secretariat (``is_sekretariat``): anonymous users go to the login page,
# others get 403.
sekretariat_required = _requires(is_sekretariat, "Bare sekretariatet har tilgang til denne siden.")

# Views for those who run a body (``manages_any_organ``), before the view checks the body of
# the object at hand (``moter.access.can_manage_organ``): anonymous users go to the login page,
# those who run no body get 403 without a query.
organ_manager_required = _requires(
    manages_any_organ, "Bare sekretariatet har tilgang til denne siden."
)
