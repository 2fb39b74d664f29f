"""The Norwegian messages a secretariat user sees for bad input: exactly as written, at the
field (or the line of the import file) concerned, with nothing saved."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from moter.models import Mote
from saker import services
from saker.models import Sak
from tests.factories import oslo

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "ssu-2024-02-29-innkalling.json"


def error_at(html: str, felt: str) -> str:
    """The error text shown next to a field (partials/felt.html)."""
    start = html.index(f'id="id_{felt}_feil">') + len(f'id="id_{felt}_feil">')
    return html[start : html.index("</p>", start)]


def new_mote(sek, ssu, **endret):
    post = {"organ": ssu.pk, "dato": "10.12.2026", "starttid": "13:00", "sted": "Tønsberg"}
    return sek.post("/sekretariat/mote/ny/", {**post, **endret})


# --- Dates in the meeting form ------------------------------------------------------------------


def test_impossible_date_is_named_at_the_date_field(sek, ssu):
    response = new_mote(sek, ssu, dato="31.02.2026", sted="Big Room SiV")
    html = response.content.decode()
    assert response.status_code == 200
    assert error_at(html, "dato") == "Oppgi en dato som finnes i kalenderen, f.eks. 10.12.2026."
    assert 'value="31.02.2026"' in html and 'value="Big Room SiV"' in html
    assert Mote.objects.count() == 0


def test_end_before_start_is_named_at_the_end_time(sek, ssu):
    response = new_mote(sek, ssu, starttid="15:00", sluttid="13:30")
    html = response.content.decode()
    assert error_at(html, "sluttid") == "Sluttid må være etter starttid."
    assert 'value="13:30"' in html
    assert Mote.objects.count() == 0


def test_impossible_time_is_named_at_its_field(sek, ssu):
    response = new_mote(sek, ssu, starttid="25:61")
    assert error_at(response.content.decode(), "starttid") == (
        "Oppgi et klokkeslett mellom 00:00 og 23:59, f.eks. 13:00."
    )
    assert Mote.objects.count() == 0


@pytest.mark.parametrize("dato", ["01.01.0001", "31.12.9999"])
def test_date_outside_the_portals_years_is_refused(sek, ssu, dato):
    """Year 1 and 9999 used to end in an OverflowError (a 500) when the time was stored."""
    response = new_mote(sek, ssu, dato=dato, starttid="23:30")
    assert response.status_code == 200
    assert error_at(response.content.decode(), "dato") == "Oppgi en dato mellom år 2000 og 2100."
    assert Mote.objects.count() == 0


def test_moving_a_meeting_to_an_impossible_date_changes_nothing(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/rediger/", {"dato": "30.02.2027", "starttid": "13:00", "sted": "SiV"}
    )
    assert error_at(response.content.decode(), "dato") == (
        "Oppgi en dato som finnes i kalenderen, f.eks. 10.12.2026."
    )
    utkast.refresh_from_db()
    assert (utkast.start, utkast.sted) == (oslo(2026, 12, 10, 13), "Tønsberg")


# --- A sak moved to a meeting of another body ---------------------------------------------------


def test_sak_moved_to_a_meeting_of_another_body_is_refused(sek, utkast, fsu):
    fsu_mote = services.mote_create_with_standard_items(
        organ=fsu, start=oslo(2026, 12, 11, 9), sted="Sandefjord"
    )
    sak = services.sak_create(organ=utkast.organ, mote=utkast, tittel="Budsjett", sakstyper=[])
    response = sek.post(
        f"/sak/{sak.pk}/flytt-til-mote/", {"mote": fsu_mote.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert (
        '<div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">'
        "Saken hører til SSU og kan ikke settes opp på et møte i FSU.</p></div>"
    ) in response.content.decode()
    sak.refresh_from_db()
    assert (sak.mote, sak.saksnr) == (utkast, "2026.3")
    assert not fsu_mote.saker.filter(tittel="Budsjett").exists()


def test_sak_moved_without_javascript_gets_the_message_on_the_agenda(sek, utkast, fsu):
    fsu_mote = services.mote_create_with_standard_items(
        organ=fsu, start=oslo(2026, 12, 11, 9), sted="Sandefjord"
    )
    sak = services.sak_create(organ=utkast.organ, mote=utkast, tittel="Budsjett", sakstyper=[])
    response = sek.post(f"/sak/{sak.pk}/flytt-til-mote/", {"mote": fsu_mote.pk}, follow=True)
    assert response.redirect_chain == [(f"/mote/{utkast.pk}/saksliste/", 302)]
    assert "Saken hører til SSU og kan ikke settes opp på et møte i FSU." in (
        response.content.decode()
    )
    sak.refresh_from_db()
    assert sak.mote == utkast


@pytest.mark.parametrize("mote", ["abc", "", "1.5"])
def test_tampered_meeting_choice_asks_for_a_meeting(sek, utkast, mote):
    """A non-numeric id used to end in a ValueError (a 500)."""
    sak = utkast.saker.first()
    response = sek.post(f"/sak/{sak.pk}/flytt-til-mote/", {"mote": mote}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Velg møtet saken skal flyttes til." in response.content.decode()


def test_tampered_queue_choice_asks_for_a_sak(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/saksliste/plasser/", {"sak": "abc"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Velg en sak." in response.content.decode()
    response = sek.post(
        f"/mote/{utkast.pk}/saksliste/kopier/", {"sak": "abc"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Velg en sak å kopiere." in response.content.decode()


def test_an_order_naming_a_line_twice_is_refused(sek, utkast):
    ids = list(utkast.saker.order_by("rekkefolge").values_list("pk", flat=True))
    response = sek.post(
        f"/mote/{utkast.pk}/saksliste/sorter/",
        {"ids": json.dumps([*reversed(ids), ids[-1]])},
        HTTP_HX_REQUEST="true",
    )
    assert "Sakslisten er endret av noen andre. Last siden på nytt og prøv igjen." in (
        response.content.decode()
    )
    assert list(utkast.saker.order_by("rekkefolge").values_list("pk", flat=True)) == ids


@pytest.mark.parametrize("ids", ["[Infinity]", "[NaN]", "[" * 100_000])
def test_an_unreadable_order_is_refused(sek, utkast, ids):
    response = sek.post(
        f"/mote/{utkast.pk}/saksliste/sorter/", {"ids": ids}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Ugyldig rekkefølge." in response.content.decode()


# --- The sak form ---------------------------------------------------------------------------------


def test_too_long_ansvar_line_is_named_at_the_field(sek, utkast):
    lang = "Fagutvalg for " + "svært " * 40 + "mye"
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/", {"tittel": "Budsjett", "ansvar": f"KPA\n{lang}"}
    )
    html = response.content.decode()
    assert error_at(html, "ansvar") == (
        f"Hver linje i «Ansvar» kan ha høyst 200 tegn; linjen som begynner "
        f"«Fagutvalg for svært svært svær», har {len(lang)}."
    )
    assert 'value="Budsjett"' in html
    assert not Sak.objects.filter(tittel="Budsjett").exists()


def test_too_long_attachment_link_is_named_at_the_field(sek, utkast):
    """The model's error on «url» used to reach a form without such a field (a 500)."""
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {
            "tittel": "Budsjett",
            "vedlegg_tittel": "Lenke",
            "vedlegg_url": "https://example.no/" + "a" * 1000,
        },
    )
    assert error_at(response.content.decode(), "vedlegg_url") == (
        "Sørg for at denne verdien har 1000 eller færre tegn (den har nå 1019)."
    )
    assert not Sak.objects.filter(tittel="Budsjett").exists()


def test_control_characters_pasted_into_a_title_are_removed(sek, utkast):
    response = sek.post(
        f"/mote/{utkast.pk}/sak/ny/",
        {"tittel": "Bud\x00sjett\x01 2027", "hensikt": "Linje 1\x0bLinje 2"},
    )
    assert response.status_code == 302
    sak = Sak.objects.get(tittel="Budsjett 2027")
    assert sak.hensikt == "Linje 1\nLinje 2"


# --- Duplicate saksnr in a mote/1 import --------------------------------------------------------


def test_duplicate_saksnr_in_an_import_names_both_places(sek, ssu):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["saker"][3]["saksnr"] = "2024.3"
    response = sek.post(
        "/sekretariat/import/",
        {"fil": SimpleUploadedFile("ssu.json", json.dumps(data).encode())},
    )
    html = response.content.decode()
    assert error_at(html, "fil") == "Filen ble ikke importert. Ingenting er endret."
    assert (
        "<li><code>$.saker[3].saksnr</code>: saksnummer 2024.3 står to ganger i filen "
        "(også i $.saker[2].saksnr)</li>"
    ) in html
    assert Mote.objects.count() == 0 and Sak.objects.count() == 0
