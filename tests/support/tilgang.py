"""The check that each query filter of moter/access.py selects exactly the rows its predicate
allows, over whatever world a test module has built (tests/moter/test_access.py, the permission
matrix's world in tests/test_permissions.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, Q

from helsefellesskap import access as user_access
from helsefellesskap.models import Organ
from moter import access
from moter.models import Mote
from saker.models import Sak, Vedlegg


def filters_agree_with_predicates(bruker: User | AnonymousUser, *, all_for_all: bool) -> None:
    """Asserts, for ``bruker``, that predicate and filter agree on every meeting, sak and
    vedlegg in the database, and that the vedtak register (``Sak.objects.referat_readable_for``)
    lists and screens what the predicates say. ``all_for_all``: the user sees every sak (the
    secretariat); otherwise some saker must be hidden, so the check cannot pass vacuously."""
    moter = list(Mote.objects.select_related("organ"))
    saker = list(Sak.objects.select_related("mote__organ"))
    vedlegg = list(Vedlegg.objects.select_related("sak__mote__organ"))

    def pks(rader: Iterable[Model], regel: Callable[..., bool]) -> set[int]:
        return {r.pk for r in rader if regel(bruker, r)}

    def filtrert(model: type[Model], q: Q) -> set[int]:
        return set(model._default_manager.filter(q).values_list("pk", flat=True))

    # Who runs a body: the bodies, their meetings and saker (the queue's by the sak's body).
    assert pks(Organ.objects.all(), access.can_manage_organ) == set(
        access.organs_managed(bruker).values_list("pk", flat=True)
    )
    assert pks(moter, access.can_manage_mote) == filtrert(Mote, access.managed_q(bruker))
    assert pks(saker, access.can_manage_sak) == filtrert(Sak, access.sak_managed_q(bruker))
    assert pks(moter, access.can_view_mote) == set(
        access.motes_visible(bruker).values_list("pk", flat=True)
    )
    assert pks(moter, access.can_read_members_edition) == filtrert(
        Mote, access.members_edition_q(bruker)
    )
    assert pks(moter, access.is_mote_public) == filtrert(Mote, access.mote_public_q())
    assert pks(moter, access.can_see_in_moteplan) == filtrert(Mote, access.moteplan_q(bruker))
    # The user's own meetings (/mine/): a member of the body on the meeting's day.
    assert pks(
        moter, lambda b, m: user_access.is_member(b, m.organ_id, access.motedato(m))
    ) == filtrert(Mote, user_access.member_on_day_q(bruker))
    assert pks(moter, access.can_read_vedtak_of) == filtrert(Mote, access.vedtak_readable_q(bruker))
    assert pks(saker, access.can_view_sak) == filtrert(Sak, access.sak_visible_q(bruker))
    assert pks(saker, access.can_read_sak_in_full) == filtrert(Sak, access.sak_in_full_q(bruker))
    assert pks(vedlegg, access.can_download_vedlegg) == filtrert(
        Vedlegg, access.vedlegg_downloadable_q(bruker)
    )
    # The vedtak register: the saker of meetings whose referat the reader may read, screened
    # where the reader gets only the public edition.
    register = {s.pk: s.skjermet for s in Sak.objects.referat_readable_for(bruker)}
    assert set(register) == {
        s.pk
        for s in saker
        if s.mote and s.type == Sak.Type.SAK and access.can_read_vedtak_of(bruker, s.mote)
    }
    for sak in saker:
        if sak.pk in register:
            assert register[sak.pk] == (not access.can_read_sak_in_full(bruker, sak)), sak
    # Not vacuous: the user sees some meetings, and (but for the secretariat) not every sak.
    assert pks(moter, access.can_view_mote)
    assert all_for_all == (pks(saker, access.can_view_sak) == {s.pk for s in saker})
