"""Data built once and shared by many tests: a module-scoped "world".

A world is built inside a transaction of its own that is never committed; each test that uses
it runs, as every ``db`` test does, in a savepoint inside it that is rolled back after the test.
So the world is built once per module instead of once per test, and no test sees what another
wrote. When the module ends (or the next test does not use the world), the whole transaction is
rolled back and the test database is empty again.

Rules that keep this safe:

* a fixture built on ``shared_world`` is module-scoped and its name ends in ``_world``; the
  tests use it through a function-scoped fixture that also requests ``db``;
* tests/conftest.py moves the tests that use a world to the end of their module, so the world is
  set up once per module (and per xdist chunk), after the module's other tests;
* ``make test`` distributes with ``--dist load``, which keeps each worker's tests in collection
  order; a test that does not use the world but finds it open fails at once (``world_check``)
  instead of running on the wrong data.

Not for transactional tests (``transaction=True``, ``live_server``): they commit, and need the
database empty at their start.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from django.db import connection, transaction

WORLD = "_world"  # suffix of the world fixtures, and the attribute that marks their atomic


@contextlib.contextmanager
def shared_world(django_db_blocker, navn: str) -> Iterator[None]:
    """Opens the world's transaction; what is built inside it (with the database unblocked)
    stays until the block ends, and is then rolled back."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        # helsefellesskap.pagecache counts a write in a test's transaction at once (nothing in
        # it ever commits); Django marks its test transactions the same way.
        atomic._from_testcase = True  # type: ignore[attr-defined]  # private, set by TestCase too
        setattr(atomic, WORLD, navn)
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def open_world() -> str | None:
    """The name of the world whose transaction is open on this connection, if any."""
    for block in connection.atomic_blocks:
        if navn := getattr(block, WORLD, None):
            return navn
    return None


def world_check(request: pytest.FixtureRequest) -> None:
    """Fails a test that finds a world open that it did not ask for (tests run out of order)."""
    navn = open_world()
    if navn is not None and navn not in request.fixturenames:
        pytest.fail(
            f"{request.node.nodeid} kjører inne i den delte verdenen «{navn}» uten å be om den: "
            "testene kjører ikke i innsamlingsrekkefølge (bruk --dist load med pytest-xdist)."
        )
