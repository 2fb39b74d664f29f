"""Search (/sok/) in a real browser on the demo, with the keyboard: from the header's «Søk» to
the fastlege saker, a word only in an attachment, filters, no hits and a refused query; each page
passing axe-core and fitting 390 and 1280 px; screenshots in var/test-results/sok-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "sok"


def test_search_with_the_keyboard(page: Page, live_server, widths, demo_committed, login):
    page.goto(live_server.url + "/")
    lenke = page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Søk")
    lenke.focus()
    lenke.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Søk")).to_be_visible()
    widths(page, "tom")

    felt = page.get_by_label("Søkeord")
    felt.fill("fastlege")
    felt.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("treff på «fastlege»")
    expect(page.get_by_label("Søkeord")).to_have_value("fastlege")
    # The sak, and the same sak named under its report (a vedlegg whose title has «fastleger»).
    treff = page.get_by_role(
        "link", name="Sak 19/26 Evaluering digital møterekke fastleger", exact=True
    )
    expect(treff).to_be_visible()
    expect(
        page.get_by_role("link", name="Rapport - Evaluering av digital møteserie for fastleger")
    ).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    widths(page, "fastlege")

    # A word only in the text of a vedlegg (the demo's evaluation plan, a PDF): the attachment
    # found, with its sak and a link that downloads it.
    felt = page.get_by_label("Søkeord")
    felt.fill("fokusgruppeintervju")
    felt.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 treff på «fokusgruppeintervju»")
    vedlegg = page.get_by_role(
        "link", name="Plan for evaluering delavtale helhetlige pasientforløp"
    )
    expect(vedlegg).to_be_visible()
    expect(page.get_by_text("Vedlegg til")).to_be_visible()
    expect(page.locator("mark", has_text="fokusgruppeintervjuer")).to_be_visible()
    widths(page, "vedlegg")
    svar = page.request.get(live_server.url + (vedlegg.get_attribute("href") or ""))
    assert svar.ok and svar.headers["content-type"] == "application/pdf"
    felt = page.get_by_label("Søkeord")
    felt.fill("fastlege")
    felt.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("treff på «fastlege»")

    # A filter chosen with the keyboard keeps the words: what the public finds of FSU's is its
    # overview of the fagutvalg (a Word vedlegg that names the one for fastleger).
    page.get_by_label("Organ").select_option(label="Faglig samarbeidsutvalg")
    page.get_by_role("button", name="Søk", exact=True).press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 treff på «fastlege»")
    expect(page.get_by_role("link", name="Oversikt nettverk etc.")).to_be_visible()
    page.get_by_label("År").fill("2023")
    page.get_by_role("button", name="Søk", exact=True).press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Ingen treff på «fastlege»")
    expect(page.get_by_text("Sjekk stavemåten")).to_be_visible()
    widths(page, "ingen")

    page.goto(live_server.url + "/sok/?q=" + "fastlege+" * 30)
    expect(page.get_by_text("Søket kan være høyst 200 tegn")).to_be_visible()
    widths(page, "for-langt")

    # The secretariat finds FSU's saker too (a referat not yet approved).
    login(page, live_server, "sekretariat", "demo-sekretariat")
    page.goto(live_server.url + "/sok/?q=fastlege&organ=fsu")
    treff = page.get_by_role("link", name="Sak 2024.2 Handlingsplan FSU 2024", exact=True)
    expect(treff).to_be_visible()
    widths(page, "sekretariat")
    treff.focus()
    treff.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Handlingsplan FSU 2024")
