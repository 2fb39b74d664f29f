"""Cached pages and page fragments, made stale by any committed change to the data.

Two levels: each process keeps what it used lately in its own memory (``_Prosessminne``), over
the shared cache (Redis when ``REDIS_URL`` is set). One generation number in the shared cache
names the state of the data. Every INSERT, UPDATE or DELETE bumps it once its transaction
commits: a database execute wrapper sees every statement, so bulk updates, imports and the
Celery worker's writes count as much as a form's save, and no signal can be forgotten. Cache
keys carry the generation, so one change makes every cached page and fragment stale at once,
in every process. Keys also carry today's date (pages say «i dag» and list coming meetings),
and entries expire after ``SIDEHURTIGBUFFER_LEVETID`` seconds in any case.

What is cached:

- whole pages for anonymous readers (``for_anonyme``): the public edition, which is the same
  for everybody;
- fragments of the members' pages (``fragment``): the parts that are the same for everybody
  with the same access, rendered without anything personal (no CSRF token, no user name);
- fragments with forms (``fragment_med_skjema``, the agenda editor): each reader's own CSRF
  token is put in when the fragment is served;
- access decisions that cost queries (secretariat or member), per user;
- the rows every page reads (the logged-in user with the Person, the meeting, the body), as a
  copy per request (``rad``).

If the cache cannot be reached, pages are rendered as if nothing were cached.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)
T = TypeVar("T")
M = TypeVar("M", bound=Model)

GENERASJON = "data:generasjon"
_ENDRING = ("INSERT", "UPDATE", "DELETE")
# Writes that change no page: sessions, the time of a user's last login, and django-axes' record
# of login attempts (failed logins must not empty the cache for everybody).
_IKKE_ENDRING = ('"django_session"', 'UPDATE "auth_user" SET "last_login"', '"axes_')


def _aktiv() -> bool:
    return getattr(settings, "SIDEHURTIGBUFFER", True)


def _levetid() -> int:
    return getattr(settings, "SIDEHURTIGBUFFER_LEVETID", 600)


# The generation a request uses, read once when it first needs it (HurtigbufferMiddleware gives
# each request its own). What a fragment renders is read from the database inside ``lag()``,
# after the generation, so nothing cached under a generation is older than it.
_forespørsel: ContextVar[dict | None] = ContextVar("hurtigbuffer_generasjon", default=None)


def generasjon() -> int | None:
    """The current generation, or None when the cache cannot be reached."""
    minne = _forespørsel.get()
    if minne is None:  # outside a request (Celery, commands, tests)
        return _les_generasjon()
    if "gen" not in minne:
        minne["gen"] = _les_generasjon()
    return minne["gen"]


def _les_generasjon() -> int | None:
    try:
        gen = cache.get(GENERASJON)
        if gen is None:
            # A new or emptied cache: start from the clock, never from a number used before.
            cache.add(GENERASJON, time.time_ns(), timeout=None)
            gen = cache.get(GENERASJON)
        return gen
    except Exception:  # noqa: BLE001 - the cache is an optimisation; pages work without it
        logger.warning("Hurtigbufferet svarer ikke", exc_info=True)
        return None


def data_endret() -> None:
    """Make every cached page and fragment stale."""
    minne = _forespørsel.get()
    if minne is not None:
        minne.pop("gen", None)  # the rest of this request reads the new generation
    try:
        try:
            cache.incr(GENERASJON)
        except ValueError:  # no generation yet
            cache.set(GENERASJON, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001
        # Redis down: it comes back empty (it keeps nothing on disk here), or the pages
        # expire after SIDEHURTIGBUFFER_LEVETID.
        logger.warning("Kunne ikke merke hurtigbufferet som utdatert", exc_info=True)


def _i_testtransaksjon(connection) -> bool:
    # Inside a test case's transaction nothing ever commits: the data the test sees are the
    # data it wrote, so a change counts at once.
    blokker = connection.atomic_blocks
    return bool(blokker) and getattr(blokker[0], "_from_testcase", False)


def _registrer_endring(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    start = sql.lstrip()[:6].upper() if isinstance(sql, str) else ""
    if start in _ENDRING and not any(s in sql for s in _IKKE_ENDRING):
        connection = context["connection"]
        if not connection.in_atomic_block or _i_testtransaksjon(connection):
            data_endret()
        elif not any(func is data_endret for _, func, _ in connection.run_on_commit):
            # Once per transaction; a rolled-back transaction drops it with its writes.
            connection.on_commit(data_endret)
    return result


def _koble_til(sender, connection, **kwargs) -> None:
    if _registrer_endring not in connection.execute_wrappers:
        connection.execute_wrappers.append(_registrer_endring)


def installer() -> None:
    """Watch every database connection for writes (called from the app's ready())."""
    connection_created.connect(_koble_til, dispatch_uid="hurtigbuffer-endringer")


def _nokkel(art: str, gen: int, deler: Iterable[Hashable]) -> str:
    tekst = "\x1f".join(str(d) for d in deler)
    digest = hashlib.sha256(tekst.encode()).hexdigest()[:32]
    return f"{art}:{gen}:{timezone.localdate().isoformat()}:{digest}"


class _Prosessminne:
    """The first level: what this process fetched or rendered lately, by key (the generation is
    in the key, so nothing here outlives a change), up to ``grense`` bytes of HTML."""

    def __init__(self, grense: int) -> None:
        self.grense = grense
        self.brukt = 0
        self.verdier: OrderedDict[str, tuple[float, int, object]] = OrderedDict()
        self.lås = threading.Lock()

    @staticmethod
    def _storrelse(verdi) -> int:
        if isinstance(verdi, str | bytes):
            return len(verdi) + 100
        if isinstance(verdi, tuple | list):
            return sum(_Prosessminne._storrelse(v) for v in verdi) + 100
        if isinstance(verdi, dict):
            return sum(_Prosessminne._storrelse(v) for v in verdi.values()) + 100
        return 100

    def hent(self, nokkel: str):
        with self.lås:
            funnet = self.verdier.get(nokkel)
            if funnet is None:
                return None
            utloper, _, verdi = funnet
            if utloper < time.monotonic():
                self._fjern(nokkel)
                return None
            self.verdier.move_to_end(nokkel)
            return verdi

    def lagre(self, nokkel: str, verdi, levetid: int) -> None:
        storrelse = self._storrelse(verdi)
        if storrelse > self.grense // 4:
            return
        with self.lås:
            if nokkel in self.verdier:
                self._fjern(nokkel)
            self.verdier[nokkel] = (time.monotonic() + levetid, storrelse, verdi)
            self.brukt += storrelse
            while self.brukt > self.grense:
                self._fjern(next(iter(self.verdier)))

    def _fjern(self, nokkel: str) -> None:
        _, storrelse, _ = self.verdier.pop(nokkel)
        self.brukt -= storrelse

    def tom(self) -> None:
        with self.lås:
            self.verdier.clear()
            self.brukt = 0


_minne = _Prosessminne(grense=64 * 1024 * 1024)


def _hent(nokkel: str):
    verdi = _minne.hent(nokkel)
    if verdi is None:
        verdi = cache.get(nokkel)  # may raise: the caller renders without the cache
        if verdi is not None:
            _minne.lagre(nokkel, verdi, _levetid())
    return verdi


def _lagre(nokkel: str, verdi) -> None:
    _minne.lagre(nokkel, verdi, _levetid())
    try:
        cache.set(nokkel, verdi, _levetid())
    except Exception:  # noqa: BLE001
        logger.warning("Kunne ikke lagre i hurtigbufferet", exc_info=True)


def fragment(deler: Iterable[Hashable], lag: Callable[[], T]) -> T:
    """What ``lag()`` renders (HTML, or a dict of HTML parts), cached under ``deler`` until the
    data change. The value is shared between requests: read it, never change it."""
    gen = generasjon() if _aktiv() else None
    if gen is None:
        return lag()
    nokkel = _nokkel("fragment", gen, deler)
    try:
        verdi = _hent(nokkel)
    except Exception:  # noqa: BLE001
        return lag()
    if verdi is None:
        verdi = lag()
        _lagre(nokkel, verdi)
    return verdi


def _csrf_plassholder() -> str:
    # The same in every process (cached fragments are shared), and unknowable to users, so no
    # text they type can be taken for it.
    return "csrf-" + hashlib.sha256(("hurtigbuffer" + settings.SECRET_KEY).encode()).hexdigest()


def rad(deler: Iterable[Hashable], les: Callable[[], M]) -> M:
    """A model instance read through the cache: a copy of its own for each request, so that
    what a request memoises on it (``_er_sekretariat`` and the like) stays in that request."""
    return copy.copy(fragment(deler, les))


def fragment_med_skjema(
    request: HttpRequest, deler: Iterable[Hashable], mal: str, context: Callable[[], dict]
) -> str:
    """A cached fragment with forms in it: rendered once with a placeholder for the CSRF token,
    which each request replaces with its reader's own token."""
    plass = _csrf_plassholder()

    def lag() -> str:
        return render_to_string(mal, {**context(), "csrf_token": plass})

    return mark_safe(fragment(deler, lag).replace(plass, get_token(request)))  # noqa: S308


def _anonym_lesing(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        # Logged-in users, and anybody with a session or a pending message, get a fresh page.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def for_anonyme(view):
    """Serve the page from the cache to anonymous readers; store what is safe to share: a 200
    that sets no cookie and used no CSRF token."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        gen = generasjon() if _aktiv() and _anonym_lesing(request) else None
        if gen is None:
            return view(request, *args, **kwargs)
        nokkel = _nokkel("side", gen, [request.get_full_path()])
        try:
            lagret = _hent(nokkel)
        except Exception:  # noqa: BLE001
            lagret = None
        if lagret is not None:
            innhold, content_type = lagret
            response = HttpResponse(innhold, content_type=content_type)
            patch_vary_headers(response, ["Cookie"])
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.user.is_authenticated
        ):
            _lagre(nokkel, (response.content, response["Content-Type"]))
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


class HurtigbufferMiddleware:
    """Gives each request its own memory of the generation: read at most once per request, and
    not at all by requests that use no cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _forespørsel.set({})
        try:
            return self.get_response(request)
        finally:
            _forespørsel.reset(token)
