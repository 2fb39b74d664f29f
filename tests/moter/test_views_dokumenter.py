"""«Lag PDF», downloads and previews on the pages."""

import pytest
from pypdf import PdfReader

from moter import dokumenter
from moter.models import Dokument

pytestmark = pytest.mark.django_db


def _pdf(response) -> PdfReader:
    import io

    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def test_lag_pdf_returns_the_status_fragment_and_renders_after_commit(
    client, sekretariat, publisert, django_capture_on_commit_callbacks
):
    client.force_login(sekretariat)
    with django_capture_on_commit_callbacks() as queue:
        response = client.post(
            f"/mote/{publisert.pk}/dokument/innkalling/lag/",
            {"utgave": "medlem"},
            HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    assert "PDF-en står i kø" in html and 'hx-trigger="every 1s"' in html
    assert len(queue) == 1
    dok = Dokument.objects.get(art="innkalling", utgave="medlem")
    dokumenter.dokument_render(dokument_id=dok.pk)
    html = client.get(f"/mote/{publisert.pk}/dokument/innkalling/status/?utgave=medlem").content
    html = html.decode()
    assert "versjon 1" in html and "every 1s" not in html
    assert f"/dokument/{dok.pk}/side1.png" in html
    png = client.get(f"/dokument/{dok.pk}/side1.png")
    assert png["Content-Type"] == "image/png"
    assert b"".join(png.streaming_content).startswith(b"\x89PNG")
    # Unchanged content: «Lag PDF» again makes nothing new.
    with django_capture_on_commit_callbacks() as queue:
        client.post(f"/mote/{publisert.pk}/dokument/innkalling/lag/", {"utgave": "medlem"})
    assert queue == [] and Dokument.objects.filter(utgave="medlem").count() == 1


def test_public_downloads_the_published_public_edition(client, publisert):
    assert client.get(f"/mote/{publisert.pk}/dokument/innkalling/").status_code == 404
    bestilt = dokumenter.dokument_order(mote=publisert, art="innkalling", utgave="offentlig")
    dok = dokumenter.dokument_render(dokument_id=bestilt.pk)
    assert dok.publisert is not None  # published with the innkalling
    response = client.get(f"/mote/{publisert.pk}/dokument/innkalling/?utgave=medlem")
    assert response["Content-Type"] == "application/pdf"
    tekst = "".join(side.extract_text() for side in _pdf(response).pages)
    assert "Unntatt offentlighet, offl. § 13" in tekst
    assert "Personalsak" not in tekst  # the public never gets the members' edition


def test_member_gets_the_members_edition(client, medlem, publisert):
    bestilt = dokumenter.dokument_order(mote=publisert, art="innkalling", utgave="medlem")
    dokumenter.dokument_render(dokument_id=bestilt.pk)
    client.force_login(medlem)
    response = client.get(f"/mote/{publisert.pk}/dokument/innkalling/")
    tekst = "".join(side.extract_text() for side in _pdf(response).pages)
    assert "Personalsak ved legevakten" in tekst


def test_meeting_page_offers_the_documents(client, sekretariat, medlem, publisert):
    client.force_login(sekretariat)
    html = client.get(f"/mote/{publisert.pk}/").content.decode()
    assert "Dokumenter (PDF)" in html and "Lag PDF" in html
    client.force_login(medlem)
    html = client.get(f"/mote/{publisert.pk}/").content.decode()
    assert f'href="/mote/{publisert.pk}/dokument/innkalling/?utgave=medlem"' in html
    assert "Lag PDF" not in html


def test_unknown_document_kind_is_not_found(client, publisert):
    assert client.get(f"/mote/{publisert.pk}/dokument/tull/").status_code == 404
