"""The demo meetings: the seeds' real meetings (mote/1 files in ``saker/demo_moter``), published
as they were, plus a draft meeting and a queued sak so a new user sees the editor at work."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from helsefellesskap.models import Organ, Person
from moter.dokumenter import offentlige_publiser
from moter.models import Mote
from moter.services import innkalling_publish, referat_publish

from . import services
from .exchange.importing import mote_import_file, organ_find
from .exchange.validate import file_read
from .models import Sak

DEMO_MOTER = Path(__file__).resolve().parent / "demo_moter"
UTKAST_DATO = datetime.date(2026, 12, 10)
# The SSU meeting after 29.02.24, named in its innkalling («oppfølging på tiltak i SSU 23.05.24»):
# planned only, so a new user can take 29.02.24 from held to an approved, published referat.
NESTE_2024 = datetime.date(2024, 5, 23)


def _finnes(data: dict) -> bool:
    organ = organ_find(data["organ"])
    start = datetime.datetime.fromisoformat(data["start"])
    return organ is not None and Mote.objects.filter(organ=organ, start=start).exists()


@transaction.atomic
def demo_moter_load() -> dict[str, int]:
    """Import the seed meetings that are not there yet and publish their innkalling.
    Idempotent: a meeting is recognised by body and start time."""
    importert = 0
    for sti in sorted(DEMO_MOTER.glob("*.json")):
        data = file_read(sti)
        if _finnes(data):
            continue
        mote = mote_import_file(sti)
        if mote.status != Mote.Status.PLANLAGT:
            innkalling_publish(mote=mote)
        if mote.referat_status == Mote.ReferatStatus.GODKJENT:
            referat_publish(mote=mote)
        importert += 1
    # The public PDFs of what is published: made where missing (an older demo database), and
    # nothing is rendered again when they are current.
    for mote in Mote.objects.filter(
        Q(innkalling_publisert__isnull=False) | Q(referat_publisert__isnull=False)
    ):
        offentlige_publiser(mote=mote)

    ssu = Organ.objects.get(kortnavn="SSU")
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(NESTE_2024, datetime.time(13, 0), tzinfo=tz)
    if not Mote.objects.filter(organ=ssu, start=start).exists():
        mai = services.mote_create_with_standard_items(
            organ=ssu,
            start=start,
            slutt=start + datetime.timedelta(hours=2, minutes=30),
            sted="Big Room SiV, prosjektrigg, bygg V3",
            moteleder=Person.objects.filter(navn="Guro Winsvold").first(),
            referent=Person.objects.filter(navn="Runar Danielsen").first(),
        )
        services.sak_create(
            organ=ssu,
            mote=mai,
            tittel="Oppfølging av samhandlingsdata",
            sakstyper=["diskusjon"],
            ansvar=["Erik Nordberg"],
            hensikt="Oppfølging av diskusjonen om samhandlingsdata i SSU 29.02.24.",
        )
    start = datetime.datetime.combine(UTKAST_DATO, datetime.time(13, 0), tzinfo=tz)
    if not Mote.objects.filter(organ=ssu, start=start).exists():
        utkast = services.mote_create_with_standard_items(
            organ=ssu,
            start=start,
            slutt=start + datetime.timedelta(hours=2, minutes=30),
            sted="Tønsberg, SiV HF, møterom CA-E1-028",
            moteleder=Person.objects.filter(navn="Guro Winsvold").first(),
            referent=Person.objects.filter(navn="Runar Danielsen").first(),
        )
        services.sak_create(
            organ=ssu,
            mote=utkast,
            tittel="Handlingsplan 2027",
            sakstyper=["beslutning"],
            hensikt="Forslag til handlingsplan for 2027 legges frem for SSU.",
            forslag_til_vedtak="Handlingsplan 2027 vedtas.",
            varighet=30,
            ansvar=["Rannveig Velken"],
        )
    if not Sak.objects.i_ko().filter(organ=ssu).exists():
        services.sak_create(
            organ=ssu,
            tittel="Årsmelding 2026 for Helsefellesskapet",
            sakstyper=["beslutning"],
            hensikt="Utkast til årsmelding legges frem for SSU i første møte neste år.",
        )
    return {
        "moter": Mote.objects.count(),
        "importert": importert,
        "saker": Sak.objects.saker().count(),
    }
