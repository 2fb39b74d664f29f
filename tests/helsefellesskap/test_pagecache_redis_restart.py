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

from helsefellesskap import pagecache
from saker.models import Sak


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Redis:
    def __init__(self, mappe, port: int) -> None:
        self.mappe, self.port, self.process = mappe, port, None

    def start(self) -> None:
        self.process = subprocess.Popen(
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
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port)

    def stop_and_save(self) -> None:
        try:
            self.client().shutdown(save=True)
        except redis.ConnectionError:
            pass
        self.process.wait(timeout=10)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path, settings):
    server = _Redis(tmp_path, _free_port())
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "helsefellesskap.redis_cache.PageCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
        }
    }
    yield server
    server.kill()


def _side(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_pages_are_fresh_after_a_redis_restart_with_its_data_on_disk(client, publisert, own_redis):
    sak = publisert.saker.get(tittel="Årsmelding 2023")
    urls = [publisert.get_absolute_url(), sak.get_absolute_url()]
    for url in urls:
        side, _ = _side(client, url)
        assert "Utkast til årsmelding legges frem." in side
        side, queries = _side(client, url)
        assert queries <= 1  # from the cache
    stored = own_redis.client().dbsize()
    assert stored >= 2

    own_redis.stop_and_save()
    # While Redis is down the sak is made exempt (a bulk update, as the import or a script would).
    Sak.objects.filter(pk=sak.pk).update(unntatt_offentlighet=True, hjemmel="Offl. § 13")
    own_redis.start()
    assert own_redis.client().dbsize() == stored  # the old pages are back in Redis

    for url in urls:
        side, _ = _side(client, url)
        assert "Utkast til årsmelding legges frem." not in side
        assert "Årsmelding utkast" not in side  # nor its vedlegg
        # And the fresh page is what Redis serves from now on.
        pagecache.clear_process_memory()
        again, queries = _side(client, url)
        assert queries <= 1 and again == side


def test_clearing_the_cache_leaves_the_celery_queue_and_other_prefixes_alone(
    client, publisert, own_redis, settings
):
    """The cache shares its Redis database with the Celery broker (and, in the test suite, with
    the other test workers' caches): emptying the cache must not empty the queue, or a render
    that was waiting would be lost (the «arbeider» tests' lost messages)."""
    from django.core.cache import cache, caches

    settings.CACHES["default"]["KEY_PREFIX"] = "portal-a"
    caches.close_all()
    r = own_redis.client()
    r.lpush("celery", "a waiting render")  # the broker's queue, as kombu keeps it
    r.hset("unacked", "tag", "a render in progress")
    r.set("portal-b:1:side", "another portal's page")
    client.get(publisert.get_absolute_url())
    cache.set("nøkkel", "verdi")
    assert any(k.startswith(b"portal-a:") for k in r.keys())

    cache.clear()

    assert cache.get("nøkkel") is None
    assert not [k for k in r.keys() if k.startswith(b"portal-a:")]
    assert r.lrange("celery", 0, -1) == [b"a waiting render"]
    assert r.hget("unacked", "tag") == b"a render in progress"
    assert r.get("portal-b:1:side") == b"another portal's page"
