"""The versions that key the cached meeting, body and list pages (``hurtigbuffer``),
each read from the database in one small query before the page reads what it shows.

- a meeting's page and a sak's page: the meeting's ``versjon`` (raised by every write to the
  meeting, its saker and what hangs on them, and the meetings linked by «referat for») and the
  master-data version;
- a body's page and the agenda editor: the master-data version and the ids and versions of the
  body's meetings (``hurtigbuffer.fingeravtrykk``); the editor also those of the body's
  sakskø;
- the public vedtak register: the master-data version and the ids and versions of the meetings
  whose referat is published;
- the front page: the master-data version.
"""

# The SQL below is built from table names of the models, never from input.
# ruff: noqa: S608
from __future__ import annotations

import copy
from functools import cache
from typing import TYPE_CHECKING, TypedDict

from django.db import connection

from helsefellesskap import hurtigbuffer
from helsefellesskap.models import Organ

from .models import Mote

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _MedGrunndata(TypedDict):
    grunndata_versjon: int | None


def mote_med_versjon(pk: int) -> Mote | None:
    """The meeting with its body, its version and the master-data version (kept for the rest of
    the request). The versions are read by one small query; the meeting and its body come from
    the cache under them (read, and stored, when they have changed)."""
    rad = hurtigbuffer.les_rad(_mote_side_sql(), [pk])
    if rad is None:
        return None
    versjon, grunndata = rad
    hurtigbuffer.husk_grunndata(grunndata)
    mote = hurtigbuffer.fragment(
        ("mote-rad", pk, versjon, grunndata),
        lambda: Mote.objects.select_related("organ").filter(pk=pk).first(),
    )
    if mote is None:  # deleted between the two reads
        return None
    # The cached instance is shared between requests: each gets its own copy (its body stays
    # shared, and is only read).
    mote = copy.copy(mote)
    mote.grunndata_versjon = grunndata
    return mote


@cache
def _mote_side_sql() -> str:
    return (
        f"SELECT versjon, {hurtigbuffer.grunndata_sql()} FROM {Mote._meta.db_table} WHERE id = %s"
    )


@cache
def _sak_side_sql() -> str:
    sak = Mote.saker.field.model._meta.db_table
    return (
        f"SELECT m.id, m.versjon, {hurtigbuffer.grunndata_sql()} FROM {Mote._meta.db_table} m "
        f"JOIN {sak} s ON s.mote_id = m.id WHERE s.id = %s"
    )


def mote_side(request, pk: int) -> tuple | None:
    """A meeting's page: its version and the master data's."""
    rad = hurtigbuffer.les_rad(_mote_side_sql(), [pk])
    return None if rad is None else ("mote", pk, *rad)


def sak_side(request, pk: int) -> tuple | None:
    """A sak's page: its meeting's version (every change to a sak raises it) and the master
    data's. A sak in no meeting (the secretariat's sakskø) is not cached."""
    rad = hurtigbuffer.les_rad(_sak_side_sql(), [pk])
    return None if rad is None else ("sak", pk, *rad)


def organ_med_versjon(slug: str) -> WithAnnotations[Organ, _MedGrunndata] | None:
    """The body by its address, with the master-data version (kept for the request)."""
    organ = (
        Organ.objects.filter(slug__iexact=slug)
        .annotate(grunndata_versjon=hurtigbuffer.grunndata_subquery())
        .first()
    )
    if organ is not None:
        hurtigbuffer.husk_grunndata(organ.grunndata_versjon)
    return organ


def organets_moter(organ_id: int) -> str:
    """The version of a body's list of meetings."""
    return hurtigbuffer.fingeravtrykk(Mote.objects.filter(organ_id=organ_id))


@cache
def _organ_side_sql() -> str:
    return (
        f"SELECT o.id, {hurtigbuffer.grunndata_sql()}, m.id, m.versjon "
        f"FROM {Organ._meta.db_table} o LEFT JOIN {Mote._meta.db_table} m ON m.organ_id = o.id "
        "WHERE UPPER(o.slug) = UPPER(%s) ORDER BY m.id"
    )


def organ_side(request, slug: str) -> tuple | None:
    """A body's page: the master data and the body's meetings, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_organ_side_sql(), [slug])
        rader = cursor.fetchall()
    if not rader:
        return None
    organ_id, grunndata = rader[0][:2]
    moter = hurtigbuffer.fingeravtrykk_rader(r[2:] for r in rader if r[2] is not None)
    return ("organ", organ_id, grunndata, moter)


@cache
def _publiserte_referater_sql() -> str:
    return (
        f"SELECT {hurtigbuffer.grunndata_sql()}, NULL, NULL UNION ALL "
        f"SELECT NULL, m.id, m.versjon FROM {Mote._meta.db_table} m "
        f"JOIN {Organ._meta.db_table} o ON o.id = m.organ_id "
        "WHERE m.referat_publisert IS NOT NULL AND m.offentlig AND o.offentlig ORDER BY 2"
    )


def publiserte_referater(request, *args, **kwargs) -> tuple:
    """The public vedtak register: the master data and the ids and versions of the meetings
    whose referat the public reads (published, public meeting in a public body), in one query.
    A meeting that is published or unpublished enters or leaves the list, so its digest
    changes; a write to a meeting whose referat is not public changes nothing here."""
    with connection.cursor() as cursor:
        cursor.execute(_publiserte_referater_sql())
        rader = cursor.fetchall()
    grunndata = next((r[0] for r in rader if r[1] is None), None)
    return ("vedtak", grunndata, hurtigbuffer.fingeravtrykk_rader(r[1:] for r in rader if r[1]))
