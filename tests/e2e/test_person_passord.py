"""Editing a person from a body's members page, and «Bytt passord», in a real browser with the
keyboard: a taken address is refused at the field with everything typed kept, then the change
is saved and listed; the secretariat changes its password from the header's link (a wrong
current password first) and logs in with the new one. Each page passes axe-core and fits 390
and 1280 px; screenshots in var/test-results/."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from helsefellesskap.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PREFIX = "person-passord"
SEKRETARIAT = ("sekretariat", "demo-sekretariat")
NYTT = "Hjemmeoppfolging-2026"


def _type(page: Page, label: str, tekst: str) -> None:
    felt = page.get_by_label(label, exact=True)
    felt.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(tekst)


def test_the_secretariat_edits_a_person_from_the_members_page(
    page: Page, live_server, demo_committed, widths, login
):
    cache.clear()
    login(page, live_server, *SEKRETARIAT)
    tom = Person.objects.get(navn="Tom Ole Øhren")
    annen = Person.objects.exclude(pk=tom.pk).exclude(epost="").order_by("pk").first()
    assert annen is not None

    page.goto(f"{live_server.url}/organ/ssu/medlemmer/")
    page.get_by_role("link", name="Rediger Tom Ole Øhren").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Rediger Tom Ole Øhren")).to_be_visible()
    expect(page.get_by_label("E-post")).to_have_value(tom.epost)
    widths(page, "rediger")

    _type(page, "Stilling", "fagsjef")
    _type(page, "Telefon", "33 00 00 00")
    _type(page, "E-post", annen.epost.upper())
    page.get_by_role("button", name="Lagre").press("Enter")
    expect(page.get_by_role("heading", name="Skjemaet har feil")).to_be_visible()
    epost = page.get_by_label("E-post")
    expect(epost).to_have_value(annen.epost.upper())
    expect(epost).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_epost_feil")).to_have_text(
        f"{annen.navn} har allerede denne e-postadressen."
    )
    expect(page.get_by_label("Stilling")).to_have_value("fagsjef")
    expect(page.get_by_label("Telefon")).to_have_value("33 00 00 00")
    widths(page, "rediger-feil")

    _type(page, "E-post", "tom.ole.ohren@helse-faerder.kommune.no")
    page.get_by_role("button", name="Lagre").press("Enter")
    expect(page.get_by_text("Endringene for Tom Ole Øhren er lagret.")).to_be_visible()
    rad = page.get_by_role("row").filter(has_text="Tom Ole Øhren").first
    expect(rad).to_contain_text("fagsjef")
    expect(rad).to_contain_text("tom.ole.ohren@helse-faerder.kommune.no")
    widths(page, "liste")
    tom.refresh_from_db()
    assert (tom.epost, tom.stilling, tom.telefon) == (
        "tom.ole.ohren@helse-faerder.kommune.no",
        "fagsjef",
        "33 00 00 00",
    )


def test_a_user_changes_the_password_from_the_header(
    page: Page, live_server, demo_committed, widths, login
):
    cache.clear()
    login(page, live_server, *SEKRETARIAT)
    page.get_by_role("link", name="Bytt passord").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Bytt passord")).to_be_visible()
    widths(page, "passord")

    _type(page, "Nåværende passord (må fylles ut)", "feil-passord")
    _type(page, "Nytt passord (må fylles ut)", NYTT)
    _type(page, "Gjenta det nye passordet (må fylles ut)", NYTT)
    page.get_by_role("button", name="Lagre passordet").press("Enter")
    expect(page.get_by_role("heading", name="Skjemaet har feil")).to_be_visible()
    expect(page.get_by_text("Det nåværende passordet er feil.").first).to_be_visible()
    widths(page, "passord-feil")

    _type(page, "Nåværende passord (må fylles ut)", SEKRETARIAT[1])
    _type(page, "Nytt passord (må fylles ut)", NYTT)
    _type(page, "Gjenta det nye passordet (må fylles ut)", NYTT)
    page.get_by_role("button", name="Lagre passordet").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Passordet er byttet")).to_be_visible()
    widths(page, "passord-endret")

    page.get_by_role("button", name="Logg ut").press("Enter")
    login(page, live_server, SEKRETARIAT[0], NYTT)
