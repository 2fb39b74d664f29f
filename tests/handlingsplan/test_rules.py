"""The action plan's rules: the sums of a grant (allocated, spent, remaining, overspend, an
allocation above the grant flagged) computed in the database, a status report moving its
tiltak and leaving a history, and what the public may see of plans, tiltak and funding."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from handlingsplan import access, services
from handlingsplan.models import Handlingsplan, Status, Tilskudd, Tiltak

D = datetime.date
pytestmark = pytest.mark.django_db


def _summer(tilskudd, user=None):
    return services.tilskudd_summer(Tilskudd.objects.filter(pk=tilskudd.pk), user).get()


def test_spending_above_the_allocation_is_the_overspend(plan):
    t = services.tildeling_set(
        tilskudd=plan["tilskudd"], tiltak=plan["moteserie"], aar=2025, belop=700_000
    )
    services.forbruk_add(tildeling=t, dato=D(2025, 12, 31), belop=400_000, tekst="Høsten 2025")
    services.forbruk_add(tildeling=t, dato=D(2026, 4, 30), belop=408_985, tekst="Våren 2026")
    rad = services.tildelinger_summer(type(t).objects.filter(pk=t.pk)).get()
    assert (rad.brukt, rad.igjen, rad.merforbruk) == (808_985, -108_985, 108_985)
    g = _summer(plan["tilskudd"])
    assert (g.tildelt, g.brukt, g.igjen, g.merforbruk) == (700_000, 808_985, -108_985, 108_985)
    assert g.overtildelt is False


def test_allocating_above_the_grant_is_allowed_and_flagged(plan):
    services.tildeling_set(
        tilskudd=plan["tilskudd"], tiltak=plan["moteserie"], aar=2024, belop=500_000
    )
    assert _summer(plan["tilskudd"]).overtildelt is False
    services.tildeling_set(
        tilskudd=plan["tilskudd"], tiltak=plan["vitality"], aar=2024, belop=300_000
    )
    g = _summer(plan["tilskudd"])
    assert (g.tildelt, g.brukt, g.igjen, g.overtildelt) == (800_000, 0, 700_000, True)
    # Changing an allocation replaces it, it does not add one.
    services.tildeling_set(
        tilskudd=plan["tilskudd"], tiltak=plan["vitality"], aar=2024, belop=200_000
    )
    g = _summer(plan["tilskudd"])
    assert (g.tildelt, g.overtildelt) == (700_000, False)


def test_several_allocations_and_spendings_are_summed_without_doubling(plan):
    """Two allocations with spending each: the grant's sums are not multiplied by the join."""
    a = services.tildeling_set(
        tilskudd=plan["tilskudd"], tiltak=plan["vitality"], aar=2024, belop=100
    )
    b = services.tildeling_set(
        tilskudd=plan["tilskudd"], tiltak=plan["moteserie"], aar=2024, belop=200
    )
    for t, belop in [(a, 10), (a, 20), (b, 5), (b, 7), (b, 9)]:
        services.forbruk_add(tildeling=t, dato=D(2024, 6, 1), belop=belop, tekst="Faktura")
    g = _summer(plan["tilskudd"])
    assert (g.tildelt, g.brukt, g.igjen) == (300, 51, 700_000 - 51)
    aar = services.per_aar(services.tilskudd_summer(Tilskudd.objects.all()))
    assert [(x.aar, x.innvilget, x.tildelt, x.brukt, x.igjen) for x in aar] == [
        (2024, 700_000, 300, 51, 700_000 - 51)
    ]


def test_a_grant_without_an_amount_has_no_remaining_and_no_warning(plan):
    uten = services.tilskudd_create(kilde="Prosjekt X", aar=2026)
    services.tildeling_set(tilskudd=uten, tiltak=plan["vitality"], aar=2026, belop=50_000)
    g = _summer(uten)
    assert (g.tildelt, g.igjen, g.overtildelt, g.merforbruk) == (50_000, None, False, 0)


def test_a_status_report_moves_the_tiltak_and_keeps_its_history(plan, publisert):
    from saker.models import Sak

    sak = Sak.objects.get(mote=publisert, tittel="Årsmelding 2023")
    tiltak = plan["moteserie"]
    services.statusrapport_add(
        tiltak=tiltak, dato=D(2025, 9, 1), status=Status.PAGAR, tekst="Oppstart."
    )
    services.statusrapport_add(
        tiltak=tiltak,
        dato=D(2026, 5, 7),
        status=Status.FULLFORT,
        tekst="Evaluert.",
        rapportert_i=sak,
    )
    # An older report filled in afterwards: kept in the history, the status stays.
    services.statusrapport_add(
        tiltak=tiltak, dato=D(2025, 12, 1), status=Status.UTSATT, tekst="Pause i desember."
    )
    tiltak.refresh_from_db()
    assert tiltak.status == Status.FULLFORT
    assert [(r.dato, r.status) for r in tiltak.statusrapporter.all()] == [
        (D(2026, 5, 7), "fullfort"),
        (D(2025, 12, 1), "utsatt"),
        (D(2025, 9, 1), "pagar"),
    ]
    assert list(tiltak.history.values_list("status", flat=True))[:3] == [
        "fullfort",
        "pagar",
        "planlagt",
    ]
    assert sak.statusrapporter.count() == 1


def test_a_report_names_one_sak_not_two(plan, publisert):
    from saker.models import Sak

    with pytest.raises(ValidationError) as feil:
        services.statusrapport_add(
            tiltak=plan["vitality"],
            dato=D(2024, 1, 25),
            status=Status.PAGAR,
            tekst="x",
            rapportert_i=Sak.objects.filter(mote=publisert).first(),
            rapportert_i_tekst="FSU-sak 2024.4",
        )
    assert "rapportert_i_tekst" in feil.value.message_dict


def test_two_plans_for_one_year_are_refused(plan):
    with pytest.raises(ValidationError) as feil:
        services.handlingsplan_create(aar=2024)
    assert feil.value.message_dict["aar"] == [
        "Det finnes allerede en handlingsplan for dette året."
    ]


def test_the_public_sees_published_plans_only(plan, utkastplan, sekretariat):
    anonym = AnonymousUser()
    assert set(Handlingsplan.objects.visible_to(anonym).values_list("aar", flat=True)) == {2024}
    assert Tiltak.objects.filter(access.tiltak_visible_q(anonym)).count() == 2
    assert not access.can_view_tiltak(anonym, utkastplan["tiltak"])
    assert access.can_view_tiltak(sekretariat, utkastplan["tiltak"])
    assert Handlingsplan.objects.visible_to(sekretariat).count() == 2


def test_a_drafts_allocations_count_in_no_public_sum(plan, utkastplan):
    services.tildeling_set(
        tilskudd=plan["tilskudd"], tiltak=plan["vitality"], aar=2024, belop=100_000
    )
    skjult = services.tildeling_set(
        tilskudd=plan["tilskudd"], tiltak=utkastplan["tiltak"], aar=2099, belop=900_000
    )
    services.forbruk_add(tildeling=skjult, dato=D(2099, 1, 1), belop=1_234, tekst="Hemmelig")
    offentlig = _summer(plan["tilskudd"], AnonymousUser())
    assert (offentlig.tildelt, offentlig.brukt, offentlig.overtildelt) == (100_000, 0, False)
    alt = _summer(plan["tilskudd"])
    assert (alt.tildelt, alt.brukt, alt.overtildelt) == (1_000_000, 1_234, True)
