"""The agreements register in a real browser, on the demo: a reader finds which version of the
delavtale om helhetlige pasientforløp is in force, where it was adopted and when it is next
evaluated; the secretariat's version form with an error. axe (WCAG 2.1 A/AA) and no sideways
scrolling at 390 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "avtaler"


def test_en_leser_finner_gjeldende_delavtale(page: Page, live_server, widths, demo_committed):
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Avtaler").click()
    expect(page.get_by_role("heading", name="Avtaler", exact=True)).to_be_visible()
    tre = page.get_by_role("list", name="Under Overordnet samarbeidsavtale")
    expect(tre).to_contain_text("Delavtale om helhetlige pasientforløp")
    expect(tre).to_contain_text("Versjon 2025, gjelder fra 1. desember 2025")
    expect(tre).to_contain_text("Vedtatt i SSU-sak 2025.35")
    expect(tre).to_contain_text("Neste revisjon: 27. november 2026")
    expect(tre).to_contain_text("Vedtatt i SSU-sak 18/26 (7. mai 2026)")
    widths(page, "register")

    page.get_by_role("link", name="Delavtale om helhetlige pasientforløp").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Delavtale om helhetlige pasientforløp"
    )
    expect(page.get_by_text("Versjon 2025 gjelder fra 1. desember 2025.")).to_be_visible()
    expect(page.get_by_text("Sykehuset i Vestfold HF").first).to_be_visible()
    evalueringer = page.locator("section", has=page.get_by_role("heading", name="Evalueringer"))
    expect(evalueringer).to_contain_text("Første evaluering")
    expect(evalueringer).to_contain_text("behandlet i SSU-sak 17/26 (7. mai 2026)")
    expect(evalueringer).to_contain_text("Behandles i SSU 27. november 2026")
    widths(page, "avtale")
    # The sak that treated the evaluation, and back: it lists nothing it did not adopt.
    evalueringer.get_by_role("link", name="SSU-sak 17/26").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluering av delavtale")


def test_sekretariatet_legger_til_en_versjon(
    page: Page, live_server, widths, login, demo_committed
):
    login(page, live_server, "sekretariat", "demo-sekretariat")
    page.goto(f"{live_server.url}/avtaler/beredskapsplaner/")
    page.get_by_role("link", name="Ny versjon").click()
    page.locator("#id_versjon").fill("2026")
    page.get_by_label("Gjelder fra").fill("2022-01-01")
    page.get_by_label("Avtaletekst").fill("Revidert tekst om beredskap.")
    page.get_by_role("button", name="Lagre versjonen").press("Enter")
    expect(page.get_by_text("Versjon 2023 gjelder fra 01.06.2023").first).to_be_visible()
    expect(page.get_by_label("Avtaletekst")).to_have_value("Revidert tekst om beredskap.")
    widths(page, "versjon-feil")
    page.get_by_label("Gjelder fra").fill("2026-06-01")
    page.get_by_role("button", name="Lagre versjonen").press("Enter")
    expect(page.get_by_text("Versjon 2026 er lagt til.")).to_be_visible()
    expect(page.get_by_role("row", name="2023")).to_contain_text("01.06.23–31.05.26")
    widths(page, "avtale-sekretariat")
