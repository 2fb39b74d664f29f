"""What the meeting pages and the pages built on them (saker) share: the meeting of a URL,
htmx, and a service's errors on a form or as messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from moter.models import Mote
from moter.versions import mote_with_version


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def get_mote(pk: int) -> Mote:
    return get_object_or_404(
        Mote.objects.select_related("organ", "moteleder", "referent", "forfall_meldes_til"), pk=pk
    )


def get_mote_cached(pk: int) -> Mote:
    """The meeting with its body and the versions that key its cached parts, in one query: for
    pages whose heavy parts are cached fragments that read the meeting again themselves."""
    mote = mote_with_version(pk)
    if mote is None:
        raise Http404("Fant ikke møtet.")
    return mote


def form_status(form) -> int:
    """400 for a form that came back with errors, so a client (and a test) sees it failed."""
    return 400 if form.is_bound and form.errors else 200


def add_form_errors(form, exc: ValidationError) -> None:
    """Put a service's error at the form field it names; what names no field of the form goes
    at the top (form.add_error would fail on an unknown field)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for felt, feil in exc.error_dict.items():
        form.add_error(felt if felt in form.fields else None, feil)


def messages_from_error(request: HttpRequest, exc: ValidationError) -> None:
    for melding in exc.messages:
        messages.error(request, melding)
