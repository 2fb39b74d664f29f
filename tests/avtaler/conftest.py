import datetime

import pytest

from avtaler import services
from avtaler.models import Art, Avtale
from helsefellesskap.models import Partner
from tests.factories import PartnerFactory


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
