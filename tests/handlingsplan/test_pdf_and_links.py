"""The year's plan as a PDF (the public edition of a published plan; a draft for the
secretariat alone), conditional GET on the plan's public pages, and the links between a sak and
the plan it adopted or the tiltak it reported on (never to a draft)."""

import datetime
import io
import subprocess

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from handlingsplan import services
from saker.models import Sak

D = datetime.date
pytestmark = pytest.mark.django_db


def _pdftekst(data: bytes, tmp_path) -> str:
    fil = tmp_path / "plan.pdf"
    fil.write_bytes(data)
    tekst = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(fil), "-"], capture_output=True, check=True
    ).stdout.decode()
    return " ".join(tekst.split())


@pytest.fixture
def vedtatt(plan, publisert):
    """The 2024 plan adopted in the published meeting's open sak, which also gave a status
    report on a tiltak."""
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    plan["plan"].vedtatt_i = apen
    plan["plan"].save()
    services.statusrapport_add(
        tiltak=plan["vitality"],
        dato=D(2024, 2, 29),
        status="pagar",
        tekst="Spres.",
        rapportert_i=apen,
    )
    return {**plan, "apen": apen}


def test_the_plan_pdf_lists_innsatsomrader_tiltak_status_and_body(client, vedtatt, ssu, tmp_path):
    side = client.get("/handlingsplan/2024/").content.decode()
    assert 'href="/handlingsplan/2024/handlingsplan.pdf"' in side
    response = client.get("/handlingsplan/2024/handlingsplan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "public, no-cache"
    tekst = _pdftekst(response.content, tmp_path)
    assert "Handlingsplan for Helsefellesskapet 2024" in tekst
    assert "1. Skrøpelige eldre og multisyke" in tekst and "2. Fastlegesamarbeid" in tekst
    assert "Vitality" in tekst and "Pågår" in tekst
    assert "Digital møteserie for fastleger" in tekst and "Planlagt" in tekst
    assert ssu.navn in tekst and "2025–2026" in tekst
    assert f"Vedtatt i SSU-sak {vedtatt['apen'].saksnr}" in tekst
    assert "Mandat fra PM." in tekst and "offentlig utgave" in tekst
    pdf = PdfReader(io.BytesIO(response.content))
    assert pdf.metadata.title == "Handlingsplan for Helsefellesskapet 2024"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]


def test_the_plan_pdf_is_revalidated_and_made_anew_when_the_plan_changes(client, vedtatt, tmp_path):
    cache.clear()
    url = "/handlingsplan/2024/handlingsplan.pdf"
    tag = client.get(url)["ETag"]
    uendret = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert uendret.status_code == 304 and uendret["ETag"] == tag and not uendret.content
    services.tiltak_create(innsatsomrade=vedtatt["vitality"].innsatsomrade, tittel="Hjemmesykehus")
    endret = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert endret.status_code == 200 and endret["ETag"] != tag
    assert "Hjemmesykehus" in _pdftekst(endret.content, tmp_path)


def test_a_draft_plans_pdf_is_for_the_secretariat_only(client, sekretariat, utkastplan, tmp_path):
    url = "/handlingsplan/2099/handlingsplan.pdf"
    assert client.get(url).status_code == 404
    client.force_login(sekretariat)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    tekst = _pdftekst(response.content, tmp_path)
    assert "Hemmelig utkasttiltak" in tekst and "Utkast – ikke publisert" in tekst


@pytest.mark.parametrize(
    "url", ["/handlingsplan/2024/", "/handlingsplan/", "/handlingsplan/tilskudd/"]
)
def test_the_plan_pages_answer_conditional_gets(client, sekretariat, vedtatt, url):
    forste = client.get(url)
    tag = forste["ETag"]
    assert forste.status_code == 200 and forste["Cache-Control"] == "public, no-cache"
    uendret = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert uendret.status_code == 304 and not uendret.content
    services.tilskudd_create(kilde="Prosjekt X", aar=2024, belop=50_000)
    services.tiltak_create(innsatsomrade=vedtatt["vitality"].innsatsomrade, tittel="Nytt tiltak")
    endret = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert endret.status_code == 200 and endret["ETag"] != tag
    client.force_login(sekretariat)
    side = client.get(url, HTTP_IF_NONE_MATCH=endret["ETag"])
    assert side.status_code == 200 and side["Cache-Control"] == "private, no-store"


def test_a_tiltak_page_answers_conditional_gets(client, vedtatt):
    url = vedtatt["vitality"].get_absolute_url()
    tag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    services.statusrapport_add(
        tiltak=vedtatt["vitality"], dato=D(2024, 5, 2), status="fullfort", tekst="Ferdig."
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_the_sak_page_links_the_plan_it_adopted_and_the_tiltak_it_reported_on(
    client, sekretariat, vedtatt, utkastplan
):
    apen = vedtatt["apen"]
    # A draft plan adopted in the same sak, and a report on its tiltak given there.
    utkast = utkastplan["plan"]
    utkast.vedtatt_i = apen
    utkast.save()
    services.statusrapport_add(
        tiltak=utkastplan["tiltak"],
        dato=D(2024, 2, 29),
        status="pagar",
        tekst="X",
        rapportert_i=apen,
    )
    html = client.get(apen.get_absolute_url()).content.decode()
    assert 'href="/handlingsplan/2024/">Handlingsplan for Helsefellesskapet 2024</a>' in html
    assert f'href="/handlingsplan/tiltak/{vedtatt["vitality"].pk}/">Vitality</a>' in html
    assert "Hemmelig" not in html and "2099" not in html
    # The tiltak page links back to the sak.
    tiltak = client.get(vedtatt["vitality"].get_absolute_url()).content.decode()
    assert f'href="{apen.get_absolute_url()}"' in tiltak
    client.force_login(sekretariat)
    html = client.get(apen.get_absolute_url()).content.decode()
    assert "Hemmelig planutkast 2099" in html and "Hemmelig utkasttiltak" in html


def test_an_exempt_sak_names_no_plan_or_tiltak_to_outsiders(client, plan, publisert):
    unntatt = Sak.objects.get(mote=publisert, unntatt_offentlighet=True)
    services.statusrapport_add(
        tiltak=plan["vitality"],
        dato=D(2024, 2, 29),
        status="pagar",
        tekst="X",
        rapportert_i=unntatt,
    )
    html = client.get(unntatt.get_absolute_url()).content.decode()
    assert "Vitality" not in html
