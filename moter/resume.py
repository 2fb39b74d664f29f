"""PDF orders whose render never happened, sent to the queue again.

An order is a ``Dokument`` row; the Celery message is only a nudge to render it. The nudge can
be lost: Redis was down when the secretariat clicked «Lag PDF» (the row stays in ``venter`` with
no message), or the whole worker was killed and Redis was restarted without its unacknowledged
messages (the row stays in ``lager``). With a worker killed mid-render, ``acks_late`` brings the
message back by itself (at once when only the pool process died; after the broker's visibility
timeout when the whole worker did); this sweep is for what no message will ever bring back.

``python manage.py gjenoppta_dokumenter`` runs it (cron, or a periodic task), and is safe to run
at any time: rendering is idempotent, and a row that is picked up twice is rendered once.

Services (queueing one render, ``dokument_send``, is in ``moter.dokumenter`` with the tasks):

- ``dokumenter_resume(*, venter_etter, lager_etter) -> Gjenopptatt``: queue again the rows in
  ``venter`` older than ``venter_etter`` and those in ``lager`` longer than the task's time limit;
- the task ``resume_dokumenter`` runs it every minute (Celery beat).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .dokumenter import dokument_send
from .models import Dokument

logger = logging.getLogger(__name__)

Status = Dokument.Status

# An order still waiting after this long has lost its message (a render normally starts within
# seconds); a busy queue only means that the row is sent twice, which renders once.
VENTER_AFTER = datetime.timedelta(minutes=2)


def time_limit() -> datetime.timedelta:
    """How long a render may take before it is known to be dead: the task's hard time limit (the
    pool process is killed there), with a margin for the clocks."""
    return datetime.timedelta(seconds=settings.DOKUMENT_RENDER_TIME_LIMIT + 30)


@dataclass
class Resumed:
    venter: list[int] = field(default_factory=list)  # sent again: the order never got a message
    lager: list[int] = field(default_factory=list)  # sent again: the render died
    not_sendt: list[int] = field(default_factory=list)  # the broker is down: left for next time

    @property
    def sendt(self) -> int:
        return len(self.venter) + len(self.lager)


def _lost(naa: datetime.datetime, venter_etter, lager_etter) -> Q:
    lager_limit = naa - lager_etter
    return Q(status=Status.VENTER, opprettet__lt=naa - venter_etter) | Q(
        Q(startet__lt=lager_limit) | Q(startet__isnull=True, opprettet__lt=lager_limit),
        status=Status.LAGER,
    )


def dokumenter_resume(
    *,
    venter_etter: datetime.timedelta = VENTER_AFTER,
    lager_etter: datetime.timedelta | None = None,
) -> Resumed:
    """Sends forgotten orders to the queue again: rows in ``venter`` older than ``venter_etter``,
    and rows in ``lager`` for longer than the render's time limit (``lager`` is set back to
    ``venter``). A row that was sent gets a new order time, so the next sweep leaves it alone
    while its message waits in the queue. Stops at the first broker error; the rest are kept
    for the next sweep."""
    if lager_etter is None:
        lager_etter = time_limit()
    naa = timezone.now()
    who = _lost(naa, venter_etter, lager_etter)
    result = Resumed()
    candidates = list(
        Dokument.objects.filter(who).order_by("opprettet", "pk").values_list("pk", flat=True)
    )
    for dokument_id in candidates:
        if result.not_sendt:
            result.not_sendt.append(dokument_id)
            continue
        # One row at a time, updated and locked before its message is sent: a worker that picks
        # the message up at once waits for this commit and then sees the row in «venter» (and in
        # eager mode the render runs inside this transaction, after the update). Rows another
        # sweep holds are skipped.
        with transaction.atomic():
            dok = (
                Dokument.objects.select_for_update(skip_locked=True)
                .filter(who, pk=dokument_id)
                .first()
            )
            if dok is None:
                continue  # finished, or another sweep has it
            var = dok.status
            dok.status = Status.VENTER
            dok.startet = None
            dok.opprettet = timezone.now()
            dok.save(update_fields=["status", "startet", "opprettet"])
            if not dokument_send(dok.pk):
                transaction.set_rollback(True)  # the row stays as it was, for the next sweep
                result.not_sendt.append(dok.pk)
                continue
        (result.lager if var == Status.LAGER else result.venter).append(dok.pk)
        logger.info("Dokument %s (%s) sendt til køen igjen", dok.pk, var)
    return result


@shared_task(name="moter.gjenoppta.resume_dokumenter", ignore_result=True)
def resume_dokumenter() -> int:
    """Every minute (Celery beat): queue again the orders whose message was lost."""
    return dokumenter_resume().sendt
