"""The pages cache after a Redis restart with its data on disk (the default of the redis:7 image
with a volume): the old entries come back, and no page older than its data is served from them,
because every key carries the versions of what the page shows, read from the database."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helsefellesskap import hurtigbuffer
from saker.models import Sak


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Redis:
    def __init__(self, mappe, port: int) -> None:
        self.mappe, self.port, self.prosess = mappe, port, None

    def start(self) -> None:
        self.prosess = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.mappe),
                "--save", "60 1",
                "--appendonly", "yes",
                "--protected-mode", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        klient = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                if klient.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def klient(self) -> redis.Redis:
        return redis.Redis(port=self.port)

    def stopp_og_lagre(self) -> None:
        try:
            self.klient().shutdown(save=True)
        except redis.ConnectionError:
            pass
        self.prosess.wait(timeout=10)

    def drep(self) -> None:
        if self.prosess is not None and self.prosess.poll() is None:
            self.prosess.kill()
            self.prosess.wait(timeout=10)


@pytest.fixture
def egen_redis(tmp_path, settings):
    server = _Redis(tmp_path, _ledig_port())
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "helsefellesskap.redis_cache.Hurtigbuffer",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
        }
    }
    yield server
    server.drep()


def _side(client, url):
    with CaptureQueriesContext(connection) as ctx:
        svar = client.get(url)
    assert svar.status_code == 200
    return svar.content.decode(), len(ctx.captured_queries)


def test_pages_are_fresh_after_a_redis_restart_with_its_data_on_disk(client, publisert, egen_redis):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    urls = [publisert.get_absolute_url(), sak.get_absolute_url()]
    for url in urls:
        side, _ = _side(client, url)
        assert "Utkast til årsmelding legges frem." in side
        side, sporringer = _side(client, url)
        assert sporringer <= 1  # from the cache
    lagret = egen_redis.klient().dbsize()
    assert lagret >= 2

    egen_redis.stopp_og_lagre()
    # While Redis is down the sak is made exempt (a bulk update, as the import or a script would).
    Sak.objects.filter(pk=sak.pk).update(unntatt_offentlighet=True, hjemmel="Offl. § 13")
    egen_redis.start()
    assert egen_redis.klient().dbsize() == lagret  # the old pages are back in Redis

    for url in urls:
        side, _ = _side(client, url)
        assert "Utkast til årsmelding legges frem." not in side
        assert "Årsmelding utkast" not in side  # nor its vedlegg
        # And the fresh page is what Redis serves from now on.
        hurtigbuffer.tom_prosessminnet()
        igjen, sporringer = _side(client, url)
        assert sporringer <= 1 and igjen == side
