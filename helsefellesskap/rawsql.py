"""Hand-written SQL for the few queries every logged-in request runs (the session, the user with
their Person and secretariat flag), where compiling a queryset costs more than the query.

The rows become model instances as the ORM makes them: each column goes through the same
converters (``connection.ops.get_db_converters`` and the field's own) and ``Model.from_db``, so
the instances are the ORM's, fit to be read, saved or compared. Only the SQL is written by hand,
and only from the models' own table and column names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.models import Model


@cache
def _converters(alias: str, model: type[Model]) -> tuple[list[str], list[list[Callable]], list]:
    connection = connections[alias]
    fields = list(model._meta.concrete_fields)
    converters = []
    columns = []
    for field in fields:
        col = field.get_col(model._meta.db_table)
        # As the compiler does for a selected column (SQLCompiler.get_converters).
        converters.append(connection.ops.get_db_converters(col) + col.get_db_converters(connection))
        columns.append(col)
    return [f.attname for f in fields], converters, columns


def columns(model: type[Model], alias: str, table_alias: str) -> str:
    """The model's concrete columns, in field order, for a SELECT list."""
    quote = connections[alias].ops.quote_name
    return ", ".join(f"{table_alias}.{quote(f.column)}" for f in model._meta.concrete_fields)


def width(model: type[Model]) -> int:
    return len(model._meta.concrete_fields)


def instance(model: type[Model], alias: str, values: Sequence[Any]) -> Model:
    """A model instance from the values of ``columns(model)``, converted as the ORM does."""
    connection = connections[alias]
    attnames, converters, cols = _converters(alias, model)
    converted = []
    for value, convs, col in zip(values, converters, cols, strict=True):
        for convert in convs:
            value = convert(value, col, connection)
        converted.append(value)
    return model.from_db(alias, attnames, converted)


def fetch(sql: str, params: Sequence[Any] = (), *, alias: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    """The rows of a read by hand-written SQL, written for the first query of a request.

    With ``CONN_HEALTH_CHECKS`` Django pings a connection kept from an earlier request before its
    first query, one more round trip on every request. Here the read is the check: run on the
    kept connection, and if that connection has broken since (a database restart, a dropped
    socket), closed and run once more on a new one. Only outside a transaction (a read can be
    run twice; a broken transaction cannot be resumed)."""
    connection = connections[alias]
    # Django's own attributes (CONN_HEALTH_CHECKS), not in its type stubs.
    check = (
        getattr(connection, "health_check_enabled", False)
        and not getattr(connection, "health_check_done", True)
        and not connection.in_atomic_block
    )
    if check:
        setattr(connection, "health_check_done", True)  # noqa: B010
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.fetchall()
    except (OperationalError, InterfaceError):
        if not check:
            raise
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()
