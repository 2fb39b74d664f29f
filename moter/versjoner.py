"""The versions that key the cached meeting, body and list pages (``hurtigbuffer``),
each read from the database in one small query before the page reads what it shows.

- a meeting's page and a sak's page: the meeting's ``versjon`` (raised by every write to the
  meeting, its saker and what hangs on them, and the meetings linked by «referat for») and the
  master-data version;
- a body's page and the agenda editor: the master-data version and the ids and versions of the
  body's meetings (``hurtigbuffer.fingeravtrykk``); the editor also those of the body's
  sakskø;
- the vedtak register: the master-data version and the ids and versions of all meetings;
- the front page: the master-data version.
"""

# The SQL below is built from table names of the models, never from input.
# ruff: noqa: S608
from __future__ import annotations

from functools import cache

from django.db import connection

from helsefellesskap import hurtigbuffer
from helsefellesskap.models import Organ

from .models import Mote


def mote_med_versjon(pk: int, *related: str) -> Mote | None:
    """The meeting with its body (and ``related``), its version and the master-data version
    (kept for the rest of the request), in one query."""
    mote = (
        Mote.objects.select_related("organ", *related)
        .annotate(grunndata_versjon=hurtigbuffer.grunndata_subquery())
        .filter(pk=pk)
        .first()
    )
    if mote is not None:
        hurtigbuffer.husk_grunndata(mote.grunndata_versjon)
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


def organ_med_versjon(slug: str) -> Organ | None:
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
def _alle_moter_sql() -> str:
    return (
        f"SELECT {hurtigbuffer.grunndata_sql()}, NULL, NULL UNION ALL "
        f"SELECT NULL, id, versjon FROM {Mote._meta.db_table} ORDER BY 2"
    )


def alle_moter(request, *args, **kwargs) -> tuple:
    """A page that lists from every meeting (the vedtak register): the master data and the ids
    and versions of all meetings, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_alle_moter_sql())
        rader = cursor.fetchall()
    grunndata = next((r[0] for r in rader if r[1] is None), None)
    return ("alle", grunndata, hurtigbuffer.fingeravtrykk_rader(r[1:] for r in rader if r[1]))
