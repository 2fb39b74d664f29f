"""Versions that the database keeps itself, for the keys of cached pages (``hurtigbuffer``).

A row that a page shows (a meeting, a sak) has a ``versjon``; triggers raise it whenever the row
or anything shown with it changes: an INSERT, UPDATE or DELETE of a row that points at it, made
by a form, a bulk ``.update()``, raw SQL, the import or the Celery worker alike, so no write can
forget it. Master data that rarely change and appear on many pages (bodies, people, partners,
memberships, the site's settings) share one version, the row ``grunndata`` of
``Dataversjon``.

A new version is the clock in microseconds, and always above the old one
(``max(gammel + 1, klokken)``): a version is never used twice, not after a row is deleted and
its id taken again (SQLite after a rollback), nor after the database is restored from a backup.

The triggers are created by migrations (``triggere``), for PostgreSQL (statement-level with
transition tables, one UPDATE per statement however many rows it touched) and for SQLite
(row-level). What each cached page reads, and which version covers it, is listed in
``hurtigbuffer``'s docstring.
"""

# The SQL below is built from table and column names written in the migrations, never from input.
# ruff: noqa: S608
from __future__ import annotations

import time
from dataclasses import dataclass

GRUNNDATA = "grunndata"
VERSJONSTABELL = "helsefellesskap_dataversjon"

SQLITE_NY = (
    "max(COALESCE({gammel}, 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))"
)


def ny_versjon() -> int:
    """A new row's version: the clock in microseconds, as the triggers count."""
    return time.time_ns() // 1000


PG_FUNKSJON = """
CREATE OR REPLACE FUNCTION mp_ny_versjon(gammel bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    SELECT GREATEST(
        COALESCE(gammel, 0) + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint
    )
$$;
"""
PG_FUNKSJON_BORT = "DROP FUNCTION IF EXISTS mp_ny_versjon(bigint);"


@dataclass(frozen=True)
class Egen:
    """The row's own version goes up on every UPDATE of the row (whatever the statement set it
    to: a ``save()`` writes back the version it read)."""

    tabell: str


@dataclass(frozen=True)
class Barn:
    """A write to ``tabell`` raises the version of the rows its foreign keys point at, before
    and after the change (a sak moved to another meeting changes both). ``nokler``: pairs of
    (column, table pointed at)."""

    tabell: str
    nokler: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Grunndata:
    """A write to ``tabell`` raises the shared master-data version."""

    tabell: str


@dataclass(frozen=True)
class Egendefinert:
    """Triggers written out (both dialects), for what the three above cannot say."""

    navn: str
    postgresql: str
    postgresql_bort: str
    sqlite: str
    sqlite_bort: str


def _navn(tabell: str, hva: str) -> str:
    return f"mp_v_{tabell}_{hva}"[:63]


def _grunndata_pg() -> str:
    return (
        f"INSERT INTO {VERSJONSTABELL} (navn, verdi) VALUES ('{GRUNNDATA}', mp_ny_versjon(0)) "
        f"ON CONFLICT (navn) DO UPDATE SET verdi = mp_ny_versjon({VERSJONSTABELL}.verdi);"
    )


def _grunndata_sqlite() -> str:
    ny = SQLITE_NY.format(gammel="0")
    gammel = SQLITE_NY.format(gammel=f"{VERSJONSTABELL}.verdi")
    return (
        f"INSERT INTO {VERSJONSTABELL} (navn, verdi) VALUES ('{GRUNNDATA}', {ny}) "
        f"ON CONFLICT (navn) DO UPDATE SET verdi = {gammel};"
    )


def postgresql(spec) -> tuple[list[str], list[str]]:
    """(create, drop) statements for PostgreSQL."""
    t = spec.tabell if not isinstance(spec, Egendefinert) else ""
    if isinstance(spec, Egen):
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
    if isinstance(spec, Barn):
        f = _navn(t, "barn")
        foreldre: dict[str, list[str]] = {}
        for kolonne, forelder in spec.nokler:
            foreldre.setdefault(forelder, []).append(kolonne)

        def oppdater(rader: list[str]) -> str:
            setninger = []
            for forelder, kolonner in foreldre.items():
                ids = " UNION ".join(f"SELECT {k} FROM {r}" for r in rader for k in kolonner)
                setninger.append(
                    f"UPDATE {forelder} SET versjon = mp_ny_versjon(versjon) WHERE id IN ({ids});"
                )
            return "\n        ".join(setninger)

        return [
            f"""CREATE OR REPLACE FUNCTION {f}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {oppdater(["mp_ny"])}
    ELSIF TG_OP = 'UPDATE' THEN
        {oppdater(["mp_ny", "mp_gml"])}
    ELSE
        {oppdater(["mp_gml"])}
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
    return [spec.postgresql], [spec.postgresql_bort]


def sqlite(spec) -> tuple[list[str], list[str]]:
    """(create, drop) statements for SQLite."""
    if isinstance(spec, Egendefinert):
        return [spec.sqlite], [spec.sqlite_bort]
    t = spec.tabell
    ny = SQLITE_NY.format(gammel="versjon")
    if isinstance(spec, Egen):
        f = _navn(t, "egen")
        # An AFTER trigger's own UPDATE does not fire it again (recursive_triggers is off).
        return [
            f"CREATE TRIGGER {f} AFTER UPDATE ON {t} "
            f"WHEN NEW.versjon IS NULL OR NEW.versjon <= OLD.versjon BEGIN "
            f"UPDATE {t} SET versjon = {ny} WHERE id = NEW.id; END;"
        ], [f"DROP TRIGGER IF EXISTS {f};"]
    if isinstance(spec, Barn):
        f = _navn(t, "barn")
        foreldre: dict[str, list[str]] = {}
        for kolonne, forelder in spec.nokler:
            foreldre.setdefault(forelder, []).append(kolonne)

        def oppdater(rader: list[str]) -> str:
            return " ".join(
                f"UPDATE {forelder} SET versjon = {ny} WHERE id IN "
                f"({', '.join(f'{r}.{k}' for r in rader for k in kolonner)});"
                for forelder, kolonner in foreldre.items()
            )

        return [
            f"CREATE TRIGGER {f}_i AFTER INSERT ON {t} BEGIN {oppdater(['NEW'])} END;",
            f"CREATE TRIGGER {f}_u AFTER UPDATE ON {t} BEGIN {oppdater(['NEW', 'OLD'])} END;",
            f"CREATE TRIGGER {f}_d AFTER DELETE ON {t} BEGIN {oppdater(['OLD'])} END;",
        ], [f"DROP TRIGGER IF EXISTS {f}_{h};" for h in "iud"]
    f = _navn(t, "grunndata")
    return [
        f"CREATE TRIGGER {f}_{h} AFTER {hendelse} ON {t} BEGIN {_grunndata_sqlite()} END;"
        for h, hendelse in (("i", "INSERT"), ("u", "UPDATE"), ("d", "DELETE"))
    ], [f"DROP TRIGGER IF EXISTS {f}_{h};" for h in "iud"]


def triggere(*specs):
    """A migration operation that creates the triggers for the database at hand."""
    from django.db import migrations

    def _kjor(schema_editor, fram: bool) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            raise RuntimeError(f"Versjonstriggere finnes ikke for {vendor}")
        lag = postgresql if vendor == "postgresql" else sqlite
        for spec in specs if fram else reversed(specs):
            opprett, fjern = lag(spec)
            for sql in opprett if fram else fjern:
                schema_editor.execute(sql, params=None)

    return migrations.RunPython(
        lambda apps, schema_editor: _kjor(schema_editor, True),
        lambda apps, schema_editor: _kjor(schema_editor, False),
        elidable=False,
    )


def funksjon():
    """A migration operation that creates ``mp_ny_versjon`` on PostgreSQL (SQLite writes the
    expression out in each trigger)."""
    from django.db import migrations

    def fram(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(PG_FUNKSJON, params=None)

    def tilbake(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(PG_FUNKSJON_BORT, params=None)

    return migrations.RunPython(fram, tilbake, elidable=False)
