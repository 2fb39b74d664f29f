"""Authentication: Django's model backend, reading the user with the Person (which every page
shows in the menu), whether the user is in the secretariat, the person's verv and the bodies
under those the person is secretariat of, in one query per request. Nothing
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
    from .models import Organ, Person, Verv

    user_model = get_user_model()
    connection = connections[alias]
    quote = connection.ops.quote_name
    groups = user_model.groups.through
    bruker = quote(Person._meta.get_field("bruker").column)
    organ_table, verv_table = Organ._meta.db_table, Verv._meta.db_table
    parent = quote(Organ._meta.get_field("rapporterer_til").column)
    rolle, type_ = (
        quote(Verv._meta.get_field("rolle").column),
        quote(Organ._meta.get_field("type").column),
    )
    # The person's verv as "organ:fra:til:rolle:type,…" in the order of their ids (empty dates
    # as "").
    periode = "CAST(v.organ_id AS TEXT) || ':' || COALESCE(CAST(v.fra AS TEXT), '') || ':' || "
    periode += f"COALESCE(CAST(v.til AS TEXT), '') || ':' || v.{rolle} || ':' || o.{type_}"
    verv = f"SELECT v.id, {periode} AS periode FROM {verv_table} v "
    verv += f"JOIN {organ_table} o ON o.id = v.organ_id WHERE v.person_id = p.id"
    # The bodies under each body where the user has a verv sekretariat, as "root:id,…": the
    # reporting line walked down (UNION stops at a cycle the admin would not allow).
    under = (
        "WITH RECURSIVE under_organ(rot, id) AS ("
        f"SELECT sv.organ_id, so.id FROM {verv_table} sv "
        f"JOIN {Person._meta.db_table} sp ON sp.id = sv.person_id "
        f"JOIN {organ_table} so ON so.{parent} = sv.organ_id "
        f"WHERE sp.{bruker} = %s AND sv.{rolle} = %s "
        "UNION "
        f"SELECT u.rot, uo.id FROM {organ_table} uo JOIN under_organ u ON uo.{parent} = u.id) "
    )
    pair = "CAST(x.rot AS TEXT) || ':' || CAST(x.id AS TEXT)"
    if connection.vendor == "postgresql":
        vervene = f"(SELECT string_agg(x.periode, ',' ORDER BY x.id) FROM ({verv}) x)"
        underorganer = f"(SELECT string_agg({pair}, ',') FROM under_organ x)"
    else:
        vervene = f"(SELECT group_concat(x.periode, ',') FROM ({verv} ORDER BY v.id) x)"
        underorganer = f"(SELECT group_concat({pair}, ',') FROM under_organ x)"
    return (
        f"{under}"
        f"SELECT {rawsql.columns(user_model, alias, 'u')}, {rawsql.columns(Person, alias, 'p')}, "
        f"{vervene}, {underorganer}, "
        f"EXISTS (SELECT 1 FROM {groups._meta.db_table} ug "
        f"JOIN {Group._meta.db_table} g ON g.id = ug.group_id "
        "WHERE ug.user_id = u.id AND g.name = %s) "
        f"FROM {user_model._meta.db_table} u "
        f"LEFT JOIN {Person._meta.db_table} p ON p.{bruker} = u.id "
        "WHERE u.id = %s"
    )


def _vervene(text: str | None, alias: str) -> list:
    """The verv as the ORM would read them with ``only("organ__type", "rolle", "fra", "til")``:
    ``verv.organ`` a body with its type (its other fields read on demand)."""
    from .models import Organ, Verv

    organer: dict[int, Organ] = {}
    vervene = []
    for periode in (text or "").split(","):
        if periode:
            organ_id, fra, til, rolle, type_ = periode.split(":")
            organ = organer.get(int(organ_id))
            if organ is None:
                organ = organer[int(organ_id)] = Organ.from_db(
                    alias, ["id", "type"], [int(organ_id), type_]
                )
            vervene.append(
                Verv(
                    organ=organ,
                    rolle=rolle,
                    fra=datetime.date.fromisoformat(fra) if fra else None,
                    til=datetime.date.fromisoformat(til) if til else None,
                )
            )
    return vervene


def _underorganer(text: str | None) -> dict[int, frozenset[int]]:
    found: dict[int, set[int]] = {}
    for pair in (text or "").split(","):
        if pair:
            rot, organ_id = (int(x) for x in pair.split(":"))
            found.setdefault(rot, set()).add(organ_id)
    return {rot: frozenset(ids - {rot}) for rot, ids in found.items()}


def load_user(user_id):
    """The user with ``user.person`` (None if the user has no Person), the secretariat flag,
    the person's verv (bodies, their types, roles and periods) and the bodies under those where
    the person has a verv sekretariat, which ``helsefellesskap.access`` reads, or None."""
    from .models import Person, Verv

    user_model = get_user_model()
    try:
        user_id = user_model._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a session with a malformed id is no user
        return None
    alias = router.db_for_read(user_model) or DEFAULT_DB_ALIAS
    params = [user_id, Verv.Rolle.SEKRETARIAT.value, SEKRETARIAT_GROUP, user_id]
    rows = rawsql.fetch(_sql(alias), params, alias=alias)
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
    user._vervene = _vervene(row[-3], alias)
    user._underorganer = _underorganer(row[-2])
    user._er_sekretariat = bool(row[-1])
    return user


class Users(ModelBackend):
    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
