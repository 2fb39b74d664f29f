"""The secretariat's agenda work in a real browser, from a new meeting to the public innkalling.

One flow test follows a meeting for SSU from «Nytt møte» through the agenda editor (htmx quick
form, keyboard reordering), the sak form with an upload error, sending and publishing, to what
an anonymous reader sees. axe-core checks every page on the way. A smaller test drags a line in
the editor and checks that the server kept the new order.

The last two tests pin down bugs found while writing these: focus lost after removing a line by
keyboard, and a cancelled drag that still saved the order.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from helsefellesskap import saksnummer
from helsefellesskap.models import Organ
from moter.models import Mote
from saker import services
from saker.models import Sak, Vedlegg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEKRETARIAT = ("sekretariat", "demo-sekretariat")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MONTHS = (
    "januar februar mars april mai juni juli august september oktober november desember".split()
)

SAK_A = "Utskrivningsklare pasienter"
SAK_A_NEW = "Utskrivningsklare pasienter – status og tiltak"
SAK_B = "Årsmelding 2026"


@pytest.fixture
def vestfold(demo_committed, settings, tmp_path):
    """The Vestfold demo data; uploads go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def motedato() -> datetime.date:
    """10.12.2026 as long as that is ahead; a date two weeks ahead after that."""
    today = timezone.localdate()
    return max(datetime.date(2026, 12, 10), today + datetime.timedelta(days=14))


def long_date(dato: datetime.date) -> str:
    return f"{dato.day}. {MONTHS[dato.month - 1]} {dato.year}"


# --- Locators for the agenda editor --------------------------------------------------------------


def agenda(page: Page) -> Locator:
    return page.get_by_role("list", name="Sakslisten")


def line(page: Page, tittel: str | re.Pattern) -> Locator:
    """The agenda line (li) whose title is exactly ``tittel``."""
    pattern = tittel if isinstance(tittel, re.Pattern) else re.compile(rf"^{re.escape(tittel)}$")
    return (
        agenda(page)
        .locator("li[data-id]")
        .filter(has=page.locator(".agenda__tittel").filter(has_text=pattern))
    )


def saksnr(page: Page, tittel: str | re.Pattern) -> Locator:
    return line(page, tittel).locator(".agenda__nr strong")


def titler(page: Page) -> list[str]:
    return [t.strip() for t in agenda(page).locator(".agenda__tittel").all_inner_texts()]


def ssu_format() -> str:
    """SSU's saksnummerformat as the demo data has it (helsefellesskap/demo_data.py)."""
    return Organ.objects.get(slug="ssu").saksnummerformat


def add(page: Page, tittel: str, *, type_: str = "Sak", sakstype: str | None = None) -> None:
    """The quick form «Legg til i sakslisten» (htmx: the list is swapped in place)."""
    boks = page.get_by_role("region", name="Legg til i sakslisten")
    boks.get_by_label(re.compile(r"^Tittel")).fill(tittel)
    boks.get_by_label(re.compile(r"^Type")).select_option(label=type_)
    if sakstype:
        boks.get_by_label("Sakstype", exact=True).select_option(label=sakstype)
    boks.get_by_role("button", name="Legg til", exact=True).click()
    expect(line(page, tittel)).to_be_visible()


def merk_siden(page: Page) -> None:
    """A marker on window that a full page load would wipe out."""
    page.evaluate("() => { window.__samme_side = true; }")


def expect_same_page(page: Page) -> None:
    assert page.evaluate("() => window.__samme_side === true"), "siden ble lastet på nytt"


# --- The flow ----------------------------------------------------------------------------------


def test_from_new_mote_to_publisert_innkalling(
    page: Page, live_server, vestfold, login, axe_check, tmp_path: Path
):
    dato = motedato()
    aar = dato.year
    login(page, live_server, *SEKRETARIAT)

    # 1. The secretariat's start page → «Nytt møte».
    page.goto(live_server.url + "/sekretariat/")
    expect(page.get_by_role("heading", level=1, name="Sekretariat")).to_be_visible()
    axe_check(page, "sekretariatets startside")
    page.get_by_role("link", name="Nytt møte").click()
    expect(page).to_have_url(live_server.url + "/sekretariat/mote/ny/")
    expect(page.get_by_role("heading", level=1, name="Nytt møte")).to_be_visible()
    axe_check(page, "skjemaet for nytt møte")

    page.get_by_label("Organ").select_option(label="Strategisk samarbeidsutvalg")
    page.get_by_label("Dato").fill(dato.isoformat())
    page.get_by_label("Starttid").fill("13:00")
    page.get_by_label("Sluttid").fill("12:00")  # before the start: refused
    page.get_by_label("Møtested").fill("Big Room SiV, bygg V3")
    with page.expect_navigation():
        page.get_by_role("button", name="Opprett møtet").click()

    sluttid = page.get_by_label("Sluttid")
    feil = page.locator("#id_sluttid_feil")
    expect(feil).to_have_text("Sluttid må være etter starttid.")
    expect(sluttid).to_have_attribute("aria-invalid", "true")
    expect(sluttid).to_have_attribute("aria-describedby", re.compile(r"\bid_sluttid_feil\b"))
    # The message sits in the Sluttid field, next to its input.
    felt = page.locator(".ds-field").filter(has=sluttid)
    expect(felt.locator(".ds-validation-message")).to_have_text("Sluttid må være etter starttid.")
    expect(page.get_by_role("alert")).to_contain_text("Sluttid: Sluttid må være etter starttid.")
    # Everything typed is kept.
    expect(sluttid).to_have_value("12:00")
    expect(page.get_by_label("Starttid")).to_have_value("13:00")
    expect(page.get_by_label("Dato")).to_have_value(dato.isoformat())
    expect(page.get_by_label("Møtested")).to_have_value("Big Room SiV, bygg V3")
    expect(page.get_by_label("Organ").locator("option:checked")).to_have_text(
        "Strategisk samarbeidsutvalg"
    )
    axe_check(page, "skjemaet for nytt møte med feilmelding")

    sluttid.fill("15:30")
    with page.expect_navigation():
        page.get_by_role("button", name="Opprett møtet").click()

    # The agenda editor with the three standard items.
    expect(page).to_have_url(re.compile(r"/mote/\d+/saksliste/$"))
    mote_id = int(re.search(r"/mote/(\d+)/", page.url).group(1))
    expect(page.get_by_role("status").filter(has_text="Møtet er opprettet")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(long_date(dato))
    expect(agenda(page).locator("li[data-id]")).to_have_count(3)
    assert titler(page)[0] == "Godkjenning av innkalling og dagsorden"
    assert titler(page)[1].startswith("Referat")
    assert titler(page)[2] == "Eventuelt"
    # The first number is whatever the body's year has reached (the demo data has earlier
    # meetings); the rest follow from it in agenda order, in the body's own format.
    format_ = ssu_format()

    def nummer(aar: int, nr: int) -> str:
        return saksnummer.formater(format_, aar=aar, nr=nr)

    forste = saksnr(page, "Godkjenning av innkalling og dagsorden").inner_text().strip()
    parsed = saksnummer.parse(format_, forste)
    assert parsed is not None, f"saksnummeret {forste!r} følger ikke formatet {format_!r}"
    assert parsed.aar == aar
    n = parsed.nr
    referat = re.compile(r"^Referat")
    expect(saksnr(page, referat)).to_have_text(nummer(aar, n + 1))
    expect(saksnr(page, "Eventuelt")).to_have_count(0)  # a bare «Eventuelt» has no number
    axe_check(page, "sakslisteeditoren")

    # 2. The quick form, with htmx: no page load, new lines go before «Eventuelt».
    merk_siden(page)
    boks = page.get_by_role("region", name="Legg til i sakslisten")
    boks.get_by_role("button", name="Legg til", exact=True).click()  # empty title
    title_field = boks.get_by_label(re.compile(r"^Tittel"))
    expect(boks.locator("#id_tittel_feil")).to_have_text("Fyll ut «Tittel».")
    expect(title_field).to_have_attribute("aria-invalid", "true")
    expect(title_field).to_be_focused()  # the invalid field, not the button
    expect(page.locator("#saksliste-melding")).to_contain_text("Fyll ut «Tittel».")
    expect_same_page(page)
    axe_check(page, "sakslisteeditoren med feil i hurtigskjemaet")

    add(page, SAK_A, sakstype="Orientering")
    expect(saksnr(page, SAK_A)).to_have_text(nummer(aar, n + 2))
    expect(page.locator("#legg-til")).to_be_focused()
    expect(boks.get_by_label(re.compile(r"^Tittel"))).to_have_value("")
    add(page, SAK_B, sakstype="Beslutning")
    expect(saksnr(page, SAK_B)).to_have_text(nummer(aar, n + 3))
    add(page, "Pause", type_="Pause")
    expect(saksnr(page, "Pause")).to_have_count(0)
    expect_same_page(page)
    assert titler(page)[2:] == [SAK_A, SAK_B, "Pause", "Eventuelt"]
    expect(line(page, SAK_B)).to_contain_text("Beslutning")
    axe_check(page, "sakslisteeditoren etter htmx-oppdateringer")

    # 3. Reordering with the keyboard: from the title link, Tab to «↑ Opp», then «↓ Ned».
    up_a = page.get_by_role("button", name=f"Flytt «{SAK_A}» opp")
    down_a = page.get_by_role("button", name=f"Flytt «{SAK_A}» ned")
    page.get_by_role("link", name=SAK_A, exact=True).focus()
    page.keyboard.press("Tab")
    expect(up_a).to_be_focused()
    page.keyboard.press("Tab")
    expect(down_a).to_be_focused()
    expect(down_a).to_have_text("↓ Ned")
    page.keyboard.press("Enter")

    expect(saksnr(page, SAK_A)).to_have_text(nummer(aar, n + 3))
    expect(saksnr(page, SAK_B)).to_have_text(nummer(aar, n + 2))
    assert titler(page)[2:] == [SAK_B, SAK_A, "Pause", "Eventuelt"]
    expect(down_a).to_be_focused()  # the JS puts focus back on the same button after the swap
    expect_same_page(page)

    page.keyboard.press("Shift+Tab")
    expect(up_a).to_be_focused()
    page.keyboard.press("Enter")
    expect(saksnr(page, SAK_A)).to_have_text(nummer(aar, n + 2))
    expect(saksnr(page, SAK_B)).to_have_text(nummer(aar, n + 3))
    assert titler(page)[2:] == [SAK_A, SAK_B, "Pause", "Eventuelt"]
    expect(up_a).to_be_focused()
    expect_same_page(page)
    axe_check(page, "sakslisteeditoren etter flytting med tastaturet")

    # 4. The sak form: an upload error keeps everything else that was typed.
    page.get_by_role("link", name=SAK_A, exact=True).click()
    expect(page).to_have_url(re.compile(r"/sak/\d+/rediger/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Sak {nummer(aar, n + 2)}")
    axe_check(page, "saksskjemaet")

    tittel = page.get_by_label("Tittel (må fylles ut)", exact=True)
    ansvar = page.get_by_label("Ansvar", exact=True)
    hensikt = page.get_by_label("Hensikten med saken / beskrivelse")
    archive = page.get_by_label("Saksid i arkivet")
    vedlegg_tittel = page.get_by_label("Tittel på vedlegget")
    fil = page.get_by_label("Fil", exact=True)
    orientering = page.get_by_role("checkbox", name="Orientering")
    diskusjon = page.get_by_role("checkbox", name="Diskusjon")

    expect(tittel).to_have_value(SAK_A)
    expect(orientering).to_be_checked()
    tittel.fill(SAK_A_NEW)
    diskusjon.check()
    ansvar_text = "Fagutvalg HR\nKommuneoverlegene i Vestfold"
    hensikt_text = "Status for utskrivningsklare pasienter.\n\n- Liggedøgn\n- Tiltak i kommunene"
    ansvar.fill(ansvar_text)
    hensikt.fill(hensikt_text)
    archive.fill("26/01234-5")
    vedlegg_tittel.fill("Saksnotat")
    fake = tmp_path / "saksnotat.pdf"
    fake.write_text("<!doctype html><html><body><script>alert(1)</script></body></html>")
    fil.set_input_files(fake)
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre", exact=True).click()

    fil = page.get_by_label("Fil", exact=True)
    expect(page.locator("#id_vedlegg_fil_feil")).to_contain_text("Filtypen er ikke tillatt")
    expect(
        page.locator(".ds-field").filter(has=fil).locator(".ds-validation-message")
    ).to_contain_text("Filtypen er ikke tillatt. Last opp PDF")
    expect(fil).to_have_attribute("aria-invalid", "true")
    expect(fil).to_have_attribute("aria-describedby", re.compile(r"\bid_vedlegg_fil_feil\b"))
    expect(page.get_by_role("alert")).to_contain_text("Fil: Filtypen er ikke tillatt")
    expect(page.get_by_label("Tittel (må fylles ut)", exact=True)).to_have_value(SAK_A_NEW)
    expect(page.get_by_role("checkbox", name="Orientering")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Diskusjon")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Beslutning")).not_to_be_checked()
    expect(page.get_by_label("Ansvar", exact=True)).to_have_value(ansvar_text)
    expect(page.get_by_label("Hensikten med saken / beskrivelse")).to_have_value(hensikt_text)
    expect(page.get_by_label("Saksid i arkivet")).to_have_value("26/01234-5")
    expect(page.get_by_label("Tittel på vedlegget")).to_have_value("Saksnotat")
    expect(page.get_by_label("Vedlegget er offentlig")).to_be_checked()
    # Nothing was saved.
    sak_a = Sak.objects.get(mote_id=mote_id, tittel=SAK_A)
    assert not sak_a.hensikt and not sak_a.vedlegg.exists()
    axe_check(page, "saksskjemaet med feil i vedlegget")

    real = tmp_path / "saksnotat-ekte.pdf"
    real.write_bytes(PDF)
    fil.set_input_files(real)
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/mote/{mote_id}/saksliste/")
    expect(
        page.get_by_role("status").filter(has_text=f"Saken «{SAK_A_NEW}» er lagret.")
    ).to_be_visible()
    expect(line(page, SAK_A_NEW)).to_contain_text("Orientering/Diskusjon")
    expect(line(page, SAK_A_NEW)).to_contain_text("1 vedlegg")
    expect(saksnr(page, SAK_A_NEW)).to_have_text(nummer(aar, n + 2))
    axe_check(page, "sakslisteeditoren etter lagret sak")
    vedlegg = Vedlegg.objects.get(sak=sak_a)
    assert vedlegg.tittel == "Saksnotat" and vedlegg.innholdstype == "application/pdf"
    assert vedlegg.offentlig
    # The form again: the attachment is listed with its link.
    page.get_by_role("link", name=SAK_A_NEW, exact=True).click()
    expect(page.get_by_role("link", name="Saksnotat")).to_have_attribute(
        "href", f"/vedlegg/{vedlegg.pk}/"
    )
    axe_check(page, "saksskjemaet med vedlegg")
    page.get_by_role("navigation", name="Brødsmulesti").get_by_role(
        "link", name=re.compile(r"^Saksliste")
    ).click()

    # 5. Send the innkalling: the page shows the innkalling as it will be.
    page.get_by_role("link", name="Send innkalling").click()
    expect(page).to_have_url(f"{live_server.url}/mote/{mote_id}/send/")
    expect(page.get_by_text("Dette må ordnes før innkallingen kan sendes")).to_have_count(0)
    expect(page.get_by_role("heading", level=2, name="Slik blir innkallingen")).to_be_visible()
    forhand = page.get_by_role("article")
    expect(forhand).to_contain_text(SAK_A_NEW)
    expect(forhand).to_contain_text(SAK_B)
    expect(forhand).to_contain_text(nummer(aar, n + 3))
    expect(forhand.get_by_role("link", name="Saksnotat")).to_be_visible()
    axe_check(page, "siden for å sende innkallingen")
    with page.expect_navigation():
        page.get_by_role("button", name="Send innkallingen").click()

    expect(page).to_have_url(f"{live_server.url}/mote/{mote_id}/")
    expect(page.get_by_role("status").filter(has_text="Innkallingen er sendt")).to_be_visible()
    expect(page.locator(".motestatus .ds-tag")).to_have_text("Innkalt")
    assert Mote.objects.get(pk=mote_id).status == Mote.Status.INNKALT
    axe_check(page, "møtesiden for sekretariatet etter sending")

    # Publish through the publication check.
    page.get_by_role("link", name="Publiser innkalling").click()
    expect(page).to_have_url(f"{live_server.url}/mote/{mote_id}/publiser/")
    general = page.get_by_role("region", name="Dette får allmennheten")
    expect(general).to_contain_text("1 offentlig vedlegg")
    expect(general).to_contain_text("Ingen saker er unntatt offentlighet.")
    expect(general).to_contain_text("Alle vedlegg er offentlige.")
    offentlig_edition = page.get_by_role("region", name="Den offentlige utgaven")
    expect(offentlig_edition).to_contain_text(SAK_A_NEW)
    expect(offentlig_edition).to_contain_text(SAK_B)
    axe_check(page, "publiseringssjekken")
    with page.expect_navigation():
        page.get_by_role("button", name="Publiser innkallingen").click()
    expect(page.get_by_role("status").filter(has_text="Innkallingen er publisert.")).to_be_visible()
    expect(page.get_by_role("button", name="Trekk publiseringen")).to_be_visible()
    axe_check(page, "publiseringssjekken etter publisering")

    # 6. Anonymous: the public meeting page and the body's page.
    with page.expect_navigation():
        page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)
    axe_check(page, "forsiden etter utlogging")

    page.goto(f"{live_server.url}/mote/{mote_id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(long_date(dato))
    expect(page.locator(".motestatus")).to_contain_text("Innkalt")
    expect(page.locator(".motestatus")).to_contain_text("Offentlig utgave.")
    expect(page.get_by_role("link", name="Rediger saksliste")).to_have_count(0)
    table = page.get_by_role("table", name=re.compile(r"^Saksliste for SSU"))
    for nr, tittel in (
        (nummer(aar, n), "Godkjenning av innkalling og dagsorden"),
        (nummer(aar, n + 2), SAK_A_NEW),
        (nummer(aar, n + 3), SAK_B),
    ):
        row = table.get_by_role("row").filter(has_text=tittel)
        expect(row.locator(".saksnr")).to_have_text(nr)
    expect(table.get_by_role("row").filter(has_text=SAK_A_NEW)).to_contain_text("Fagutvalg HR")
    expect(table).to_contain_text("Pause")
    expect(table).to_contain_text("Eventuelt")
    lenke = page.get_by_role("link", name="Saksnotat")
    expect(lenke).to_have_attribute("href", f"/vedlegg/{vedlegg.pk}/")
    expect(page.get_by_role("table", name="Om møtet")).to_contain_text(
        f"Sak {nummer(aar, n + 2)}: Saksnotat"
    )
    response = page.request.get(f"{live_server.url}/vedlegg/{vedlegg.pk}/")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == PDF
    axe_check(page, "den offentlige møtesiden")

    page.goto(f"{live_server.url}/organ/ssu/?aar={aar}")
    moter = page.get_by_role("complementary", name=f"Møteplan {aar}")
    expect(moter.get_by_role("heading", name=f"Møteplan {aar}")).to_be_visible()
    expect(moter.get_by_role("link", name=long_date(dato))).to_have_attribute(
        "href", f"/mote/{mote_id}/"
    )
    axe_check(page, "organsiden for SSU")


# --- Drag and drop -------------------------------------------------------------------------------


@pytest.fixture
def ssu_utkast(vestfold):
    """A draft SSU meeting with the standard items and two saker."""
    ssu = Organ.objects.get(slug="ssu")
    dato = motedato()
    tz = timezone.get_current_timezone()
    mote = services.mote_create_with_standard_items(
        organ=ssu,
        start=datetime.datetime.combine(dato, datetime.time(13), tzinfo=tz),
        slutt=datetime.datetime.combine(dato, datetime.time(15, 30), tzinfo=tz),
        sted="Big Room SiV",
    )
    for tittel in ("Første sak", "Andre sak"):
        services.sak_create(organ=ssu, mote=mote, tittel=tittel, sakstyper=["orientering"])
    return mote


DRA_MANUELT = """([fra, til]) => {
    const liste = document.querySelector('#saksliste .agenda');
    const kilde = liste.querySelector(`li[data-id="${fra}"]`);
    const mal = liste.querySelector(`li[data-id="${til}"]`);
    const dt = new DataTransfer();
    const boks = mal.getBoundingClientRect();
    const felles = {bubbles: true, cancelable: true, dataTransfer: dt};
    kilde.dispatchEvent(new DragEvent('dragstart', felles));
    mal.dispatchEvent(new DragEvent('dragover', {
        ...felles, clientX: boks.left + boks.width / 2, clientY: boks.top + 2,
    }));
    mal.dispatchEvent(new DragEvent('drop', felles));
    // What the browser reports after an accepted drop (a constructed DataTransfer ignores
    // dropEffect assignments, so shadow the getter).
    Object.defineProperty(dt, 'dropEffect', {value: 'move'});
    kilde.dispatchEvent(new DragEvent('dragend', felles));
}"""


def test_dra_og_slipp_i_sakslisten(page: Page, live_server, ssu_utkast, login, axe_check):
    mote = ssu_utkast
    forste = Sak.objects.get(mote=mote, tittel="Første sak")
    second = Sak.objects.get(mote=mote, tittel="Andre sak")
    godkjenning = Sak.objects.get(mote=mote, tittel__startswith="Godkjenning")
    nr_first, nr_second = forste.saksnr, second.saksnr
    assert nr_first and nr_second and nr_first != nr_second
    login(page, live_server, *SEKRETARIAT)
    page.goto(f"{live_server.url}/mote/{mote.pk}/saksliste/")
    expect(saksnr(page, "Første sak")).to_have_text(nr_first)
    assert titler(page)[2:] == ["Første sak", "Andre sak", "Eventuelt"]

    # «Andre sak» is dragged onto the upper half of «Første sak»: it goes before it.
    source = line(page, "Andre sak")
    mal = line(page, "Første sak")
    with page.expect_response(
        lambda r: (
            r.url.endswith(f"/mote/{mote.pk}/saksliste/sorter/") and r.request.method == "POST"
        )
    ) as response:
        source.drag_to(mal, target_position={"x": 20, "y": 2})
    assert response.value.status == 200
    expect(saksnr(page, "Andre sak")).to_have_text(nr_first)
    expect(saksnr(page, "Første sak")).to_have_text(nr_second)

    page.reload()
    assert titler(page)[2:] == ["Andre sak", "Første sak", "Eventuelt"]
    expect(saksnr(page, "Andre sak")).to_have_text(nr_first)
    expect(saksnr(page, "Første sak")).to_have_text(nr_second)
    assert list(
        Sak.objects.filter(mote=mote).order_by("rekkefolge").values_list("tittel", flat=True)
    )[2:] == ["Andre sak", "Første sak", "Eventuelt"]

    # The same with events dispatched by hand (DataTransfer), after a reload: «Første sak»
    # moves to the top, above the approval of the agenda.
    with page.expect_response(lambda r: r.url.endswith("/saksliste/sorter/")):
        page.evaluate(DRA_MANUELT, [forste.pk, godkjenning.pk])
    expect(line(page, "Første sak")).to_have_attribute("data-id", str(forste.pk))
    page.reload()
    assert titler(page)[0] == "Første sak"
    assert titler(page)[1] == "Godkjenning av innkalling og dagsorden"
    # Numbers follow the new order: the top line takes the lowest number.
    expect(saksnr(page, "Første sak")).to_have_text(godkjenning.saksnr)
    axe_check(page, "sakslisteeditoren etter dra og slipp")


# --- Bugs found while writing these tests, now fixed ---------------------------------------------


def test_fokus_etter_fjerning_med_tastatur(page: Page, live_server, ssu_utkast, login):
    """«Fjern» / «Til sakskøen» by keyboard: the line and its button go away with the swap;
    focus must land somewhere in the agenda, not on <body> (WCAG 2.4.3)."""
    mote = ssu_utkast
    login(page, live_server, *SEKRETARIAT)
    page.goto(f"{live_server.url}/mote/{mote.pk}/saksliste/")

    button = page.get_by_role("button", name="Legg i sakskøen: «Andre sak»")
    button.focus()
    page.keyboard.press("Enter")
    expect(line(page, "Andre sak")).to_have_count(0)
    focus = page.evaluate(
        """() => ({tag: document.activeElement.tagName,
                  iListen: !!document.activeElement.closest('#saksliste')})"""
    )
    assert focus["tag"] != "BODY" and focus["iListen"], focus


def test_avbrutt_dra_lagrer_ikke(page: Page, live_server, ssu_utkast, login):
    mote = ssu_utkast
    login(page, live_server, *SEKRETARIAT)
    page.goto(f"{live_server.url}/mote/{mote.pk}/saksliste/")
    for_ = titler(page)
    stored = list(Sak.objects.filter(mote=mote).order_by("rekkefolge").values_list("pk", flat=True))
    sortings: list[str] = []
    page.on("request", lambda r: sortings.append(r.url) if r.url.endswith("/sorter/") else None)

    source = line(page, "Andre sak").locator(".agenda__nr").bounding_box()
    mal = line(page, "Godkjenning av innkalling og dagsorden").bounding_box()
    page.mouse.move(source["x"] + 5, source["y"] + 5)
    page.mouse.down()
    page.mouse.move(mal["x"] + 20, mal["y"] + 10, steps=10)
    page.mouse.move(mal["x"] + 20, mal["y"] + 3, steps=5)
    assert titler(page)[0] == "Andre sak"  # the line follows the pointer while dragging
    page.keyboard.press("Escape")  # cancel the drag
    page.mouse.up()
    page.wait_for_timeout(500)  # give a (wrong) request time to leave

    assert sortings == [], "et avbrutt dra lagret rekkefølgen"
    assert titler(page) == for_
    assert (
        list(Sak.objects.filter(mote=mote).order_by("rekkefolge").values_list("pk", flat=True))
        == stored
    )
