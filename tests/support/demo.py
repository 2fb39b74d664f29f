"""The demo for transactional tests (the browser tests' live server reads it from another
thread, so it must be committed): built once per test database, then copied back in.

``call_command("demo")`` takes 5-20 s; a transactional test starts on an empty database (the
last one's data are flushed), so every browser test used to build it again. On PostgreSQL the
first build is kept as a copy of every table in a schema of its own (``SNAPSHOT``, outside the
search path, so flush and the migrations never see it); later tests truncate the tables and
insert the copy back in one transaction, and set the sequences after the rows. The copy is
dropped at the start and the end of the session, so ``--reuse-db`` never restores an old demo.
On SQLite the demo is simply built again.
"""

from __future__ import annotations

import io

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from helsefellesskap.versions import VERSION_TABLE

SNAPSHOT = "mp_test_demo"


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def snapshot_drop() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT} CASCADE")


def _snapshot_take() -> None:
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {SNAPSHOT}")
        for table in _tables():
            cursor.execute(f"CREATE TABLE {SNAPSHOT}.{qn(table)} AS TABLE public.{qn(table)}")


def _snapshot_restore() -> None:
    from django.contrib.contenttypes.models import ContentType

    qn = connection.ops.quote_name
    tables = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        # What the last test's flush left (content types and permissions made again by
        # post_migrate, with new ids) goes; the foreign keys are checked at commit.
        cursor.execute(f"TRUNCATE {', '.join(qn(t) for t in tables)}")
        for table in tables:
            if table == VERSION_TABLE:
                # The version triggers make its row again as the master data go back in.
                continue
            cursor.execute(f"INSERT INTO public.{qn(table)} SELECT * FROM {SNAPSHOT}.{qn(table)}")
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
    ContentType.objects.clear_cache()


def demo_committed(state: dict) -> None:
    """The demo, committed, in the (empty) test database. ``state`` is the session's: it records
    that the copy exists."""
    if connection.vendor != "postgresql":
        call_command("demo", stdout=io.StringIO())
    elif state.get("snapshot"):
        _snapshot_restore()
    else:
        call_command("demo", stdout=io.StringIO())
        _snapshot_take()
        state["snapshot"] = True
