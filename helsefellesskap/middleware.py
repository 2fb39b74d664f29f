"""Response headers that hold for every page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


class PrivatePagesMiddleware:
    """Pages for a logged-in reader may show what the public may not (drafts, exempt saker, the
    members' edition): no browser history cache or proxy may keep them. A response that chose
    its own caching (a public PDF, a static file) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ["Cookie"])
        return response
