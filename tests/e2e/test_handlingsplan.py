"""The action plan in a real browser, on the demo: a reader follows a tiltak from the plan
through the sak that reported on it to its funding, and sees the overspend in the funding
overview; the secretariat makes a plan with an innsatsområde, a tiltak, a grant and an
allocation in the browser. axe (WCAG 2.1 A/AA) and no sideways scrolling at 390 and 1280 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.files import PDF

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


def test_sekretariatet_lager_en_plan_med_tiltak_og_finansiering(
    page: Page, live_server, widths, login, demo_committed
):
    """The secretariat makes next year's plan in the browser: a year out of range comes back at
    its field with the rest kept; then an innsatsområde, a tiltak, a grant with
    its letter (a file that is no PDF refused first) and an allocation above the grant, which
    is saved with a visible warning."""
    login(page, live_server, "sekretariat", "demo-sekretariat")
    page.goto(f"{live_server.url}/handlingsplan/2024/")
    page.get_by_role("link", name="Ny handlingsplan").click()
    page.get_by_label("År").fill("1999")
    page.get_by_label("Mandat").fill("Mandat fra partnerskapsmøtet 2026.")
    page.get_by_role("button", name="Lagre planen").click()
    expect(page.locator("#id_aar_feil")).to_have_text("Oppgi et år fra 2000 til 2100.")
    expect(page.get_by_label("Mandat")).to_have_value("Mandat fra partnerskapsmøtet 2026.")
    widths(page, "plan-skjema-feil")
    page.get_by_label("År").fill("2027")
    page.get_by_role("button", name="Lagre planen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Handlingsplan for Helsefellesskapet 2027"
    )
    expect(page.get_by_text("Planen er et utkast")).to_be_visible()

    page.get_by_role("link", name="Nytt innsatsområde").click()
    page.get_by_label("Tittel").fill("Barn og unge")
    widths(page, "innsatsomrade-skjema")
    page.get_by_role("button", name="Lagre innsatsområdet").click()
    expect(page.get_by_role("heading", name="1. Barn og unge")).to_be_visible()

    page.get_by_role("link", name="Nytt tiltak under Barn og unge").click()
    page.get_by_label("Tittel").fill("Felles forløp for barn med psykiske plager")
    page.get_by_label("Mål").fill("Sømløse overganger mellom kommune og BUP.")
    page.get_by_label("Arbeidsform").select_option("arbeidsgruppe")
    page.get_by_label("Til år").fill("2026")
    page.get_by_role("button", name="Lagre tiltaket").click()
    expect(page.locator("#id_til_aar_feil")).to_have_text("«Til år» kan ikke være før «fra år».")
    expect(page.get_by_label("Mål")).to_have_value("Sømløse overganger mellom kommune og BUP.")
    widths(page, "tiltak-skjema-feil")
    page.get_by_label("Til år").fill("2028")
    page.get_by_role("button", name="Lagre tiltaket").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Felles forløp for barn med psykiske plager"
    )
    tiltak_url = page.url

    page.goto(f"{live_server.url}/handlingsplan/tilskudd/")
    page.get_by_role("link", name="Nytt tilskudd").click()
    page.get_by_label("Kilde").fill("Helsedirektoratet – rekrutterings- og samhandlingstilskudd")
    page.locator("#id_aar").fill("2027")
    page.get_by_label("Innvilget beløp (kr)").fill("100000")
    page.get_by_label("Vilkår").fill("Rapport til Helsedirektoratet.")
    page.get_by_label("…eller last opp tilsagnsbrevet").set_input_files(
        {"name": "tilsagn.pdf", "mimeType": "application/pdf", "buffer": b"ikke en pdf"}
    )
    page.get_by_label("Saken brevet legges i").select_option(index=1)
    page.get_by_role("button", name="Lagre tilskuddet").click()
    expect(page.locator("#id_brev_fil_feil")).to_contain_text("Filtypen er ikke tillatt")
    expect(page.get_by_label("Vilkår")).to_have_value("Rapport til Helsedirektoratet.")
    widths(page, "tilskudd-skjema-feil")
    page.get_by_label("…eller last opp tilsagnsbrevet").set_input_files(
        {"name": "tilsagn.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Lagre tilskuddet").click()
    expect(page.get_by_text("er lagret")).to_be_visible()
    expect(page.get_by_role("link", name="Tilsagnsbrev Helsedirektoratet")).to_be_visible()

    page.goto(tiltak_url)
    page.get_by_role("link", name="Tildel midler").click()
    page.locator("#id_tilskudd").select_option(
        label="Helsedirektoratet – rekrutterings- og samhandlingstilskudd (2027) – innvilget "
        "100\u00a0000\u00a0kr"
    )
    page.get_by_label("Tildelt beløp (kr)").fill("-5")
    page.get_by_role("button", name="Lagre tildelingen").click()
    expect(page.locator("#id_belop_feil")).to_have_text("Beløpet kan ikke være negativt.")
    widths(page, "tildeling-skjema-feil")
    page.get_by_label("Tildelt beløp (kr)").fill("150000")
    page.get_by_role("button", name="Lagre tildelingen").click()
    expect(
        page.get_by_text("Det er nå tildelt 50\u00a0000\u00a0kr mer enn innvilget")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="150\u00a0000\u00a0kr").first).to_be_visible()
    widths(page, "tiltak-tildelt")


def test_en_leser_folger_et_tiltak_fra_saken_til_planen_og_finansieringen(
    page: Page, live_server, demo_committed
):
    """From a sak that gave a status report: to the tiltak, its plan as PDF link, its grant."""
    page.goto(f"{live_server.url}/handlingsplan/2025/")
    page.get_by_role("link", name="Digital møteserie for fastleger").click()
    page.get_by_role("link", name="SSU-sak 19/26").click()
    page.get_by_role("link", name="Digital møteserie for fastleger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital møteserie for fastleger")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilskudd og forbruk")
    page.goto(f"{live_server.url}/handlingsplan/2025/")
    href = page.get_by_role("link", name="Planen som PDF").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
