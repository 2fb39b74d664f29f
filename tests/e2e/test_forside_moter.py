"""Finding and following in a real browser: the front page's coming meetings and latest
publications, a body page's møteplan with its year selector, and the accessibility statement,
each passing axe-core (WCAG 2.1 A/AA) and fitting 390 and 1280 px without sideways scrolling,
and used with the keyboard; a screenshot of each at both widths is left in var/test-results/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from helsefellesskap.models import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "finne"


@pytest.fixture
def vestfold(demo_committed):
    """The Vestfold demo data, in a database the live server's thread can see."""


def _tab_to(page: Page, lenke, ganger: int = 60) -> None:
    for _ in range(ganger):
        page.keyboard.press("Tab")
        if lenke.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError("Lenken fikk aldri fokus med Tab")


@pytest.fixture
def kommende_mote(vestfold):
    """An SSU meeting a week ahead, sent and published: the public finds it on the front page."""
    import datetime

    from helsefellesskap.models import Organ
    from saker import services
    from tests.factories import oslo
    from tests.support import data

    dag = today() + datetime.timedelta(days=7)
    mote = services.mote_create_with_standard_items(
        organ=Organ.objects.get(slug="ssu"),
        start=oslo(dag.year, dag.month, dag.day, 13),
        slutt=oslo(dag.year, dag.month, dag.day, 15),
        sted="Tønsberg, Møterom Fjord",
    )
    services.innkalling_send(mote=mote, notify=False)
    return data.mote_publish(mote)


def test_forsiden_viser_kommende_moter_og_nylig_publisert(
    page: Page, live_server, kommende_mote, widths
):
    page.goto(live_server.url + "/")
    kommende = page.get_by_role("region", name="Kommende møter")
    publisert = page.get_by_role("region", name="Nylig publisert")
    expect(kommende).to_be_visible()
    expect(publisert).to_be_visible()
    expect(page.get_by_role("region", name="Organisering")).to_be_visible()
    # The public finds the published meetings, each with its time, body and place.
    lenke = kommende.get_by_role("link", name=re.compile(r"^SSU "))
    expect(lenke.first).to_have_attribute("href", kommende_mote.get_absolute_url())
    expect(kommende).to_contain_text("kl. 13.00–15.00 · Tønsberg, Møterom Fjord")
    expect(publisert.get_by_role("link").first).to_contain_text("Innkalling: SSU")
    widths(page, "forside")

    # With the keyboard from the skip link to the newest publication, and on to its page.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    forste = publisert.get_by_role("link").first
    href = forste.get_attribute("href")
    _tab_to(page, forste)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + href)


def test_organsiden_viser_moteplanen_med_aarsvelger(page: Page, live_server, vestfold, widths):
    page.goto(live_server.url + "/organ/ssu/")
    aar = today().year
    expect(page.get_by_role("heading", name=f"Møteplan {aar}")).to_be_visible()
    widths(page, "organ-moteplan")

    velger = page.get_by_role("navigation", name="Møteplan for andre år")
    forrige = velger.get_by_role("link", name=re.compile(r"Møteplan \d{4}")).first
    tidligere = int(re.search(r"\d{4}", forrige.inner_text()).group(0))
    assert tidligere < aar
    _tab_to(page, forrige, 120)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/organ/ssu/\?aar={tidligere}#moteplan-aar$"))
    expect(page.get_by_role("heading", name=f"Møteplan {tidligere}")).to_be_visible()
    widths(page, "organ-moteplan-tidligere")

    # A bad year: the page says so and shows this year's plan.
    page.goto(live_server.url + "/organ/ssu/?aar=tjuetjueseks")
    expect(page.get_by_text("Filteret «År» ble ikke brukt")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Møteplan {aar}")).to_be_visible()
    widths(page, "organ-moteplan-feil")


def test_tilgjengelighetserklaeringen_fra_bunnen(page: Page, live_server, vestfold, widths):
    page.goto(live_server.url + "/")
    lenke = page.get_by_role("contentinfo").get_by_role("link", name="Tilgjengelighetserklæring")
    _tab_to(page, lenke, 200)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/tilgjengelighet/")
    expect(
        page.get_by_role("heading", level=1, name="Tilgjengelighet i Møteportalen")
    ).to_be_visible()
    expect(page.get_by_text("WCAG 2.1 nivå A og AA")).to_be_visible()
    expect(page.get_by_text("uustatus.no").first).to_be_visible()
    widths(page, "tilgjengelighet")
