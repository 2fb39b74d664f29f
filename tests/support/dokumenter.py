"""Documents rendered in the test's own process, and their text read back."""

from __future__ import annotations

import re
import subprocess

from moter.dokumenter import dokument_order, render_dokument
from moter.models import Dokument


def render(django_capture_on_commit_callbacks, **kwargs) -> Dokument:
    """Orders a document and runs the queued render the way a worker would."""
    waited = set(
        Dokument.objects.filter(status=Dokument.Status.VENTER).values_list("pk", flat=True)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        dok = dokument_order(**kwargs)
    # A new order queues its render once, after commit; one already waiting (the public
    # documents are ordered when the meeting is published) is not queued again.
    assert len(callbacks) == (0 if dok.pk in waited else 1)
    render_dokument(dok.pk)
    dok.refresh_from_db()
    assert dok.status == Dokument.Status.FERDIG, dok.feilmelding
    return dok


def pdftotext(dok: Dokument) -> str:
    """poppler's text, whitespace folded. Its reading order follows the columns it detects, so
    it is used for what is there, not for the order."""
    ut = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", dok.fil.path, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.sub(r"\s+", " ", ut)
