"""«Sakens gang» in a real browser: the secretariat links an SSU sak to the FSU sak it was sent
from, with the keyboard, and the path shows both, oldest first. axe (WCAG 2.1 A/AA) and no
sideways scrolling at 390 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from saker import services
from saker.models import Sak
from tests.factories import SekretariatUserFactory, oslo
from tests.support import data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "sakens-gang"


def test_sekretariatet_kobler_sakene(page: Page, live_server, widths, login):
    ssu, fsu = data.ssu_create(), data.fsu_create()
    fsu_mote = services.mote_create_with_standard_items(
        organ=fsu, start=oslo(2024, 2, 1, 10), sted="Tønsberg"
    )
    fsu_sak = services.sak_create(
        organ=fsu, mote=fsu_mote, tittel="Felles fastlegetiltak", sakstyper=["beslutning"]
    )
    services.innkalling_send(mote=fsu_mote)
    ssu_mote = data.mote_create(ssu)
    sak = Sak.objects.get(mote=ssu_mote, tittel="Årsmelding 2023")
    fsu_sak.refresh_from_db()
    SekretariatUserFactory(username="kari")
    login(page, live_server, "kari", "passord-123")

    page.goto(f"{live_server.url}{sak.get_absolute_url()}")
    page.get_by_role("link", name="Sakens gang").click()
    expect(page.get_by_text("Saken er ikke koblet til andre saker.")).to_be_visible()
    widths(page, "tom")
    page.get_by_label("Forbindelse").select_option("ut:sendt")
    page.get_by_label("Organ").select_option(str(fsu.pk))
    page.get_by_label("Saksnummer").fill("1999.1")
    page.get_by_role("button", name="Koble sakene").press("Enter")
    expect(page.get_by_text("Fant ingen sak 1999.1 i FSU.").first).to_be_visible()
    widths(page, "feil")
    page.get_by_label("Saksnummer").fill(fsu_sak.saksnr)
    page.get_by_role("button", name="Koble sakene").press("Enter")
    expect(page.get_by_text(f"Saken er koblet til sak {fsu_sak.saksnr}.")).to_be_visible()
    tidslinje = page.locator("ol.sakens-gang")
    expect(tidslinje.locator("li.sakens-gang__ledd")).to_have_count(2)
    expect(tidslinje.locator("li.sakens-gang__ledd").first).to_contain_text("Felles fastlegetiltak")
    widths(page, "koblet")
