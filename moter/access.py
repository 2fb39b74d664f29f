"""Who sees what of a meeting. Used by the views of moter and saker."""

from __future__ import annotations

from enum import IntEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from helsefellesskap import access
from helsefellesskap.access import er_sekretariat

from .models import Mote


class Tilgang(IntEnum):
    INGEN = 0
    PUBLIKUM = 1  # the public edition: published, public items only
    MEDLEM = 2  # the members' edition: everything except drafts
    SEKRETARIAT = 3  # everything, and may edit


def motedato(mote: Mote):
    """The meeting's day, in Norwegian time (the day membership is judged on)."""
    return timezone.localtime(mote.start).date()


def leser_medlemsutgaven(user, mote: Mote) -> bool:
    """A member of the body on the meeting's day or today, and the meeting is not a draft:
    see ``helsefellesskap.access.leser_medlemsutgaven`` for the policy."""
    return mote.status != Mote.Status.PLANLAGT and access.leser_medlemsutgaven(
        user, mote.organ_id, motedato(mote)
    )


def offentlig_synlig(mote: Mote) -> bool:
    publisert = mote.innkalling_publisert or mote.referat_publisert
    return bool(publisert and mote.offentlig and mote.organ.offentlig)


def mote_tilgang(user, mote: Mote) -> Tilgang:
    """The user's access to ``mote`` as read in this request: decided anew on every request
    (the groups and memberships it needs are read once per request, ``helsefellesskap.access``)."""
    if er_sekretariat(user):
        return Tilgang.SEKRETARIAT
    if user.is_authenticated and leser_medlemsutgaven(user, mote):
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
