"""The Atom feeds of published innkallinger and referater (moter/feeds.py), read back with the
standard library's XML parser: what is in them, each entry's link, date and PDF, and that
nothing unpublished or of a closed body gets there."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from moter import publication
from moter import services as mote_services
from moter.models import Dokument
from saker import services
from tests.factories import OrganFactory, oslo
from tests.support import data
from tests.support.files import PDF

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(response) -> list[dict]:
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}author/{ATOM}name")  # Atom (RFC 4287) requires an author
    ut = []
    for entry in root.iter(f"{ATOM}entry"):
        lenker = {lenke.get("rel"): lenke for lenke in entry.iter(f"{ATOM}link")}
        ut.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "id": entry.findtext(f"{ATOM}id"),
                "link": lenker["alternate"].get("href"),
                "updated": datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
                "enclosure": lenker["enclosure"].get("href") if "enclosure" in lenker else None,
            }
        )
    return ut


def _public_pdf(mote, art: str) -> Dokument:
    """A finished, published public PDF of the meeting (the render is tested in tests/moter)."""
    dok = Dokument(
        mote=mote,
        art=art,
        utgave=Dokument.Edition.OFFENTLIG,
        versjon=1,
        status=Dokument.Status.FERDIG,
        ferdig=timezone.now(),
        publisert=timezone.now(),
        storrelse=len(PDF),
        innhold=publication.offentlig_content(mote).as_json(),
    )
    dok.fil.save(f"{art}.pdf", ContentFile(PDF), save=False)
    dok.save()
    return dok


@pytest.fixture
def referat_publisert(ssu, publisert):
    """SSU 29.02.24 held, its referat approved in the next meeting and published."""
    mote_services.mote_set_avholdt(mote=publisert)
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV", tittel="Upublisert ekstramøte"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=publisert))
    mote_services.referat_publish(mote=publisert)
    publisert.refresh_from_db()
    return publisert


def test_the_feed_has_the_published_innkalling_and_referat_with_link_date_and_pdf(
    client, referat_publisert, utkast, settings
):
    settings.PORTAL_URL = "https://moter.example.org"
    mote = referat_publisert
    Dokument.objects.filter(mote=mote).delete()  # the ones publishing ordered, not finished
    pdf = _public_pdf(mote, "innkalling")
    entries = _entries(client.get("/feed/"))
    by_title = {e["title"].split(":")[0]: e for e in entries}
    assert set(by_title) == {"Innkalling", "Referat"}, entries
    innkalling, referat = by_title["Innkalling"], by_title["Referat"]
    assert innkalling["link"] == f"https://moter.example.org/mote/{mote.pk}/"
    assert referat["link"].endswith(f"/mote/{mote.pk}/#referat")
    assert innkalling["id"] != referat["id"]
    assert innkalling["updated"] == mote.innkalling_publisert
    assert referat["updated"] == mote.referat_publisert
    assert innkalling["enclosure"].endswith(f"/mote/{mote.pk}/dokument/innkalling/")
    assert referat["enclosure"] is None  # its public PDF is not published
    assert client.get(urlsplit(innkalling["enclosure"]).path).status_code == 200
    assert pdf.pk

    body = client.get("/feed/").content.decode()
    for hemmelig in ["Personalsak ved legevakten", "Upublisert ekstramøte", "Intern merknad"]:
        assert hemmelig not in body
    assert "public" in client.get("/feed/")["Cache-Control"]


def test_a_bodys_feed_has_only_that_body(client, ssu, fsu, publisert):
    annet = services.mote_create_with_standard_items(
        organ=fsu, start=oslo(2024, 3, 5, 13), sted="SiV", tittel="FSU-møtet"
    )
    services.innkalling_send(mote=annet, notify=False)
    data.mote_publish(annet)
    assert [e["title"].split(" (")[1][:3] for e in _entries(client.get("/feed/ssu/"))] == ["SSU"]
    assert len(_entries(client.get("/feed/"))) == 2


def test_a_closed_body_and_a_closed_meeting_stay_out(client, ssu):
    lukket = OrganFactory(kortnavn="LU", navn="Lukket utvalg", offentlig=False)
    for organ, offentlig, tittel in [(lukket, True, "Lukket organ"), (ssu, False, "Lukket møte")]:
        mote = services.mote_create_with_standard_items(
            organ=organ, start=oslo(2024, 3, 5, 13), sted="SiV", tittel=tittel, offentlig=offentlig
        )
        services.innkalling_send(mote=mote, notify=False)
        data.mote_publish(mote)
    assert _entries(client.get("/feed/")) == []
    assert client.get(f"/feed/{lukket.slug}/").status_code == 404
    assert client.get("/feed/finnes-ikke/").status_code == 404
