"""Workflows on a meeting together with its agenda: create a meeting (or a year's plan) with
the standard items, move a meeting and renumber its draft agenda. They call moter's bare
services, never the other way."""

from __future__ import annotations

import datetime

from django.db import transaction

from moter import services as mote_services
from moter.models import Mote
from saker.numbering import lock_organ, mote_year, saker_renumber
from saker.services.agenda import standardsaker_add


@transaction.atomic
def mote_create_with_standard_items(**felter) -> Mote:
    """Create a meeting (``moter.services.mote_create``) with the standard items on its agenda:
    approval of the notice, the previous referat, and «Eventuelt»."""
    mote = mote_services.mote_create(**felter)
    standardsaker_add(mote=mote)
    return mote


@transaction.atomic
def moteplan_create_with_standard_items(**kwargs) -> list[Mote]:
    """A body's meetings for a year (``moter.services.moteplan_create``), each with the standard
    items on its agenda."""
    moter = mote_services.moteplan_create(**kwargs)
    for mote in moter:
        standardsaker_add(mote=mote)
    return moter


@transaction.atomic
def mote_move_and_renumber(*, mote: Mote, start: datetime.datetime, slutt=None) -> Mote:
    """Move a meeting (``moter.services.mote_move``) and renumber its draft agenda, in both
    years when it moves to another year."""
    # The body's lock before the first write: a write to a meeting locks its row (the version
    # triggers, helsefellesskap/versions.py), and a sak_create in it holds the body's lock
    # first, so the other order could deadlock.
    lock_organ(mote.organ)
    old_aar = mote_year(mote)
    mote = mote_services.mote_move(mote=mote, start=start, slutt=slutt)
    if not mote.innkalling_frozen:
        saker_renumber(organ=mote.organ, aar=old_aar)
        if mote_year(mote) != old_aar:
            saker_renumber(organ=mote.organ, aar=mote_year(mote))
    return mote
