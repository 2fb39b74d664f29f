"""«Glemt passordet?» in a real browser, with the keyboard: from the login page to a new password
and back in, each page passing axe-core (WCAG 2.1 A/AA) and fitting 390 and 1280 px without
sideways scrolling; a screenshot of each at both widths is left in var/test-results/."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "passord"


def test_glemt_passord_til_ny_innlogging(page: Page, live_server, settings, widths, login, eager):
    settings.PORTAL_URL = live_server.url
    cache.clear()
    user = UserFactory(username="kari")
    PersonFactory(navn="Kari Nordmann", epost="kari@example.org", bruker=user)

    page.goto(live_server.url + "/logg-inn/")
    page.get_by_role("link", name="Glemt passordet?").click()
    expect(page.get_by_role("heading", level=1, name="Glemt passordet?")).to_be_visible()
    widths(page, "glemt")

    # A wrong address is refused at the field, with what was typed kept.
    felt = page.get_by_label("E-postadresse")
    felt.fill("kari")
    felt.press("Enter")
    expect(page.get_by_text("Skriv en gyldig e-postadresse")).to_be_visible()
    expect(page.get_by_label("E-postadresse")).to_have_value("kari")
    expect(page.get_by_label("E-postadresse")).to_have_attribute("aria-invalid", "true")
    widths(page, "glemt-feil")

    page.get_by_label("E-postadresse").fill("kari@example.org")
    page.get_by_role("button", name="Send lenke").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Sjekk e-posten din")).to_be_visible()
    widths(page, "sendt")

    lenke = re.search(r"(http://\S+/nytt-passord/\S+/)", mail.outbox[0].body).group(1)
    page.goto(lenke)
    expect(page.get_by_role("heading", level=1, name="Lag et nytt passord")).to_be_visible()
    widths(page, "nytt")
    page.get_by_label("Nytt passord").fill("Hjemmeoppfolging-2026")
    page.get_by_label("Gjenta det nye passordet").fill("Hjemmeoppfolging-2025")
    page.get_by_role("button", name="Lagre passordet").press("Enter")
    expect(page.get_by_role("heading", name="Skjemaet har feil")).to_be_visible()
    widths(page, "nytt-feil")
    page.get_by_label("Nytt passord").fill("Hjemmeoppfolging-2026")
    page.get_by_label("Gjenta det nye passordet").fill("Hjemmeoppfolging-2026")
    page.get_by_role("button", name="Lagre passordet").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Passordet er lagret")).to_be_visible()
    widths(page, "ferdig")

    login(page, live_server, "kari", "Hjemmeoppfolging-2026")

    page.goto(lenke)  # used once
    expect(page.get_by_role("heading", level=1, name="Lenken virker ikke")).to_be_visible()
    widths(page, "ugyldig")
