"""The agreements register in a real browser, on the demo: a reader finds which version of the
delavtale om helhetlige pasientforløp is in force, where it was adopted and when it is next
evaluated; the secretariat's version form with an error. axe (WCAG 2.1 A/AA) and no sideways
scrolling at 390 and 1280 px."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import RESULTS_DIR

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


def test_sekretariatet_ser_frister_starter_revisjon_og_endrer_en_versjon(
    page: Page, live_server, widths, login, demo_committed
):
    login(page, live_server, "sekretariat", "demo-sekretariat")
    # The start page: the evaluations overdue and due in the next three months.
    page.goto(f"{live_server.url}/sekretariat/")
    panel = page.locator("section", has=page.get_by_role("heading", name="Evalueringer av avtaler"))
    expect(panel.get_by_role("link", name="Alle planlagte evalueringer")).to_be_visible()
    widths(page, "sekretariat-evalueringer")

    # From a sak's page: the vedtak starts a revision of the beredskap agreement.
    page.goto(f"{live_server.url}/avtaler/")
    page.get_by_role("link", name="SSU-sak 18/26").first.click()
    page.get_by_role("link", name="Knytt til avtale").click()
    page.get_by_label("Starter revisjon av en avtale").check()
    page.get_by_label("…eller når").fill("Høsten 2027")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#id_avtale_feil")).to_have_text("Velg avtalen som skal revideres.")
    expect(page.get_by_label("…eller når")).to_have_value("Høsten 2027")
    widths(page, "sak-revisjon-feil")
    page.get_by_label("Avtale som skal revideres").select_option(
        label="Avtale om omforente beredskapsplaner (vedtatt)"
    )
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Saken starter nå revisjon av")).to_be_visible()
    page.get_by_role("link", name="Avtale om omforente beredskapsplaner").first.click()
    expect(
        page.get_by_text("Avtalen er under revisjon etter vedtak i SSU-sak 18/26")
    ).to_be_visible()
    historikk = page.locator("section", has=page.get_by_role("heading", name="Endringshistorikk"))
    expect(historikk).to_contain_text("Revisjon startet i sak 18/26")
    widths(page, "avtale-revisjon")

    # A version changed: an error at its field, what was typed kept; then saved.
    page.get_by_role("link", name="Endre versjon 2023").click()
    page.get_by_label("Gjelder til").fill("2020-01-01")
    page.get_by_label("Merknad").fill("Rettet dato")
    page.get_by_role("button", name="Lagre versjonen").click()
    expect(page.locator("#id_gjelder_til_feil")).to_contain_text("kan ikke være før")
    expect(page.get_by_label("Merknad")).to_have_value("Rettet dato")
    widths(page, "versjon-endre-feil")
    page.get_by_label("Gjelder til").fill("")
    page.get_by_role("button", name="Lagre versjonen").click()
    expect(page.get_by_text("Versjon 2023 er lagret.")).to_be_visible()


def test_registeret_som_pdf(page: Page, live_server, demo_committed):
    page.goto(f"{live_server.url}/avtaler/")
    lenke = page.get_by_role("link", name="Last ned som PDF")
    svar = page.request.get(f"{live_server.url}{lenke.get_attribute('href')}")
    assert svar.ok and svar.headers["content-type"] == "application/pdf"
    pdf = svar.body()
    assert pdf.startswith(b"%PDF")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    fil = RESULTS_DIR / "avtaler-register.pdf"
    fil.write_bytes(pdf)
    tekst = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(fil), "-"], capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    assert "Delavtale om helhetlige pasientforløp" in tekst
    assert "Versjon 2025, gjelder fra 1. desember 2025" in tekst
    # A look at it, as an image beside the screenshots.
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(fil), str(RESULTS_DIR / "avtaler-register-pdf")],
        check=True,
    )
