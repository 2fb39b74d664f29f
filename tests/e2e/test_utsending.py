"""The secretariat's e-mail pages and the login link in a real browser: the body's e-mail
templates, the innkalling's send page with the mail's preview, the tilleggsinnkalling page, and
«Logg inn med en lenke på e-post» from the login page through the mail. Each page passes axe
(WCAG 2.1 A/AA) and fits 390 and 1280 px without sideways scrolling."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from saker import services
from tests.factories import PersonFactory, SekretariatUserFactory, UserFactory
from tests.support import data, utsending

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "utsending"


def test_malene_sendesiden_og_tilleggsinnkallingen(
    page: Page, live_server, settings, smtp, widths, login
):
    settings.PORTAL_URL = live_server.url
    ssu = data.ssu_create()
    SekretariatUserFactory(username="kari")
    utsending.medlemmer_create(ssu)
    mote = utsending.neste_create(ssu)
    login(page, live_server, "kari", "passord-123")

    page.goto(f"{live_server.url}/organ/ssu/")
    page.get_by_role("link", name="E-postmaler").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("E-postmaler for")
    widths(page, "maler")
    skjema = page.locator("#mal-innkalling")
    skjema.get_by_label("Emne").fill("{organ} {dato}: innkalling med {feil}")
    page.get_by_role("button", name="Lagre e-postmalene").press("Enter")
    expect(page.locator("#mal-innkalling")).to_contain_text("Ukjent felt {feil}.")
    expect(page.locator("#skjemafeil")).to_contain_text("Ingenting er lagret.")
    widths(page, "maler-feil")
    skjema = page.locator("#mal-innkalling")
    skjema.get_by_label("Emne").fill("{organ} {dato}: innkalling")
    skjema.get_by_label("Innledning").fill("Velkommen til møtet.")
    page.locator("#mal-paaminnelse").get_by_label("Innledning").fill("Vel møtt om tre dager.")
    page.get_by_role("button", name="Lagre e-postmalene").press("Enter")
    expect(page.get_by_text("E-postmalene er lagret.")).to_be_visible()
    # Both saved: nothing typed in another part of the page is lost.
    expect(page.locator("#mal-paaminnelse").get_by_label("Innledning")).to_have_value(
        "Vel møtt om tre dager."
    )

    page.goto(f"{live_server.url}/mote/{mote.pk}/send/")
    expect(page.get_by_role("heading", name=re.compile("E-posten slik Anne Aasen"))).to_be_visible()
    expect(page.locator(".epostvisning")).to_contain_text("Velkommen til møtet.")
    widths(page, "send")
    page.get_by_label("Innledning").fill("Velkommen til møtet. Husk sak 3.")
    page.get_by_role("button", name="Forhåndsvis e-posten").press("Enter")
    expect(page.locator(".epostvisning")).to_contain_text("Husk sak 3.")
    page.get_by_role("button", name="Send innkallingen").press("Enter")
    expect(page.get_by_text("Innkallingen er sendt.")).to_be_visible()
    assert "Husk sak 3." in smtp.to("anne@example.org")[0].body

    services.sak_create(
        organ=ssu, mote=mote, tittel="Ny sak om legevakt", sakstyper=["orientering"]
    )
    page.get_by_role("link", name="Tilleggsinnkalling").click()
    expect(page.locator("section[aria-labelledby=endringer-tittel] li")).to_contain_text(
        "Ny sak om legevakt: ny sak"
    )
    widths(page, "tillegg")
    page.get_by_role("button", name="Send tilleggsinnkalling").press("Enter")
    expect(page.get_by_text("Tilleggsinnkallingen er sendt med 1 endring.")).to_be_visible()
    expect(page.locator("#utsendinger")).to_contain_text("Tilleggsinnkalling: sendt til 2 av 3")


def test_innloggingslenke_fra_innloggingssiden(page: Page, live_server, settings, smtp, widths):
    settings.PORTAL_URL = live_server.url
    cache.clear()  # one message per address in ten minutes: not one from an earlier run
    bruker = UserFactory(username="anne")
    PersonFactory(navn="Anne Aasen", epost="anne@example.org", bruker=bruker)

    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_role("link", name="Logg inn med en lenke på e-post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn med en lenke på e-post")
    widths(page, "lenke")
    page.get_by_label("E-postadresse").fill("anne@example.org")
    page.get_by_role("button", name="Send innloggingslenke").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    widths(page, "lenke-sendt")

    (melding,) = smtp.to("anne@example.org")
    lenke = re.search(r"(http://\S+/logg-inn/lenke/\S+/)", melding.body).group(1)
    page.goto(lenke)
    expect(page.get_by_text("Du logger inn som Anne Aasen.")).to_be_visible()
    widths(page, "lenke-bruk")
    page.get_by_role("button", name="Logg inn").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mine møter")
    page.goto(lenke)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lenken virker ikke")
    widths(page, "lenke-brukt")
