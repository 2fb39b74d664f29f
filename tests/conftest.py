"""Fixtures for the whole suite, and what makes it run in parallel (pytest-xdist).

Under ``pytest -n N`` each worker (gw0, gw1, ...) has its own test database (pytest-django names
it test_<name>_gw0), and here its own cache keys (``CACHE_KEY_PREFIX``, which the Celery worker
of tests/moter/test_worker.py inherits) and its own media folder, so no worker reads a page
another one cached or a file another one wrote.
"""

import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from helsefellesskap import pagecache
from saker import services
from saker.models import Vedlegg
from tests.factories import SekretariatUserFactory, oslo, user_with_verv
from tests.support import data, utsending
from tests.support.world import WORLD, shared_world, world_check


def xdist_worker() -> str:
    """The pytest-xdist worker this process is (gw0, gw1, ...), or "" without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def pytest_configure(config):
    from django.conf import settings

    # Fast password hashing for the suite; set before the first hash is made.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    # Files the tests upload or render go to a folder of this run (and worker), never var/media.
    media = Path(tempfile.mkdtemp(prefix=f"mp-test-media-{xdist_worker() or 'main'}-"))
    config._mp_media = media
    settings.MEDIA_ROOT = media

    if worker := xdist_worker():
        # On the suite's Redis database each worker keeps its own cache and its own Celery keys
        # (queues, unacknowledged messages, the restore lock); subprocesses (the Celery worker
        # of tests/moter/test_worker.py) inherit them from the environment.
        cache = f"{settings.CACHES['default'].get('KEY_PREFIX') or 'moteportalen'}-{worker}"
        settings.CACHES["default"]["KEY_PREFIX"] = cache
        os.environ["CACHE_KEY_PREFIX"] = cache
        celery = f"{os.environ.get('CELERY_KEY_PREFIX', '')}test-{worker}:"
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "global_keyprefix": celery,
        }
        os.environ["CELERY_KEY_PREFIX"] = celery


def pytest_unconfigure(config):
    if media := getattr(config, "_mp_media", None):
        shutil.rmtree(media, ignore_errors=True)


# Tests that take seconds each (a browser, a Celery worker, servers of their own): run first, so
# that under pytest-xdist the two workers share them and the short tests fill in at the end.
SLOW = ("browser", "worker", "postgres")


def _bruker_databasen(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The order the tests run in (after pytest-django's own):

    * the slow ones first (``TREGE``, and those without the database: subprocesses, mostly);
    * within each module, the tests that use a shared world (a module-scoped fixture named
      ``*_verden``, tests/support/world.py) after the others, grouped by world: the world is
      built once for them and rolled back before the next module.
    """
    keys = {}
    block, previous = 0, None
    for item in items:
        if item.path != previous:
            block, previous = block + 1, item.path
        slow = any(item.get_closest_marker(m) for m in SLOW) or not _bruker_databasen(item)
        worlds = tuple(sorted(f for f in getattr(item, "fixturenames", ()) if f.endswith(WORLD)))
        keys[item.nodeid] = (not slow, block, worlds)
    items.sort(key=lambda item: keys[item.nodeid])


@pytest.fixture(autouse=True)
def _empty_process_memory():
    """Each test starts with this process's cache level empty. (Pages cached by an earlier test
    could not be served anyway: the versions in their keys are the clock of each write.)"""
    pagecache.clear_process_memory()


@pytest.fixture(autouse=True)
def _in_right_world(request):
    world_check(request)


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo, built once for the module's tests that use ``demo``."""
    with shared_world(django_db_blocker, "demo_world"):
        with django_db_blocker.unblock():
            call_command("demo", stdout=io.StringIO())
        yield


@pytest.fixture
def demo(demo_world, db):
    """The Vestfold demo data (partners, bodies, people, memberships, logins): built once per
    module (``demo_world``); what a test changes is rolled back after it."""


@pytest.fixture
def eager():
    """Celery's tasks run in-process (eager), as on the embedded default: what a request hands
    to the outbox is sent when its on_commit callbacks run."""
    from helsefellesskap.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def smtp(settings, eager):
    """A real SMTP server (tests/support/smtp.py) that the portal sends to, with Celery's tasks
    run in-process (eager) so the outbox's task sends before the test reads the server."""
    from tests.support.smtp import SmtpSink

    sink = SmtpSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def oidc_provider():
    """A local OpenID Connect provider in a process of its own (tests/support/oidc.py), one for
    the session; each test says who logs in next."""
    from tests.support.oidc import OidcProvider

    provider = OidcProvider()
    yield provider
    provider.stop()


@pytest.fixture
def oidc(settings, oidc_provider):
    """Single sign-on on, against the local provider; nobody logs in there until the test says
    who (``oidc.login_as(claims)``)."""
    oidc_provider.configure(settings)
    oidc_provider.login_as(None)
    return oidc_provider


@pytest.fixture
def medlemmer(ssu):
    """SSU's members for the e-mail tests: Anne and Bjørn with addresses, Cecilie without."""
    return utsending.medlemmer_create(ssu)


@pytest.fixture
def neste(ssu):
    """An SSU meeting two weeks ahead, with a sak and an exempt sak on the agenda."""
    return utsending.neste_create(ssu)


@pytest.fixture
def innkalt(sek, neste, medlemmer, smtp, django_capture_on_commit_callbacks):
    """``neste`` with its innkalling sent to ``medlemmer`` (forfall reported to Kari)."""
    return utsending.innkalt_create(sek, neste, smtp, django_capture_on_commit_callbacks)


@pytest.fixture
def ssu(db):
    return data.ssu_create()


@pytest.fixture
def fsu(db):
    return data.fsu_create()


@pytest.fixture
def medlem(ssu):
    return user_with_verv(ssu, "medlem")


@pytest.fixture
def annet_medlem(fsu):
    return user_with_verv(fsu, "fsumedlem")


@pytest.fixture
def sekretariat(db):
    return SekretariatUserFactory(username="sekretariat")


@pytest.fixture
def sek(client, sekretariat):
    """The test client, logged in as the secretariat."""
    client.force_login(sekretariat)
    return client


@pytest.fixture
def utkast(ssu):
    """SSU 10.12.26, planned (a draft): its agenda can be edited freely."""
    return services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2026, 12, 10, 13), slutt=oslo(2026, 12, 10, 15), sted="Tønsberg"
    )


@pytest.fixture
def mote(ssu):
    """SSU 29.02.24, sent: an open sak with a public and a non-public vedlegg, an exempt sak."""
    return data.mote_create(ssu)


@pytest.fixture
def publisert(mote):
    return data.mote_publish(mote)


@pytest.fixture
def vedlegg(mote):
    return {v.tittel: v for v in Vedlegg.objects.filter(sak__mote=mote)}
