"""Helpers of the saker pages (the meeting's are in moter.views.common)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from saker.models import Sak


def get_sak(pk: int) -> Sak:
    return get_object_or_404(Sak.objects.select_related("mote", "organ", "saksbehandler"), pk=pk)


def parse_id(verdi: str | None) -> int | None:
    """An id posted by a select list; anything else (a tampered or stale form) is None."""
    try:
        return int(verdi or "")
    except ValueError:
        return None
