"""The referat in a real browser: from the held meeting to the approved, published referat.

The flow test takes the demo's SSU 29.02.24 meeting (innkalt) through the referent's page:
held, attendance proposed from the memberships and marked (htmx autosave), møtebehandling and
vedtak for two saker (autosave while typing), an item under Eventuelt, a follow-up, and «Send til
kommentar». A member comments on the draft; the next meeting (SSU 23.05.24, planned) is sent and
approves the referat in its «Referat SSU 29.02.24» sak; the secretariat publishes it and the
public reads it, also in the vedtak register. axe-core checks every page state on the way.

Smaller tests: text typed while the connection is down is restored from the browser and saved,
but never saved over a newer text on the server without asking; a planned meeting is cancelled
with a reason and restored; and one sak can be recorded with the keyboard alone.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from helsefellesskap.models import Person
from moter.models import Deltaker, Mote
from saker.models import Oppfolging, ReferatKommentar, Sak

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEKRETARIAT = ("sekretariat", "demo-sekretariat")
MEDLEM = ("medlem", "demo-medlem")  # Tom Ole Øhren, a member of SSU

ARSMELDING = "Årsmelding for Helsefelleskapet"  # 2024.5, beslutning, with forslag til vedtak
SAMHANDLINGSDATA = re.compile(r"^2024\.6 Samhandlingsdata")  # 2024.6, diskusjon, no forslag

PROTOKOLL_5 = "Sekretariatet la frem årsmeldingen. Medlemmene ga innspill til kapittel 3."
VEDTAK_5 = "Årsmelding 2023 godkjennes med innspillene fra møtet."
PROTOKOLL_6 = "SSU drøftet hvilke samhandlingsdata som skal følges opp i 2024."
VEDTAK_6 = "Sekretariatet lager et forslag til styringsinformasjon til neste møte."
EVENTUELT = "Bemanning i sommerferien"
EVENTUELT_VEDTAK = "SSU ber partnerne melde status for sommerbemanningen."
OPPFOLGING = "Forslag til styringsinformasjon legges frem for SSU"
KOMMENTAR = "I sak 2024.6 bør det stå at kommunene også leverer data."


@pytest.fixture
def vestfold(demo_committed, settings, tmp_path):
    """The Vestfold demo data (meetings included); files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


MONTHS = (
    "januar februar mars april mai juni juli august september oktober november desember".split()
)


def long_date(dato: datetime.date) -> str:
    return f"{dato.day}. {MONTHS[dato.month - 1]} {dato.year}"


def mote_den(dato: datetime.date) -> Mote:
    tz = timezone.get_current_timezone()
    return Mote.objects.get(
        organ__slug="ssu",
        start__gte=datetime.datetime.combine(dato, datetime.time(0), tzinfo=tz),
        start__lt=datetime.datetime.combine(dato, datetime.time(23, 59), tzinfo=tz),
    )


def wait_on(check: Callable[[], object], hva: str, seconds: float = 5) -> None:
    """Poll the database until ``check()`` is true (the live server answers in another thread)."""
    slutt = time.monotonic() + seconds
    while not check():
        if time.monotonic() > slutt:
            raise AssertionError(f"ikke i databasen etter {seconds} s: {hva}")
        time.sleep(0.1)


def status(page: Page, tekst: str | re.Pattern) -> Locator:
    """A message from the server (role=status) with this text."""
    return page.get_by_role("status").filter(has_text=tekst)


def referatsak(page: Page, navn: str | re.Pattern) -> Locator:
    """A sak's article on the referat page, named by its heading («2024.5 Årsmelding …»)."""
    return page.get_by_role("article", name=navn)


def merk_siden(page: Page) -> None:
    """A marker on window that a full page load would wipe out."""
    page.evaluate("() => { window.__samme_side = true; }")


def expect_same_page(page: Page) -> None:
    assert page.evaluate("() => window.__samme_side === true"), "siden ble lastet på nytt"


def is_autosave(sak: Sak):
    return lambda r: r.url.endswith(f"/sak/{sak.pk}/referat/") and r.request.method == "POST"


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)


# --- The flow ----------------------------------------------------------------------------------


def test_from_avholdt_mote_to_publisert_referat(
    page: Page, live_server, vestfold, login, axe_check
):
    mote = mote_den(datetime.date(2024, 2, 29))
    neste = mote_den(datetime.date(2024, 5, 23))
    assert mote.status == Mote.Status.INNKALT and neste.status == Mote.Status.PLANLAGT
    sak5 = Sak.objects.get(mote=mote, saksnr="2024.5")
    sak6 = Sak.objects.get(mote=mote, saksnr="2024.6")
    referat_url = f"{live_server.url}/mote/{mote.pk}/referat/"
    login(page, live_server, *SEKRETARIAT)

    # 1. The meeting page → «Skriv referat» → held.
    page.goto(f"{live_server.url}/mote/{mote.pk}/")
    expect(page.locator(".motestatus .ds-tag")).to_have_text("Innkalt")
    axe_check(page, "møtesiden for sekretariatet")
    page.get_by_role("group", name="Sekretariatets verktøy").get_by_role(
        "link", name="Skriv referat"
    ).click()
    expect(page).to_have_url(referat_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Referat fra SSU 29. februar 2024")
    axe_check(page, "referatsiden for et innkalt møte")
    with page.expect_navigation():
        page.get_by_role("button", name="Marker møtet som avholdt").click()
    expect(status(page, "Møtet er markert som avholdt.")).to_be_visible()
    expect(page.get_by_role("button", name="Marker møtet som avholdt")).to_have_count(0)
    assert Mote.objects.get(pk=mote.pk).status == Mote.Status.AVHOLDT

    # 2. Attendance: proposed from the memberships on the day, marked with the selects.
    oppmote = page.get_by_role("region", name="Oppmøte")
    with page.expect_navigation():
        oppmote.get_by_role("button", name="Foreslå deltakere fra vervene").click()
    expect(status(page, re.compile(r"\d+ deltakere er lagt til fra vervene i SSU"))).to_be_visible()
    table = oppmote.get_by_role("table", name="Deltakere og oppmøte")
    for navn in ("Guro Winsvold", "Tom Ole Øhren", "Frode Hestnes", "Runar Danielsen"):
        expect(table.get_by_role("rowheader", name=navn, exact=True)).to_be_visible()
    axe_check(page, "referatsiden med deltakerlisten")

    stored_oppmote = oppmote.locator("#oppmote-lagret")
    for navn, choices in (
        ("Guro Winsvold", "Til stede"),
        ("Tom Ole Øhren", "Til stede"),
        ("Frode Hestnes", "Frafall"),
    ):
        with page.expect_response(lambda r: r.url.endswith("/referat/deltakere/")):
            page.get_by_label(f"Oppmøte for {navn}", exact=True).select_option(label=choices)
    expect(stored_oppmote).to_contain_text(re.compile(r"Oppmøtet er lagret kl\. \d\d\.\d\d"))
    wait_on(
        lambda: Deltaker.objects.get(mote=mote, person__navn="Frode Hestnes").oppmote == "forfall",
        "forfall for Frode Hestnes",
    )
    assert Deltaker.objects.get(mote=mote, person__navn="Guro Winsvold").oppmote == "tilstede"
    # Two more, then the button (a plain form post). Each change autosaves first: the test
    # waits for it, as SQLite in the test server refuses two writes at once.
    for navn in ("Runar Danielsen", "Erik Nordberg"):
        with page.expect_response(lambda r: r.url.endswith("/referat/deltakere/")):
            page.get_by_label(f"Oppmøte for {navn}", exact=True).select_option(label="Til stede")
    with page.expect_navigation():
        oppmote.get_by_role("button", name="Lagre oppmøte").click()
    expect(status(page, "Oppmøtet er lagret.")).to_be_visible()
    expect(page.get_by_label("Oppmøte for Frode Hestnes", exact=True)).to_have_value("forfall")
    expect(page.get_by_label("Oppmøte for Erik Nordberg", exact=True)).to_have_value("tilstede")
    assert set(
        Deltaker.objects.filter(mote=mote, oppmote="tilstede").values_list(
            "person__navn", flat=True
        )
    ) == {"Guro Winsvold", "Tom Ole Øhren", "Runar Danielsen", "Erik Nordberg"}

    # 3. Møtebehandling and vedtak, autosaved while typing.
    sak_5 = referatsak(page, f"2024.5 {ARSMELDING}")
    expect(sak_5.get_by_label("Konklusjon", exact=True)).to_have_value(
        "Årsmelding 2023 godkjennes."
    )
    expect(sak_5).to_contain_text("Konklusjonen er fylt ut fra forslaget")
    axe_check(page, "referatsiden før autolagring")
    merk_siden(page)
    with page.expect_response(is_autosave(sak5)) as response:
        sak_5.get_by_label("Møtebehandling", exact=True).press_sequentially(PROTOKOLL_5)
    assert response.value.status == 200
    expect(sak_5.locator(".lagret-status")).to_have_text(re.compile(r"^Lagret kl\. \d\d\.\d\d"))
    wait_on(lambda: Sak.objects.get(pk=sak5.pk).protokoll == PROTOKOLL_5, "møtebehandling 2024.5")
    # The prefilled vedtak went with it.
    assert Sak.objects.get(pk=sak5.pk).vedtak == "Årsmelding 2023 godkjennes."
    with page.expect_response(is_autosave(sak5)):
        sak_5.get_by_label("Konklusjon", exact=True).fill(VEDTAK_5)
    wait_on(lambda: Sak.objects.get(pk=sak5.pk).vedtak == VEDTAK_5, "vedtaket i 2024.5")

    sak_6 = referatsak(page, SAMHANDLINGSDATA)
    expect(sak_6.get_by_label("Konklusjon", exact=True)).to_have_value("")
    with page.expect_response(is_autosave(sak6)):
        sak_6.get_by_label("Møtebehandling", exact=True).fill(PROTOKOLL_6)
        sak_6.get_by_label("Konklusjon", exact=True).press_sequentially(VEDTAK_6)
    expect(sak_6.locator(".lagret-status")).to_have_text(re.compile(r"^Lagret kl\."))
    wait_on(
        lambda: (
            (s := Sak.objects.get(pk=sak6.pk)).protokoll == PROTOKOLL_6 and s.vedtak == VEDTAK_6
        ),
        "møtebehandling og konklusjon i 2024.6",
    )
    expect_same_page(page)
    axe_check(page, "referatsiden etter autolagring")

    # 4. An item under Eventuelt takes the next number after the agenda's (2024.10).
    eventuelt = page.get_by_role("region", name="Ny sak under Eventuelt")
    eventuelt.get_by_label(re.compile(r"^Tittel på saken")).fill(EVENTUELT)
    eventuelt.get_by_label("Møtebehandling", exact=True).fill("Tatt opp av Guro Winsvold.")
    eventuelt.get_by_label("Konklusjon", exact=True).fill(EVENTUELT_VEDTAK)
    with page.expect_navigation():
        eventuelt.get_by_role("button", name="Legg til sak").click()
    ny = Sak.objects.get(mote=mote, tittel=EVENTUELT)
    # In the format of the meeting's own numbers (SSU's current format, «{nr}/{aa}», came later).
    nr_eventuelt = "2024.11"
    assert (ny.aar, ny.lopenr, ny.saksnr) == (2024, 11, nr_eventuelt)
    expect(
        status(page, f"Sak {nr_eventuelt} «{EVENTUELT}» er lagt til under Eventuelt.")
    ).to_be_visible()
    sak_ev = referatsak(page, f"{nr_eventuelt} {EVENTUELT}")
    expect(sak_ev.get_by_label("Konklusjon", exact=True)).to_have_value(EVENTUELT_VEDTAK)
    axe_check(page, "referatsiden med ny sak under Eventuelt")

    # 5. A follow-up with ansvarlig and frist on 2024.6.
    sak_6.get_by_text("Legg til oppfølgingspunkt").click()
    sak_6.get_by_label(re.compile(r"^Oppfølging")).fill(OPPFOLGING)
    erik = Person.objects.get(navn="Erik Nordberg")
    sak_6.get_by_label("Ansvarlig", exact=True).select_option(str(erik.pk))
    sak_6.get_by_label("Frist", exact=True).fill("2024-05-23")
    with page.expect_navigation():
        sak_6.get_by_role("button", name="Legg til oppfølging").click()
    expect(status(page, "Oppfølgingspunktet er lagt til.")).to_be_visible()
    expect(sak_6.get_by_role("listitem").filter(has_text=OPPFOLGING)).to_have_text(
        f"{OPPFOLGING} – Erik Nordberg, frist 23.05.24 (åpen)"
    )
    oppf = Oppfolging.objects.get(sak=sak6)
    assert oppf.ansvarlig.navn == "Erik Nordberg" and oppf.frist == datetime.date(2024, 5, 23)
    axe_check(page, "referatsiden med oppfølgingspunkt")

    # 6. Send to the members for comments, with a deadline.
    frist = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Kommentarfrist", exact=True).fill(frist.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Send til kommentar").click()
    expect(status(page, "Referatet er sendt til medlemmene for kommentarer.")).to_be_visible()
    expect(page.locator(".motestatus")).to_contain_text("Referat: sendt til kommentar")
    expect(page.get_by_role("button", name="Send på nytt")).to_be_visible()
    mote.refresh_from_db()
    assert mote.referat_status == Mote.ReferatStatus.TIL_KOMMENTAR
    assert mote.referat_kommentarfrist == frist
    axe_check(page, "referatsiden etter sending til kommentar")
    log_out(page)

    # 7. A member reads the draft on the meeting page and comments.
    login(page, live_server, *MEDLEM)
    page.goto(f"{live_server.url}/mote/{mote.pk}/")
    referat = page.get_by_role("region", name="Referat")
    expect(referat).to_contain_text(f"Utkast sendt til kommentar, frist {frist:%d.%m.%y}")
    expect(referat).to_contain_text(VEDTAK_5)
    expect(referat).to_contain_text("Frode Hestnes")  # under Frafall
    kommentar = page.get_by_role("region", name="Kommenter utkastet")
    expect(kommentar).to_contain_text(f"innen {long_date(frist)}")
    axe_check(page, "møtesiden for et medlem med kommentarskjemaet")
    kommentar.get_by_label("Gjelder sak").select_option(label=f"2024.6 {sak6.tittel}")
    kommentar.get_by_label(re.compile(r"^Kommentar til referatet")).fill(KOMMENTAR)
    with page.expect_navigation():
        kommentar.get_by_role("button", name="Send kommentar").click()
    expect(status(page, "Takk! Kommentaren er sendt til sekretariatet.")).to_be_visible()
    assert ReferatKommentar.objects.get(mote=mote).sak_id == sak6.pk
    axe_check(page, "møtesiden for et medlem etter kommentaren")
    log_out(page)

    # 8. The secretariat sees the comment on the referat page.
    login(page, live_server, *SEKRETARIAT)
    page.goto(referat_url)
    kommentarer = page.get_by_role("region", name="Kommentarer fra medlemmene")
    expect(kommentarer).to_contain_text("Tom Ole Øhren")
    expect(kommentarer).to_contain_text("sak 2024.6")
    expect(kommentarer).to_contain_text(KOMMENTAR)
    axe_check(page, "referatsiden med en kommentar")

    # 9. The next meeting (planned): send its innkalling, then approve the referat in it.
    page.goto(f"{live_server.url}/mote/{neste.pk}/")
    expect(page.locator(".motestatus .ds-tag")).to_have_text("Planlagt")
    axe_check(page, "møtesiden for det neste møtet")
    page.get_by_role("link", name="Send innkalling").click()
    expect(page).to_have_url(f"{live_server.url}/mote/{neste.pk}/send/")
    expect(page.get_by_text("Dette må ordnes før innkallingen kan sendes")).to_have_count(0)
    axe_check(page, "siden for å sende innkallingen til det neste møtet")
    with page.expect_navigation():
        page.get_by_role("button", name="Send innkallingen").click()
    expect(status(page, "Innkallingen er sendt")).to_be_visible()
    expect(page.locator(".motestatus .ds-tag")).to_have_text("Innkalt")
    axe_check(page, "møtesiden for det neste møtet etter sending")
    page.get_by_role("group", name="Sekretariatets verktøy").get_by_role(
        "link", name="Skriv referat"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/mote/{neste.pk}/referat/")
    referatsaken = Sak.objects.get(mote=neste, referat_for=mote)
    godkjenning = referatsak(page, f"{referatsaken.saksnr} Referat SSU 29.02.24")
    expect(godkjenning).to_contain_text("Referatet fra SSU 29.02.2024 er sendt til kommentar.")
    axe_check(page, "referatsiden for det neste møtet")
    # The referat is approved in a meeting that is held: mark it so first.
    with page.expect_navigation():
        page.get_by_role("button", name="Marker møtet som avholdt").click()
    expect(status(page, "Møtet er markert som avholdt.")).to_be_visible()
    # «Godkjenn» leads to a confirmation page with the warnings (the comment deadline has not
    # passed, a member has commented); without the checkbox nothing happens.
    godkjenning.get_by_role("link", name="Godkjenn referatet fra SSU 29.02.2024").click()
    expect(page).to_have_url(f"{live_server.url}/sak/{referatsaken.pk}/godkjenn-referat/")
    advarsler = page.get_by_role("status").filter(has_text="Før du godkjenner")
    expect(advarsler).to_contain_text(
        f"Kommentarfristen for referatet har ikke gått ut (frist {frist:%d.%m.%y})."
    )
    expect(advarsler).to_contain_text("Medlemmene har sendt 1 kommentar til referatet.")
    axe_check(page, "siden for å godkjenne referatet")
    with page.expect_navigation():
        page.get_by_role("button", name="Godkjenn referatet").click()
    confirm = page.get_by_label("Jeg har lest advarslene og vil godkjenne referatet likevel")
    expect(page.get_by_text("Bekreft at referatet skal godkjennes likevel.").first).to_be_visible()
    assert Mote.objects.get(pk=mote.pk).referat_status == Mote.ReferatStatus.TIL_KOMMENTAR
    axe_check(page, "siden for å godkjenne referatet med feil")
    confirm.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Godkjenn referatet").click()
    expect(
        status(page, "Referatet fra SSU 29.02.2024 er godkjent og låst. Det kan nå publiseres.")
    ).to_be_visible()
    expect(godkjenning).to_contain_text("Referatet fra SSU 29.02.2024 er godkjent.")
    expect(godkjenning.get_by_role("link", name=re.compile("^Godkjenn"))).to_have_count(0)
    mote.refresh_from_db()
    assert mote.status == Mote.Status.REFERAT_GODKJENT and mote.referat_last
    axe_check(page, "referatsiden for det neste møtet etter godkjenningen")

    # 10. The approved referat is locked; publish it.
    page.goto(f"{live_server.url}/mote/{mote.pk}/")
    expect(page.locator(".motestatus .ds-tag")).to_have_text("Referat godkjent")
    axe_check(page, "møtesiden for sekretariatet med godkjent referat")
    page.get_by_role("group", name="Sekretariatets verktøy").get_by_role(
        "link", name="Referat", exact=True
    ).click()
    expect(page).to_have_url(referat_url)
    expect(page.get_by_text("Referatet er godkjent og låst.")).to_be_visible()
    # Every form on the locked referat asks for the reason of the change.
    expect(
        page.get_by_role("region", name="Ny sak under Eventuelt").get_by_label(
            re.compile(r"^Begrunnelse for endringen")
        )
    ).to_be_visible()
    expect(sak_5.get_by_role("button", name="Lagre som ny versjon")).to_be_visible()
    axe_check(page, "det låste referatet")
    with page.expect_navigation():
        page.get_by_role("button", name="Publiser referatet").click()
    expect(status(page, "Referatet er publisert.")).to_be_visible()
    expect(page.get_by_role("button", name="Publiser referatet")).to_have_count(0)
    assert Mote.objects.get(pk=mote.pk).referat_publisert is not None
    axe_check(page, "det publiserte referatet")

    # Attendance on the approved, published referat: refused without a reason, a new
    # version with one (no autosave on a locked referat).
    oppmote = page.get_by_role("region", name="Oppmøte")
    page.get_by_label("Oppmøte for Frode Hestnes", exact=True).select_option(label="Til stede")
    with page.expect_navigation():
        oppmote.get_by_role("button", name="Lagre oppmøtet som ny versjon").click()
    oppmoteskjema = oppmote.locator("form", has=page.get_by_role("table"))
    begrunnelse = oppmoteskjema.get_by_label(re.compile(r"^Begrunnelse for endringen"))
    # The message at the field (aria-describedby), the choice still in the form.
    expect(begrunnelse).to_have_accessible_description(
        re.compile(r"Referatet er godkjent og låst\. Skriv en begrunnelse")
    )
    expect(page.get_by_label("Oppmøte for Frode Hestnes", exact=True)).to_have_value("tilstede")
    assert Deltaker.objects.get(mote=mote, person__navn="Frode Hestnes").oppmote == "forfall"
    axe_check(page, "det låste referatet med en avvist endring")
    begrunnelse.fill("Frode Hestnes kom etter første sak")
    with page.expect_navigation():
        oppmote.get_by_role("button", name="Lagre oppmøtet som ny versjon").click()
    expect(status(page, "Oppmøtet er lagret som versjon 2 av referatet.")).to_be_visible()
    expect(page.get_by_role("region", name="Versjoner")).to_contain_text(
        "Frode Hestnes kom etter første sak"
    )
    mote.refresh_from_db()
    assert mote.referat_versjon == 2
    assert Deltaker.objects.get(mote=mote, person__navn="Frode Hestnes").oppmote == "tilstede"
    axe_check(page, "det låste referatet etter en ny versjon")

    page.goto(f"{live_server.url}/oppfolging/")
    row = page.get_by_role("row").filter(has_text=OPPFOLGING)
    expect(row).to_contain_text("Erik Nordberg")
    expect(row).to_contain_text("23.05.24")
    expect(row.get_by_role("link", name="SSU 2024.6")).to_be_visible()
    axe_check(page, "oppfølgingslisten for sekretariatet")
    log_out(page)

    # 11. Anonymous: the public meeting page and the vedtak register.
    page.goto(f"{live_server.url}/mote/{mote.pk}/")
    referat = page.get_by_role("region", name="Referat")
    expect(
        referat.get_by_role("heading", name="Referat fra møte i Strategisk samarbeidsutvalg (SSU)")
    ).to_be_visible()
    expect(referat.locator(".utkastmerke")).to_have_count(0)
    expect(referat.locator(".godkjent-i")).to_have_text(
        f"Godkjent i SSU 23.05.24, sak {referatsaken.saksnr}. Versjon 2"
    )
    saker = referat.get_by_role("table", name="Saker behandlet i møtet")
    rad5 = saker.get_by_role("row").filter(has_text=ARSMELDING)
    expect(rad5).to_contain_text(PROTOKOLL_5)
    expect(rad5).to_contain_text(VEDTAK_5)
    row_ev = saker.get_by_role("row").filter(has_text=EVENTUELT)
    expect(row_ev.locator(".saksnr")).to_have_text(nr_eventuelt)
    expect(row_ev).to_contain_text(EVENTUELT_VEDTAK)
    expect(referat.get_by_role("table", name="Om møtet")).to_contain_text("Frode Hestnes")
    expect(page.get_by_role("region", name="Kommenter utkastet")).to_have_count(0)
    axe_check(page, "den offentlige møtesiden med referatet")

    page.goto(f"{live_server.url}/vedtak/")
    expect(page.get_by_role("heading", level=1, name="Vedtaksregister")).to_be_visible()
    vedtak = page.get_by_role("table", name="Vedtak")
    expect(vedtak.get_by_role("row").filter(has_text=VEDTAK_5)).to_contain_text("SSU 2024.5")
    axe_check(page, "vedtaksregisteret")
    filter_ = page.get_by_role("form", name="Filtrer vedtakene")
    filter_.get_by_label("Organ").select_option(label="Strategisk samarbeidsutvalg")
    filter_.get_by_label("År").select_option("2024")
    with page.expect_navigation():
        filter_.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"/vedtak/\?(organ=ssu&aar=2024|aar=2024&organ=ssu)$"))
    count = Sak.objects.filter(mote=mote).exclude(vedtak="").count()
    expect(page.get_by_role("status")).to_have_text(f"{count} vedtak i SSU i 2024.")
    for tekst in (VEDTAK_5, VEDTAK_6, EVENTUELT_VEDTAK):
        expect(vedtak.get_by_role("row").filter(has_text=tekst)).to_have_count(1)
    expect(vedtak.get_by_role("row").filter(has_text=VEDTAK_6)).to_contain_text(OPPFOLGING)
    axe_check(page, "vedtaksregisteret filtrert på SSU og 2024")


# --- Autosave safety ---------------------------------------------------------------------------

LOST_TEXT = "Forbindelsen falt ut mens dette ble skrevet, men teksten skal ikke gå tapt."


def test_tekst_skrevet_uten_forbindelse_hentes_tilbake_og_lagres(
    page: Page, live_server, vestfold, login, axe_check
):
    mote = mote_den(datetime.date(2024, 2, 29))
    sak = Sak.objects.get(mote=mote, saksnr="2024.6")
    login(page, live_server, *SEKRETARIAT)
    page.goto(f"{live_server.url}/mote/{mote.pk}/referat/")
    page.evaluate(
        """() => { window.__sendefeil = 0;
            document.body.addEventListener('htmx:sendError', () => { window.__sendefeil++; }); }"""
    )
    felt = referatsak(page, SAMHANDLINGSDATA).get_by_label("Møtebehandling", exact=True)
    restored = page.get_by_text("Ulagret tekst fra denne nettleseren er hentet tilbake")
    expect(restored).to_be_hidden()

    # The connection drops before the autosave fires: the POST fails, nothing is saved.
    page.context.set_offline(True)
    felt.press_sequentially(LOST_TEXT)
    page.wait_for_function("() => window.__sendefeil > 0")
    key = f"referat:{mote.pk}:{sak.pk}:sak{sak.pk}-protokoll"
    # The copy carries the server version it was based on.
    copy = page.evaluate("k => JSON.parse(localStorage.getItem(k))", key)
    assert copy == {"tekst": LOST_TEXT, "versjon": Sak.objects.get(pk=sak.pk).endret.isoformat()}
    assert Sak.objects.get(pk=sak.pk).protokoll == ""

    # Back online, the page is loaded again: the text comes back from localStorage …
    page.context.set_offline(False)
    page.reload()
    felt = referatsak(page, SAMHANDLINGSDATA).get_by_label("Møtebehandling", exact=True)
    expect(felt).to_have_value(LOST_TEXT)
    expect(restored).to_be_visible()
    axe_check(page, "referatsiden med tekst hentet tilbake")
    # … and is saved to the server without the user typing anything more («lagres nå»).
    wait_on(
        lambda: Sak.objects.get(pk=sak.pk).protokoll == LOST_TEXT,
        "teksten som ble hentet tilbake",
        seconds=6,
    )
    expect(referatsak(page, SAMHANDLINGSDATA).locator(".lagret-status")).to_have_text(
        re.compile(r"^Lagret kl\.")
    )
    page.wait_for_function("k => localStorage.getItem(k) === null", arg=key)


NEWER_TEXT = "Kari skrev dette på en annen maskin etter at kopien ble tatt."


def test_kopi_fra_nettleseren_overskriver_ikke_nyere_tekst_uten_aa_spoerre(
    page: Page, live_server, vestfold, login, axe_check
):
    from saker import services

    mote = mote_den(datetime.date(2024, 2, 29))
    sak = Sak.objects.get(mote=mote, saksnr="2024.6")
    login(page, live_server, *SEKRETARIAT)
    page.goto(f"{live_server.url}/mote/{mote.pk}/referat/")
    page.evaluate(
        """() => { window.__sendefeil = 0;
            document.body.addEventListener('htmx:sendError', () => { window.__sendefeil++; }); }"""
    )
    felt = referatsak(page, SAMHANDLINGSDATA).get_by_label("Møtebehandling", exact=True)
    page.context.set_offline(True)
    felt.press_sequentially(LOST_TEXT)
    page.wait_for_function("() => window.__sendefeil > 0")
    page.context.set_offline(False)
    # Meanwhile someone else saves a newer text on the server.
    services.referat_save(sak=sak, protokoll=NEWER_TEXT, vedtak="")

    page.reload()
    article = referatsak(page, SAMHANDLINGSDATA)
    felt = article.get_by_label("Møtebehandling", exact=True)
    # The server's text stays in the field; the browser's copy is shown beside it, unsaved.
    expect(felt).to_have_value(NEWER_TEXT)
    copy = article.get_by_label(re.compile(r"^Ulagret tekst fra denne nettleseren"))
    expect(copy).to_have_value(LOST_TEXT)
    expect(status(page, "men teksten på serveren er endret siden")).to_be_visible()
    axe_check(page, "referatsiden med to tekster å velge mellom")
    time.sleep(1.5)  # longer than the autosave delay: nothing is sent on its own
    assert Sak.objects.get(pk=sak.pk).protokoll == NEWER_TEXT

    # The user chooses the browser's text: it is saved over the newer one, on purpose.
    with page.expect_response(is_autosave(sak)):
        article.get_by_role("button", name="Bruk teksten fra nettleseren").click()
    wait_on(lambda: Sak.objects.get(pk=sak.pk).protokoll == LOST_TEXT, "den valgte teksten")
    expect(copy).to_have_count(0)
    expect(article.locator(".lagret-status")).to_have_text(re.compile(r"^Lagret kl\."))


def test_lagring_over_nyere_tekst_avvises_og_kan_overskrives_bevisst(
    page: Page, live_server, vestfold, login, axe_check
):
    from saker import services

    mote = mote_den(datetime.date(2024, 2, 29))
    sak = Sak.objects.get(mote=mote, saksnr="2024.6")
    login(page, live_server, *SEKRETARIAT)
    page.goto(f"{live_server.url}/mote/{mote.pk}/referat/")
    article = referatsak(page, SAMHANDLINGSDATA)
    felt = article.get_by_label("Møtebehandling", exact=True)
    # Someone else saves after this page was loaded.
    services.referat_save(sak=sak, protokoll=NEWER_TEXT, vedtak="")
    with page.expect_response(is_autosave(sak)):
        felt.fill("Min versjon av møtebehandlingen.")
    status_ = article.locator(".lagret-status")
    expect(status_).to_contain_text("Ikke lagret: Teksten ble endret av noen andre")
    expect(status_).to_contain_text("etter at du åpnet den")
    assert Sak.objects.get(pk=sak.pk).protokoll == NEWER_TEXT
    expect(felt).to_have_value("Min versjon av møtebehandlingen.")
    axe_check(page, "referatsiden med en avvist lagring")
    with page.expect_response(is_autosave(sak)):
        article.get_by_role("button", name="Lagre min tekst likevel").click()
    expect(status_).to_have_text(re.compile(r"^Lagret kl\."))
    wait_on(
        lambda: Sak.objects.get(pk=sak.pk).protokoll == "Min versjon av møtebehandlingen.",
        "teksten som ble lagret bevisst",
    )
    # The next autosave carries the new version: it is not refused.
    with page.expect_response(is_autosave(sak)):
        felt.press_sequentially(" Mer.")
    expect(status_).to_have_text(re.compile(r"^Lagret kl\."))
    wait_on(
        lambda: Sak.objects.get(pk=sak.pk).protokoll.endswith("Mer."), "den neste autolagringen"
    )


def test_avlys_og_gjenopprett_et_planlagt_mote(page: Page, live_server, vestfold, login, axe_check):
    neste = mote_den(datetime.date(2024, 5, 23))
    assert neste.status == Mote.Status.PLANLAGT and neste.innkalling_sendt is None
    login(page, live_server, *SEKRETARIAT)
    page.goto(f"{live_server.url}/mote/{neste.pk}/")
    page.get_by_role("group", name="Sekretariatets verktøy").get_by_role(
        "link", name="Avlys møtet"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/mote/{neste.pk}/avlys/")
    axe_check(page, "siden for å avlyse et møte")
    with page.expect_navigation():
        page.get_by_role("button", name="Avlys møtet").click()
    expect(page.get_by_text("Fyll ut «Hvorfor avlyses møtet?».").first).to_be_visible()
    assert Mote.objects.get(pk=neste.pk).status == Mote.Status.PLANLAGT
    page.get_by_label(re.compile(r"^Hvorfor avlyses møtet\?")).fill("For få saker til et møte")
    with page.expect_navigation():
        page.get_by_role("button", name="Avlys møtet").click()
    expect(status(page, "Møtet er avlyst.")).to_be_visible()
    expect(page.locator(".motestatus")).to_contain_text("Avlyst: For få saker til et møte")
    axe_check(page, "møtesiden for et avlyst møte")
    with page.expect_navigation():
        page.get_by_role("button", name="Gjenopprett møtet").click()
    expect(status(page, "Møtet er gjenopprettet og er planlagt igjen.")).to_be_visible()
    expect(page.locator(".motestatus .ds-tag")).to_have_text("Planlagt")
    assert Mote.objects.get(pk=neste.pk).status == Mote.Status.PLANLAGT


# --- Keyboard ----------------------------------------------------------------------------------


def test_en_sak_fores_med_tastaturet(page: Page, live_server, vestfold, login):
    mote = mote_den(datetime.date(2024, 2, 29))
    sak = Sak.objects.get(mote=mote, saksnr="2024.5")
    login(page, live_server, *SEKRETARIAT)
    # The sak's own anchor (where a plain save returns to) is the starting point for Tab.
    page.goto(f"{live_server.url}/mote/{mote.pk}/referat/#referat-{sak.pk}")
    article = referatsak(page, f"2024.5 {ARSMELDING}")
    protokoll = article.get_by_label("Møtebehandling", exact=True)
    vedtak = article.get_by_label("Konklusjon", exact=True)
    lagre = article.get_by_role("button", name="Lagre", exact=True)

    page.keyboard.press("Tab")
    expect(protokoll).to_be_focused()
    page.keyboard.type("Godkjent uten merknader.")
    page.keyboard.press("Tab")
    expect(vedtak).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(" Takk til sekretariatet.")
    page.keyboard.press("Tab")
    expect(lagre).to_be_focused()
    with page.expect_response(is_autosave(sak)) as response:
        page.keyboard.press("Enter")
    assert response.value.status == 200
    expect(article.locator(".lagret-status")).to_have_text(re.compile(r"^Lagret kl\."))
    expect(lagre).to_be_focused()  # the save swaps only the status, focus stays put
    wait_on(
        lambda: (
            (s := Sak.objects.get(pk=sak.pk)).protokoll == "Godkjent uten merknader."
            and s.vedtak == "Årsmelding 2023 godkjennes. Takk til sekretariatet."
        ),
        "møtebehandling og vedtak skrevet med tastaturet",
    )
