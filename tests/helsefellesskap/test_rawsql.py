"""The first read of a request by hand-written SQL is the connection's health check
(helsefellesskap.rawsql.fetch): a connection that broke since the last request (a database
restart) is replaced, and the reader gets the page, not an error."""

import psycopg
import pytest
from django.db import OperationalError, connection

from helsefellesskap import rawsql

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _cut_connection() -> int:
    """Terminate this process's database session from another connection, as a restart does."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    return pid


def test_a_first_read_on_a_broken_connection_is_run_again_on_a_new_one():
    pid = _cut_connection()
    # As at the start of a request that reuses the connection (CONN_HEALTH_CHECKS).
    connection.health_check_enabled, connection.health_check_done = True, False
    assert rawsql.fetch("SELECT 1") == [(1,)]
    assert connection.connection.info.backend_pid != pid


def test_a_read_later_in_the_request_is_not_repeated():
    _cut_connection()
    connection.health_check_enabled, connection.health_check_done = True, True
    with pytest.raises(OperationalError):
        rawsql.fetch("SELECT 1")
    connection.close()
