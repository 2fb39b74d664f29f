"""The versions that key the cached meeting, body and list pages (``pagecache``),
each read from the database in one small query before the page reads what it shows.

- a meeting's page and a sak's page: the meeting's ``versjon`` (raised by every write to the
  meeting, its saker and what hangs on them, and the meetings linked by «referat for») and the
  master-data version;
- a body's page and the agenda editor: the master-data version and the ids and versions of the
  body's meetings (``pagecache.fingerprint``); the editor also those of the body's
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

from helsefellesskap import pagecache, rawsql
from helsefellesskap.models import Organ

from . import access
from .models import Mote


def mote_with_version(pk: int) -> Mote | None:
    """The meeting with its body, its version and the master-data version (kept for the rest of
    the request). The versions are read by one small query; the meeting and its body come from
    the cache under them (read, and stored, when they have changed)."""
    row = pagecache.read_row(_mote_page_sql(), [pk])
    if row is None:
        return None
    versjon, grunndata = row
    pagecache.remember_grunndata(grunndata)
    mote = pagecache.fragment(
        ("mote-rad", pk, versjon, grunndata),
        lambda: Mote.objects.select_related("organ").filter(pk=pk).first(),
    )
    if mote is None:  # deleted between the two reads
        return None
    # The cached instance is shared between requests: each gets its own copy (its body stays
    # shared, and is only read).
    return copy.copy(mote)


@cache
def _mote_page_sql() -> str:
    return f"SELECT versjon, {pagecache.grunndata_sql()} FROM {Mote._meta.db_table} WHERE id = %s"


@cache
def _sak_page_sql() -> str:
    sak = Mote.saker.field.model._meta.db_table
    return (
        f"SELECT m.id, m.versjon, {pagecache.grunndata_sql()} FROM {Mote._meta.db_table} m "
        f"JOIN {sak} s ON s.mote_id = m.id WHERE s.id = %s"
    )


def mote_page(request, pk: int) -> tuple | None:
    """A meeting's page: its version and the master data's."""
    row = pagecache.read_row(_mote_page_sql(), [pk])
    return None if row is None else ("mote", pk, *row)


def sak_page(request, pk: int) -> tuple | None:
    """A sak's page: its meeting's version (every change to a sak raises it) and the master
    data's. A sak in no meeting (the secretariat's sakskø) is not cached."""
    row = pagecache.read_row(_sak_page_sql(), [pk])
    return None if row is None else ("sak", pk, *row)


def organets_moter(organ_id: int) -> str:
    """The version of a body's list of meetings."""
    return pagecache.fingerprint(Mote.objects.filter(organ_id=organ_id))


@cache
def _organ_page_sql() -> str:
    return (
        f"SELECT o.id, {pagecache.grunndata_sql()}, m.id, m.versjon "
        f"FROM {Organ._meta.db_table} o LEFT JOIN {Mote._meta.db_table} m ON m.organ_id = o.id "
        "WHERE UPPER(o.slug) = UPPER(%s) ORDER BY m.id"
    )


def organ_page(request, slug: str) -> tuple | None:
    """A body's page: the master data and the body's meetings, in one query."""
    rader = rawsql.fetch(_organ_page_sql(), [slug])
    if not rader:
        return None
    organ_id, grunndata = rader[0][:2]
    moter = pagecache.fingerprint_rows(r[2:] for r in rader if r[2] is not None)
    return ("organ", organ_id, grunndata, moter)


@cache
def _published_referater_sql() -> str:
    return (
        f"SELECT {pagecache.grunndata_sql()}, NULL, NULL UNION ALL "
        f"SELECT NULL, m.id, m.versjon FROM {Mote._meta.db_table} m "
        f"JOIN {Organ._meta.db_table} o ON o.id = m.organ_id "
        "WHERE m.referat_publisert IS NOT NULL AND m.offentlig AND o.offentlig ORDER BY 2"
    )


def published_referater(request, *args, **kwargs) -> tuple:
    """The public vedtak register: the master data and the ids and versions of the meetings
    whose referat the public reads (published, public meeting in a public body), in one query.
    A meeting that is published or unpublished enters or leaves the list, so its digest
    changes; a write to a meeting whose referat is not public changes nothing here."""
    rader = rawsql.fetch(_published_referater_sql())
    grunndata = next((r[0] for r in rader if r[1] is None), None)
    return ("vedtak", grunndata, pagecache.fingerprint_rows(r[1:] for r in rader if r[1]))


@cache
def _forside_sql() -> tuple[str, tuple]:
    """The master data and the ids and versions of the meetings the public sees
    (``moter.access.mote_public_q``, compiled once from the rule itself, not restated)."""
    public = Mote.objects.filter(access.mote_public_q()).order_by().values_list("pk", "versjon")
    sql, params = public.query.sql_with_params()
    return (
        f"SELECT {pagecache.grunndata_sql()}, NULL, NULL UNION ALL "
        f"SELECT NULL, t.pk, t.versjon FROM ({sql}) t ORDER BY 2",
        tuple(params),
    )


def forside_page(request) -> tuple:
    """The front page for the public: the master data (the bodies, the organisation chart) and
    the ids and versions of every meeting the public sees, in one query. Both of its lists
    (the coming meetings and the latest publications) are drawn from those meetings, so a
    meeting that is published, unpublished, moved, cancelled or changed enters, leaves or
    changes the digest; a write to a draft or a meeting that is not public changes nothing
    here. Which meetings are still coming changes with the day, which every key carries."""
    sql, params = _forside_sql()
    rader = rawsql.fetch(sql, params)
    grunndata = next((r[0] for r in rader if r[1] is None), None)
    return ("forside", grunndata, pagecache.fingerprint_rows(r[1:] for r in rader if r[1]))
