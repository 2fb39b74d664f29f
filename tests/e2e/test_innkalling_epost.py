"""The innkalling by e-mail, in a real browser and a real mail server: the secretariat sends it,
the meeting page shows who got it; a member opens the forfall link from the mail (no login),
reports forfall with the keyboard, and the secretariat sees it counted. Each page passes axe
(WCAG 2.1 A/AA); the forfall page fits 390 and 1280 px without sideways scrolling."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from helsefellesskap.models import Verv
from saker import services
from tests.factories import PersonFactory, SekretariatUserFactory, VervFactory
from tests.support import data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "innkalling-epost"


def test_innkalling_utboks_og_forfall_fra_lenken(
    page: Page, browser: Browser, live_server, settings, smtp, widths, axe_check, login
):
    settings.PORTAL_URL = live_server.url
    ssu = data.ssu_create()
    SekretariatUserFactory(username="kari")
    for navn, epost in [("Anne Aasen", "anne@example.org"), ("Bjørn Berg", "")]:
        VervFactory(
            organ=ssu, rolle=Verv.Rolle.MEDLEM, person=PersonFactory(navn=navn, epost=epost)
        )
    start = (timezone.localtime() + datetime.timedelta(days=10)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=start, slutt=start + datetime.timedelta(hours=2), sted="Tønsberg"
    )
    services.sak_create(organ=ssu, mote=mote, tittel="Årsmelding 2026", sakstyper=["beslutning"])

    login(page, live_server, "kari", "passord-123")
    page.goto(f"{live_server.url}/mote/{mote.pk}/send/")
    page.get_by_role("button", name="Send innkallingen").press("Enter")
    expect(page.get_by_text("Innkallingen er sendt.")).to_be_visible()
    utsendinger = page.locator("#utsendinger")
    expect(utsendinger).to_contain_text("Innkalling: sendt til 1 av 2, 1 uten e-postadresse")
    axe_check(page, "møtesiden med utsendinger")

    (melding,) = smtp.to("anne@example.org")
    lenke = re.search(r"(http://\S+/forfall/\S+/)", melding.body).group(1)

    # The member, not logged in, from the mail.
    medlem = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    try:
        side = medlem.new_page()
        side.goto(lenke)
        expect(side.get_by_role("heading", level=1)).to_contain_text("Forfall:")
        expect(side.get_by_text("Anne Aasen")).to_be_visible()
        widths(side, "forfall")
        side.get_by_label("Merknad (valgfritt)").fill("Kommer ikke, vara er varslet")
        side.get_by_role("button", name="Meld forfall").press("Enter")
        expect(side.get_by_text("Forfallet er registrert.")).to_be_visible()
        expect(side.get_by_text("Du har meldt forfall til dette møtet")).to_be_visible()
        widths(side, "forfall-meldt")
    finally:
        medlem.close()

    page.goto(f"{live_server.url}/mote/{mote.pk}/")
    expect(page.locator("#forfall-meldt")).to_contain_text("Meldt forfall (1)")
    expect(page.locator("#forfall-meldt")).to_contain_text(
        "Anne Aasen: Kommer ikke, vara er varslet"
    )
    widths(page, "motesiden")
