"""The public pages in a real browser: home page, a body's page and the login form."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vestfold(demo_committed):
    """The Vestfold demo data, in a database the live server's thread can see."""


def organkart(page: Page):
    return page.get_by_role("region", name="Organisering")


def test_forside_viser_organkartet(page: Page, live_server, vestfold, axe_check):
    page.goto(live_server.url + "/")

    expect(page).to_have_title(re.compile("Møteportalen$"))
    expect(
        page.get_by_role("heading", level=1, name="Helsefellesskapet i Vestfold")
    ).to_be_visible()
    kart = organkart(page)
    for kortnavn in ("PM", "SSU", "FSU"):
        lenke = kart.get_by_role("link", name=re.compile(rf"^{kortnavn}\s"))
        expect(lenke).to_have_attribute("href", f"/organ/{kortnavn.lower()}/")
    # SSU reports to PM, FSU to SSU: the chart nests them.
    expect(kart.get_by_role("list", name="Rapporterer til PM")).to_contain_text("SSU")
    expect(kart.get_by_role("list", name="Rapporterer til SSU")).to_contain_text("FSU")

    axe_check(page, "forsiden")


def test_stilarkene_lastes(page: Page, live_server):
    """The live server serves the static files (theme, Designsystemet and the portal's own)."""
    page.goto(live_server.url + "/")
    sheets = page.evaluate(
        """() => [...document.styleSheets].map(s => ({href: s.href, rules: s.cssRules.length}))"""
    )
    hrefs = [s["href"] for s in sheets]
    for navn in ("/static/theme/helse.css", "/static/css/portal.css"):
        assert any(h and h.endswith(navn) for h in hrefs), hrefs
    assert any("designsystemet-css" in (h or "") for h in hrefs), hrefs
    assert all(s["rules"] > 0 for s in sheets), sheets
    # The skip link is hidden until focused: proof that Designsystemet's CSS took effect.
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    box = skip.bounding_box()
    assert box is None or box["width"] <= 1 or box["height"] <= 1, box


def test_forsiden_med_tastatur(page: Page, live_server, vestfold):
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnhold")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#innhold")).to_be_focused()

    ssu = organkart(page).get_by_role("link", name=re.compile(r"^SSU\s"))
    for _ in range(60):
        page.keyboard.press("Tab")
        if ssu.evaluate("el => el === document.activeElement"):
            break
    expect(ssu).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/organ/ssu/")


def test_organside_viser_mandat_og_medlemmer(page: Page, live_server, vestfold, axe_check):
    page.goto(live_server.url + "/organ/ssu/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Strategisk samarbeidsutvalg")
    expect(page.get_by_role("heading", level=2, name="Mandat")).to_be_visible()
    expect(page.get_by_role("table", name="Leder")).to_be_visible()
    expect(page.get_by_role("table", name="Sekretariat")).to_be_visible()
    breadcrumbs = page.get_by_role("navigation", name="Brødsmulesti")
    expect(breadcrumbs.get_by_role("link", name="SSU")).to_have_attribute("aria-current", "page")

    axe_check(page, "organsiden for SSU")


def test_organside_med_store_bokstaver_sender_videre(page: Page, live_server, vestfold):
    response = page.goto(live_server.url + "/organ/SSU/")

    expect(page).to_have_url(live_server.url + "/organ/ssu/")
    assert response is not None and response.ok
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.url.endswith("/organ/SSU/")


def test_innloggingssiden_er_tilgjengelig(page: Page, live_server, vestfold, axe_check):
    page.goto(live_server.url + "/logg-inn/")

    expect(page.get_by_role("heading", level=1, name="Logg inn")).to_be_visible()
    axe_check(page, "innloggingssiden")


def test_error_password(page: Page, live_server, vestfold, login, axe_check):
    login(page, live_server, "medlem", "feil-passord", expect_success=False)

    expect(page.get_by_role("alert")).to_contain_text("Feil brukernavn eller passord")
    expect(page.get_by_label("Brukernavn")).to_have_value("medlem")
    expect(page.get_by_label("Passord")).to_have_value("")
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)
    axe_check(page, "innloggingssiden med feilmelding")


def test_innlogging_som_demomedlem(page: Page, live_server, vestfold, login):
    page.goto(live_server.url + "/organ/ssu/")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Logg inn").click()
    expect(page).to_have_url(re.compile(r"/logg-inn/\?next=/organ/ssu/$"))

    page.get_by_label("Brukernavn").fill("medlem")
    page.get_by_label("Passord").fill("demo-medlem")
    page.get_by_role("button", name="Logg inn").click()

    # Back where the user started, now logged in.
    expect(page).to_have_url(live_server.url + "/organ/ssu/")
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()

    # The helper does the same from the login page.
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)
    login(page, live_server, "medlem", "demo-medlem")
