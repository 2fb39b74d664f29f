"""What every answer of the API gets: a limit per client address, and an ETag with conditional
GET for what it answers.

The limit counts a client's requests per minute in the cache (Redis in production, so every
process counts together): past ``API_FORESPORSLER_PER_MINUTT`` the answer is 429 with a
Norwegian message and ``Retry-After`` (the seconds left of the minute). If the cache cannot be
reached, the request goes through: the limit protects the portal, it is not an access rule.

The ETag is a hash of the answer's bytes: the API shows only what is public, the same for
everybody, so the bytes are the version. ``If-None-Match`` with it gives 304. A cache may keep
an answer but must revalidate it on every use (``max-age=0, must-revalidate``): what is withdrawn
from publication is gone from the API at once, also behind a proxy."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response

from helsefellesskap.login import client_address

logger = logging.getLogger(__name__)

# Shared caches may keep an answer, but must ask again every time (a cheap 304 while the ETag
# holds): a publication shows at once, and a withdrawal is never hidden behind a cached copy.
CACHE_CONTROL = "public, max-age=0, must-revalidate"


def error_response(status: int, melding: str, **headers: str) -> JsonResponse:
    """An error as JSON: ``{"detail": "<Norwegian message>"}``."""
    response = JsonResponse(
        {"detail": melding}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    for key, value in headers.items():
        response[key] = value
    response["Cache-Control"] = "no-store"
    return response


def limit_exceeded(request: HttpRequest) -> int | None:
    """The seconds until ``request``'s client may ask again, or None while it is within the
    limit; each call counts one request."""
    grense = settings.API_FORESPORSLER_PER_MINUTT
    naa = time.time()
    minutt = int(naa // 60)
    key = f"api-grense:{client_address(request) or 'ukjent'}:{minutt}"
    try:
        cache.add(key, 0, timeout=90)
        antall = cache.incr(key)
    except Exception:  # the cache down must not take the API down (logged)
        logger.warning("API-grensen kunne ikke telles: hurtigbufferen svarer ikke", exc_info=True)
        return None
    if antall <= grense:
        return None
    return max(1, 60 - int(naa % 60))


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def public_api(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The limit, then the answer with its ETag and cache lifetime (304 when the client has
    it already)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        vent = limit_exceeded(request)
        if vent is not None:
            return error_response(
                429,
                f"For mange forespørsler. Grensen er {settings.API_FORESPORSLER_PER_MINUTT} "
                f"i minuttet; prøv igjen om {vent} sekunder.",
                **{"Retry-After": str(vent)},
            )
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        etag = etag_of(response.content)
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL
        conditional = get_conditional_response(request, etag=etag, response=response)
        if conditional is None or conditional is response:
            return response
        conditional["Cache-Control"] = CACHE_CONTROL
        return conditional

    return wrapper


def json_response(data: Any) -> HttpResponse:
    """``data`` as UTF-8 JSON (the export, which has no schema of its own here)."""
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
