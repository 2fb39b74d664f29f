"""«Publication you can trust» in a real browser: the publication check before and after
publishing, the members' «Lag PDF» page, the meeting's history, the lockout and CSRF pages, and
the public pages on a phone.

Every page is checked with axe-core (WCAG 2.1 A/AA) and must not scroll sideways at 390 px (a
phone) nor at 1280 px; a screenshot of each at both widths is left in var/test-results/ to be
looked at. PDFs are rendered by calling the worker's task directly, as tests/moter do.
"""

from __future__ import annotations

import re
from collections.abc import Generator

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from moter import services as mote_services
from moter.dokumenter import dokument_render, render_dokument
from moter.models import Deltaker, Dokument
from saker import services
from tests.support.browser import TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "passord-123"  # tests/factories.py
SCREENSHOT_PREFIX = "publisering"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def anonym(browser: Browser, page: Page) -> Generator[Page]:
    """A second browser, never logged in: what the public sees."""
    context = browser.new_context(
        locale="nb-NO", timezone_id="Europe/Oslo", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _build_pending() -> int:
    """Renders every ordered version, as the worker does."""
    ids = list(Dokument.objects.filter(status=Dokument.Status.VENTER).values_list("pk", flat=True))
    for pk in ids:
        render_dokument(pk)
    return len(ids)


def _dokumenttabell(page: Page):
    return page.get_by_role("table", name="Dokumenter som går ut (PDF)")


def test_publiseringssjekken_for_og_etter_publisering_og_det_publikum_far(
    page: Page, anonym: Page, live_server, sekretariat, mote, login, widths
):
    apen = mote.saker.get(tittel="Årsmelding 2023")
    login(page, live_server, "sekretariat", PASSWORD)
    page.goto(f"{live_server.url}/mote/{mote.pk}/publiser/")
    expect(page.get_by_role("heading", name="Dokumenter som går ut (PDF)")).to_be_visible()
    table = _dokumenttabell(page)
    innkalling = table.get_by_role("row", name=re.compile(r"^Innkalling "))
    expect(innkalling).to_contain_text("Lages når innkallingen publiseres")
    expect(table).to_contain_text("Årsmelding 2023")
    expect(table).not_to_contain_text("Personalsak")  # exempt: no public saksframlegg
    widths(page, "sjekk-for")

    # On a phone the agenda's columns stack; «Ansvar:» only where somebody is responsible.
    page.set_viewport_size({"width": 390, "height": 844})
    utgave = page.get_by_role("region", name="Den offentlige utgaven")
    godkjenning = utgave.get_by_role("row", name=re.compile("Godkjenning av innkalling"))
    expect(godkjenning.locator(".sakstabell__ansvar")).to_be_hidden()
    arsmelding = utgave.get_by_role("row", name=re.compile("Årsmelding 2023"))
    expect(arsmelding.locator(".sakstabell__ansvar")).to_be_visible()
    assert (
        arsmelding.locator(".sakstabell__ansvar").evaluate(
            "td => getComputedStyle(td, '::before').content"
        )
        == '"Ansvar: "'
    )
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_navigation():
        page.get_by_role("button", name="Publiser innkallingen").click()
    expect(page.get_by_text("Innkallingen er publisert.")).to_be_visible()
    expect(innkalling).not_to_contain_text("Publisert")
    expect(page.get_by_role("button", name="Trekk publiseringen")).to_be_visible()
    widths(page, "sjekk-bestilt")

    # Ordered, not made: the public gets no link to a file that does not exist yet.
    anonym.goto(f"{live_server.url}/sak/{apen.pk}/")
    expect(anonym.get_by_role("heading", level=1)).to_contain_text("Årsmelding 2023")
    expect(anonym.get_by_role("link", name="Saksframlegg (PDF)")).to_have_count(0)

    assert _build_pending() >= 3  # innkalling, saksdokumenter, the open sak's saksframlegg
    page.reload()
    expect(innkalling).to_contain_text("Publisert, versjon 1")
    expect(table.get_by_role("row", name=re.compile("Årsmelding 2023"))).to_contain_text(
        "Publisert, versjon 1"
    )
    widths(page, "sjekk-publisert")

    anonym.goto(f"{live_server.url}/mote/{mote.pk}/")
    lenke = anonym.get_by_role("link", name="Innkalling (PDF)")
    expect(lenke).to_be_visible()
    response = anonym.request.get(live_server.url + lenke.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    widths(anonym, "mote-offentlig")

    anonym.goto(f"{live_server.url}/sak/{apen.pk}/")
    saksframlegg = anonym.get_by_role("link", name="Saksframlegg (PDF)")
    expect(saksframlegg).to_be_visible()
    response = anonym.request.get(live_server.url + saksframlegg.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    widths(anonym, "sak-offentlig")


def test_medlem_lager_pdf_med_tastaturet(page: Page, live_server, medlem, mote, login, widths):
    login(page, live_server, "medlem", PASSWORD)
    page.goto(f"{live_server.url}/mote/{mote.pk}/dokument/innkalling/")
    # The state is said once (it was said twice: «PDF-en er ikke laget ennå.» above it).
    expect(page.get_by_text(re.compile("ikke laget ennå", re.IGNORECASE))).to_have_count(1)
    expect(page.get_by_text("Ikke laget ennå.")).to_be_visible()
    button = page.get_by_role("button", name="Lag PDF")
    expect(button).to_be_visible()
    widths(page, "medlem-ikke-laget")

    # Tab from the top of the page until «Lag PDF» has the focus; Enter sends the form.
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if button.evaluate("k => k === document.activeElement"):
            break
    else:
        pytest.fail("«Lag PDF» nås ikke med Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    dok = Dokument.objects.get(mote=mote, art="innkalling", utgave="medlem")
    if dok.status == Dokument.Status.VENTER:  # with Redis: queued for a worker
        expect(page.get_by_text("PDF-en står i kø")).to_be_visible()
        widths(page, "medlem-i-ko")
        dokument_render(dokument_id=dok.pk)  # what the worker does
    lenke = page.get_by_role("link", name="Innkalling, medlemsutgave (PDF, versjon 1")
    expect(lenke).to_be_visible()  # htmx polls every second
    expect(page.get_by_role("button", name="Lag PDF")).to_have_count(0)
    # Nothing still says it is being made, and one page is «1 side», not «1 sider».
    expect(page.get_by_text(re.compile("lages nå|står i kø|Lager PDF"))).to_have_count(0)
    expect(lenke).not_to_have_text(re.compile(r"\b1 sider\b"))
    bilde = page.get_by_role("img", name="Forhåndsvisning av første side av innkalling")
    page.wait_for_function("b => b.complete && b.naturalWidth > 0", arg=bilde.element_handle())
    widths(page, "medlem-ferdig")


def test_motets_historikk_etter_endringer(
    page: Page, live_server, sekretariat, medlem, mote, login, widths
):
    arsmelding = mote.saker.get(tittel="Årsmelding 2023")
    services.saksliste_move(sak=arsmelding, retning="ned")
    mote_services.deltakere_propose(mote=mote)
    deltaker = mote.deltakere.get(person__bruker=medlem)
    mote_services.oppmote_set(
        deltaker=deltaker, oppmote=Deltaker.Oppmote.FORFALL, merknad="Syk, en meget lang merknad"
    )
    mote_services.gjest_add(mote=mote, navn="Gunnar Gjest")

    login(page, live_server, "sekretariat", PASSWORD)
    page.goto(f"{live_server.url}/mote/{mote.pk}/historikk/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Endringshistorikk for SSU")
    historikk = page.get_by_role("region", name="Endringshistorikk")
    expect(historikk).to_contain_text("Deltaker Gunnar Gjest: Lagt til")
    expect(historikk.get_by_role("cell", name="Frafall")).not_to_have_count(0)
    widths(page, "historikk")

    # The new order is in the history of the saker moved (the meeting's page says so).
    page.goto(f"{live_server.url}/sak/{arsmelding.pk}/")
    expect(page.get_by_role("region", name="Endringshistorikk")).to_contain_text(
        "Ny rekkefølge i sakslisten"
    )


def test_sperret_innlogging_og_csrf_feil(page: Page, live_server, sekretariat, login, widths):
    locked_out = page.get_by_role("heading", name="For mange mislykkede forsøk")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, live_server, "sekretariat", "feil-passord", expect_success=False)
        if locked_out.count():
            break
    expect(locked_out).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Vent 15 minutter og prøv igjen")
    widths(page, "sperret")

    # The CSRF check: the form's token no longer matches a cookie.
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("medlem")
    page.get_by_label("Passord").fill(PASSWORD)
    page.context.clear_cookies()
    with page.expect_response(
        lambda r: r.url.endswith("/logg-inn/") and r.request.method == "POST"
    ) as response:
        page.get_by_role("button", name="Logg inn").click()
    assert response.value.status == 403
    expect(page.get_by_role("heading", level=1, name="Skjemaet ble ikke sendt")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("ingenting er lagret")
    widths(page, "csrf")


@pytest.fixture
def vestfold(demo_committed):
    """The Vestfold demo data, in a database the live server's thread can see."""


def test_offentlige_sider_pa_mobil(page: Page, live_server, vestfold, widths):
    from moter.models import Mote

    mote = Mote.objects.get(organ__kortnavn="SSU", start="2024-02-29T13:00:00+01:00")
    page.goto(f"{live_server.url}/mote/{mote.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Strategisk samarbeidsutvalg")
    widths(page, "demo-mote")

    page.goto(f"{live_server.url}/vedtak/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    widths(page, "demo-vedtak")

    page.goto(f"{live_server.url}/organ/ssu/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Strategisk samarbeidsutvalg")
    widths(page, "demo-organ")

    # The members' bordered tables stack on a phone; their lines stay off the frame.
    page.set_viewport_size({"width": 390, "height": 844})
    indent = page.locator("table.medlemmer").first.evaluate(
        "t => t.querySelector('tbody td, tbody th').getBoundingClientRect().left"
        " - t.getBoundingClientRect().left"
    )
    assert indent >= 8, f"medlemstabellens linjer ligger {indent} px fra rammen"
