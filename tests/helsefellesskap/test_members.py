"""The services of a body's members (helsefellesskap.members): a new person, a verv with its
rules («vara for», dates, the same role twice), the end of a verv and a new period that
changes every verv or none."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from helsefellesskap import members
from helsefellesskap.models import Verv
from tests.factories import OrganFactory, PartnerFactory, PersonFactory, VervFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def fsu(db):
    return OrganFactory(kortnavn="FSU", navn="Faglig samarbeidsutvalg")


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- Persons ------------------------------------------------------------------------------------


def test_a_new_person_is_saved_with_a_trimmed_address():
    partner = PartnerFactory(navn="Færder kommune")
    person = members.person_create(
        navn=" Kari Nordmann ", epost=" kari@faerder.kommune.no ", partner=partner, stilling="leder"
    )
    person.refresh_from_db()
    assert (person.navn, person.epost, person.partner, person.stilling) == (
        "Kari Nordmann",
        "kari@faerder.kommune.no",
        partner,
        "leder",
    )
    assert person.history.count() == 1


def test_an_address_another_person_has_is_refused_and_names_that_person():
    PersonFactory(navn="Kari Nordmann", epost="Kari@Example.org")
    with pytest.raises(ValidationError) as exc:
        members.person_create(navn="Kari Nordmann den andre", epost="kari@example.ORG")
    assert _errors(exc) == {
        "epost": [
            "Kari Nordmann har allerede denne e-postadressen. Velg Kari Nordmann som "
            "eksisterende person i stedet for å lage en ny."
        ]
    }
    assert members.person_with_epost("KARI@example.org").navn == "Kari Nordmann"


def test_people_without_address_are_no_duplicates():
    PersonFactory(navn="Uten Adresse", epost="")
    assert members.person_create(navn="Også Uten", epost="").pk


def test_over_long_name_is_refused_at_the_field():
    with pytest.raises(ValidationError) as exc:
        members.person_create(navn="x" * 201)
    assert "navn" in _errors(exc)


# --- A verv -------------------------------------------------------------------------------------


def test_a_verv_is_created_with_its_period_and_history(fsu):
    person = PersonFactory(navn="Ola")
    verv = members.verv_create(
        person=person,
        organ=fsu,
        rolle="leder",
        representerer=person.partner,
        fra=D(2026, 1, 1),
        til=D(2026, 12, 31),
        merknad=" Leder 2026 ",
    )
    verv.refresh_from_db()
    assert (verv.rolle, verv.fra, verv.til, verv.merknad) == (
        "leder",
        D(2026, 1, 1),
        D(2026, 12, 31),
        "Leder 2026",
    )
    assert verv.history.count() == 1


def test_til_before_fra_is_refused(fsu):
    with pytest.raises(ValidationError) as exc:
        members.verv_create(
            person=PersonFactory(), organ=fsu, rolle="medlem", fra=D(2026, 5, 2), til=D(2026, 5, 1)
        )
    assert _errors(exc) == {"til": ["«Til» kan ikke være før «fra»."]}


def test_a_date_outside_the_portals_years_is_refused(fsu):
    with pytest.raises(ValidationError) as exc:
        members.verv_create(person=PersonFactory(), organ=fsu, rolle="medlem", fra=D(1900, 1, 1))
    assert _errors(exc) == {"fra": ["Oppgi en dato mellom år 2000 og 2100."]}


def test_the_same_role_twice_in_overlapping_periods_is_refused(fsu):
    person = PersonFactory(navn="Ola")
    VervFactory(person=person, organ=fsu, rolle="medlem", fra=D(2024, 1, 1), til=D(2025, 12, 31))
    with pytest.raises(ValidationError) as exc:
        members.verv_create(person=person, organ=fsu, rolle="medlem", fra=D(2025, 6, 1))
    assert _errors(exc) == {
        "rolle": ["Ola er allerede medlem i FSU i denne perioden (fra 01.01.24 til 31.12.25)."]
    }
    # The day after the old one ends, and another role at the same time, are fine.
    members.verv_create(person=person, organ=fsu, rolle="medlem", fra=D(2026, 1, 1))
    members.verv_create(person=person, organ=fsu, rolle="leder", fra=D(2025, 6, 1))


# --- «Vara for» ---------------------------------------------------------------------------------


def test_a_varamedlem_stands_in_for_a_member_of_the_same_body(fsu):
    fast = VervFactory(organ=fsu, rolle="medlem", fra=D(2024, 1, 1)).person
    vara = members.verv_create(
        person=PersonFactory(), organ=fsu, rolle="varamedlem", fra=D(2025, 1, 1), vara_for=fast
    )
    assert list(fast.varaer.all()) == [vara]


def test_vara_for_is_only_for_varamedlemmer(fsu):
    fast = VervFactory(organ=fsu, rolle="medlem").person
    with pytest.raises(ValidationError) as exc:
        members.verv_create(
            person=PersonFactory(), organ=fsu, rolle="medlem", fra=D(2025, 1, 1), vara_for=fast
        )
    assert _errors(exc) == {"vara_for": ["«Vara for» gjelder bare varamedlemmer."]}


def test_vara_for_someone_outside_the_body_or_the_period_is_refused(fsu):
    utenfor = VervFactory(organ=OrganFactory(kortnavn="SSU"), rolle="medlem").person
    sluttet = VervFactory(organ=fsu, fra=D(2020, 1, 1), til=D(2023, 12, 31)).person
    for person in (utenfor, sluttet):
        with pytest.raises(ValidationError) as exc:
            members.verv_create(
                person=PersonFactory(),
                organ=fsu,
                rolle="varamedlem",
                fra=D(2025, 1, 1),
                vara_for=person,
            )
        assert _errors(exc) == {
            "vara_for": [
                "«Vara for» må være en som har verv i FSU i samme periode som varamedlemmet."
            ]
        }


def test_a_varamedlem_is_no_vara_for_themselves(fsu):
    person = VervFactory(organ=fsu, rolle="medlem").person
    with pytest.raises(ValidationError) as exc:
        members.verv_create(
            person=person, organ=fsu, rolle="varamedlem", fra=D(2025, 1, 1), vara_for=person
        )
    assert _errors(exc) == {"vara_for": ["Et varamedlem kan ikke være vara for seg selv."]}


def test_the_database_refuses_vara_for_on_another_role(fsu):
    from django.db import IntegrityError, transaction

    verv = VervFactory(organ=fsu, rolle="medlem")
    verv.vara_for = PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        verv.save()


# --- The end of a verv --------------------------------------------------------------------------


def test_a_verv_ends_on_the_day_given(fsu):
    verv = VervFactory(organ=fsu, fra=D(2024, 1, 1))
    members.verv_end(verv=verv, til=D(2026, 6, 30))
    verv.refresh_from_db()
    assert verv.til == D(2026, 6, 30)
    assert not verv.active_on(D(2026, 7, 1))
    assert verv.history.count() == 2


def test_a_verv_cannot_end_before_it_began(fsu):
    verv = VervFactory(organ=fsu, fra=D(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        members.verv_end(verv=verv, til=D(2023, 12, 31))
    assert _errors(exc) == {"til": ["Vervet kan ikke slutte før det begynte (01.01.24)."]}
    verv.refresh_from_db()
    assert verv.til is None
    # The day it began is its one day.
    members.verv_end(verv=verv, til=D(2024, 1, 1))


# --- A new period -------------------------------------------------------------------------------


@pytest.fixture
def fsu_2025(fsu):
    """FSU in 2025: the hospital leads, a municipality is nestleder, a member, a vara for the
    member."""
    leder = VervFactory(organ=fsu, rolle="leder", person=PersonFactory(navn="Sykehuset Leder"))
    nestleder = VervFactory(
        organ=fsu, rolle="nestleder", person=PersonFactory(navn="Kommunen Nestleder")
    )
    medlem = VervFactory(organ=fsu, rolle="medlem", person=PersonFactory(navn="Fast Medlem"))
    vara = VervFactory(
        organ=fsu,
        rolle="varamedlem",
        person=PersonFactory(navn="Vara Medlem"),
        vara_for=medlem.person,
    )
    return {"leder": leder, "nestleder": nestleder, "medlem": medlem, "vara": vara}


def test_a_new_period_rotates_the_leadership(fsu, fsu_2025):
    v = fsu_2025
    nye = members.verv_new_period(
        organ=fsu,
        fra=D(2026, 1, 1),
        roller={
            v["leder"].pk: "nestleder",
            v["nestleder"].pk: "leder",
            v["medlem"].pk: "medlem",
            v["vara"].pk: "varamedlem",
        },
    )
    assert len(nye) == 4
    for verv in v.values():
        verv.refresh_from_db()
        assert verv.til == D(2025, 12, 31)
    new = {
        x.person.navn: (x.rolle, x.fra, x.til, x.representerer_id, x.vara_for_id)
        for x in Verv.objects.filter(organ=fsu, fra=D(2026, 1, 1))
    }
    assert new == {
        "Sykehuset Leder": ("nestleder", D(2026, 1, 1), None, v["leder"].representerer_id, None),
        "Kommunen Nestleder": ("leder", D(2026, 1, 1), None, v["nestleder"].representerer_id, None),
        "Fast Medlem": ("medlem", D(2026, 1, 1), None, v["medlem"].representerer_id, None),
        "Vara Medlem": (
            "varamedlem",
            D(2026, 1, 1),
            None,
            v["vara"].representerer_id,
            v["medlem"].person_id,
        ),
    }
    assert [x.person.navn for x in fsu.verv_on(D(2026, 1, 1)).filter(rolle="leder")] == [
        "Kommunen Nestleder"
    ]


def test_those_who_do_not_go_on_end_and_their_varas_stand_in_for_nobody(fsu, fsu_2025):
    v = fsu_2025
    nye = members.verv_new_period(
        organ=fsu,
        fra=D(2026, 1, 1),
        roller={
            v["leder"].pk: "leder",
            v["nestleder"].pk: "nestleder",
            v["medlem"].pk: None,
            v["vara"].pk: "varamedlem",
        },
    )
    assert sorted(x.person.navn for x in nye) == [
        "Kommunen Nestleder",
        "Sykehuset Leder",
        "Vara Medlem",
    ]
    assert Verv.objects.get(organ=fsu, fra=D(2026, 1, 1), rolle="varamedlem").vara_for is None
    v["medlem"].refresh_from_db()
    assert v["medlem"].til == D(2025, 12, 31)


def _state(organ) -> list[tuple]:
    return sorted(
        Verv.objects.filter(organ=organ).values_list("person__navn", "rolle", "fra", "til")
    )


def test_a_new_period_is_all_or_nothing(fsu, fsu_2025):
    v = fsu_2025
    # The member already has a verv as leder from 2026: making them leder again in the new
    # period is refused, after the other rows were written.
    VervFactory(organ=fsu, person=v["medlem"].person, rolle="leder", fra=D(2026, 6, 1))
    before = _state(fsu)
    history = sum(x.history.count() for x in Verv.objects.filter(organ=fsu))
    with pytest.raises(ValidationError) as exc:
        members.verv_new_period(
            organ=fsu,
            fra=D(2026, 1, 1),
            roller={
                v["leder"].pk: "nestleder",
                v["nestleder"].pk: "leder",
                v["medlem"].pk: "leder",
                v["vara"].pk: "varamedlem",
            },
        )
    assert _errors(exc) == {
        f"rolle-{v['medlem'].pk}": [
            "Fast Medlem er allerede leder i FSU i denne perioden (fra 01.06.26)."
        ]
    }
    assert _state(fsu) == before
    assert sum(x.history.count() for x in Verv.objects.filter(organ=fsu)) == history


def test_a_new_period_must_begin_after_the_verv_it_ends(fsu, fsu_2025):
    v = fsu_2025
    before = _state(fsu)
    with pytest.raises(ValidationError) as exc:
        members.verv_new_period(
            organ=fsu,
            fra=D(2023, 1, 1),
            roller={x.pk: x.rolle for x in v.values()},
        )
    # Every verv began 01.01.23 (the factory's date): one message per verv.
    assert len(_errors(exc)["fra"]) == 4
    assert "Den nye perioden må begynne etter 01.01.23, da vervet til" in _errors(exc)["fra"][0]
    assert _state(fsu) == before


def test_a_new_period_refuses_an_unknown_role_and_verv_of_another_body(fsu, fsu_2025):
    v = fsu_2025
    with pytest.raises(ValidationError) as exc:
        members.verv_new_period(organ=fsu, fra=D(2026, 1, 1), roller={v["leder"].pk: "konge"})
    assert _errors(exc) == {f"rolle-{v['leder'].pk}": ["Velg en rolle i listen."]}
    annen = VervFactory(organ=OrganFactory(kortnavn="AU"))
    with pytest.raises(ValidationError) as exc:
        members.verv_new_period(organ=fsu, fra=D(2026, 1, 1), roller={annen.pk: "medlem"})
    assert _errors(exc) == {"fra": ["Listen over verv er endret. Last siden på nytt."]}
    annen.refresh_from_db()
    assert annen.til is None


def test_the_overview_splits_current_future_and_ended_verv(fsu):
    idag = D(2026, 6, 1)
    leder = VervFactory(organ=fsu, rolle="leder", person=PersonFactory(navn="B Leder"))
    medlem = VervFactory(organ=fsu, rolle="medlem", person=PersonFactory(navn="A Medlem"))
    sek = VervFactory(organ=fsu, rolle="sekretariat", person=PersonFactory(navn="C Sek"))
    senere = VervFactory(organ=fsu, rolle="medlem", fra=D(2027, 1, 1))
    sluttet = VervFactory(organ=fsu, rolle="medlem", til=D(2025, 12, 31))
    sluttet_sist = VervFactory(organ=fsu, rolle="leder", til=D(2026, 5, 31))
    oversikt = members.medlemsoversikt(organ=fsu, dato=idag)
    assert [(g.rolle, [v.pk for v in g.verv]) for g in oversikt.grupper] == [
        ("leder", [leder.pk]),
        ("medlem", [medlem.pk]),
        ("sekretariat", [sek.pk]),
    ]
    assert oversikt.fremtidige == [senere]
    assert oversikt.tidligere == [sluttet_sist, sluttet]


# --- Editing a person ---------------------------------------------------------------------------


def test_person_update_changes_the_fields_given_and_records_it():
    arbeidssted = PartnerFactory(navn="Færder kommune")
    person = PersonFactory(navn="Kari Nordmann", epost="kari@example.org", stilling="rådgiver")
    members.person_update(
        person=person, navn=" Kari Nordmann Berg ", partner=arbeidssted, telefon="33 00 00 00"
    )
    person.refresh_from_db()
    assert (person.navn, person.epost, person.stilling, person.partner, person.telefon) == (
        "Kari Nordmann Berg",
        "kari@example.org",
        "rådgiver",
        arbeidssted,
        "33 00 00 00",
    )
    assert [h.navn for h in person.history.order_by("history_date")] == [
        "Kari Nordmann",
        "Kari Nordmann Berg",
    ]


def test_person_update_refuses_another_persons_address_in_any_case():
    PersonFactory(navn="Guro Winsvold", epost="guro@example.org")
    person = PersonFactory(navn="Kari Nordmann", epost="kari@example.org")
    with pytest.raises(ValidationError) as exc:
        members.person_update(person=person, epost=" Guro@Example.org ")
    assert _errors(exc) == {"epost": ["Guro Winsvold har allerede denne e-postadressen."]}
    person.refresh_from_db()
    assert person.epost == "kari@example.org"
    # One's own address in another case is no conflict.
    members.person_update(person=person, epost="Kari@Example.org")
    person.refresh_from_db()
    assert person.epost == "Kari@Example.org"


def test_person_update_refuses_an_empty_name_and_a_bad_address():
    person = PersonFactory(navn="Kari Nordmann", epost="kari@example.org")
    with pytest.raises(ValidationError) as exc:
        members.person_update(person=person, navn="  ", epost="kari.example.org")
    assert set(_errors(exc)) == {"navn"}
    with pytest.raises(ValidationError) as exc:
        members.person_update(person=person, epost="kari.example.org")
    assert set(_errors(exc)) == {"epost"}
    assert person.history.count() == 1


def test_person_update_keeps_the_logins_address_in_step_when_it_has_one():
    from tests.factories import UserFactory

    med = PersonFactory(epost="a@example.org", bruker=UserFactory(email="a@example.org"))
    uten = PersonFactory(epost="b@example.org", bruker=UserFactory(email=""))
    members.person_update(person=med, epost="ny-a@example.org")
    members.person_update(person=uten, epost="ny-b@example.org")
    med.bruker.refresh_from_db()
    uten.bruker.refresh_from_db()
    assert med.bruker.email == "ny-a@example.org"
    assert uten.bruker.email == ""  # the portal reads the person's address first
