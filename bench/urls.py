"""The project's URLs plus ``/bench/tak/``: a view that does nothing, answered through the same
middleware stack as every page. Only bench/web.py's gunicorn loads this URLconf."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from helsefellesskap.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/tak/", ceiling), *urlpatterns]
