"""The data the shared fixtures build (tests/conftest.py), as plain functions: a module that
builds its world once (tests/support/world.py) builds the same data as the fixtures do."""

from __future__ import annotations

from django.core.files.base import ContentFile

from helsefellesskap.models import Organ
from moter.models import Mote
from saker import services
from tests.factories import OrganFactory, oslo
from tests.support.files import PDF


def ssu_create() -> Organ:
    return OrganFactory.create(
        kortnavn="SSU", navn="Strategisk samarbeidsutvalg", saksnummerformat="{aar}.{nr}"
    )


def fsu_create() -> Organ:
    return OrganFactory.create(kortnavn="FSU", navn="Faglig samarbeidsutvalg")


def mote_create(ssu: Organ) -> Mote:
    """SSU 29.02.24, sent: an open sak with a public and a non-public vedlegg, an exempt sak."""
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), slutt=oslo(2024, 2, 29, 15, 30), sted="Big Room SiV"
    )
    apen = services.sak_create(
        organ=ssu,
        mote=mote,
        tittel="Årsmelding 2023",
        sakstyper=["beslutning"],
        hensikt="Utkast til årsmelding legges frem.",
        forslag_til_vedtak="Årsmeldingen godkjennes.",
        ansvar=["Rannveig Velken"],
    )
    services.vedlegg_add(
        sak=apen, tittel="Årsmelding utkast", fil=ContentFile(PDF, name="arsmelding.pdf")
    )
    services.vedlegg_add(
        sak=apen, tittel="Intern merknad", fil=ContentFile(PDF, name="intern.pdf"), offentlig=False
    )
    services.sak_create(
        organ=ssu,
        mote=mote,
        tittel="Personalsak ved legevakten",
        sakstyper=["orientering"],
        hensikt="Hemmelig innhold om en ansatt.",
        unntatt_offentlighet=True,
        hjemmel="Offl. § 13",
    )
    services.innkalling_send(mote=mote)
    mote.refresh_from_db()
    return mote


def mote_publish(mote: Mote) -> Mote:
    from moter.services import innkalling_publish

    return innkalling_publish(mote=mote)
