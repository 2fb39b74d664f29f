"""Concurrent editors never get the same case number: the body's row lock serialises
numbering, and the unique constraint is the last guard. Runs against PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from saker import services
from saker.models import Sak
from tests.factories import OrganFactory, oslo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_runs_on_postgresql():
    assert connection.vendor == "postgresql", "make test runs the suite against PostgreSQL"


def _parallel(count_threads, work):
    lock = threading.Barrier(count_threads)
    feil = []

    def run(i):
        try:
            lock.wait()
            work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            feil.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return feil


def test_two_editors_adding_saker_at_once_get_distinct_gap_free_numbers():
    organ = OrganFactory(kortnavn="SSU", saksnummerformat="{nr}/{aa}")
    mote = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2026, 12, 10, 13), sted="SiV"
    )

    def work(i):
        for j in range(10):
            services.sak_create(
                organ=organ, mote=mote, tittel=f"Redaktør {i} sak {j}", sakstyper=["orientering"]
            )

    assert _parallel(2, work) == []
    nummer = [
        s.lopenr
        for s in Sak.objects.filter(mote=mote).order_by("rekkefolge")
        if s.lopenr is not None
    ]
    assert sorted(nummer) == list(range(1, 23))  # 2 standard items + 20 new, no gaps
    assert nummer == sorted(nummer)  # in agenda order


def test_editors_adding_to_a_sent_agenda_at_once_never_share_a_number():
    organ = OrganFactory(kortnavn="FSU", saksnummerformat="{aar}.{nr}")
    mote = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2026, 12, 10, 13), sted="SiV"
    )
    services.sak_create(organ=organ, mote=mote, tittel="Første", sakstyper=["orientering"])
    services.innkalling_send(mote=mote, notify=False)

    def work(i):
        for j in range(5):
            services.sak_create(
                organ=organ, mote=mote, tittel=f"Sen sak {i}.{j}", sakstyper=["orientering"]
            )

    assert _parallel(3, work) == []
    saksnr = [s.saksnr for s in Sak.objects.filter(mote=mote) if s.saksnr]
    assert len(saksnr) == len(set(saksnr)) == 3 + 15
