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

from django.db import connections
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
