"""FSU's own secretariat (the demo login «fsu-sekretariat», a verv «sekretariat» in FSU, not in
the central group) in a real browser, with the keyboard: the menu leads to the secretariat's
page, which offers only the bodies it runs; a new FSU meeting is made; SSU's meeting is closed
to it. Each page passes axe-core and fits 390 and 1280 px without sideways scrolling; a
screenshot of each at both widths is left in var/test-results/."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from moter.models import Mote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "organsekretariat"
FSU_SEKRETARIAT = ("fsu-sekretariat", "demo-fsu-sekretariat")


def test_fsus_secretariat_runs_fsu_and_not_ssu(
    page: Page, live_server, demo_committed, widths, login
):
    dato = max(datetime.date(2026, 12, 3), timezone.localdate() + datetime.timedelta(days=14))
    login(page, live_server, *FSU_SEKRETARIAT)

    page.get_by_role("link", name="Sekretariat").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Sekretariat")).to_be_visible()
    valg = page.get_by_label("Meld inn ny sak til").locator("option")
    navn = valg.all_inner_texts()
    assert "Faglig samarbeidsutvalg" in navn
    assert "Strategisk samarbeidsutvalg" not in navn and "Partnerskapsmøtet" not in navn
    widths(page, "startside")

    page.get_by_role("link", name="Nytt møte").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Nytt møte")).to_be_visible()
    organer = page.get_by_label("Organ").locator("option").all_inner_texts()
    assert "Faglig samarbeidsutvalg" in organer and "Strategisk samarbeidsutvalg" not in organer
    widths(page, "nytt-mote")
    page.get_by_label("Organ").select_option(label="Faglig samarbeidsutvalg")
    page.get_by_label("Dato").fill(dato.isoformat())
    page.get_by_label("Starttid").fill("09:00")
    page.get_by_label("Møtested").fill("Kommunehuset i Horten")
    with page.expect_navigation():
        page.get_by_role("button", name="Opprett møtet").press("Enter")
    expect(page).to_have_url(re.compile(r"/mote/\d+/saksliste/$"))
    expect(page.get_by_role("status").filter(has_text="Møtet er opprettet")).to_be_visible()
    widths(page, "saksliste")

    # SSU's meeting: read as anybody reads it, never edited.
    ssu = Mote.objects.filter(organ__kortnavn="SSU", innkalling_publisert__isnull=False).first()
    assert ssu is not None
    page.goto(f"{live_server.url}/mote/{ssu.pk}/")
    expect(page.get_by_role("link", name="Rediger møtet")).to_have_count(0)
    response = page.goto(f"{live_server.url}/mote/{ssu.pk}/rediger/")
    assert response is not None and response.status == 403
    expect(
        page.get_by_text("Bare sekretariatet for SSU har tilgang til denne siden.")
    ).to_be_visible()
    widths(page, "ssu-stengt")
