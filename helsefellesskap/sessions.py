"""Sessions in the database, as Django's ``db`` engine keeps them, read by one hand-written query:
every logged-in request reads its session, and compiling the queryset cost more than the query.
Writing, expiry and clean-up are Django's own (``clearsessions``). Sessions stay in the database
only, not in the cache (``cached_db``): with Redis down, logging in and out must still work, and a
logout must not leave its session behind in a cache that could not be reached."""

# The SQL below is built from the model's table and column names, never from input.
# ruff: noqa: S608
from __future__ import annotations

from functools import cache

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from . import rawsql


@cache
def _sql(model, alias: str) -> str:
    return (
        f"SELECT {rawsql.columns(model, alias, 's')} FROM {model._meta.db_table} s "
        "WHERE s.session_key = %s AND s.expire_date > %s"
    )


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        if key is None:
            return None
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows = rawsql.fetch(_sql(self.model, alias), [key, now], alias=alias)
        row = rows[0] if rows else None
        if row is None:
            self._session_key = None
            return None
        return rawsql.instance(self.model, alias, row)
