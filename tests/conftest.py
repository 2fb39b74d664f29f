import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from helsefellesskap import hurtigbuffer
from helsefellesskap.models import Verv
from saker import services
from saker.models import Vedlegg
from tests.factories import (
    OrganFactory,
    PersonFactory,
    SekretariatUserFactory,
    UserFactory,
    VervFactory,
    oslo,
)


@pytest.fixture(autouse=True)
def _tomt_prosessminne():
    """Each test starts with this process's cache level empty. (Pages cached by an earlier test
    could not be served anyway: the versions in their keys are the clock of each write.)"""
    hurtigbuffer.tom_prosessminnet()


@pytest.fixture
def demo(db):
    """The Vestfold demo data (partners, bodies, people, memberships, logins)."""
    call_command("demo", stdout=io.StringIO())


def pytest_configure(config):
    # Fast password hashing for the suite; set before the first hash is made.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ssu(db):
    return OrganFactory(
        kortnavn="SSU", navn="Strategisk samarbeidsutvalg", saksnummerformat="{aar}.{nr}"
    )


@pytest.fixture
def fsu(db):
    return OrganFactory(kortnavn="FSU", navn="Faglig samarbeidsutvalg")


def _bruker_med_verv(organ, username, *, fra=datetime.date(2020, 1, 1), til=None):
    user = UserFactory(username=username)
    person = PersonFactory(bruker=user, navn=username.capitalize())
    VervFactory(person=person, organ=organ, rolle=Verv.Rolle.MEDLEM, fra=fra, til=til)
    return user


@pytest.fixture
def medlem(ssu):
    return _bruker_med_verv(ssu, "medlem")


@pytest.fixture
def annet_medlem(fsu):
    return _bruker_med_verv(fsu, "fsumedlem")


@pytest.fixture
def sekretariat(db):
    return SekretariatUserFactory(username="sekretariat")


@pytest.fixture
def sek(client, sekretariat):
    """The test client, logged in as the secretariat."""
    client.force_login(sekretariat)
    return client


@pytest.fixture
def utkast(ssu):
    """SSU 10.12.26, planned (a draft): its agenda can be edited freely."""
    return services.mote_opprett(
        organ=ssu, start=oslo(2026, 12, 10, 13), slutt=oslo(2026, 12, 10, 15), sted="Tønsberg"
    )


@pytest.fixture
def mote(ssu):
    """SSU 29.02.24, sent: an open sak with a public and a non-public vedlegg, an exempt sak."""
    mote = services.mote_opprett(
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
    services.vedlegg_legg_til(
        sak=apen, tittel="Årsmelding utkast", fil=ContentFile(PDF, name="arsmelding.pdf")
    )
    services.vedlegg_legg_til(
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


@pytest.fixture
def publisert(mote):
    from moter.services import mote_publiser_innkalling

    return mote_publiser_innkalling(mote=mote)


@pytest.fixture
def vedlegg(mote):
    return {v.tittel: v for v in Vedlegg.objects.filter(sak__mote=mote)}
