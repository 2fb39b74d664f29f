"""Who sees what of a meeting. Used by the views of moter and saker."""

from __future__ import annotations

from enum import IntEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from helsefellesskap import hurtigbuffer
from helsefellesskap.access import er_sekretariat
from helsefellesskap.models import Verv

from .models import Mote


class Tilgang(IntEnum):
    INGEN = 0
    PUBLIKUM = 1  # the public edition: published, public items only
    MEDLEM = 2  # the members' edition: everything except drafts
    SEKRETARIAT = 3  # everything, and may edit


def er_medlem(user, mote: Mote) -> bool:
    """A member of the meeting's body today or on the day of the meeting."""
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_medlem_cache", None)
    if cache is None:
        cache = user._medlem_cache = {}
    nokkel = (mote.organ_id, mote.start.date())
    if nokkel not in cache:
        vervene = Verv.objects.for_bruker(user).filter(organ_id=mote.organ_id)
        cache[nokkel] = (
            vervene.aktive().exists()
            or vervene.aktive(timezone.localtime(mote.start).date()).exists()
        )
    return cache[nokkel]


def offentlig_synlig(mote: Mote) -> bool:
    publisert = mote.innkalling_publisert or mote.referat_publisert
    return bool(publisert and mote.offentlig and mote.organ.offentlig)


def mote_tilgang(user, mote: Mote) -> Tilgang:
    if not user.is_authenticated:
        return Tilgang.PUBLIKUM if offentlig_synlig(mote) else Tilgang.INGEN
    # A logged-in user's access costs a few queries (groups, memberships): kept in the cache
    # until any data change, the user's groups and memberships included.
    # The meeting is read again for the decision: after the cache's generation.
    return hurtigbuffer.fragment(
        ("tilgang", user.pk, mote.pk),
        lambda: _mote_tilgang(user, Mote.objects.select_related("organ").get(pk=mote.pk)),
    )


def _mote_tilgang(user, mote: Mote) -> Tilgang:
    if er_sekretariat(user):
        return Tilgang.SEKRETARIAT
    if mote.status != Mote.Status.PLANLAGT and er_medlem(user, mote):
        return Tilgang.MEDLEM
    if offentlig_synlig(mote):
        return Tilgang.PUBLIKUM
    return Tilgang.INGEN


def krev_tilgang(user, mote: Mote, minst: Tilgang = Tilgang.PUBLIKUM) -> Tilgang:
    """The user's access to ``mote``, or 404 for those who may not know it exists
    (drafts, unpublished meetings) and 403 for logged-in users who lack the role."""
    tilgang = mote_tilgang(user, mote)
    if tilgang >= minst:
        return tilgang
    if tilgang == Tilgang.INGEN and minst <= Tilgang.MEDLEM:
        raise Http404("Fant ikke møtet.")
    raise PermissionDenied("Du har ikke tilgang.")
