import datetime

import pytest
from django.contrib.auth.models import User

from helsefellesskap.models import Organ, Verv
from tests.factories import OrganFactory, VervFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssu():
    pm = OrganFactory(kortnavn="PM", navn="Partnerskapsmøtet", type=Organ.Type.PARTNERSKAPSMOTE)
    ssu = OrganFactory(
        kortnavn="SSU",
        navn="Strategisk samarbeidsutvalg",
        rapporterer_til=pm,
        type=Organ.Type.STRATEGISK,
        mandat="SSU skal sikre strategisk samhandling.",
    )
    VervFactory(
        organ=ssu,
        rolle=Verv.Rolle.LEDER,
        person__navn="Frode Hestnes",
        til=datetime.date(2023, 12, 31),
    )
    VervFactory(
        organ=ssu,
        rolle=Verv.Rolle.LEDER,
        person__navn="Guro Winsvold",
        fra=datetime.date(2024, 1, 1),
    )
    VervFactory(organ=ssu, rolle=Verv.Rolle.SEKRETARIAT, person__navn="Runar Danielsen")
    return ssu


def test_home_page_shows_the_bodies_as_an_organisation_chart(client, ssu):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="nb"' in html
    assert "Partnerskapsmøtet" in html
    # SSU sits in the list of bodies reporting to PM.
    assert html.index("Partnerskapsmøtet") < html.index("Strategisk samarbeidsutvalg")
    assert 'aria-label="Rapporterer til PM"' in html
    assert 'href="/organ/ssu/"' in html


def test_body_page_shows_mandate_and_current_members_by_role(client, ssu):
    response = client.get("/organ/ssu/")
    assert response.status_code == 200
    assert response.context["organ"] == ssu
    html = response.content.decode()
    assert "SSU skal sikre strategisk samhandling." in html
    assert "Guro Winsvold" in html
    assert "Frode Hestnes" not in html  # his verv as leader ended in 2023
    assert "<caption>Leder</caption>" in html
    assert "<caption>Sekretariat</caption>" in html


def test_body_page_shows_the_members_of_an_earlier_date(client, ssu):
    response = client.get("/organ/ssu/", {"dato": "2023-11-23"})
    assert "Frode Hestnes" in response.content.decode()
    assert "Guro Winsvold" not in response.content.decode()
    assert "per 23. november 2023" in response.content.decode()


def test_body_page_ignores_a_malformed_date(client, ssu):
    response = client.get("/organ/ssu/", {"dato": "29.02.24"})
    assert response.status_code == 200
    assert "Guro Winsvold" in response.content.decode()


def test_body_slug_in_capitals_redirects_to_the_canonical_address(client, ssu):
    response = client.get("/organ/SSU/")
    assert response.status_code == 301
    assert response["Location"] == "/organ/ssu/"


def test_unknown_body_gives_a_norwegian_404(client, ssu):
    response = client.get("/organ/finnes-ikke/")
    assert response.status_code == 404
    assert "Siden finnes ikke" in response.content.decode()


def test_login_and_logout(client, ssu):
    User.objects.create_user("medlem", password="hemmelig-passord")
    response = client.post("/logg-inn/", {"username": "medlem", "password": "feil"})
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()

    response = client.post("/logg-inn/", {"username": "medlem", "password": "hemmelig-passord"})
    assert response.status_code == 302
    assert "Logg ut" in client.get("/").content.decode()

    response = client.post("/logg-ut/")
    assert response.status_code == 302
    assert "Logg inn" in client.get("/").content.decode()


def test_login_form_marks_the_fields_in_error(client, ssu):
    response = client.post("/logg-inn/", {"username": "", "password": ""})
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Fyll ut «Brukernavn»." in html
    assert "Fyll ut «Passord»." in html


def test_a_failed_csrf_check_gets_the_portals_norwegian_page(ssu):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/logg-inn/", {"username": "medlem", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="nb"' in html and "Skjemaet ble ikke sendt" in html
    assert "stått åpen lenge" in html and "informasjonskapsler" in html
    assert "det du skrev, står som regel fortsatt i skjemaet" in html
    assert "<style" not in html and "style=" not in html
