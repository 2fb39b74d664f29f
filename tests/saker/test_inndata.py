"""No input gives a 500: query parameters of the lists, attendance, posts on a sak in the queue.
Run against PostgreSQL (make test), which refuses what SQLite silently stores."""

import pytest
from django.contrib.messages import get_messages

from saker import services
from saker.models import Inhabilitet, Oppfolging

pytestmark = pytest.mark.django_db


def _meldinger(svar) -> list[str]:
    return [str(m) for m in get_messages(svar.wsgi_request)]


# --- Query parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sporring", "merknad"),
    [
        ("aar=-1", "Oppgi et år mellom 2000 og 2100."),
        ("aar=99999999999999999999", "Oppgi et år mellom 2000 og 2100."),
        ("aar=" + "9" * 5000, "Oppgi et årstall, f.eks. 2026."),
        ("aar=abc", "Oppgi et årstall, f.eks. 2026."),
        ("organ=%00", "Filteret «Organ» ble ikke brukt"),
        ("organ=" + "x" * 500, "Filteret «Organ» ble ikke brukt"),
        ("organ=finnes-ikke", "Fant ikke organet."),
    ],
)
@pytest.mark.parametrize("side", ["/vedtak/", "/oppfolging/"])
def test_bad_filter_is_ignored_with_a_notice(sek, mote, side, sporring, merknad):
    svar = sek.get(f"{side}?{sporring}")
    assert svar.status_code == 200
    assert merknad in svar.content.decode()


def test_bad_filter_is_ignored_for_the_public_too(client, publisert):
    svar = client.get("/vedtak/?aar=-1&organ=%00")
    assert svar.status_code == 200
    html = svar.content.decode()
    assert "Filteret «År» ble ikke brukt" in html and "Filteret «Organ» ble ikke brukt" in html


def test_a_good_filter_still_filters_next_to_a_bad_one(sek, mote):
    svar = sek.get("/vedtak/?aar=-1&organ=ssu")
    assert svar.status_code == 200
    assert svar.context["organ"].kortnavn == "SSU" and svar.context["aar"] is None


@pytest.mark.parametrize("status", ["%00", "tull", "x" * 5000], ids=["nul", "ukjent", "lang"])
def test_follow_up_status_filter_refuses_unknown_values(sek, mote, status):
    svar = sek.get(f"/oppfolging/?status={status}")
    assert svar.status_code == 200
    assert "Filteret «Status» ble ikke brukt: Velg en av statusene i listen." in (
        svar.content.decode()
    )


@pytest.mark.parametrize(
    "dato", ["0001-01-01", "9999-12-31", "2026-02-30", "%00", "1" * 5000, "2101-01-01"]
)
def test_body_page_ignores_a_bad_date_with_a_notice(client, ssu, dato):
    svar = client.get(f"/organ/{ssu.slug}/?dato={dato}")
    assert svar.status_code == 200
    assert "Filteret «Dato» ble ikke brukt" in svar.content.decode()


@pytest.mark.parametrize("sti", ["/organ/%00/", "/organ/%00/moteplan/", "/organ/%00/sak/ny/"])
def test_nul_in_a_body_address_is_the_portals_404(sek, ssu, sti):
    svar = sek.get(sti)
    assert svar.status_code == 404
    assert "Siden finnes ikke" in svar.content.decode()


@pytest.mark.parametrize("organ", ["%00", "x" * 500, "finnes-ikke"])
def test_secretariat_queue_shortcut_answers_404_for_a_bad_body(sek, ssu, organ):
    assert sek.get(f"/sekretariat/?organ={organ}").status_code == 404
    assert sek.get(f"/sekretariat/mote/ny/?organ={organ}").status_code == 200


# --- Posts on a sak in the queue ------------------------------------------------------------------


@pytest.fixture
def i_ko(ssu):
    return services.sak_create(organ=ssu, mote=None, tittel="Venter på et møte")


@pytest.mark.parametrize(
    ("handling", "post"),
    [
        ("oppfolging", {"beskrivelse": "Følges opp"}),
        ("inhabil", {"begrunnelse": "Nær familie"}),
        ("godkjenn-referat", {}),
        ("referat", {"protokoll": "Drøftet", "vedtak": "Tatt til orientering"}),
    ],
)
def test_referat_posts_on_a_sak_in_the_queue_are_404(sek, i_ko, handling, post):
    svar = sek.post(f"/sak/{i_ko.pk}/{handling}/", post)
    assert svar.status_code == 404
    assert "Siden finnes ikke" in svar.content.decode()
    assert not Oppfolging.objects.exists() and not Inhabilitet.objects.exists()


def test_services_refuse_a_sak_in_the_queue_in_norwegian(i_ko, medlem):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="står ikke på noe møte"):
        services.oppfolging_legg_til(sak=i_ko, beskrivelse="Følges opp")
    with pytest.raises(ValidationError, match="står ikke på noe møte"):
        services.inhabilitet_registrer(sak=i_ko, person=medlem.person, begrunnelse="Familie")
