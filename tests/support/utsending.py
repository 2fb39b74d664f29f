"""What the e-mail tests share: SSU's members with and without an address, a meeting two weeks
ahead with an exempt sak, the innkalling sent from its page, and .ics text unfolded."""

from __future__ import annotations

import datetime

from django.utils import timezone

from helsefellesskap.models import Verv
from moter import services as mote_services
from saker import services
from tests.factories import PersonFactory, VervFactory


def unfolded(ics: str | bytes) -> str:
    """iCalendar folds lines at 75 octets (RFC 5545 3.1)."""
    return (ics if isinstance(ics, str) else ics.decode()).replace("\r\n ", "")


def innkalling_send_via_page(sek, mote, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sek.post(f"/mote/{mote.pk}/send/", follow=True)
    assert response.status_code == 200
    return response


def medlemmer_create(ssu) -> dict:
    """Anne and Bjørn with addresses, Cecilie without."""
    ut = {}
    for navn, epost in [
        ("Anne Aasen", "anne@example.org"),
        ("Bjørn Berg", "bjorn@example.org"),
        ("Cecilie Dahl", ""),
    ]:
        person = PersonFactory(navn=navn, epost=epost)
        VervFactory(organ=ssu, rolle=Verv.Rolle.MEDLEM, person=person)
        ut[navn.split()[0]] = person
    return ut


def neste_create(ssu):
    """An SSU meeting two weeks ahead, with a sak and an exempt sak on the agenda."""
    start = timezone.localtime() + datetime.timedelta(days=14)
    start = start.replace(hour=13, minute=0, second=0, microsecond=0)
    mote = services.mote_create_with_standard_items(
        organ=ssu,
        start=start,
        slutt=start + datetime.timedelta(hours=2),
        sted="Tønsberg, Kommunens hus",
    )
    services.sak_create(organ=ssu, mote=mote, tittel="Årsmelding 2026", sakstyper=["beslutning"])
    services.sak_create(
        organ=ssu,
        mote=mote,
        tittel="Personalsak om en navngitt ansatt",
        sakstyper=["orientering"],
        unntatt_offentlighet=True,
        hjemmel="Offl. § 13",
    )
    return mote


def innkalt_create(sek, neste, smtp, django_capture_on_commit_callbacks):
    """The meeting with forfall reported to Kari and the innkalling sent (the mails cleared)."""
    kari = PersonFactory(navn="Kari Sekretær", epost="kari@example.org")
    mote_services.mote_update(mote=neste, forfall_meldes_til=kari)
    innkalling_send_via_page(sek, neste, django_capture_on_commit_callbacks)
    neste.refresh_from_db()
    smtp.clear()
    return neste
