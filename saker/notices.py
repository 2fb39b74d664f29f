"""E-mails about saker: the deadline of a follow-up (oppfølgingspunkt), to the one responsible,
through the outbox. Run hourly by beat; each reminder goes once per deadline. The follow-up of
an exempt sak is named by its sak only: what is exempt never goes by mail."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from helsefellesskap import outbox
from helsefellesskap.links import absolute_url
from helsefellesskap.models import Epost
from moter.notices import render_message

from .models import Oppfolging


def oppfolging_frister_queue(idag: datetime.date | None = None) -> list[Epost]:
    """A reminder to each responsible person whose open follow-up has its deadline within
    ``OPPFOLGING_VARSEL_DAGER`` days (or today)."""
    idag = idag or timezone.localdate()
    grense = idag + datetime.timedelta(days=settings.OPPFOLGING_VARSEL_DAGER)
    punkter = (
        Oppfolging.objects.exclude(status=Oppfolging.Status.FULLFORT)
        .filter(frist__gte=idag, frist__lte=grense, ansvarlig__isnull=False)
        .select_related("sak__mote__organ", "ansvarlig")
        .order_by("frist", "pk")
    )
    ut = []
    for punkt in punkter:
        sak = punkt.sak
        emne, tekst = render_message(
            Epost.Art.OPPFOLGING,
            {
                "person": punkt.ansvarlig,
                "punkt": punkt,
                "sak": sak,
                "skjermet": sak.unntatt_offentlighet,
                "lenke": absolute_url(sak.get_absolute_url()),
                "oversikt": absolute_url(reverse("mine")),
            },
        )
        ut.append(
            outbox.queue(
                key=f"oppfolging:{punkt.pk}:{punkt.frist}",
                art=Epost.Art.OPPFOLGING,
                person=punkt.ansvarlig,
                emne=emne,
                tekst=tekst,
                mote_id=sak.mote_id,
            )
        )
    return ut


@shared_task(name="saker.notices.oppfolging_frister", ignore_result=True)
def oppfolging_frister_task() -> int:
    with transaction.atomic():
        return len(oppfolging_frister_queue())
