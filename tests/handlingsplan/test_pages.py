"""The action plan's pages: the plan with its filters (a bad value is left out with a Norwegian
remark), a tiltak with the saker that treated it (linked only for those who may see them) and its
funding, the funding overview with the overspend and the warning, and the secretariat's forms
with bad input (PostgreSQL: an over-long text, a bad date, a negative amount)."""

import datetime
import re

import pytest

from handlingsplan import services
from handlingsplan.models import Forbruk, Statusrapport
from saker.models import Sak

D = datetime.date
pytestmark = pytest.mark.django_db


def _tekst(response) -> str:
    html = response.content.decode().replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def finansiert(plan, publisert, utkast):
    from saker import services as sak_services

    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    utkast_sak = sak_services.sak_create(
        organ=utkast.organ, mote=utkast, tittel="Utkast om nedleggelse", sakstyper=["orientering"]
    )
    t = plan["moteserie"]
    services.statusrapport_add(
        tiltak=t, dato=D(2024, 2, 29), status="pagar", tekst="Startet.", rapportert_i=apen
    )
    services.statusrapport_add(
        tiltak=t, dato=D(2024, 3, 1), status="pagar", tekst="Drøftet.", rapportert_i=utkast_sak
    )
    tildeling = services.tildeling_set(tilskudd=plan["tilskudd"], tiltak=t, aar=2024, belop=700_000)
    services.forbruk_add(tildeling=tildeling, dato=D(2024, 12, 1), belop=808_985, tekst="Regnskap")
    return {**plan, "apen": apen, "utkast_sak": utkast_sak, "tildeling": tildeling}


def test_the_plan_lists_innsatsomrader_and_tiltak_and_filters(client, plan, ssu, utkastplan):
    tekst = _tekst(client.get("/handlingsplan/2024/"))
    assert "1. Skrøpelige eldre og multisyke" in tekst and "2. Fastlegesamarbeid" in tekst
    assert "Vitality" in tekst and "Ansvarlig: Strategisk samarbeidsutvalg" in tekst
    assert "Hemmelig" not in client.get("/handlingsplan/").content.decode()
    filtrert = _tekst(client.get(f"/handlingsplan/2024/?organ={ssu.slug}&status=planlagt"))
    assert "1 tiltak med SSU som ansvarlig med status «planlagt»" in filtrert
    assert "Vitality" not in filtrert
    feil = client.get("/handlingsplan/2024/?organ=finnes-ikke&status=%00x")
    assert feil.status_code == 200
    tekst = _tekst(feil)
    assert "Filteret «Organ» ble ikke brukt: Fant ikke organet." in tekst
    assert "Filteret «Status» ble ikke brukt" in tekst and "2 tiltak" in tekst
    assert client.get("/handlingsplan/2099/").status_code == 404


def test_a_tiltak_links_the_saker_its_reader_may_see_and_shows_the_overspend(
    client, sek, finansiert
):
    url = f"/handlingsplan/tiltak/{finansiert['moteserie'].pk}/"
    sek_html = sek.get(url).content.decode()
    assert f'href="/sak/{finansiert["utkast_sak"].pk}/"' in sek_html
    client.logout()
    response = client.get(url)
    html, tekst = response.content.decode(), _tekst(response)
    assert f'href="/sak/{finansiert["apen"].pk}/"' in html
    assert f"/sak/{finansiert['utkast_sak'].pk}/" not in html and "nedleggelse" not in html
    assert "700 000 kr" in tekst and "808 985 kr" in tekst and "Merforbruk 108 985 kr" in tekst
    assert "29. februar 2024" in tekst


def test_the_funding_overview_warns_of_overspend_and_overallocation(client, finansiert):
    services.tildeling_set(
        tilskudd=finansiert["tilskudd"], tiltak=finansiert["vitality"], aar=2024, belop=1
    )
    response = client.get("/handlingsplan/tilskudd/")
    tekst = _tekst(response)
    assert "Advarsel: tildelt 700 001 kr, mer enn innvilget 700 000 kr." in tekst
    assert "Merforbruk: brukt 808 985 kr av innvilget 700 000 kr, 108 985 kr mer enn" in tekst
    html = response.content.decode()
    assert 'role="img"' in html and '<title id="diagram-tittel">' in html
    assert "2024: innvilget 700 000 kr, tildelt 700 001 kr, brukt 808 985 kr." in tekst


def test_a_year_whose_grants_have_no_amount_says_so_and_draws_no_bars(client, finansiert):
    services.tilskudd_create(kilde="Prosjekt X", formal="En vei inn", aar=2026, belop=None)
    response = client.get("/handlingsplan/tilskudd/")
    tekst = _tekst(response)
    assert "2026 Ikke oppgitt 0 kr 0 kr –" in tekst
    assert "2026: innvilget ikke oppgitt, tildelt 0 kr, brukt 0 kr." in tekst
    svg = response.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count("<rect") == 3 and ">2024</text>" in svg and ">2026</text>" not in svg


def test_a_drafts_tiltak_is_unknown_to_the_public(client, sekretariat, utkastplan):
    url = f"/handlingsplan/tiltak/{utkastplan['tiltak'].pk}/"
    assert client.get(url).status_code == 404
    assert "Hemmelig planutkast" not in client.get("/handlingsplan/tilskudd/").content.decode()
    client.force_login(sekretariat)
    assert "Hemmelig utkasttiltak" in client.get(url).content.decode()


def test_a_status_report_with_bad_input_keeps_what_was_typed(sek, plan):
    url = f"/handlingsplan/tiltak/{plan['vitality'].pk}/status/"
    response = sek.post(
        url,
        {
            "dato": "2024-02-30",
            "status": "pagar",
            "tekst": "Viktig tekst",
            "rapportert_i_tekst": "x" * 201,
        },
    )
    assert response.status_code == 400
    tekst = _tekst(response)
    assert "Oppgi en dato som finnes i kalenderen" in tekst
    assert "Viktig tekst" in response.content.decode()
    assert "høyst 200 tegn" in tekst or "200" in tekst
    assert not Statusrapport.objects.exists()
    ok = sek.post(url, {"dato": "2024-05-23", "status": "fullfort", "tekst": "Ferdig."})
    assert ok.status_code == 302
    plan["vitality"].refresh_from_db()
    assert plan["vitality"].status == "fullfort"


def test_spending_with_bad_input_is_refused_at_the_field(sek, finansiert):
    url = f"/handlingsplan/tiltak/{finansiert['moteserie'].pk}/forbruk/"
    response = sek.post(
        url,
        {
            "tildeling": finansiert["tildeling"].pk,
            "dato": "2024-06-01",
            "belop": "-5",
            "tekst": "x" * 301,
        },
    )
    assert response.status_code == 400
    tekst = _tekst(response)
    assert "Beløpet kan ikke være negativt." in tekst
    assert Forbruk.objects.count() == 1
    ok = sek.post(
        url,
        {
            "tildeling": finansiert["tildeling"].pk,
            "dato": "2024-06-01",
            "belop": "1000",
            "tekst": "Møte",
        },
    )
    assert ok.status_code == 302 and Forbruk.objects.count() == 2
