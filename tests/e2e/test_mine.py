"""«Mine møter» and the pages a member and the secretariat read on a phone, in a real browser.

A member logs in and lands on /mine/, reports forfall from it with the keyboard and sees it
there; the meeting page, the referat out for comments and the follow-up list are read by the
member and the secretariat (with the referat page the referent writes in). The data are hard
on a narrow screen: a Teams link of 200 characters, a body's name of 75 letters in one word,
long places and follow-ups. Each page fits 390 and 1280 px without sideways scrolling and passes
axe-core (WCAG 2.1 A/AA); screenshots at both widths are left in var/test-results/mine-*.png.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from helsefellesskap.models import Verv
from moter import services as mote_services
from moter.models import Mote
from saker import services
from tests.factories import (
    OrganFactory,
    PersonFactory,
    SekretariatUserFactory,
    UserFactory,
    VervFactory,
    oslo,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "mine"
PASSORD = "passord-123"  # tests.factories.UserFactory's
LENKE = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ2ZDU0YjUtYmE0Ny00ZjQ2LWI4YjAtY2Q4"
    "ZjQ4YjY4YjY4%40thread.v2/0?context=%7b%22Tid%22%3a%22a1b2c3d4-e5f6-7890-abcd-ef1234567890"
    "%22%2c%22Oid%22%3a%22%22%7d"
)
ORD = "Samhandlingsavviksrapporteringsrutinegjennomgangsarbeidsgruppemandatforslag"


def _at(dager: int, hour: int = 13) -> datetime.datetime:
    dag = timezone.localdate() + datetime.timedelta(days=dager)
    return oslo(dag.year, dag.month, dag.day, hour)


@pytest.fixture
def moter(transactional_db) -> dict[str, Mote]:
    """SSU with a member (kari) and a secretary (siri, in the secretariat with a verv): the next
    meeting, sent, and last week's, held, its referat out for comments with kari's follow-ups."""
    ssu = OrganFactory(kortnavn="SSU", navn="Strategisk samarbeidsutvalg", slug="ssu")
    kari = PersonFactory(navn="Kari Nordmann", bruker=UserFactory(username="kari"))
    VervFactory(person=kari, organ=ssu, fra=datetime.date(2020, 1, 1))
    siri = PersonFactory(navn="Siri Sekretær", bruker=SekretariatUserFactory(username="siri"))
    VervFactory(person=siri, organ=ssu, rolle=Verv.Rolle.SEKRETARIAT, fra=datetime.date(2020, 1, 1))

    neste = services.mote_create_with_standard_items(
        organ=ssu,
        start=_at(7),
        slutt=_at(7, 16),
        sted="Tønsberg, SiV HF, Big Room, møterom CA-E1-028 (inngang fra parkeringshuset)",
        digital_lenke=LENKE,
        tittel=f"Strategisamling om {ORD}",
    )
    services.sak_create(
        organ=ssu,
        mote=neste,
        tittel=f"{ORD} og Samhandlingsdata/styringsinformasjon/virksomhetsrapportering",
        sakstyper=["beslutning", "orientering"],
        hensikt=f"Se {LENKE}",
        forslag_til_vedtak=f"1. {ORD} vedtas.",
        ansvar=["Rannveig Velken-Kristoffersen-Haugland", f"Fagutvalg for {ORD}"],
    )
    services.innkalling_send(mote=neste, notify=False)

    forrige = services.mote_create_with_standard_items(
        organ=ssu, start=_at(-7), slutt=_at(-7, 15), sted="Teams", digital_lenke=LENKE
    )
    sak = services.sak_create(
        organ=ssu,
        mote=forrige,
        tittel=f"Oppfølging av {ORD}",
        sakstyper=["beslutning"],
        hensikt=f"Hensikt: {ORD}",
    )
    services.innkalling_send(mote=forrige, notify=False)
    mote_services.mote_set_avholdt(mote=forrige)
    mote_services.deltakere_propose(mote=forrige)
    services.referat_save(sak=sak, protokoll=f"Drøftet, se {LENKE}", vedtak=f"{ORD} godkjennes.")
    services.oppfolging_add(
        sak=sak,
        beskrivelse=f"Lage {ORD} og sende det til {LENKE}",
        ansvarlig=kari,
        frist=timezone.localdate() - datetime.timedelta(days=2),
    )
    services.oppfolging_add(
        sak=sak,
        beskrivelse="Kort punkt",
        ansvarlig=kari,
        frist=timezone.localdate() + datetime.timedelta(days=20),
    )
    mote_services.referat_send_for_comments(
        mote=forrige, frist=timezone.localdate() + datetime.timedelta(days=5)
    )
    return {"neste": neste, "forrige": forrige}


def test_member_lands_on_mine_moter_and_reports_forfall(
    page: Page, live_server, moter, login, widths
):
    neste, forrige = moter["neste"], moter["forrige"]
    login(page, live_server, "kari", PASSORD)
    expect(page).to_have_url(f"{live_server.url}/mine/")
    expect(page.get_by_role("heading", level=1, name="Mine møter")).to_be_visible()
    meny = page.get_by_role("navigation", name="Hovedmeny")
    expect(meny.get_by_role("link", name="Mine møter")).to_have_attribute("aria-current", "page")
    moter_ = page.get_by_role("region", name="Dine neste møter")
    expect(moter_.get_by_text("Du er innkalt")).to_be_visible()
    expect(page.get_by_role("region", name="Referater til kommentar")).to_contain_text(
        "Kommentarer innen"
    )
    punkter = page.get_by_role("region", name="Dine oppfølgingspunkter")
    expect(punkter.get_by_text("Forfalt", exact=True)).to_be_visible()
    widths(page, "mine-medlem")

    # Forfall with the keyboard: the link leads to the meeting page's form.
    page.get_by_role("link", name=re.compile("^Meld forfall")).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/mote/{neste.pk}/#forfall")
    widths(page, "mote-medlem")
    page.get_by_label("Merknad (valgfritt)").fill("Ferie")
    page.get_by_label("Merknad (valgfritt)").press("Enter")
    expect(page.get_by_text("Forfallet er registrert")).to_be_visible()

    page.goto(f"{live_server.url}/mine/")
    expect(moter_.get_by_text("Du har meldt forfall")).to_be_visible()
    expect(moter_.get_by_role("link", name=re.compile("^Meld forfall"))).to_have_count(0)

    # The referat out for comments, on the meeting page.
    page.get_by_role("link", name=re.compile("^Les og kommenter referatet")).click()
    expect(page).to_have_url(f"{live_server.url}/mote/{forrige.pk}/#referat")
    expect(page.get_by_role("heading", name="Kommenter utkastet")).to_be_visible()
    widths(page, "referat-medlem")

    page.goto(f"{live_server.url}/oppfolging/")
    expect(page.get_by_role("heading", level=1, name="Oppfølging")).to_be_visible()
    widths(page, "oppfolging-medlem")


def test_secretariat_pages_on_a_phone(page: Page, live_server, moter, login, widths):
    neste, forrige = moter["neste"], moter["forrige"]
    login(page, live_server, "siri", PASSORD)
    expect(page).to_have_url(f"{live_server.url}/")  # the secretariat lands where it did

    page.goto(f"{live_server.url}/mine/")
    expect(page.get_by_role("region", name="Dine neste møter")).to_contain_text("Du er innkalt")
    widths(page, "mine-sekretariat")

    page.goto(f"{live_server.url}/mote/{neste.pk}/")
    expect(page.get_by_role("group", name="Sekretariatets verktøy")).to_be_visible()
    widths(page, "mote-sekretariat")

    page.goto(f"{live_server.url}/mote/{forrige.pk}/")
    expect(page.get_by_role("heading", name=re.compile("^Referat fra møte"))).to_be_visible()
    widths(page, "mote-referat-sekretariat")

    page.goto(f"{live_server.url}/mote/{forrige.pk}/referat/")
    expect(page.get_by_role("heading", level=2, name="Oppmøte")).to_be_visible()
    widths(page, "referat-sekretariat")

    page.goto(f"{live_server.url}/oppfolging/")
    expect(page.get_by_label(re.compile("^Status for «Kort punkt"))).to_be_visible()
    widths(page, "oppfolging-sekretariat")


def test_a_login_without_person_is_told_why_the_page_is_empty(
    page: Page, live_server, transactional_db, login, widths
):
    UserFactory(username="uten-person")
    login(page, live_server, "uten-person", PASSORD)
    expect(page).to_have_url(f"{live_server.url}/")
    meny = page.get_by_role("navigation", name="Hovedmeny")
    expect(meny.get_by_role("link", name="Mine møter")).to_have_count(0)
    page.goto(f"{live_server.url}/mine/")
    forklaring = page.get_by_role("heading", name="Brukeren din er ikke knyttet til en person")
    expect(forklaring).to_be_visible()
    widths(page, "mine-uten-person")
