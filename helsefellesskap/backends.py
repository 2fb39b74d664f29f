"""Authentication: Django's model backend, reading the user with the Person (which every page
shows in the menu) and whether the user is in the secretariat, in one query per request. Nothing
about the user is cached across requests: changing a password, a group or ``is_active`` takes
effect on the next request.

Every logged-in request runs this query, so it is written by hand (``rawsql``): compiling the
equivalent queryset (``select_related("person")`` and an ``Exists`` of the group) cost more than
running it."""

# The SQL below is built from the models' table and column names, never from input.
# ruff: noqa: S608
from __future__ import annotations

import datetime
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connections, router

from . import rawsql
from .access import SEKRETARIAT_GROUP


@cache
def _sql(alias: str) -> str:
    from .models import Person, Verv

    user_model = get_user_model()
    connection = connections[alias]
    quote = connection.ops.quote_name
    groups = user_model.groups.through
    bruker = Person._meta.get_field("bruker").column
    # The person's verv as "organ:fra:til,…" in the order of their ids (empty dates as "").
    periode = "CAST(v.organ_id AS TEXT) || ':' || COALESCE(CAST(v.fra AS TEXT), '') || ':' || "
    periode += "COALESCE(CAST(v.til AS TEXT), '')"
    verv = f"SELECT v.id, {periode} AS periode FROM {Verv._meta.db_table} v "
    verv += "WHERE v.person_id = p.id"
    if connection.vendor == "postgresql":
        vervene = f"(SELECT string_agg(x.periode, ',' ORDER BY x.id) FROM ({verv}) x)"
    else:
        vervene = f"(SELECT group_concat(x.periode, ',') FROM ({verv} ORDER BY v.id) x)"
    return (
        f"SELECT {rawsql.columns(user_model, alias, 'u')}, {rawsql.columns(Person, alias, 'p')}, "
        f"{vervene}, "
        f"EXISTS (SELECT 1 FROM {groups._meta.db_table} ug "
        f"JOIN {Group._meta.db_table} g ON g.id = ug.group_id "
        "WHERE ug.user_id = u.id AND g.name = %s) "
        f"FROM {user_model._meta.db_table} u "
        f"LEFT JOIN {Person._meta.db_table} p ON p.{quote(bruker)} = u.id "
        "WHERE u.id = %s"
    )


def _vervene(text: str | None) -> list:
    from .models import Verv

    vervene = []
    for periode in (text or "").split(","):
        if periode:
            organ_id, fra, til = periode.split(":")
            vervene.append(
                Verv(
                    organ_id=int(organ_id),
                    fra=datetime.date.fromisoformat(fra) if fra else None,
                    til=datetime.date.fromisoformat(til) if til else None,
                )
            )
    return vervene


def load_user(user_id):
    """The user with ``user.person`` (None if the user has no Person), the secretariat flag and
    the person's verv (bodies and periods), which ``helsefellesskap.access`` reads, or None."""
    from .models import Person

    user_model = get_user_model()
    try:
        user_id = user_model._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a session with a malformed id is no user
        return None
    alias = router.db_for_read(user_model) or DEFAULT_DB_ALIAS
    rows = rawsql.fetch(_sql(alias), [SEKRETARIAT_GROUP, user_id], alias=alias)
    if not rows:
        return None
    row = rows[0]
    n = rawsql.width(user_model)
    user = rawsql.instance(user_model, alias, row[:n])
    person_values = row[n : n + rawsql.width(Person)]
    person = None
    if person_values[0] is not None:
        person = rawsql.instance(Person, alias, person_values)
        Person.bruker.field.set_cached_value(person, user)
    user_model.person.related.set_cached_value(user, person)
    user._vervene = _vervene(row[-2])
    user._er_sekretariat = bool(row[-1])
    return user


class Users(ModelBackend):
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
