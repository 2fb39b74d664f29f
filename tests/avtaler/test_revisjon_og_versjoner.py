"""The secretariat's later work on an agreement: a version changed (the one-in-force rule
checked again) or removed (only when it was never published), a revision started from a sak's
page, and the agreement's history field by field. Bad input on PostgreSQL: a Norwegian message
at the field, nothing typed lost."""

import datetime
import re

import pytest

from avtaler import services
from avtaler.models import Avtale, Avtaleversjon, Evaluering
from saker.models import Sak

D = datetime.date
pytestmark = pytest.mark.django_db


def _tekst(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _feil(response, felt: str) -> str:
    m = re.search(rf'id="id_{felt}_feil">([^<]*)<', response.content.decode())
    return m.group(1) if m else ""


@pytest.fixture
def to_versjoner(delavtale):
    gammel = services.versjon_add(
        avtale=delavtale, versjon="2023", tekst="Gammel.", gjelder_fra=D(2023, 6, 1), publisert=True
    )
    ny = services.versjon_add(
        avtale=delavtale, versjon="2025", tekst="Ny.", gjelder_fra=D(2025, 12, 1)
    )
    gammel.refresh_from_db()
    assert gammel.gjelder_til == D(2025, 11, 30)
    return gammel, ny


def _endre(v: Avtaleversjon, **endret) -> dict:
    return {
        "versjon": v.versjon,
        "tekst": v.tekst,
        "gjelder_fra": v.gjelder_fra.isoformat() if v.gjelder_fra else "",
        "gjelder_til": v.gjelder_til.isoformat() if v.gjelder_til else "",
        "merknad": "Behold meg",
        **endret,
    }


def test_a_version_is_changed_and_its_history_shows_what_changed(sek, to_versjoner, sekretariat):
    gammel, ny = to_versjoner
    side = sek.get("/avtaler/pasientforlop/").content.decode()
    assert f'href="/avtaler/versjon/{ny.pk}/rediger/"' in side
    response = sek.post(
        f"/avtaler/versjon/{ny.pk}/rediger/", _endre(ny, tekst="Rettet tekst.", versjon="2025b")
    )
    assert response.status_code == 302 and response["Location"] == "/avtaler/pasientforlop/"
    ny.refresh_from_db()
    assert (ny.versjon, ny.tekst, ny.merknad) == ("2025b", "Rettet tekst.", "Behold meg")
    assert ny.history.first().history_change_reason == "Versjon endret"
    # The agreement page's history: what changed, from what to what, by whom.
    tekst = _tekst(sek.get("/avtaler/pasientforlop/"))
    assert "Endringshistorikk" in tekst
    assert "Versjon 2025b: Versjon endret av sekretariat" in tekst
    assert "Versjon 2025 2025b" in tekst  # the field, before, after
    assert "Versjon 2023: Avsluttet da versjon 2025 trådte i kraft" in tekst
    assert "Gjelder til – 30.11.25" in tekst


def test_the_history_is_for_the_secretariat_alone(client, to_versjoner, delavtale):
    services.avtale_update(avtale=delavtale, lovgrunnlag="Endret lovgrunnlag")
    html = client.get("/avtaler/pasientforlop/").content.decode()
    assert "Endringshistorikk" not in html and "Avtale endret" not in html


@pytest.mark.parametrize(
    ("endret", "felt", "melding"),
    [
        # Moved back into the old version's period: only one version in force at a time.
        ({"gjelder_fra": "2024-01-01"}, "gjelder_fra", "Versjon 2023 gjelder i samme periode"),
        ({"versjon": "2023"}, "versjon", "Avtalen har allerede en versjon med dette navnet."),
        ({"versjon": ""}, "versjon", "Fyll ut «Versjon»."),
        ({"tekst": ""}, "tekst", "Skriv avtaleteksten eller last opp en fil."),
        ({"gjelder_til": "2025-01-01"}, "gjelder_til", "kan ikke være før"),
        ({"gjelder_fra": "2025-02-30"}, "gjelder_fra", "Oppgi en dato som finnes i kalenderen"),
        ({"vedtatt_i": "999999"}, "vedtatt_i", "Velg"),
        ({"merknad": "m" * 301}, "merknad", "301"),
    ],
)
def test_bad_input_on_the_version_edit_form(sek, to_versjoner, endret, felt, melding):
    _, ny = to_versjoner
    data = _endre(ny, **endret)
    if "merknad" not in endret:
        data["merknad"] = "Behold meg"
    response = sek.post(f"/avtaler/versjon/{ny.pk}/rediger/", data)
    assert response.status_code == 400
    assert melding in _feil(response, felt), response.content.decode()[:3000]
    if "merknad" not in endret:
        assert "Behold meg" in response.content.decode()
    ny.refresh_from_db()
    assert (ny.versjon, ny.gjelder_fra, ny.merknad) == ("2025", D(2025, 12, 1), "")


def test_an_unpublished_version_is_removed_and_the_old_one_applies_again(sek, to_versjoner):
    gammel, ny = to_versjoner
    assert "Fjern versjon 2025" in sek.get(f"/avtaler/versjon/{ny.pk}/rediger/").content.decode()
    response = sek.post(f"/avtaler/versjon/{ny.pk}/fjern/")
    assert response.status_code == 302 and response["Location"] == "/avtaler/pasientforlop/"
    assert not Avtaleversjon.objects.filter(pk=ny.pk).exists()
    gammel.refresh_from_db()
    assert gammel.gjelder_til is None
    # The removal is in the history.
    assert Avtaleversjon.history.filter(id=ny.pk, history_type="-").get().history_change_reason == (
        "Versjon fjernet"
    )
    assert "Versjon 2025: Versjon fjernet" in _tekst(sek.get("/avtaler/pasientforlop/"))


def test_a_published_version_cannot_be_removed(sek, to_versjoner):
    gammel, _ = to_versjoner
    side = sek.get(f"/avtaler/versjon/{gammel.pk}/rediger/").content.decode()
    assert "Fjern versjon" not in side and "kan ikke fjernes" in side
    response = sek.post(f"/avtaler/versjon/{gammel.pk}/fjern/", follow=True)
    assert "En publisert versjon kan ikke fjernes" in response.content.decode()
    assert Avtaleversjon.objects.filter(pk=gammel.pk).exists()
    # It can be ended instead.
    response = sek.post(
        f"/avtaler/versjon/{gammel.pk}/rediger/", _endre(gammel, gjelder_til="2025-06-30")
    )
    assert response.status_code == 302
    gammel.refresh_from_db()
    assert gammel.gjelder_til == D(2025, 6, 30)


def test_a_revision_is_started_from_a_sak(sek, client, delavtale, publisert):
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    services.versjon_add(
        avtale=delavtale, versjon="2025", tekst="T", gjelder_fra=D(2025, 12, 1), publisert=True
    )
    skjema = sek.get(f"/sak/{apen.pk}/avtale/").content.decode()
    assert "Starter revisjon av en avtale" in skjema
    response = sek.post(
        f"/sak/{apen.pk}/avtale/",
        {"handling": "revisjon", "avtale": delavtale.pk, "planlagt_tekst": "Første halvår 2026"},
    )
    assert response.status_code == 302 and response["Location"] == f"/sak/{apen.pk}/"
    delavtale.refresh_from_db()
    assert delavtale.status == Avtale.Status.REVISJON
    revisjon = Evaluering.objects.get(avtale=delavtale)
    assert (revisjon.art, revisjon.behandlet_i, revisjon.status) == ("revisjon", apen, "planlagt")
    # Both ways, for the public too.
    assert "Starter revisjon av Delavtale om helhetlige pasientforløp" in _tekst(
        client.get(f"/sak/{apen.pk}/")
    )
    tekst = _tekst(client.get("/avtaler/pasientforlop/"))
    assert f"Avtalen er under revisjon etter vedtak i SSU-sak {apen.saksnr}" in tekst
    assert "Versjon 2025 gjelder til en revidert versjon er vedtatt." in tekst
    assert f"planlagt Første halvår 2026, startet i SSU-sak {apen.saksnr}" in tekst
    # Once per sak and agreement.
    response = sek.post(
        f"/sak/{apen.pk}/avtale/",
        {"handling": "revisjon", "avtale": delavtale.pk, "planlagt": "2026-06-30"},
    )
    assert response.status_code == 400
    assert "Saken har allerede startet en revisjon av avtalen." in _feil(response, "avtale")


@pytest.mark.parametrize(
    ("data", "felt", "melding"),
    [
        ({"handling": "revisjon", "planlagt": "2026-06-30"}, "avtale", "Velg avtalen som skal"),
        ({"handling": "revisjon", "avtale": "__delavtale__"}, "planlagt", "Oppgi når den"),
        (
            {"handling": "revisjon", "avtale": "__utkast__", "planlagt": "2026-06-30"},
            "avtale",
            "Velg en vedtatt avtale fra listen.",
        ),
        (
            {"handling": "revisjon", "avtale": "__delavtale__", "planlagt": "2026-13-01"},
            "planlagt",
            "Oppgi en dato som finnes i kalenderen",
        ),
        (
            {"handling": "revisjon", "avtale": "__delavtale__", "planlagt_tekst": "x" * 201},
            "planlagt_tekst",
            "201",
        ),
        ({"handling": "vedtar"}, "versjon", "Velg versjonen saken vedtar."),
        ({"handling": "noe annet"}, "handling", "Velg hva vedtaket gjør."),
    ],
)
def test_bad_input_on_the_sak_link_form(sek, delavtale, publisert, data, felt, melding):
    apen = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    utkast = services.avtale_create(slug="utkast", tittel="Utkast", art="delavtale")
    ids = {"__delavtale__": delavtale.pk, "__utkast__": utkast.pk}
    data = {k: ids.get(v, v) for k, v in data.items()}
    response = sek.post(f"/sak/{apen.pk}/avtale/", data)
    assert response.status_code == 400
    assert melding in _feil(response, felt), response.content.decode()[:3000]
    delavtale.refresh_from_db()
    assert delavtale.status == "vedtatt" and not delavtale.evalueringer.exists()
