"""The annual report in a real browser, on the demo: the secretariat finds SSU's 2024 draft from
the body's page, reads the meetings, saker and tiltak drafted from the data, edits a text (a
missing title is refused with everything typed kept), publishes, and the public reads it. axe
(WCAG 2.1 A/AA) and no sideways scrolling at 390 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "arsrapport"


def test_sekretariatet_skriver_og_publiserer_arsrapporten(
    page: Page, live_server, widths, login, demo_committed
):
    login(page, live_server, "sekretariat", "demo-sekretariat")
    page.goto(f"{live_server.url}/organ/ssu/")
    page.get_by_role("link", name="Årsrapporter").click()
    widths(page, "liste")
    page.locator("#organ-ssu").get_by_role("link", name="Årsrapport 2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Årsmelding 2024 Strategisk samarbeidsutvalg (SSU)"
    )
    expect(page.get_by_role("heading", name="Saker i møte 29. februar 2024")).to_be_visible()
    expect(page.get_by_role("link", name="29.02.24", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Saker i 2024 etter sakstype")).to_be_visible()
    expect(page.get_by_role("heading", name="Tiltak i handlingsplanen")).to_be_visible()
    expect(page.get_by_text("Utkast: vises bare for sekretariatet")).to_be_visible()
    widths(page, "utkast")

    page.get_by_role("link", name="Rediger tekstene").click()
    page.get_by_label("Tittel").fill("")
    page.get_by_label("Veien videre").fill("Nytt mandat for FSU legges fram for SSU.")
    page.get_by_role("button", name="Lagre årsrapporten").click()
    expect(page.get_by_text("Fyll ut «Tittel».").last).to_be_visible()
    expect(page.get_by_label("Veien videre")).to_have_value(
        "Nytt mandat for FSU legges fram for SSU."
    )
    widths(page, "skjema-feil")
    page.get_by_label("Tittel").fill("Årsmelding 2024 SSU")
    page.get_by_role("button", name="Lagre årsrapporten").click()
    expect(page.get_by_text("Årsrapporten er lagret.")).to_be_visible()
    expect(page.get_by_role("article").get_by_text("Nytt mandat for FSU")).to_be_visible()
    expect(page.get_by_text("Versjon 2.")).to_be_visible()
    page.get_by_role("button", name="Publiser").click()
    expect(page.get_by_text("Årsrapporten er publisert")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/arsrapport/ssu/2024/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Årsmelding 2024 SSU")
    expect(page.get_by_role("link", name="Rediger tekstene")).to_have_count(0)
    expect(page.get_by_text("Endringshistorikk")).to_have_count(0)
    widths(page, "publisert")
