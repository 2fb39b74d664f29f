"""Single sign-on in a real browser: the login page's «Logg inn med virksomhetens konto» (with the
keyboard) goes to the local OpenID Connect provider (tests/support/oidc_provider.py, a process of
its own), which sends the browser straight back; the reader is logged in where they were going.
A refusal lands on the login page with its message. Each page passes axe-core and fits 390 and
1280 px; the screenshots are left in var/test-results/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "oidc"
KARI = {"sub": "kari-123", "email": "kari.nordmann@tonsberg.kommune.no", "email_verified": True}
# A long address with nothing to break at: the message must still fit a phone.
UKJENT = "fornavn.mellomnavn.etternavn@omsorgstjenesten.tonsberg.kommune.no"


def _sign_in_with_the_button(page: Page) -> None:
    knapp = page.get_by_role("link", name="Logg inn med virksomhetens konto")
    knapp.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_logg_inn_med_virksomhetens_konto(page: Page, live_server, oidc, widths):
    PersonFactory(
        navn="Kari Nordmann", epost="Kari.Nordmann@tonsberg.kommune.no", bruker=UserFactory()
    )
    oidc.login_as(KARI)

    # From a page that needs a login, to the login page, which offers the button.
    page.goto(live_server.url + "/oppfolging/")
    expect(page.get_by_role("heading", level=1, name="Logg inn")).to_be_visible()
    expect(page.get_by_role("link", name="Logg inn med virksomhetens konto")).to_be_visible()
    widths(page, "innlogging")

    _sign_in_with_the_button(page)
    page.wait_for_url(live_server.url + "/oppfolging/")
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    expect(page.get_by_text("Kari Nordmann")).to_be_visible()

    # Straight from the login page, a member lands on their own page.
    page.get_by_role("button", name="Logg ut").click()
    page.goto(live_server.url + "/logg-inn/")
    _sign_in_with_the_button(page)
    page.wait_for_url(live_server.url + "/mine/")
    expect(page.get_by_role("heading", level=1, name="Mine møter")).to_be_visible()


def test_en_ukjent_adresse_avvises_med_forklaring(page: Page, live_server, oidc, widths):
    oidc.login_as({**KARI, "email": UKJENT})
    page.goto(live_server.url + "/logg-inn/")
    _sign_in_with_the_button(page)
    page.wait_for_url(live_server.url + "/logg-inn/")
    melding = page.get_by_role("alert")
    expect(melding).to_contain_text(f"Ingen i portalen er registrert med e-postadressen {UKJENT}")
    expect(melding).to_contain_text("Sekretariatet må registrere adressen din")
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)  # not logged in
    widths(page, "avvist")
