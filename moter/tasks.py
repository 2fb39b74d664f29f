"""Background work of the meetings app: thin tasks that load by id and call a service."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.signals import worker_process_init
from django.db import InterfaceError, OperationalError

from .dokumenter import (
    DokumentFeil,
    dokument_feilet,
    dokument_render,
    dokumenter_oppdater,
    forbered_gjengiver,
)

logger = logging.getLogger(__name__)


class _RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # The service records its own failures; what ends here is a database that stayed away
        # through every retry, or a worker stopped by the hard time limit. Say so on the
        # version, if the database lets us.
        dokument_id = kwargs.get("dokument_id", args[0] if args else None)
        if dokument_id is None:
            return
        if isinstance(exc, OperationalError | InterfaceError):
            melding = "Databasen svarte ikke mens PDF-en ble laget. Prøv igjen senere."
        else:
            melding = f"PDF-en kunne ikke lages ({type(exc).__name__}). Prøv igjen senere."
        try:
            dokument_feilet(dokument_id=dokument_id, melding=melding)
        except (OperationalError, InterfaceError):
            logger.exception("Kunne ikke registrere at dokument %s feilet", dokument_id)


@shared_task(
    base=_RenderTask,
    acks_late=True,  # a worker killed mid-render leaves the message for the next one
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
    ignore_result=True,  # the page reads the state from the Dokument row
)
def render_dokument(dokument_id: int) -> str | None:
    """Renders one ordered version of a document (``moter.dokumenter.dokument_render``)."""
    dok = dokument_render(dokument_id=dokument_id)
    return dok.status if dok is not None else None


@worker_process_init.connect
def _forbered_gjengiver(**kwargs) -> None:
    # Stylesheets and fonts are loaded in each worker process when it starts (not in the parent:
    # fontconfig does not survive a fork), so even its first render is a warm one.
    try:
        forbered_gjengiver()
    except (DokumentFeil, OSError):
        logger.exception("Kunne ikke laste stilark og fonter for PDF")


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    max_retries=5,
    ignore_result=True,
)
def oppdater_dokumenter(mote_id: int) -> int:
    """After changes to a meeting: order its documents again (nothing renders if unchanged)."""
    return len(dokumenter_oppdater(mote_id=mote_id))


@shared_task(ignore_result=True)
def gjenoppta_dokumenter() -> int:
    """Every minute (Celery beat): queue again the orders whose message was lost."""
    from .gjenoppta import dokumenter_gjenoppta

    return dokumenter_gjenoppta().sendt
