"""The register as a printable PDF (public edition: what the public may see, never a draft or
an unpublished version), conditional GET on the public pages, and the evaluations due on the
secretariat's start page."""

import datetime
import io
import subprocess

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from avtaler import services
from avtaler.models import Art
from helsefellesskap.models import today
from tests.support.pdf_struktur import levels_skip, struktur

from .test_pages import HEMMELIG

D = datetime.date
pytestmark = pytest.mark.django_db


def _pdftekst(data: bytes, tmp_path) -> str:
    fil = tmp_path / "register.pdf"
    fil.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(fil), "-"], capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize("innlogget", [False, True])
def test_the_register_pdf_is_the_public_edition(client, sek, register, tmp_path, innlogget):
    leser = sek if innlogget else client
    if not innlogget:
        client.logout()
    html = leser.get("/avtaler/").content.decode()
    assert 'href="/avtaler/avtaleregister.pdf"' in html and "Last ned som PDF" in html
    response = leser.get("/avtaler/avtaleregister.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "public, no-cache"
    tekst = " ".join(_pdftekst(response.content, tmp_path).split())
    assert "Avtaleregister" in tekst
    assert "Overordnet samarbeidsavtale" in tekst
    assert "Delavtale om helhetlige pasientforløp" in tekst
    assert "Versjon 2025, gjelder fra 1. desember 2025" in tekst
    assert f"SSU-sak {register['apen'].saksnr}" in tekst
    assert "27. november 2099" in tekst  # the next evaluation
    assert "offentlig utgave" in tekst
    # Even for the secretariat: no draft, no non-public agreement, no unpublished version, no
    # sak of a draft meeting.
    # (nor the day of the draft meeting the overordnet's version was adopted in)
    for marker in [*HEMMELIG, "Utkast om nedleggelse", "10. desember 2026"]:
        assert marker not in tekst, marker
    # A tagged PDF/UA-1, as the meeting documents.
    pdf = PdfReader(io.BytesIO(response.content))
    rot = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in rot and rot["/MarkInfo"]["/Marked"]
    assert b"pdfuaid" in pdf.xmp_metadata.stream.get_data()
    assert pdf.metadata.title == "Avtaleregister"


def test_the_register_pdf_is_revalidated_and_made_anew_when_the_register_changes(
    client, register, delavtale, tmp_path
):
    cache.clear()
    forste = client.get("/avtaler/avtaleregister.pdf")
    tag = forste["ETag"]
    uendret = client.get("/avtaler/avtaleregister.pdf", HTTP_IF_NONE_MATCH=tag)
    assert uendret.status_code == 304 and uendret["ETag"] == tag and not uendret.content
    services.evaluering_plan(avtale=delavtale, tittel="Ekstra", planlagt=D(2099, 1, 15))
    endret = client.get("/avtaler/avtaleregister.pdf", HTTP_IF_NONE_MATCH=tag)
    assert endret.status_code == 200 and endret["ETag"] != tag
    assert "15. januar 2099" in " ".join(_pdftekst(endret.content, tmp_path).split())


@pytest.mark.parametrize("url", ["/avtaler/", "/avtaler/pasientforlop/"])
def test_public_agreement_pages_answer_conditional_gets(
    client, sekretariat, register, delavtale, url
):
    forste = client.get(url)
    tag = forste["ETag"]
    assert forste.status_code == 200 and forste["Cache-Control"] == "public, no-cache"
    assert "Cookie" in forste["Vary"]
    uendret = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert uendret.status_code == 304 and not uendret.content
    # A change the page shows (the next evaluation): the page anew, with a new tag.
    services.evaluering_plan(avtale=delavtale, tittel="Ekstra", planlagt=D(2099, 1, 15))
    endret = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert endret.status_code == 200 and endret["ETag"] != tag
    assert "15. januar 2099" in endret.content.decode()
    # Logged in: the page is private and kept nowhere, and no If-None-Match gets a 304.
    client.force_login(sekretariat)
    side = client.get(url, HTTP_IF_NONE_MATCH=endret["ETag"])
    assert side.status_code == 200 and side["Cache-Control"] == "private, no-store"
    assert not side.has_header("ETag")


def test_the_secretariat_start_page_shows_the_evaluations_due(sek, client, delavtale, overordnet):
    dag = today()
    forfalt = services.evaluering_plan(
        avtale=delavtale, tittel="Forfalt gjennomgang", planlagt=dag - datetime.timedelta(days=3)
    )
    snart = services.evaluering_plan(
        avtale=overordnet, tittel="Snart evaluering", planlagt=dag + datetime.timedelta(days=40)
    )
    services.evaluering_plan(
        avtale=delavtale, tittel="Fjern revisjon", planlagt=dag + datetime.timedelta(days=200)
    )
    services.evaluering_plan(avtale=delavtale, tittel="Uten dato", planlagt_tekst="En gang")
    gjort = services.evaluering_plan(
        avtale=delavtale, tittel="Gjort gjennomgang", planlagt=dag - datetime.timedelta(days=9)
    )
    services.evaluering_record(evaluering=gjort, behandlet_i=None, utfall="Ok.")
    html = sek.get("/sekretariat/").content.decode()
    assert "Evalueringer av avtaler" in html
    assert f'href="/avtaler/evaluering/{forfalt.pk}/">Forfalt gjennomgang</a>' in html
    assert f'href="/avtaler/evaluering/{snart.pk}/">Snart evaluering</a>' in html
    assert 'href="/avtaler/overordnet/"' in html and 'href="/avtaler/evalueringer/"' in html
    for tekst in ("Fjern revisjon", "Uten dato", "Gjort gjennomgang"):
        assert tekst not in html
    forfalt_del = html[html.index(">Forfalt<") : html.index("De neste tre månedene")]
    assert "Forfalt gjennomgang" in forfalt_del and "Snart evaluering" not in forfalt_del


def test_a_body_secretariat_gets_the_start_page_without_the_agreements(client, ssu, delavtale):
    from helsefellesskap.models import Verv
    from tests.factories import PersonFactory, UserFactory, VervFactory

    bruker = UserFactory(username="ssusekretar")
    VervFactory(person=PersonFactory(bruker=bruker), organ=ssu, rolle=Verv.Rolle.SEKRETARIAT)
    services.evaluering_plan(avtale=delavtale, tittel="Forfalt", planlagt=D(2020, 1, 1))
    client.force_login(bruker)
    response = client.get("/sekretariat/")
    assert response.status_code == 200
    assert "Evalueringer av avtaler" not in response.content.decode()


def test_an_empty_panel_says_so(sek, db):
    services.avtale_create(slug="a", tittel="A", art=Art.ANNEN, status="vedtatt")
    html = sek.get("/sekretariat/").content.decode()
    assert "Ingen evalueringer har forfalt eller forfaller de neste tre månedene." in html


def test_the_register_pdf_has_the_structure_of_the_meeting_documents(client, register):
    """The same PDF/UA repairs as the meeting documents (tests/moter/test_pdf_struktur.py)."""
    s = struktur(client.get("/avtaler/avtaleregister.pdf").content)
    assert s.tagged and s.headings and s.headings[0] == 1 and not levels_skip(s.headings)
    assert s.th_without_scope == 0 and s.headers_unresolved == []
    assert s.orphans == 0 and s.untagged_mcids == 0
    assert "Helsefellesskapet i Vestfold" in s.artifact_text[1]
    assert s.display_doc_title and '<rdf:li xml:lang="x-default">Avtaleregister</rdf:li>' in s.xmp
