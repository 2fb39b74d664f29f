"""Links to one object's page, built without a ``reverse()`` per object.

A meeting page links every sak and every vedlegg; ``reverse()`` walks the URL patterns each
time. ``pk_url`` reverses a name once (per script prefix) with a stand-in id and
then only puts the id in. A request that sets its own URLconf (``request.urlconf``; none here
does) would need it in the key."""

from __future__ import annotations

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, reverse

_DEPUTY = "987654321"
_TEMPLATES: dict[tuple, tuple[str, str]] = {}


def pk_url(navn: str, pk: int) -> str:
    """``reverse(navn, kwargs={"pk": pk})`` for a pattern with one ``<int:pk>``."""
    key = (navn, get_script_prefix())  # each costs a thread-local lookup: one only
    mal = _TEMPLATES.get(key)
    if mal is None:
        url = reverse(navn, kwargs={"pk": int(_DEPUTY)})
        in_front, _, behind = url.rpartition(_DEPUTY)
        mal = _TEMPLATES[key] = (in_front, behind)
    return f"{mal[0]}{int(pk)}{mal[1]}"


def _forget(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URLconf
        _TEMPLATES.clear()


setting_changed.connect(_forget, dispatch_uid="lenker-glem-maler")


def absolute_url(path: str) -> str:
    """``path`` (a page's address on the site, as ``get_absolute_url`` gives it) as a link that
    works outside the site, in an e-mail: on ``settings.PORTAL_URL``."""
    return f"{settings.PORTAL_URL}{path}"
