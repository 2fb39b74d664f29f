"""Cached pages and page fragments, keyed by the versions of what they show.

Every key carries the versions, read from the database in the same request, of the objects
the page or fragment shows (``helsefellesskap.versions``): a meeting's ``versjon``, which
triggers raise on every write to the meeting or to anything shown with it (its saker,
vedlegg, deltakere, dokumenter, referat versions, comments, follow-ups, inhabilitet …), and
the one version of the master data (``grunndata``: bodies, people, partners, memberships, the
site's settings). A list of meetings is keyed by the ids and versions of all its meetings
(``fingerprint``). So a write elsewhere in the data leaves a page's cache alone, and a write to
what it shows makes its key new at once, in every process, whatever made the write (a form, a
bulk ``.update()``, raw SQL, the import, the Celery worker). Nothing in the cache is trusted to
say which version is current: after a Redis restart with old data on disk, the old entries sit
under keys no request asks for any more.

The versions are read *before* what is rendered (``build()`` reads the data again), so a cached
value is never older than its key. Keys also carry today's date (pages say «i dag» and list
coming meetings) and the code's edition (``utgave``: a new deployment renders anew); entries
expire after ``SIDEHURTIGBUFFER_LEVETID`` seconds in any case.

What is cached, and under which versions:

- whole pages for anonymous readers (``for_anonymous``): the public edition, the same for
  everybody; the view names the versions (``versjoner``), which also give the page's ETag, so a
  reader or a proxy revalidating an unchanged page gets ``304 Not Modified`` without the page
  being rendered or fetched. ``Cache-Control: public, no-cache``: a proxy may keep the page but
  must ask each time, so nobody gets a byte that is no longer public;
- fragments of the members' pages (``fragment``): the parts that are the same for everybody
  with the same access, rendered without anything personal (no CSRF token, no user name);
- fragments with forms (``fragment_with_form``, the agenda editor): each reader's own CSRF
  token is put in when the fragment is served.

Access decisions and the logged-in user are never cached across requests
(``helsefellesskap.access`` memoises them on the request's user object).

Two levels: each process keeps what it used lately in its own memory (``_ProcessMemory``), over
the shared cache (Redis when ``REDIS_URL`` is set). Both are keyed alike, so the process memory
can no more than Redis serve anything older than its versions. If the cache cannot be reached,
pages are rendered as if nothing were cached; if a version cannot be read, nothing is cached.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from contextvars import ContextVar
from functools import cache as _once
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe

from . import rawsql
from .versions import GRUNNDATA

logger = logging.getLogger(__name__)
T = TypeVar("T")

OFFENTLIG_CACHE_CONTROL = "public, no-cache"


def _active() -> bool:
    return getattr(settings, "SIDEHURTIGBUFFER", True)


def _lifetime() -> int:
    return getattr(settings, "SIDEHURTIGBUFFER_LEVETID", 600)


@_once
def edition() -> str:
    """The code's edition, in every key and ETag: ``SIDEHURTIGBUFFER_UTGAVE`` when set (a
    release's name), otherwise a digest of the names, sizes and times of the templates and the
    Python modules, so that a deployment with changed templates renders anew."""
    satt = getattr(settings, "SIDEHURTIGBUFFER_UTGAVE", "")
    if satt:
        return satt
    rot = Path(settings.BASE_DIR)
    h = hashlib.sha256()
    for mappe in ("templates", "helsefellesskap", "moter", "saker", "avtaler", "handlingsplan"):
        for fil in sorted((rot / mappe).rglob("*")):
            if fil.suffix in (".html", ".py", ".txt") and fil.is_file():
                stat = fil.stat()
                h.update(f"{fil.relative_to(rot)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()[:12]


# --- The versions --------------------------------------------------------------------------------

# What a request has read once (the master-data version); PageCacheMiddleware gives each
# request its own.
_request: ContextVar[dict | None] = ContextVar("hurtigbuffer_forespørsel", default=None)


def grunndata_sql() -> str:
    """The master-data version as a scalar subquery in hand-written SQL (``read_row``)."""
    from .versions import VERSION_TABLE

    return f"(SELECT verdi FROM {VERSION_TABLE} WHERE navn = '{GRUNNDATA}')"  # noqa: S608


def read_row(sql: str, params: Sequence) -> tuple | None:
    """One row of versions by hand-written SQL: the version reads sit on every cached page's
    way, where building and compiling a queryset would cost more than the query itself (and it
    is the request's first query: ``rawsql.fetch``)."""
    rows = rawsql.fetch(sql, params)
    return rows[0] if rows else None


def remember_grunndata(value: int | None) -> None:
    """Keep the master-data version read with another row for the rest of the request."""
    memory = _request.get()
    if memory is not None:
        memory["grunndata"] = value


def grunndata() -> int | None:
    """The master-data version, read at most once per request (None: no row, nothing cached)."""
    memory = _request.get()
    if memory is not None and "grunndata" in memory:
        return memory["grunndata"]
    row = read_row(f"SELECT {grunndata_sql()}", []) if _active() else None
    value = None if row is None else row[0]
    if memory is not None:
        memory["grunndata"] = value
    return value


def fingerprint(qs: QuerySet) -> str:
    """The version of a list of rows: a digest of the id and ``versjon`` of each row. Any change
    to a row raises its version, and a row added or removed changes the ids, so every change
    to the list gives a new digest (a sum or a maximum could come back to an old value)."""
    return fingerprint_rows(qs.order_by("pk").values_list("pk", "versjon"))


def fingerprint_rows(rader: Iterable[tuple]) -> str:
    """``fingerprint`` of rows already read: (id, versjon) pairs in the order of the ids."""
    h = hashlib.sha256()
    for pk, versjon in rader:
        h.update(f"{pk}:{versjon},".encode())
    return h.hexdigest()[:32]


# --- The two levels ----------------------------------------------------------------------------


def _key(art: str, parts: Iterable[Hashable]) -> str:
    tekst = "\x1f".join(str(d) for d in parts)
    digest = hashlib.sha256(tekst.encode()).hexdigest()[:32]
    return f"{art}:{edition()}:{timezone.localdate().isoformat()}:{digest}"


class _ProcessMemory:
    """The first level: what this process fetched or rendered lately, by key (the versions are
    in the key, so nothing here is older than what it shows), up to ``limit`` bytes of HTML."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.values: OrderedDict[str, tuple[float, int, object]] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def _size(value) -> int:
        if isinstance(value, str | bytes):
            return len(value) + 100
        if isinstance(value, tuple | list):
            return sum(_ProcessMemory._size(v) for v in value) + 100
        if isinstance(value, dict):
            return sum(_ProcessMemory._size(v) for v in value.values()) + 100
        return 100

    def get(self, key: str):
        with self.lock:
            found = self.values.get(key)
            if found is None:
                return None
            expires, _, value = found
            if expires < time.monotonic():
                self._remove(key)
                return None
            self.values.move_to_end(key)
            return value

    def save(self, key: str, value, lifetime: int) -> None:
        storrelse = self._size(value)
        if storrelse > self.limit // 4:
            return
        with self.lock:
            if key in self.values:
                self._remove(key)
            self.values[key] = (time.monotonic() + lifetime, storrelse, value)
            self.used += storrelse
            while self.used > self.limit:
                self._remove(next(iter(self.values)))

    def _remove(self, key: str) -> None:
        _, storrelse, _ = self.values.pop(key)
        self.used -= storrelse

    def clear(self) -> None:
        with self.lock:
            self.values.clear()
            self.used = 0


_memory = _ProcessMemory(limit=64 * 1024 * 1024)


def _get(key: str):
    value = _memory.get(key)
    if value is None:
        value = cache.get(key)  # may raise: the caller renders without the cache
        if value is not None:
            _memory.save(key, value, _lifetime())
    return value


def _save(key: str, value) -> None:
    _memory.save(key, value, _lifetime())
    try:
        cache.set(key, value, _lifetime())
    except Exception:  # the cache is an optimisation; pages work without it
        logger.warning("Kunne ikke lagre i hurtigbufferet", exc_info=True)


def _without_version(parts) -> bool:
    return any(d is None for d in parts)


def fragment(parts: Iterable[Hashable], build: Callable[[], T]) -> T:
    """What ``build()`` renders (HTML, or a dict of HTML parts), cached under ``parts``: these
    must hold the versions of everything ``build()`` reads, read before it (a version that is
    None means: not cached). The value is shared between requests: read it, never change it."""
    parts = tuple(parts)
    if not _active() or _without_version(parts):
        return build()
    key = _key("fragment", parts)
    try:
        value = _get(key)
    except Exception:
        logger.warning("Hurtigbufferet svarer ikke", exc_info=True)
        return build()
    if value is None:
        value = build()
        _save(key, value)
    return value


def _csrf_placeholder() -> str:
    # The same in every process (cached fragments are shared), and unknowable to users, so no
    # text they type can be taken for it.
    return "csrf-" + hashlib.sha256(("hurtigbuffer" + settings.SECRET_KEY).encode()).hexdigest()


def fragment_with_form(
    request: HttpRequest, parts: Iterable[Hashable], mal: str, context: Callable[[], dict]
) -> str:
    """A cached fragment with forms in it: rendered once with a placeholder for the CSRF token,
    which each request replaces with its reader's own token."""
    place = _csrf_placeholder()

    def build() -> str:
        return render_to_string(mal, {**context(), "csrf_token": place})

    return mark_safe(fragment(parts, build).replace(place, get_token(request)))  # noqa: S308


# --- Whole pages for anonymous readers ------------------------------------------------------


def _anonymous_read(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        # Logged-in users, and anybody with a session or a pending message, get a fresh page.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def etag(request: HttpRequest, versions: Iterable[Hashable]) -> str:
    """The page's ETag, from its address and versions (and the time and the code's edition),
    signed with SECRET_KEY: nobody can make one for a page they were not given."""
    # Also the period of SIDEHURTIGBUFFER_LEVETID it is in: what depends on the hour (a meeting
    # that has started) is revalidated as often as the cache renders it anew.
    periode = int(time.time()) // max(_lifetime(), 1)
    tekst = "\x1f".join(
        [
            request.get_full_path(),
            edition(),
            timezone.localdate().isoformat(),
            str(periode),
            *map(str, versions),
        ]
    )
    signature = hmac.new(settings.SECRET_KEY.encode(), tekst.encode(), hashlib.sha256)
    return f'"{signature.hexdigest()[:32]}"'


def same_etag(request: HttpRequest, tag: str) -> bool:
    """Whether the client already has ``tag`` (``If-None-Match``, weak tags and ``*`` too)."""
    sendt = request.headers.get("If-None-Match", "")
    if not sendt:
        return False
    return any(m.strip().removeprefix("W/") in (tag, "*") for m in sendt.split(","))


def _offentlig(response: HttpResponse, tag: str) -> HttpResponse:
    response["ETag"] = tag
    response["Cache-Control"] = OFFENTLIG_CACHE_CONTROL
    patch_vary_headers(response, ["Cookie"])
    return response


def for_anonymous(versions: Callable[..., Iterable[Hashable] | None]):
    """Serve the page from the cache to anonymous readers, keyed by ``versjoner(request, *args,
    **kwargs)``: the versions of everything the page shows, read from the database (None, or a
    None among them: nothing cached, the view answers). Store what is safe to share: a 200 that
    sets no cookie and used no CSRF token; it gets an ETag, and a matching conditional GET gets
    ``304 Not Modified`` without the page being rendered."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not (_active() and _anonymous_read(request)):
                return view(request, *args, **kwargs)
            parts = versions(request, *args, **kwargs)
            parts = None if parts is None else tuple(parts)
            request._page_versions = (versions, parts)  # type: ignore[attr-defined]
            if parts is None or _without_version(parts):
                return view(request, *args, **kwargs)
            tag = etag(request, parts)
            if same_etag(request, tag):
                return _offentlig(HttpResponseNotModified(), tag)
            key = _key("side", [request.get_full_path(), *parts])
            try:
                stored = _get(key)
            except Exception:
                logger.warning("Hurtigbufferet svarer ikke", exc_info=True)
                stored = None
            if stored is not None:
                innhold, content_type = stored
                return _offentlig(HttpResponse(innhold, content_type=content_type), tag)
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and not request.user.is_authenticated
                and not response.has_header("Cache-Control")
            ):
                _save(key, (response.content, response["Content-Type"]))
                return _offentlig(response, tag)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator


def page_versions(request: HttpRequest, versions: Callable[..., Any], *args, **kwargs) -> Any:
    """The page's versions as ``for_anonymous`` read them for this request (one query, not
    two, for an anonymous reader the cache missed), else read now."""
    read = getattr(request, "_page_versions", None)
    if read is not None and read[0] is versions:
        return read[1]
    return versions(request, *args, **kwargs)


def revalidated_by_content(view):
    """Conditional GET for a page that no single version covers (the agreements register shows
    agreements, versions, evaluations, saker and meetings): for anonymous readers the rendered
    page's digest is its ETag, with ``Cache-Control: public, no-cache`` as ``for_anonymous``
    gives; an unchanged page answers ``304 Not Modified``. The page is rendered each time (it is
    small), so the tag can never be older than the page; logged-in readers get the page as
    ``PrivatePagesMiddleware`` marks it (``private, no-store``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if (
            not _anonymous_read(request)
            or request.user.is_authenticated
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or response.has_header("Cache-Control")
        ):
            return response
        digest = hashlib.sha256(edition().encode() + b"\0" + response.content).hexdigest()
        tag = f'"{digest[:32]}"'
        if same_etag(request, tag):
            return _offentlig(HttpResponseNotModified(), tag)
        return _offentlig(response, tag)

    return wrapper


class PageCacheMiddleware:
    """Gives each request its own memory of the versions it has read (the master-data
    version is read at most once per request, and not at all by requests that use no cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set({})
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def clear_process_memory() -> None:
    """Empty this process's level (tests)."""
    _memory.clear()
