"""The personal calendar link in a real browser, with the keyboard: from «Mine møter» to the
page that makes the link, making it and replacing it; and the body page's «Abonner» links. Each
page passes axe-core (WCAG 2.1 A/AA) and fits 390 and 1280 px without sideways scrolling;
screenshots at both widths are left in var/test-results/kalender-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import OrganFactory, user_with_verv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "kalender"
PASSORD = "passord-123"  # tests.factories.UserFactory's


def test_a_member_makes_and_replaces_their_calendar_link(
    page: Page, live_server, settings, widths, login
):
    settings.PORTAL_URL = live_server.url
    organ = OrganFactory(kortnavn="SSU", navn="Strategisk samarbeidsutvalg")
    user_with_verv(organ, "anne")
    login(page, live_server, "anne", PASSORD)

    page.goto(live_server.url + "/mine/")
    lenke = page.get_by_role("link", name="Få møtene dine i kalenderen")
    lenke.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Møtene dine i kalenderen")).to_be_visible()
    widths(page, "uten-lenke")

    page.get_by_role("button", name="Lag kalenderlenke").focus()
    page.keyboard.press("Enter")
    felt = page.get_by_label("Din personlige kalenderadresse")
    expect(felt).to_be_visible()
    forste = felt.input_value()
    assert forste.startswith(f"{live_server.url}/kalender/personlig/") and forste.endswith(".ics")
    widths(page, "lenke")

    page.get_by_role("button", name="Lag ny lenke").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Den gamle lenken virker ikke lenger.")).to_be_visible()
    andre = page.get_by_label("Din personlige kalenderadresse").input_value()
    assert andre != forste
    assert page.request.get(forste).status == 404
    svar = page.request.get(andre)
    assert svar.status == 200 and svar.headers["content-type"].startswith("text/calendar")
    widths(page, "ny-lenke")

    page.goto(live_server.url + "/organ/ssu/")
    expect(page.get_by_role("link", name="Kalender for SSU (.ics)")).to_be_visible()
    expect(
        page.get_by_role("link", name="Innkallinger og referater fra SSU (RSS/Atom)")
    ).to_be_visible()
    widths(page, "organ")
