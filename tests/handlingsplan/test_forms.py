"""The secretariat's forms for the plan (issue 15): a plan, an innsatsområde, a tiltak, a grant
with its letter, an allocation. Bad input (run on PostgreSQL: over-long text, negative amounts,
a year that is no year, a file that is not what its name says) comes back with a Norwegian
message at its field, everything typed kept and nothing saved; every change is in the history."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from handlingsplan import services
from handlingsplan.models import Handlingsplan, Innsatsomrade, Tildeling, Tilskudd, Tiltak
from helsefellesskap.models import Person
from moter import services as mote_services
from saker.models import Sak, Vedlegg
from tests.support.files import PDF

D = datetime.date
pytestmark = pytest.mark.django_db


def _tekst(response) -> str:
    html = response.content.decode().replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _feil(response, felt: str) -> str:
    """The error shown at ``felt`` (partials/felt.html), '' when none."""
    funnet = re.search(
        rf'id="id_{felt}_feil">(.*?)</p>', response.content.decode().replace("\u00a0", " "), re.S
    )
    return funnet.group(1) if funnet else ""


def test_a_plan_with_bad_input_is_refused_at_its_fields_and_keeps_what_was_typed(sek, publisert):
    sak = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    response = sek.post(
        "/handlingsplan/ny/",
        {
            "aar": "tjuetjuefem",
            "tittel": "x" * 301,
            "vedtatt_i": sak.pk,
            "vedtatt_i_tekst": "SSU-sak 2025.40",
            "mandat": "Mandat fra partnerskapsmøtet.",
        },
    )
    assert response.status_code == 400
    assert "Oppgi året med fire sifre" in _feil(response, "aar")
    assert "300" in _feil(response, "tittel")
    assert "ikke begge" in _feil(response, "vedtatt_i_tekst")
    assert "Mandat fra partnerskapsmøtet." in response.content.decode()
    assert not Handlingsplan.objects.exists()
    assert "Oppgi et år fra 2000 til 2100." in _feil(
        sek.post("/handlingsplan/ny/", {"aar": "-2025"}), "aar"
    )

    ok = sek.post(
        "/handlingsplan/ny/",
        {"aar": "2026", "vedtatt_i": sak.pk, "mandat": "Mandat fra partnerskapsmøtet."},
    )
    plan = Handlingsplan.objects.get()
    assert ok.status_code == 302 and ok["Location"] == "/handlingsplan/2026/"
    assert plan.tittel == "Handlingsplan for Helsefellesskapet 2026" and plan.publisert is None
    assert plan.vedtatt_i == sak
    # A second plan for the year: the message at the year.
    igjen = sek.post("/handlingsplan/ny/", {"aar": "2026"})
    assert igjen.status_code == 400
    assert "Det finnes allerede en handlingsplan for dette året." in _feil(igjen, "aar")


def test_a_draft_is_changed_and_published_and_stays_published(sek, client):
    # (``sek`` is ``client`` logged in as the secretariat.)
    plan = services.handlingsplan_create(aar=2026, tittel="Utkast 2026")
    url = "/handlingsplan/2026/rediger/"
    side = sek.get(url)
    assert "Publiser planen" in side.content.decode()
    ok = sek.post(url, {"aar": "2026", "tittel": "Handlingsplan 2026", "publiser": "on"})
    assert ok.status_code == 302
    plan.refresh_from_db()
    assert plan.tittel == "Handlingsplan 2026" and plan.publisert is not None
    grunner = list(
        plan.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert grunner == ["Handlingsplan opprettet", "Handlingsplan endret", "Publisert"]
    # Published: no way back in the form; an unchanged save writes no history.
    assert "Publiser planen" not in sek.get(url).content.decode()
    sek.post(url, {"aar": "2026", "tittel": "Handlingsplan 2026"})
    assert plan.history.count() == 3
    sek.logout()
    assert "Handlingsplan 2026" in client.get("/handlingsplan/2026/").content.decode()


def test_innsatsomrader_are_added_and_changed(sek, plan):
    url = "/handlingsplan/2024/innsatsomrade/ny/"
    feil = sek.post(url, {"tittel": "y" * 301, "beskrivelse": "Beskrevet.", "rekkefolge": "-1"})
    assert feil.status_code == 400
    assert "300" in _feil(feil, "tittel")
    assert "Rekkefølgen kan ikke være negativ." in _feil(feil, "rekkefolge")
    assert "Beskrevet." in feil.content.decode()
    ok = sek.post(url, {"tittel": "Barn og unge", "beskrivelse": "Beskrevet."})
    omrade = Innsatsomrade.objects.get(tittel="Barn og unge")
    assert ok["Location"] == f"/handlingsplan/2024/#omrade-{omrade.pk}"
    assert omrade.rekkefolge == 30  # after the plan's two
    endre = f"/handlingsplan/innsatsomrade/{omrade.pk}/rediger/"
    assert 'value="Barn og unge"' in sek.get(endre).content.decode()
    sek.post(endre, {"tittel": "Barn og unge", "beskrivelse": "", "rekkefolge": "5"})
    omrade.refresh_from_db()
    assert omrade.rekkefolge == 5 and omrade.history.count() == 2
    assert "1. Barn og unge" in _tekst(sek.get("/handlingsplan/2024/"))


def test_a_tiltak_is_created_and_changed_with_its_contact_persons(sek, plan, ssu):
    omrade = plan["vitality"].innsatsomrade
    url = f"/handlingsplan/innsatsomrade/{omrade.pk}/tiltak/ny/"
    side = sek.get(url)
    assert side.status_code == 200 and 'value="2024"' in side.content.decode()
    kari = Person.objects.create(navn="Kari Kontakt")
    feil = sek.post(
        url,
        {
            "innsatsomrade": omrade.pk,
            "tittel": "z" * 301,
            "mal": "Færre innleggelser.",
            "arbeidsform": "prosjekt",
            "fra_aar": "2026",
            "til_aar": "2024",
            "status": "ukjent",
        },
    )
    assert feil.status_code == 400
    assert "300" in _feil(feil, "tittel")
    assert "«Til år» kan ikke være før «fra år»." in _feil(feil, "til_aar")
    assert "Velg en av statusene i listen." in _feil(feil, "status")
    assert "Færre innleggelser." in feil.content.decode()
    ok = sek.post(
        url,
        {
            "innsatsomrade": omrade.pk,
            "tittel": "Hjemmesykehus",
            "mal": "Færre innleggelser.",
            "arbeidsform": "prosjekt",
            "ansvarlig_organ": ssu.pk,
            "kontaktpersoner": [kari.pk],
            "fra_aar": "2024",
            "til_aar": "2025",
            "status": "planlagt",
        },
    )
    tiltak = Tiltak.objects.get(tittel="Hjemmesykehus")
    assert ok["Location"] == tiltak.get_absolute_url()
    assert list(tiltak.kontaktpersoner.all()) == [kari]
    side = _tekst(sek.get(tiltak.get_absolute_url()))
    assert "Kari Kontakt" in side and "2024–2025" in side
    # Changed: another innsatsområde of the plan, a status; one of another plan is refused.
    annet = plan["moteserie"].innsatsomrade
    endre = f"/handlingsplan/tiltak/{tiltak.pk}/rediger/"
    data = {
        "innsatsomrade": annet.pk,
        "tittel": "Hjemmesykehus",
        "arbeidsform": "prosjekt",
        "status": "pagar",
    }
    assert sek.post(endre, data).status_code == 302
    tiltak.refresh_from_db()
    assert tiltak.innsatsomrade == annet and tiltak.status == "pagar"
    assert not tiltak.kontaktpersoner.exists()
    assert tiltak.history.first().history_change_reason == "Tiltak endret"
    fremmed = services.innsatsomrade_add(
        plan=services.handlingsplan_create(aar=2030), tittel="Annen plan"
    )
    feil = sek.post(endre, {**data, "innsatsomrade": fremmed.pk})
    assert feil.status_code == 400
    assert "Velg et innsatsområde i listen." in _feil(feil, "innsatsomrade")


def test_a_grant_with_bad_input_keeps_what_was_typed(sek, publisert):
    sak = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    data = {
        "kilde": "k" * 301,
        "formal": "Digital møteserie",
        "aar": "2025",
        "belop": "-700000",
        "vilkar": "Rapport innen fristen.",
        "rapporteringsfrist": "2026-02-30",
        "brev_offentlig": "on",
    }
    response = sek.post("/handlingsplan/tilskudd/ny/", data)
    assert response.status_code == 400
    assert "300" in _feil(response, "kilde")
    assert "Beløpet kan ikke være negativt." in _feil(response, "belop")
    assert "Oppgi en dato som finnes i kalenderen" in _feil(response, "rapporteringsfrist")
    html = response.content.decode()
    assert "Rapport innen fristen." in html and 'value="Digital møteserie"' in html
    # A file that is not what its name says, and one without the sak it goes to.
    data = {**data, "kilde": "Helsedirektoratet", "belop": "700000", "rapporteringsfrist": ""}
    falsk = sek.post(
        "/handlingsplan/tilskudd/ny/",
        {**data, "brev_fil": SimpleUploadedFile("brev.pdf", b"ikke en pdf"), "brev_sak": sak.pk},
    )
    assert falsk.status_code == 400
    assert "Filtypen er ikke tillatt" in _feil(falsk, "brev_fil")
    uten_sak = sek.post(
        "/handlingsplan/tilskudd/ny/", {**data, "brev_fil": SimpleUploadedFile("brev.pdf", PDF)}
    )
    assert "Velg saken tilsagnsbrevet skal ligge i." in _feil(uten_sak, "brev_sak")
    assert not Tilskudd.objects.exists() and not Vedlegg.objects.filter(tittel__startswith="Tils")


def test_a_grant_letter_is_uploaded_as_a_vedlegg_of_its_sak(
    sek, client, sekretariat, publisert, utkast
):
    sak = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    ok = sek.post(
        "/handlingsplan/tilskudd/ny/",
        {
            "kilde": "Helsedirektoratet",
            "formal": "Digital møteserie for fastleger",
            "aar": "2025",
            "belop": "700000",
            "vilkar": "Rapport innen fristen.",
            "rapporteringsfrist": "2026-03-01",
            "brev_fil": SimpleUploadedFile("tilsagn.pdf", PDF),
            "brev_sak": sak.pk,
            "brev_offentlig": "on",
        },
    )
    tilskudd = Tilskudd.objects.get()
    assert (
        ok.status_code == 302
        and ok["Location"] == f"/handlingsplan/tilskudd/#tilskudd-{tilskudd.pk}"
    )
    brev = tilskudd.tilsagnsbrev
    assert brev.sak == sak and brev.offentlig and brev.innholdstype == "application/pdf"
    assert brev.tittel == "Tilsagnsbrev Helsedirektoratet 2025"
    assert tilskudd.belop == 700_000 and tilskudd.rapporteringsfrist == D(2026, 3, 1)
    sek.logout()
    oversikt = client.get("/handlingsplan/tilskudd/").content.decode()
    assert f'href="/vedlegg/{brev.pk}/"' in oversikt
    # Changed: the letter kept, the amount given anew; a cancelled meeting's sak takes no file.
    sek.force_login(sekretariat)
    mote_services.mote_cancel(mote=utkast, begrunnelse="Flyttet.")
    stengt = utkast.saker.first()
    url = f"/handlingsplan/tilskudd/{tilskudd.pk}/rediger/"
    assert 'value="700000"' in sek.get(url).content.decode()
    data = {"kilde": "Helsedirektoratet", "aar": "2025", "belop": "", "tilsagnsbrev": brev.pk}
    assert sek.post(url, data).status_code == 302
    tilskudd.refresh_from_db()
    assert tilskudd.belop is None and tilskudd.tilsagnsbrev == brev
    assert tilskudd.history.count() == 2
    feil = sek.post(
        url,
        {
            **data,
            "tilsagnsbrev": "",
            "brev_fil": SimpleUploadedFile("nytt.pdf", PDF),
            "brev_sak": stengt.pk,
        },
    )
    assert feil.status_code == 400
    assert "Sakslisten kan ikke endres" in _feil(feil, "brev_sak")
    assert not Vedlegg.objects.filter(sak=stengt, tittel__startswith="Tilsagnsbrev").exists()


def test_an_allocation_above_the_grant_is_saved_with_a_visible_warning(sek, plan):
    tiltak, tilskudd = plan["moteserie"], plan["tilskudd"]
    url = f"/handlingsplan/tiltak/{tiltak.pk}/tildeling/"
    side = _tekst(sek.get(url))
    assert "700 000 kr" in side  # what was granted, beside the form
    feil = sek.post(
        url, {"tilskudd": tilskudd.pk, "aar": "2024", "belop": "-1", "merknad": "m" * 301}
    )
    assert feil.status_code == 400
    assert "Beløpet kan ikke være negativt." in _feil(feil, "belop")
    assert "300" in _feil(feil, "merknad")
    assert not Tildeling.objects.exists()
    assert "Oppgi beløpet i hele kroner" in _feil(
        sek.post(url, {"tilskudd": tilskudd.pk, "aar": "2024", "belop": "700 000 kr"}), "belop"
    )
    services.tildeling_set(tilskudd=tilskudd, tiltak=plan["vitality"], aar=2024, belop=200_000)
    ok = sek.post(url, {"tilskudd": tilskudd.pk, "aar": "2024", "belop": "600000"}, follow=True)
    tekst = _tekst(ok)
    assert "Tildelingen er lagret." in tekst
    assert "Det er nå tildelt 100 000 kr mer enn innvilget" in tekst
    tildeling = Tildeling.objects.get(tiltak=tiltak)
    assert tildeling.belop == 600_000
    oversikt = _tekst(sek.get("/handlingsplan/tilskudd/"))
    assert "Advarsel: tildelt 800 000 kr, mer enn innvilget 700 000 kr." in oversikt
    # The same grant and year again changes the allocation (prefilled from the tiltak's page).
    assert 'value="600000"' in sek.get(f"{url}?tildeling={tildeling.pk}").content.decode()
    sek.post(url, {"tilskudd": tilskudd.pk, "aar": "2024", "belop": "500000"})
    tildeling.refresh_from_db()
    assert tildeling.belop == 500_000 and tildeling.history.count() == 2
    assert Tildeling.objects.filter(tiltak=tiltak).count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/handlingsplan/tiltak/{tiltak}/tildeling/?tildeling=abc",
        "/handlingsplan/tiltak/{tiltak}/tildeling/?tildeling=99999999999999999999",
        "/handlingsplan/99999999999999999999/rediger/",
        "/handlingsplan/99999999999999999999/handlingsplan.pdf",
        "/handlingsplan/innsatsomrade/99999999999999999999/tiltak/ny/",
        "/handlingsplan/tilskudd/99999999999999999999/rediger/",
    ],
)
def test_addresses_out_of_range_are_not_found_or_ignored(sek, plan, url):
    response = sek.get(url.format(tiltak=plan["moteserie"].pk))
    assert response.status_code in (200, 404)
