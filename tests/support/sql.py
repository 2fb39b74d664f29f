"""What a piece of code writes to the database, read from the SQL it sends."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connections

_WRITE = ("INSERT", "UPDATE", "DELETE")


@contextlib.contextmanager
def writes(*, unntatt: tuple[str, ...] = ()) -> Iterator[list[str]]:
    """Collect every INSERT, UPDATE and DELETE sent on any database connection inside the
    block, except statements on the tables named in ``unntatt`` (e.g. ``django_session``)."""
    found: list[str] = []

    def guard(execute, sql, params, many, context):
        tekst = sql if isinstance(sql, str) else str(sql)
        if tekst.lstrip()[:6].upper() in _WRITE and not any(
            f'"{table}"' in tekst for table in unntatt
        ):
            found.append(tekst)
        return execute(sql, params, many, context)

    with contextlib.ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(guard))
        yield found
