import datetime

import pytest
from django.core.files.base import ContentFile

from avtaler import services
from avtaler.models import Art, Avtale
from helsefellesskap.models import Partner
from saker.models import Sak
from tests.factories import PartnerFactory
from tests.support.files import PDF

D = datetime.date


@pytest.fixture
def parter(db):
    return [
        PartnerFactory(navn="Tønsberg kommune", kortnavn="Tønsberg", avtalepart=True),
        PartnerFactory(
            navn="Sykehuset i Vestfold HF",
            kortnavn="SiV",
            type=Partner.Type.HELSEFORETAK,
            avtalepart=True,
        ),
    ]


@pytest.fixture
def overordnet(db, parter):
    return services.avtale_create(
        slug="overordnet",
        tittel="Overordnet samarbeidsavtale",
        art=Art.OVERORDNET,
        status=Avtale.Status.VEDTATT,
        lovgrunnlag="Helse- og omsorgstjenesteloven § 6-2",
        parter=[(parter[0], datetime.date(2023, 6, 1)), (parter[1], None)],
    )


@pytest.fixture
def delavtale(overordnet):
    return services.avtale_create(
        slug="pasientforlop",
        tittel="Delavtale om helhetlige pasientforløp",
        art=Art.DELAVTALE,
        overordnet=overordnet,
        status=Avtale.Status.VEDTATT,
    )


@pytest.fixture
def register(delavtale, overordnet, utkast, publisert):
    """The tree with a current version each, plus the planted markers: a draft agreement, a
    non-public one, an unpublished version; the delavtale's version adopted in a published
    sak, the overordnet's in a sak of a draft meeting."""
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    utkast_sak = services_sak(utkast)
    v = services.versjon_add(
        avtale=delavtale,
        versjon="2025",
        tekst="Gjeldende tekst.",
        gjelder_fra=D(2025, 12, 1),
        publisert=True,
        fil=ContentFile(PDF, name="delavtale.pdf"),
    )
    services.versjon_adopt(versjon=v, sak=apen)
    o = services.versjon_add(
        avtale=overordnet,
        versjon="2023",
        tekst="Overordnet tekst.",
        gjelder_fra=D(2023, 6, 1),
        publisert=True,
    )
    services.versjon_adopt(versjon=o, sak=utkast_sak)
    upublisert = services.versjon_add(
        avtale=delavtale,
        versjon="v-2099",
        tekst="Upublisert revisjonstekst.",
        fil=ContentFile(PDF, name="upublisert.pdf"),
    )
    services.avtale_create(slug="utkast", tittel="Hemmelig utkastavtale", art=Art.DELAVTALE)
    services.avtale_create(
        slug="intern",
        tittel="Intern samarbeidsavtale",
        art=Art.ANNEN,
        status="vedtatt",
        offentlig=False,
    )
    services.evaluering_plan(
        avtale=delavtale, tittel="Helhetlig revisjon", planlagt=D(2099, 11, 27)
    )
    return {"versjon": v, "upublisert": upublisert, "apen": apen, "utkast_sak": utkast_sak}


def services_sak(mote):
    from saker import services as sak_services

    return sak_services.sak_create(
        organ=mote.organ, mote=mote, tittel="Utkast om nedleggelse", sakstyper=["beslutning"]
    )
