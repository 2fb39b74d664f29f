"""PDF renders with a real Celery worker against Redis and PostgreSQL, and the faults around it:
a worker killed mid-render, and Redis down while the secretariat orders a PDF.

The worker is a subprocess (``celery -A helsefellesskap worker``) on the pytest-django test
database, so the tests commit their data (``transaction=True``) for it to see. It consumes a
queue of its own (``KO``), on the suite's Redis database (REDIS_URL, db 5 in ``make test``): the
renders of these tests are routed there, and messages other tests leave in the default queue
never reach it. Under pytest-xdist each worker has its own test database (test_<name>_gw0) and
its own prefix for the broker's Redis keys (``CELERY_KEY_PREFIX``, tests/conftest.py), so two
workers never take each other's messages. Its broker visibility timeout is short
(``SYNLIGHET``), so a message whose whole worker was killed comes back in seconds instead of an
hour.

Recovery, as these tests show it:

- the pool process killed: ``acks_late`` + ``reject_on_worker_lost`` put the message back at
  once, and the same worker renders the version (the row in ``lager`` is taken over);
- the whole worker killed: the message stays unacknowledged in Redis until the visibility
  timeout, and a worker started after that takes it back when it starts;
- Redis down when ordering: the order is kept in ``venter``, and ``gjenoppta_dokumenter``
  (``moter.resume``) sends it when Redis is back; it also sends rows stuck in ``lager``.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from helsefellesskap.celery import app
from moter.dokumenter import dokument_order, dokument_source
from moter.models import Dokument, Mote
from moter.resume import dokumenter_resume
from saker import services
from tests.factories import oslo
from tests.support.smtp import SmtpSink

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
QUEUE = "moteportalen-test-arbeider"
SYNLIGHET = 12  # seconds: the test workers' visibility timeout, longer than any render here
WAIT = 60  # seconds: the longest wait for a worker or a document

INNKALLING = Dokument.Art.INNKALLING
MEDLEM = Dokument.Edition.MEDLEM
OFFENTLIG = Dokument.Edition.OFFENTLIG
Status = Dokument.Status


# --- The worker -------------------------------------------------------------------------------


class Worker:
    """One ``celery worker`` subprocess (main process and one prefork pool process) in a process
    group of its own, logging to a file that failures show the end of."""

    def __init__(self, navn: str, env: dict[str, str], log: Path, media: Path) -> None:
        self.navn = navn
        self.env = env
        self.redis_url = env["REDIS_URL"]
        self.log = log
        self.media = media
        self.proc: subprocess.Popen | None = None
        self.log_start = 0

    def start(self, timeout: float = WAIT) -> Worker:
        self.log_start = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as ut:
            self.proc = subprocess.Popen(  # our own command line
                [
                    str(CELERY),
                    "-A",
                    "helsefellesskap",
                    "worker",
                    "--loglevel=info",
                    "--concurrency=1",
                    "--pool=prefork",
                    "-Q",
                    QUEUE,
                    "-n",
                    f"{self.navn}-{uuid.uuid4().hex[:6]}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=ut,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as one
            )
        frist = time.monotonic() + timeout
        while time.monotonic() < frist:
            if self.proc.poll() is not None:
                pytest.fail(
                    f"Celery-arbeideren {self.navn} stoppet under oppstart "
                    f"(kode {self.proc.returncode}).\n{self.tail()}"
                )
            if " ready." in self.logg_siden_start() and self.barn():
                return self
            time.sleep(0.1)
        self.kill()
        pytest.fail(f"Celery-arbeideren {self.navn} ble ikke klar på {timeout} s.\n{self.tail()}")

    @property
    def lever(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def barn(self) -> list[int]:
        """The pool processes (children of the main process), from /proc."""
        if not self.lever:
            return []
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                felt = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue  # gone meanwhile
            if int(felt[1]) == self.proc.pid:
                pids.append(int(stat.parent.name))
        return pids

    def kill(self) -> None:
        """SIGKILL to the whole worker: main process and pool process at once. The group is
        signalled before the main process is reaped, so its id cannot belong to anyone else."""
        if self.lever:
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(timeout=WAIT)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), and SIGKILL to what is left after 20 s."""
        if not self.lever:
            return
        barn = self.barn()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=WAIT)
        for pid in barn:  # a pool process that outlived its parent
            with contextlib.suppress(ProcessLookupError):
                if os.getpgid(pid) == self.proc.pid:
                    os.kill(pid, signal.SIGKILL)

    def tag(self) -> int:
        """Where the log is now, for ``log_from``."""
        return self.log.stat().st_size if self.log.exists() else 0

    def log_from(self, tag: int) -> str:
        with self.log.open("rb") as fil:
            fil.seek(tag)
            return fil.read().decode(errors="replace")

    def logg_siden_start(self) -> str:
        return self.log_from(self.log_start)

    def tail(self, linjer: int = 60) -> str:
        tekst = self.log.read_text(errors="replace") if self.log.exists() else ""
        tail = "\n".join(tekst.splitlines()[-linjer:])
        return f"--- slutten av loggen til {self.navn} ({self.log}) ---\n{tail}"


def _database_url() -> str:
    """The pytest-django test database (``test_<name>``) as a URL for the worker."""
    s = connections["default"].settings_dict
    bruker = quote(s.get("USER") or "", safe="")
    passord = quote(str(s.get("PASSWORD") or ""), safe="")
    innlogging = f"{bruker}:{passord}@" if passord else (f"{bruker}@" if bruker else "")
    vert = s.get("HOST") or "127.0.0.1"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{innlogging}{vert}{port}/{quote(s['NAME'], safe='')}"


def _env(*, redis_url: str, media: Path, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        # The worker's e-mail goes to the tests' SMTP server (``worker_smtp``).
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        # What the worker queues itself (the outbox's messages) comes back to it.
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "helsefellesskap.settings",
        "MEDIA_ROOT": str(media),
        "CONN_MAX_AGE": "0",  # no idle connection left when the test database is flushed
        "DOKUMENTER_AUTOMATISK": "0",
        "CELERY_VISIBILITY_TIMEOUT": str(SYNLIGHET),
        # Looks for such messages every 2 s, so a restarted worker finds one at once whatever
        # the order of its start-up (kombu scans once as its poller starts, then on this timer).
        "CELERY_RESTORE_INTERVAL": "2",
        # A worker killed while it looks (every 2 s, under a lock in Redis) leaves the lock
        # behind: it must run out before the restarted worker can look.
        "CELERY_RESTORE_LOCK_SECONDS": "3",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


def _key(navn: str) -> str:
    """A raw Redis key of the broker, under the suite's prefix (kombu's global_keyprefix)."""
    return django_settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("global_keyprefix", "") + navn


def _tom_testkoen(redis_url: str) -> None:
    """Messages an earlier, interrupted run left behind: the default queue (``purge``), this
    queue, and this queue's messages that were taken but never acknowledged (kombu keeps them
    in ``unacked`` and would hand them to the new worker). Only this Redis database is touched,
    and in ``unacked`` only the entries of this queue."""
    with _queue_on(redis_url):
        app.control.purge()
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(QUEUE)
    r = redis.Redis.from_url(redis_url)
    for tag, innhold in r.hgetall(_key("unacked")).items():
        with contextlib.suppress(ValueError, TypeError):
            _message, exchange, routing_key = json.loads(innhold)
            if QUEUE in {exchange, routing_key}:
                r.hdel(_key("unacked"), tag)
                r.zrem(_key("unacked_index"), tag)
    r.delete(
        _key("unacked_mutex")
    )  # a restore lock left by a killed worker would block for 5 minutes


def _unconfirmed(redis_url: str) -> list[float]:
    """When each message of this queue that is taken but not acknowledged was delivered."""
    r = redis.Redis.from_url(redis_url)
    tider = []
    for tag, innhold in r.hgetall(_key("unacked")).items():
        _message, exchange, routing_key = json.loads(innhold)
        if QUEUE in {exchange, routing_key}:
            tider.append(r.zscore(_key("unacked_index"), tag))
    return tider


def _swap_queue(url: str) -> None:
    # kombu keeps one connection pool per broker for the process; the app only caches its own.
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url


@contextlib.contextmanager
def _queue_on(url: str):
    """Points this process's Celery producer at another broker for a while."""
    gammel = app.conf.broker_url
    _swap_queue(url)
    try:
        yield
    finally:
        _swap_queue(gammel)


@pytest.fixture(scope="session")
def worker_smtp():
    """The SMTP server the worker sends to, for the whole session (the worker is started once);
    each test that reads it clears it first."""
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def arbeider(django_db_setup, django_db_blocker, tmp_path_factory, worker_smtp):
    """A Celery worker for the whole session, on the test database and the suite's Redis."""
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        pytest.fail("Arbeidertestene trenger REDIS_URL (make test setter den).")
    with django_db_blocker.unblock():
        if connections["default"].vendor != "postgresql":
            pytest.fail(
                "Arbeidertestene trenger PostgreSQL (make test): arbeideren deler testdatabasen."
            )
        env_ = _env(
            redis_url=redis_url,
            media=tmp_path_factory.mktemp("arbeider-media"),
            smtp_port=worker_smtp.port,
        )
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis svarer ikke på {redis_url}: {exc} (make services)")
    _tom_testkoen(redis_url)
    log = tmp_path_factory.mktemp("arbeider") / "celery.log"
    arb = Worker("test", env_, log, Path(env_["MEDIA_ROOT"]))
    arb.start()
    yield arb
    arb.stop()


@pytest.fixture(autouse=True)
def _til_arbeideren(arbeider, settings):
    """This test's renders go to the worker's queue, and its files to the worker's media."""
    settings.MEDIA_ROOT = arbeider.media
    settings.DOKUMENTER_AUTOMATISK = False  # no background re-render of what the test builds
    gammel = app.conf.task_default_queue
    app.conf.task_default_queue = QUEUE
    if not arbeider.lever:  # a test before this one killed it and failed before restarting
        arbeider.start()
    yield
    app.conf.task_default_queue = gammel


# --- Helpers ----------------------------------------------------------------------------------


def _wait_on(dokument_id: int, statuses: set[str], arb: Worker, timeout: float = WAIT):
    """Polls the row until it reaches one of ``statuses``; fails with the worker's log."""
    frist = time.monotonic() + timeout
    while True:
        dok = Dokument.objects.filter(pk=dokument_id).first()
        if dok is not None and dok.status in statuses:
            return dok
        if dok is not None and dok.status == Status.FEILET:
            pytest.fail(f"Dokumentet feilet: {dok.feilmelding}\n{arb.tail()}")
        if time.monotonic() > frist:
            naa = dok.status if dok else "slettet"
            pytest.fail(
                f"Dokument {dokument_id} ble ikke {'/'.join(sorted(statuses))} på {timeout} s "
                f"(status {naa}; arbeideren {'lever' if arb.lever else 'er stoppet'}).\n"
                f"{arb.tail()}"
            )
        time.sleep(0.05)


def _pdf_files(media: Path, mote: Mote) -> list[Path]:
    return sorted((media / "dokumenter" / str(mote.pk)).rglob("*.pdf"))


def _ferdig_en_gang(mote: Mote, media: Path, arb: Worker) -> Dokument:
    """One version of the innkalling, finished, with one file: the render happened once."""
    versjoner = list(Dokument.objects.filter(mote=mote, art=INNKALLING, utgave=MEDLEM))
    assert len(versjoner) == 1, [(d.versjon, d.status) for d in versjoner]
    dok = versjoner[0]
    assert dok.status == Status.FERDIG and dok.versjon == 1
    filer = _pdf_files(media, mote)
    assert filer == [Path(dok.fil.path)], filer
    assert filer[0].read_bytes().startswith(b"%PDF-")
    stored = arb.logg_siden_start().count(f"Laget {dok.fil.name} ")
    assert stored == 1, f"laget {stored} ganger\n{arb.tail()}"
    return dok


def _task_id(log: str) -> str:
    """The id of the (only) render task in a log."""
    for line in log.splitlines():
        if "Task moter.dokumenter.render_dokument[" in line and "received" in line:
            return line.split("render_dokument[", 1)[1].split("]", 1)[0]
    raise AssertionError(f"ingen render i loggen:\n{log[-3000:]}")


HENSIKT = (
    "Arbeidsgruppen legger frem sin sluttrapport med resultater, anbefalinger og forslag til "
    "videre forbedringsarbeid i samhandlingen mellom kommunene og sykehuset.\n\n"
    "- Henvisninger og ø-hjelpsinnleggelser\n- Skrøpelige eldre\n"
    "- Overbehandling og overforbruk av spesialisthelsetjenester\n\n"
    "Diskusjonen danner grunnlag for oppfølging på tiltak i neste møte."
)


def _large_mote(organ, saker: int = 60) -> Mote:
    """A meeting whose innkalling takes a few seconds to render (about 20 pages): long enough
    to catch the worker in the middle of it, without touching WeasyPrint."""
    mote = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2024, 9, 5, 13), slutt=oslo(2024, 9, 5, 16), sted="Big Room SiV"
    )
    for n in range(1, saker + 1):
        services.sak_create(
            organ=organ,
            mote=mote,
            tittel=f"Arbeidsgruppe {n}: pasientforløp og samhandling om krevende drift",
            sakstyper=["orientering", "diskusjon"] if n % 2 else ["beslutning"],
            hensikt=HENSIKT,
            forslag_til_vedtak="" if n % 2 else "1. Rapporten tas til orientering.",
            ansvar=["Rannveig Velken", "Liv Ristvedt"],
        )
    # No e-mail task: the tests that kill the worker count on the render being its only message.
    return services.innkalling_send(mote=mote, notify=False)


# --- Tests ------------------------------------------------------------------------------------


def test_ordered_innkalling_is_rendered_by_the_worker(arbeider, mote):
    dok = dokument_order(mote=mote, art=INNKALLING, utgave=MEDLEM)
    assert dok.status == Status.VENTER  # committed and queued; the worker does the rest

    dok = _wait_on(dok.pk, {Status.FERDIG}, arbeider)

    reader = PdfReader(dok.fil.path)
    assert reader.metadata.title == "Innkalling SSU 29.02.2024"
    assert reader.metadata.author == "Strategisk samarbeidsutvalg"
    assert len(reader.pages) == dok.sider >= 1
    assert "Årsmelding 2023" in reader.pages[0].extract_text()
    # Unchanged content: ordering again gives the finished version back, nothing is queued.
    assert dokument_order(mote=mote, art=INNKALLING, utgave=MEDLEM).pk == dok.pk
    _ferdig_en_gang(mote, arbeider.media, arbeider)


def test_render_whose_pool_process_is_killed_finishes_once(arbeider, ssu):
    mote = _large_mote(ssu)
    tag = arbeider.tag()
    dok = dokument_order(mote=mote, art=INNKALLING, utgave=MEDLEM)
    _wait_on(dok.pk, {Status.LAGER}, arbeider)

    barn = arbeider.barn()
    assert len(barn) == 1, barn
    os.kill(barn[0], signal.SIGKILL)  # the process that is rendering, mid-way
    dok.refresh_from_db()
    assert dok.status == Status.LAGER, "the render ended before the kill: make it slower"

    # reject_on_worker_lost: the main process puts the message back, a new pool process
    # takes the row in «lager» over.
    _wait_on(dok.pk, {Status.FERDIG}, arbeider)
    _ferdig_en_gang(mote, arbeider.media, arbeider)
    log = arbeider.log_from(tag)
    assert "WorkerLostError" in log, arbeider.tail()
    assert log.count(f"[{_task_id(log)}] received") == 2, arbeider.tail()


def test_render_whose_whole_worker_is_killed_finishes_once_after_a_restart(arbeider, ssu):
    mote = _large_mote(ssu)
    dok = dokument_order(mote=mote, art=INNKALLING, utgave=MEDLEM)
    _wait_on(dok.pk, {Status.LAGER}, arbeider)

    arbeider.kill()  # SIGKILL to main process and pool process: nobody puts the message back
    dok.refresh_from_db()
    assert dok.status == Status.LAGER, "the render ended before the kill: make it slower"
    delivered = _unconfirmed(arbeider.redis_url)
    assert len(delivered) == 1, "the message is kept in Redis as taken but not acknowledged"

    # Redis hands it out again once the visibility timeout has passed; a worker started after
    # that takes it back as it starts (kombu's restore of unacknowledged messages).
    time.sleep(max(0.0, delivered[0] + SYNLIGHET + 0.5 - time.time()))
    arbeider.start()
    _wait_on(dok.pk, {Status.FERDIG}, arbeider)
    _ferdig_en_gang(mote, arbeider.media, arbeider)
    assert _unconfirmed(arbeider.redis_url) == []


def test_resume_sends_orders_whose_message_was_lost(arbeider, mote):
    # Redis restarted without its unacknowledged messages while a render was running: the row
    # stays in «lager» with no message that will ever come. Made here without a message.
    source = dokument_source(mote=mote, art=INNKALLING, utgave=MEDLEM)
    lang_tid_siden = timezone.now() - datetime.timedelta(hours=1)
    forgotten = Dokument.objects.create(
        mote=mote,
        art=INNKALLING,
        utgave=MEDLEM,
        versjon=1,
        innholdshash=source.innholdshash,
        status=Status.LAGER,
    )
    Dokument.objects.filter(pk=forgotten.pk).update(
        startet=lang_tid_siden, opprettet=lang_tid_siden
    )
    # A fresh order (its message may well be in the queue) is left alone.
    fresh = Dokument.objects.create(
        mote=mote, art=INNKALLING, utgave=OFFENTLIG, versjon=1, innholdshash="x"
    )

    result = dokumenter_resume()

    assert result.lager == [forgotten.pk] and result.venter == [] and not result.not_sendt
    _wait_on(forgotten.pk, {Status.FERDIG}, arbeider)
    _ferdig_en_gang(mote, arbeider.media, arbeider)
    fresh.refresh_from_db()
    assert fresh.status == Status.VENTER
    assert dokumenter_resume().sendt == 0, "a row that was sent is not sent again at once"


# --- Redis down -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own on a free port, without persistence: stopping it harms
    nobody else on the machine."""

    def __init__(self, mappe: Path) -> None:
        self.port = _free_port()
        self.mappe = mappe
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(  # our own command line
            [
                shutil.which("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.mappe),
                "--logfile",
                str(self.mappe / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        frist = time.monotonic() + 20
        while time.monotonic() < frist:
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    return
            time.sleep(0.05)
        pytest.fail(f"redis-server på port {self.port} startet ikke")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        subprocess.run(
            [shutil.which("redis-cli") or "redis-cli", "-p", str(self.port), "shutdown", "nosave"],
            capture_output=True,
            timeout=20,
        )
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def own_redis(tmp_path):
    if not (shutil.which("redis-server") and shutil.which("redis-cli")):
        pytest.fail("Testen trenger redis-server og redis-cli (make test installerer dem).")
    r = OwnRedis(tmp_path)
    r.start()
    yield r
    r.stop()


@pytest.fixture
def worker_on_own_redis(own_redis, arbeider, tmp_path, settings):
    """A second worker on the test's own Redis, and this process's broker and cache pointed
    there too: Redis down means the queue and the cache down, as in production."""
    arb = Worker(
        "egen-redis",
        {**arbeider.env, "REDIS_URL": own_redis.url},
        tmp_path / "celery-egen-redis.log",
        arbeider.media,
    )
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": own_redis.url,
        }
    }
    with _queue_on(own_redis.url):
        arb.start()
        try:
            yield arb
        finally:
            arb.stop()


def test_order_while_redis_is_down_is_kept_and_rendered_when_it_returns(
    worker_on_own_redis, own_redis, mote, sekretariat, client
):
    arb = worker_on_own_redis
    own_redis.stop()  # redis-cli shutdown nosave

    # «Lag PDF» while Redis is down: accepted, the order kept in «venter».
    client.force_login(sekretariat)
    url = reverse("dokument-lag", args=[mote.pk, INNKALLING])
    try:
        response = client.post(url, {"utgave": MEDLEM}, HTTP_HX_REQUEST="true")
    except Exception as exc:  # noqa: BLE001 - the failure this test is about
        pytest.fail(
            f"«Lag PDF» med Redis nede ga {type(exc).__name__}: {exc}. Bestillingen skal tas "
            "imot (raden i «venter») eller avvises med en norsk melding, ikke gi en 500."
        )
    assert response.status_code == 200
    assert "PDF-en står i kø" in response.content.decode()
    versjoner = list(Dokument.objects.filter(mote=mote, art=INNKALLING, utgave=MEDLEM))
    assert [(d.versjon, d.status) for d in versjoner] == [(1, Status.VENTER)]
    dok = versjoner[0]

    # The sweep while Redis is still down refuses clearly, and keeps the order.
    with pytest.raises(CommandError, match="Køen \\(Redis\\) svarer ikke"):
        call_command("gjenoppta_dokumenter", "--venter-etter", "0", stdout=io.StringIO())
    dok.refresh_from_db()
    assert dok.status == Status.VENTER

    # Redis returns (empty): the sweep sends the order, and the worker renders it.
    own_redis.start()
    ut = io.StringIO()
    call_command("gjenoppta_dokumenter", "--venter-etter", "0", stdout=ut)
    assert f"Dokument {dok.pk}: ventet uten å bli laget, sendt igjen." in ut.getvalue()
    _wait_on(dok.pk, {Status.FERDIG}, arb)
    _ferdig_en_gang(mote, arb.media, arb)
    print(
        "Redis nede: bestillingen ble tatt imot og står i «venter»; "
        "gjenoppta_dokumenter sendte den da Redis var tilbake, og arbeideren laget PDF-en."
    )


# --- The outbox, sent by the worker -----------------------------------------------------------


def _wait_for_mail(sink: SmtpSink, n: int, arb: Worker, timeout: float = WAIT) -> list:
    frist = time.monotonic() + timeout
    while len(sink.delivered) < n:
        if time.monotonic() > frist:
            pytest.fail(f"{len(sink.delivered)} av {n} e-poster kom fram.\n{arb.tail()}")
        time.sleep(0.1)
    return sink.delivered


def test_the_worker_sends_the_innkalling_and_retries_what_the_mail_server_put_off(
    arbeider, worker_smtp, ssu
):
    """The innkalling's mails are made by the worker after the commit (the PDF rendered there)
    and sent from the outbox; a message the mail server puts off (451) waits, and the periodic
    retry sends it once, whatever runs twice."""
    from helsefellesskap import outbox
    from helsefellesskap.models import Epost
    from tests.support import utsending

    worker_smtp.clear()
    utsending.medlemmer_create(ssu)
    mote = utsending.neste_create(ssu)
    worker_smtp.refuse_next(1)  # the first message: try again later
    services.innkalling_send(mote=mote)  # committed: this test is transactional
    (levert,) = _wait_for_mail(worker_smtp, 1, arbeider)
    assert levert.attachment("application/pdf")
    assert levert.attachment("text/calendar")
    frist = time.monotonic() + WAIT
    while Epost.objects.filter(mote_id=mote.pk, status="venter", forsok=1).count() != 1:
        if time.monotonic() > frist:
            pytest.fail(f"Ingen melding venter på nytt forsøk.\n{arbeider.tail()}")
        time.sleep(0.1)

    Epost.objects.filter(mote_id=mote.pk, status="venter").update(neste_forsok=timezone.now())
    outbox.outbox_retry.delay()
    outbox.outbox_retry.delay()  # the sweep twice (two beats, a redelivery)
    _wait_for_mail(worker_smtp, 2, arbeider)
    time.sleep(1)  # anything sent twice would have arrived by now
    assert sorted(d.mottakere[0] for d in worker_smtp.delivered) == [
        "anne@example.org",
        "bjorn@example.org",
    ]
    assert sorted(Epost.objects.filter(mote_id=mote.pk).values_list("status", flat=True)) == [
        "sendt",
        "sendt",
        "uten_adresse",
    ]
