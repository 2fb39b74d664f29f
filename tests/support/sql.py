"""What a piece of code writes to the database, read from the SQL it sends."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connections

_SKRIVING = ("INSERT", "UPDATE", "DELETE")


@contextlib.contextmanager
def skrivinger(*, unntatt: tuple[str, ...] = ()) -> Iterator[list[str]]:
    """Collect every INSERT, UPDATE and DELETE sent on any database connection inside the
    block, except statements on the tables named in ``unntatt`` (e.g. ``django_session``)."""
    funnet: list[str] = []

    def vakt(execute, sql, params, many, context):
        tekst = sql if isinstance(sql, str) else str(sql)
        if tekst.lstrip()[:6].upper() in _SKRIVING and not any(
            f'"{tabell}"' in tekst for tabell in unntatt
        ):
            funnet.append(tekst)
        return execute(sql, params, many, context)

    with contextlib.ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(vakt))
        yield funnet
