"""A body's members page in a real browser, with the keyboard: the secretariat opens SSU's
members from the body page, adds a new member (a wrong address first, refused at the field and
kept), sees them listed as invited, changes their verv, and the invited member sets a password
from the e-mail's link and is logged in. Each page passes axe-core (WCAG 2.1 A/AA) and fits 390
and 1280 px without sideways scrolling; screenshots of each at both widths are left in
var/test-results/."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from helsefellesskap.models import Person, Verv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "medlemmer"
SEKRETARIAT = ("sekretariat", "demo-sekretariat")
PASSORD = "Hjemmeoppfolging-2026"


def _type(page: Page, label: str, tekst: str) -> None:
    """Into a field by its label, the way a keyboard user does: focus it, clear it, type."""
    felt = page.get_by_label(label)
    felt.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(tekst)


def test_the_secretariat_adds_a_member_who_is_invited_and_gets_in(
    page: Page, live_server, demo_committed, smtp, settings, widths, login
):
    settings.PORTAL_URL = live_server.url
    cache.clear()
    login(page, live_server, *SEKRETARIAT)

    page.goto(f"{live_server.url}/organ/ssu/")
    lenke = page.get_by_role("link", name="Medlemmer og innlogginger")
    lenke.focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", level=1, name="Medlemmer i Strategisk samarbeidsutvalg (SSU)")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Leder")).to_be_visible()
    widths(page, "liste")

    page.get_by_role("link", name="Legg til medlem").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Legg til medlem i SSU")).to_be_visible()
    widths(page, "ny")

    # A wrong address: refused at the field, with everything typed kept.
    _type(page, "Navn", "Kari Nordmann")
    _type(page, "E-post", "kari.nordmann")
    _type(page, "Stilling", "kommunalsjef")
    page.get_by_label("Arbeidssted").select_option(label="Færder kommune")
    rolle = page.locator("#id_rolle")
    rolle.focus()
    page.keyboard.type("Varamedlem")  # a closed select picks the option typed
    expect(rolle).to_have_value("varamedlem")
    vara_for = page.get_by_label("Vara for")
    vara_for.focus()
    page.keyboard.type("Tom Ole")
    page.get_by_label("Representerer").select_option(label="Færder kommune")
    page.get_by_role("button", name="Legg til").press("Enter")
    expect(page.get_by_role("heading", name="Skjemaet har feil")).to_be_visible()
    epost = page.get_by_label("E-post")
    expect(epost).to_have_value("kari.nordmann")
    expect(epost).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Skriv en gyldig e-postadresse").first).to_be_visible()
    expect(page.get_by_label("Stilling")).to_have_value("kommunalsjef")
    expect(page.locator("#id_rolle")).to_have_value("varamedlem")
    widths(page, "ny-feil")

    _type(page, "E-post", "kari.nordmann@example.org")
    expect(page.get_by_label("Send invitasjon til innloggingen nå")).to_be_checked()
    page.get_by_role("button", name="Legg til").press("Enter")

    expect(page.get_by_text("Kari Nordmann er lagt til som varamedlem i SSU")).to_be_visible()
    expect(page.get_by_text("Invitasjonen sendes til kari.nordmann@example.org.")).to_be_visible()
    tabell = page.get_by_role("table", name="Varamedlem")
    rad = tabell.get_by_role("row").filter(has_text="Kari Nordmann")
    expect(rad).to_contain_text("Vara for Tom Ole Øhren")
    expect(rad).to_contain_text("Færder kommune")
    expect(rad).to_contain_text(f"Invitert {timezone.localdate():%d.%m.%y}")
    widths(page, "liste-ny")

    kari = Person.objects.get(navn="Kari Nordmann")
    verv = Verv.objects.get(person=kari)
    assert (verv.rolle, verv.vara_for.navn, verv.fra) == (
        "varamedlem",
        "Tom Ole Øhren",
        timezone.localdate(),
    )

    # «Endre verv» from her row, with the keyboard: a note on the verv, shown in the list.
    rad.get_by_role("link", name="Endre verv for Kari Nordmann").press("Enter")
    expect(
        page.get_by_role("heading", level=1, name="Endre vervet til Kari Nordmann")
    ).to_be_visible()
    expect(page.get_by_label("Rolle")).to_have_value("varamedlem")
    widths(page, "endre-verv")
    _type(page, "Merknad", "Møter for Færder til sommeren")
    page.get_by_role("button", name="Lagre", exact=True).press("Enter")
    expect(page.get_by_text("Vervet til Kari Nordmann er lagret.")).to_be_visible()
    expect(tabell.get_by_role("row").filter(has_text="Kari Nordmann")).to_contain_text(
        "Møter for Færder til sommeren"
    )

    # The pages to end a verv and to start a new period.
    page.goto(f"{live_server.url}/organ/ssu/medlemmer/verv/{verv.pk}/avslutt/")
    expect(
        page.get_by_role("heading", level=1, name="Avslutt vervet til Kari Nordmann")
    ).to_be_visible()
    widths(page, "avslutt")
    page.goto(f"{live_server.url}/organ/ssu/medlemmer/ny-periode/")
    expect(page.get_by_role("heading", level=1, name="Ny periode i SSU")).to_be_visible()
    expect(page.get_by_label("Rolle for Kari Nordmann")).to_have_value("varamedlem")
    widths(page, "ny-periode")

    # Kari's invitation, as delivered: the link sets a password and logs her in.
    (melding,) = smtp.to("kari.nordmann@example.org")
    assert "Runar Danielsen har invitert deg" in melding.body
    lenke = re.search(r"(http://\S+/invitasjon/\S+/)", melding.body).group(1)
    page.get_by_role("button", name="Logg ut").press("Enter")
    page.goto(lenke)
    expect(page.get_by_role("heading", level=1, name="Lag et passord")).to_be_visible()
    widths(page, "invitasjon")
    _type(page, "Nytt passord", PASSORD)
    _type(page, "Gjenta det nye passordet", PASSORD)
    page.get_by_role("button", name="Lagre passordet og logg inn").press("Enter")
    expect(page.get_by_text("Passordet er lagret, og du er logget inn.")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    expect(page.locator(".topp__bruker")).to_have_text("Kari Nordmann")

    # Used once.
    page.goto(lenke)
    expect(
        page.get_by_role("heading", level=1, name="Invitasjonslenken virker ikke")
    ).to_be_visible()
    widths(page, "invitasjon-brukt")
