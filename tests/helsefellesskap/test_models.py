import datetime

import pytest
from django.core.exceptions import ValidationError

from helsefellesskap.models import Organ, Verv
from helsefellesskap.services import medlemsliste, organkart
from tests.factories import OrganFactory, PersonFactory, VervFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hierarchy():
    pm = OrganFactory(kortnavn="PM", navn="Partnerskapsmøtet", type=Organ.Type.PARTNERSKAPSMOTE)
    ssu = OrganFactory(kortnavn="SSU", rapporterer_til=pm, type=Organ.Type.STRATEGISK)
    fsu = OrganFactory(kortnavn="FSU", rapporterer_til=ssu, type=Organ.Type.FAGLIG)
    hr = OrganFactory(kortnavn="FU-HR", rapporterer_til=ssu)
    fastleger = OrganFactory(kortnavn="FU-FL", rapporterer_til=fsu)
    return pm, ssu, fsu, hr, fastleger


def test_reporting_line_runs_up_to_the_partnership_meeting(hierarchy):
    pm, ssu, fsu, hr, fastleger = hierarchy
    assert fastleger.rapporteringslinje() == [fsu, ssu, pm]
    assert hr.rapporteringslinje() == [ssu, pm]


def test_org_chart_puts_hr_beside_fsu_under_ssu(hierarchy):
    pm, ssu, fsu, hr, fastleger = hierarchy
    [rot] = organkart()
    assert rot.organ == pm
    [ssu_node] = rot.barn
    assert {n.organ for n in ssu_node.barn} == {fsu, hr}
    fsu_node = next(n for n in ssu_node.barn if n.organ == fsu)
    assert [n.organ for n in fsu_node.barn] == [fastleger]


def test_inactive_body_is_left_out_of_the_chart(hierarchy):
    pm, ssu, fsu, hr, fastleger = hierarchy
    fastleger.aktiv_til = datetime.date(2020, 12, 31)
    fastleger.save()
    fsu_node = next(n for n in organkart()[0].barn[0].barn if n.organ == fsu)
    assert fsu_node.barn == []


def test_reporting_line_cannot_loop(hierarchy):
    pm, ssu, fsu, hr, fastleger = hierarchy
    pm.rapporterer_til = fastleger
    with pytest.raises(ValidationError) as exc:
        pm.full_clean()
    assert "rapportere til seg selv" in exc.value.message_dict["rapporterer_til"][0]


def test_members_on_a_date_follow_the_periods_of_their_verv():
    fsu = OrganFactory(kortnavn="FSU")
    leder_2023 = VervFactory(
        organ=fsu,
        rolle=Verv.Rolle.LEDER,
        fra=datetime.date(2023, 1, 1),
        til=datetime.date(2023, 12, 31),
    )
    leder_2024 = VervFactory(organ=fsu, rolle=Verv.Rolle.LEDER, fra=datetime.date(2024, 1, 1))
    VervFactory(
        organ=fsu, rolle=Verv.Rolle.MEDLEM, person=leder_2023.person, fra=datetime.date(2024, 1, 1)
    )

    in_2023 = {v.person for v in fsu.verv_on(datetime.date(2023, 6, 1))}
    assert in_2023 == {leder_2023.person}
    on_2024 = fsu.verv_on(datetime.date(2024, 1, 1))
    assert {(v.person, v.rolle) for v in on_2024} == {
        (leder_2024.person, "leder"),
        (leder_2023.person, "medlem"),
    }
    # The last day of a verv still counts.
    assert fsu.verv_on(datetime.date(2023, 12, 31)).get().person == leder_2023.person


def test_member_list_is_grouped_by_role_in_the_seeds_order():
    ssu = OrganFactory(kortnavn="SSU")
    for rolle in ["sekretariat", "medlem", "varamedlem", "leder", "medlem"]:
        VervFactory(organ=ssu, rolle=rolle)
    grupper = medlemsliste(organ=ssu, dato=datetime.date(2024, 2, 29))
    assert [g.rolle_navn for g in grupper] == ["Leder", "Medlem", "Varamedlem", "Sekretariat"]
    assert len(grupper[1].verv) == 2


def test_verv_ending_before_it_starts_is_refused():
    verv = VervFactory.build(
        person=PersonFactory(),
        organ=OrganFactory(),
        fra=datetime.date(2024, 5, 1),
        til=datetime.date(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as exc:
        verv.full_clean()
    assert exc.value.message_dict["til"] == ["«Til» kan ikke være før «fra»."]


def test_changes_are_recorded_in_history():
    organ = OrganFactory(mandat="Første mandat")
    organ.mandat = "Revidert mandat"
    organ.save()
    assert [h.mandat for h in organ.history.order_by("history_date")] == [
        "Første mandat",
        "Revidert mandat",
    ]
