"""The action plan in a real browser, on the demo: a reader follows a tiltak from the plan
through the sak that reported on it to its funding, and sees the overspend in the funding
overview. axe (WCAG 2.1 A/AA) and no sideways scrolling at 390 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "handlingsplan"


def test_en_leser_folger_et_tiltak_til_finansieringen(
    page: Page, live_server, widths, demo_committed
):
    page.goto(f"{live_server.url}/")
    meny = page.get_by_role("navigation", name="Hovedmeny")
    meny.get_by_role("link", name="Handlingsplan").click()
    page.goto(f"{live_server.url}/handlingsplan/2024/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Handlingsplan for")
    expect(page.get_by_role("heading", name="4. Akuttkjeden")).to_be_visible()
    widths(page, "plan")
    page.get_by_label("Status").select_option("avsluttet")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_text("2 tiltak med status «avsluttet»")).to_be_visible()

    page.goto(f"{live_server.url}/handlingsplan/2025/")
    page.get_by_role("link", name="Digital møteserie for fastleger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital møteserie for fastleger")
    expect(page.get_by_text("Merforbruk 108\u00a0985\u00a0kr")).to_be_visible()
    widths(page, "tiltak")
    page.get_by_role("link", name="SSU-sak 19/26").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluering digital møterekke")

    page.goto(f"{live_server.url}/handlingsplan/tilskudd/")
    expect(page.get_by_role("img", name="Innvilget, tildelt og brukt per år")).to_be_visible()
    expect(page.get_by_text("108\u00a0985\u00a0kr mer enn innvilget")).to_be_visible()
    widths(page, "tilskudd")


def test_sekretariatet_rapporterer_status(page: Page, live_server, widths, login, demo_committed):
    login(page, live_server, "sekretariat", "demo-sekretariat")
    page.goto(f"{live_server.url}/handlingsplan/2024/")
    page.get_by_role("link", name="Samhandlingsavvik").click()
    page.get_by_role("link", name="Ny statusrapport").click()
    page.get_by_label("Dato").fill("")
    page.locator("#id_tekst").fill("Elektronisk avviksmelding tatt i bruk.")
    page.get_by_role("button", name="Lagre statusrapporten").click()
    expect(page.get_by_text("Fyll ut «Dato».").last).to_be_visible()
    expect(page.locator("#id_tekst")).to_have_value("Elektronisk avviksmelding tatt i bruk.")
    widths(page, "statusrapport-feil")
    page.get_by_label("Dato").fill("2024-05-23")
    page.locator("#id_status").select_option("fullfort")
    page.get_by_role("button", name="Lagre statusrapporten").click()
    expect(page.get_by_text("Statusrapporten er lagret.")).to_be_visible()
    expect(page.get_by_text("23. mai 2024")).to_be_visible()
    widths(page, "tiltak-sekretariat")
