"""Versions that the database keeps itself, for the keys of cached pages (``pagecache``).

A row that a page shows (a meeting, a sak) has a ``versjon``; triggers raise it whenever the row
or anything shown with it changes: an INSERT, UPDATE or DELETE of a row that points at it, made
by a form, a bulk ``.update()``, raw SQL, the import or the Celery worker alike, so no write can
forget it. Master data that rarely change and appear on many pages (bodies, people, partners,
memberships, the site's settings) share one version, the row ``grunndata`` of
``Dataversjon``.

A new version is the clock in microseconds, and always above the old one
(``max(gammel + 1, klokken)``): a version is never used twice, not after a row is deleted and
its id taken again (SQLite after a rollback), nor after the database is restored from a backup.

The triggers are created by migrations (``triggers``), for PostgreSQL (statement-level with
transition tables, one UPDATE per statement however many rows it touched) and for SQLite
(row-level). What each cached page reads, and which version covers it, is listed in
``pagecache``'s docstring.
"""

# The SQL below is built from table and column names written in the migrations, never from input.
# ruff: noqa: S608
from __future__ import annotations

import time
from dataclasses import dataclass

GRUNNDATA = "grunndata"
VERSION_TABLE = "helsefellesskap_dataversjon"

SQLITE_NEW = (
    "max(COALESCE({gammel}, 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))"
)


def new_version() -> int:
    """A new row's version: the clock in microseconds, as the triggers count."""
    return time.time_ns() // 1000


PG_FUNCTION = """
CREATE OR REPLACE FUNCTION mp_ny_versjon(gammel bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    SELECT GREATEST(
        COALESCE(gammel, 0) + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint
    )
$$;
"""
PG_FUNCTION_AWAY = "DROP FUNCTION IF EXISTS mp_ny_versjon(bigint);"


@dataclass(frozen=True)
class Own:
    """The row's own version goes up on every UPDATE of the row (whatever the statement set it
    to: a ``save()`` writes back the version it read)."""

    table: str


@dataclass(frozen=True)
class Child:
    """A write to ``table`` raises the version of the rows its foreign keys point at, before
    and after the change (a sak moved to another meeting changes both). ``keys``: pairs of
    (column, table pointed at)."""

    table: str
    keys: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Grunndata:
    """A write to ``table`` raises the shared master-data version."""

    table: str


@dataclass(frozen=True)
class Custom:
    """Triggers written out (both dialects), for what the three above cannot say."""

    navn: str
    postgresql: str
    postgresql_away: str
    sqlite: str
    sqlite_away: str


def _navn(table: str, hva: str) -> str:
    return f"mp_v_{table}_{hva}"[:63]


def _grunndata_pg() -> str:
    return (
        f"INSERT INTO {VERSION_TABLE} (navn, verdi) VALUES ('{GRUNNDATA}', mp_ny_versjon(0)) "
        f"ON CONFLICT (navn) DO UPDATE SET verdi = mp_ny_versjon({VERSION_TABLE}.verdi);"
    )


def _grunndata_sqlite() -> str:
    ny = SQLITE_NEW.format(gammel="0")
    gammel = SQLITE_NEW.format(gammel=f"{VERSION_TABLE}.verdi")
    return (
        f"INSERT INTO {VERSION_TABLE} (navn, verdi) VALUES ('{GRUNNDATA}', {ny}) "
        f"ON CONFLICT (navn) DO UPDATE SET verdi = {gammel};"
    )


def postgresql(spec) -> tuple[list[str], list[str]]:
    """(create, drop) statements for PostgreSQL."""
    t = spec.table if not isinstance(spec, Custom) else ""
    if isinstance(spec, Own):
        f = _navn(t, "egen")
        return [
            f"""CREATE OR REPLACE FUNCTION {f}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.versjon IS NULL OR NEW.versjon <= OLD.versjon THEN
        NEW.versjon := mp_ny_versjon(OLD.versjon);
    END IF;
    RETURN NEW;
END $$;""",
            f"CREATE TRIGGER {f} BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {f}();",
        ], [f"DROP TRIGGER IF EXISTS {f} ON {t};", f"DROP FUNCTION IF EXISTS {f}();"]
    if isinstance(spec, Child):
        f = _navn(t, "barn")
        parents: dict[str, list[str]] = {}
        for column, parent in spec.keys:
            parents.setdefault(parent, []).append(column)

        def update(rader: list[str]) -> str:
            sentences = []
            for parent, columns in parents.items():
                ids = " UNION ".join(f"SELECT {k} FROM {r}" for r in rader for k in columns)
                sentences.append(
                    f"UPDATE {parent} SET versjon = mp_ny_versjon(versjon) WHERE id IN ({ids});"
                )
            return "\n        ".join(sentences)

        return [
            f"""CREATE OR REPLACE FUNCTION {f}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {update(["mp_ny"])}
    ELSIF TG_OP = 'UPDATE' THEN
        {update(["mp_ny", "mp_gml"])}
    ELSE
        {update(["mp_gml"])}
    END IF;
    RETURN NULL;
END $$;""",
            f"CREATE TRIGGER {f}_i AFTER INSERT ON {t} REFERENCING NEW TABLE AS mp_ny "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {f}();",
            f"CREATE TRIGGER {f}_u AFTER UPDATE ON {t} REFERENCING OLD TABLE AS mp_gml "
            f"NEW TABLE AS mp_ny FOR EACH STATEMENT EXECUTE FUNCTION {f}();",
            f"CREATE TRIGGER {f}_d AFTER DELETE ON {t} REFERENCING OLD TABLE AS mp_gml "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {f}();",
        ], [
            *(f"DROP TRIGGER IF EXISTS {f}_{h} ON {t};" for h in "iud"),
            f"DROP FUNCTION IF EXISTS {f}();",
        ]
    if isinstance(spec, Grunndata):
        f = _navn(t, "grunndata")
        return [
            f"""CREATE OR REPLACE FUNCTION {f}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_grunndata_pg()}
    RETURN NULL;
END $$;""",
            f"CREATE TRIGGER {f} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {t} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {f}();",
        ], [f"DROP TRIGGER IF EXISTS {f} ON {t};", f"DROP FUNCTION IF EXISTS {f}();"]
    return [spec.postgresql], [spec.postgresql_away]


def sqlite(spec) -> tuple[list[str], list[str]]:
    """(create, drop) statements for SQLite."""
    if isinstance(spec, Custom):
        return [spec.sqlite], [spec.sqlite_away]
    t = spec.table
    ny = SQLITE_NEW.format(gammel="versjon")
    if isinstance(spec, Own):
        f = _navn(t, "egen")
        # An AFTER trigger's own UPDATE does not fire it again (recursive_triggers is off).
        return [
            f"CREATE TRIGGER {f} AFTER UPDATE ON {t} "
            f"WHEN NEW.versjon IS NULL OR NEW.versjon <= OLD.versjon BEGIN "
            f"UPDATE {t} SET versjon = {ny} WHERE id = NEW.id; END;"
        ], [f"DROP TRIGGER IF EXISTS {f};"]
    if isinstance(spec, Child):
        f = _navn(t, "barn")
        parents: dict[str, list[str]] = {}
        for column, parent in spec.keys:
            parents.setdefault(parent, []).append(column)

        def update(rader: list[str]) -> str:
            return " ".join(
                f"UPDATE {parent} SET versjon = {ny} WHERE id IN "
                f"({', '.join(f'{r}.{k}' for r in rader for k in columns)});"
                for parent, columns in parents.items()
            )

        return [
            f"CREATE TRIGGER {f}_i AFTER INSERT ON {t} BEGIN {update(['NEW'])} END;",
            f"CREATE TRIGGER {f}_u AFTER UPDATE ON {t} BEGIN {update(['NEW', 'OLD'])} END;",
            f"CREATE TRIGGER {f}_d AFTER DELETE ON {t} BEGIN {update(['OLD'])} END;",
        ], [f"DROP TRIGGER IF EXISTS {f}_{h};" for h in "iud"]
    f = _navn(t, "grunndata")
    return [
        f"CREATE TRIGGER {f}_{h} AFTER {event} ON {t} BEGIN {_grunndata_sqlite()} END;"
        for h, event in (("i", "INSERT"), ("u", "UPDATE"), ("d", "DELETE"))
    ], [f"DROP TRIGGER IF EXISTS {f}_{h};" for h in "iud"]


def triggers(*specs):
    """A migration operation that creates the triggers for the database at hand."""
    from django.db import migrations

    def _run(schema_editor, fram: bool) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            raise RuntimeError(f"Versjonstriggere finnes ikke for {vendor}")
        build = postgresql if vendor == "postgresql" else sqlite
        for spec in specs if fram else reversed(specs):
            create, remove = build(spec)
            for sql in create if fram else remove:
                schema_editor.execute(sql, params=None)

    return migrations.RunPython(
        lambda apps, schema_editor: _run(schema_editor, True),
        lambda apps, schema_editor: _run(schema_editor, False),
        elidable=False,
    )


def function():
    """A migration operation that creates ``mp_new_version`` on PostgreSQL (SQLite writes the
    expression out in each trigger)."""
    from django.db import migrations

    def fram(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(PG_FUNCTION, params=None)

    def tilbake(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(PG_FUNCTION_AWAY, params=None)

    return migrations.RunPython(fram, tilbake, elidable=False)


# SQLite rebuilds a table for most changes (a column with a default, a constraint): it copies
# the table to a new one, drops the old and renames the new. The table's own triggers go with
# the old table, and the rename fails on another table's trigger that names it («error in trigger
# …: no such table»). Migrations that change a table with triggers wrap their operations in
# ``sqlite_rebuild``: every version trigger is set aside first and made again after, as it was.
_SET_ASIDE: dict[str, list[str]] = {}


def _set_aside(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'mp\\_%' "
            "ESCAPE '\\'"
        )
        rows = cursor.fetchall()
    _SET_ASIDE[connection.alias] = [sql for _, sql in rows]
    for navn, _ in rows:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{navn}"', params=None)


def _make_again(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    for sql in _SET_ASIDE.pop(connection.alias, []):
        schema_editor.execute(sql, params=None)


def sqlite_rebuild(*operations) -> list:
    """``operations`` with the version triggers set aside around them on SQLite (nothing
    changes on PostgreSQL, which alters tables in place)."""
    from django.db import migrations

    return [
        migrations.RunPython(_set_aside, _make_again, elidable=False),
        *operations,
        migrations.RunPython(_make_again, _set_aside, elidable=False),
    ]
