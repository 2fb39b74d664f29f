"""The follow-up deadline reminder, as the responsible person's mail server receives it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from saker import notices, services
from saker.models import Oppfolging, Sak
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_responsible_person_is_reminded_once_and_nothing_exempt_goes_by_mail(
    mote, smtp, django_capture_on_commit_callbacks
):
    ola = PersonFactory(navn="Ola Normann", epost="ola@example.org")
    idag = timezone.localdate()
    apen = Sak.objects.get(mote=mote, tittel="Årsmelding 2023")
    unntatt = Sak.objects.get(mote=mote, unntatt_offentlighet=True)
    services.oppfolging_add(
        sak=apen,
        beskrivelse="Send årsmeldingen ut",
        ansvarlig=ola,
        frist=idag + datetime.timedelta(days=3),
    )
    services.oppfolging_add(
        sak=unntatt,
        beskrivelse="Hemmelig oppfølging av ansatt",
        ansvarlig=ola,
        frist=idag + datetime.timedelta(days=5),
    )
    services.oppfolging_add(  # far ahead: not yet
        sak=apen,
        beskrivelse="Neste års melding",
        ansvarlig=ola,
        frist=idag + datetime.timedelta(days=40),
    )
    ferdig = services.oppfolging_add(
        sak=apen, beskrivelse="Allerede gjort", ansvarlig=ola, frist=idag
    )
    Oppfolging.objects.filter(pk=ferdig.pk).update(status=Oppfolging.Status.FULLFORT)

    with django_capture_on_commit_callbacks(execute=True):
        notices.oppfolging_frister_queue()
        notices.oppfolging_frister_queue()
    meldinger = sorted(smtp.to("ola@example.org"), key=lambda d: d.subject)
    assert len(meldinger) == 2
    tekster = "\n".join(d.body for d in meldinger)
    assert "Send årsmeldingen ut" in tekster
    assert "Hemmelig oppfølging av ansatt" not in tekster
    assert unntatt.tittel not in tekster
    assert "unntatt offentlighet: les saken på portalen" in tekster
    assert "Neste års melding" not in tekster and "Allerede gjort" not in tekster
