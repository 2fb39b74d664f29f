import datetime

import pytest
from django.core.exceptions import ValidationError

from moter import services
from moter.models import Mote
from tests.factories import MoteFactory, OrganFactory, oslo

pytestmark = pytest.mark.django_db


def test_no_held_meeting_before_the_innkalling_is_sent():
    mote = MoteFactory(start=oslo(2024, 2, 29, 13))
    with pytest.raises(services.MoteStateError):
        services.mote_set_avholdt(mote=mote)


def test_meeting_cannot_be_held_before_it_starts():
    mote = MoteFactory(start=oslo(2030, 1, 1, 13), status=Mote.Status.INNKALT)
    with pytest.raises(services.MoteStateError) as exc:
        services.mote_set_avholdt(mote=mote, naa=oslo(2029, 12, 31, 9))
    assert "før det har startet" in exc.value.messages[0]
    mote = services.mote_set_avholdt(mote=mote, naa=oslo(2030, 1, 1, 16))
    assert mote.status == Mote.Status.AVHOLDT


def test_held_meeting_can_be_neither_moved_nor_cancelled():
    mote = MoteFactory(status=Mote.Status.AVHOLDT)
    with pytest.raises(services.MoteStateError):
        services.mote_move(mote=mote, start=oslo(2024, 3, 1, 13))
    with pytest.raises(services.MoteStateError):
        services.mote_cancel(mote=mote, begrunnelse="Sykdom")


def test_moved_meeting_keeps_its_first_time_in_history():
    mote = MoteFactory(start=oslo(2024, 2, 22, 13), slutt=None)
    services.mote_move(mote=mote, start=oslo(2024, 2, 29, 13))
    services.mote_move(mote=mote, start=oslo(2024, 3, 7, 13))
    mote.refresh_from_db()
    assert mote.flyttet_fra == oslo(2024, 2, 22, 13)
    assert [h.history_change_reason for h in mote.history.order_by("history_date")][-1] == (
        "Møtet er flyttet"
    )
    assert mote.history.count() == 3


def test_end_before_start_is_refused_with_a_message_at_the_field():
    organ = OrganFactory()
    with pytest.raises(ValidationError) as exc:
        services.mote_create(organ=organ, start=oslo(2024, 2, 29, 13), slutt=oslo(2024, 2, 29, 12))
    assert exc.value.message_dict["slutt"] == ["Møtet må slutte etter at det starter."]


def test_publishing_needs_a_sent_innkalling():
    mote = MoteFactory()
    with pytest.raises(services.MoteStateError):
        services.innkalling_publish(mote=mote)


def test_overlapping_meetings_of_a_body_are_found():
    organ = OrganFactory()
    a = MoteFactory(organ=organ, start=oslo(2024, 2, 29, 13), slutt=oslo(2024, 2, 29, 15))
    MoteFactory(organ=organ, start=oslo(2024, 2, 29, 16), slutt=oslo(2024, 2, 29, 17))
    hits = services.moter_overlapping(
        organ=organ, start=oslo(2024, 2, 29, 14), slutt=oslo(2024, 2, 29, 15, 30)
    )
    assert hits == [a]


@pytest.mark.parametrize(
    ("tekst", "datoer"),
    [
        ("FSU 2/5, 5/9, 7/11", [(2026, 5, 2), (2026, 9, 5), (2026, 11, 7)]),
        ("2.5.2026; 5.9", [(2026, 5, 2), (2026, 9, 5)]),
        ("7/11/27", [(2027, 11, 7)]),
    ],
)
def test_meeting_plan_is_read_as_written_in_the_seeds(tekst, datoer):
    assert services.moteplan_parse(tekst, aar=2026) == [datetime.date(*d) for d in datoer]


def test_meeting_plan_refuses_a_date_that_already_has_a_meeting():
    organ = OrganFactory(kortnavn="FSU")
    MoteFactory(organ=organ, start=oslo(2026, 5, 2, 9))
    with pytest.raises(ValidationError) as exc:
        services.moteplan_create(
            organ=organ,
            datoer=[datetime.date(2026, 5, 2), datetime.date(2026, 9, 5)],
            starttid=datetime.time(9),
        )
    assert exc.value.message_dict["datoer"] == ["FSU har allerede møte 02.05.26."]
    assert Mote.objects.count() == 1


def test_the_year_range_and_place_or_link_are_the_meetings_own_rules():
    mote = MoteFactory()
    with pytest.raises(ValidationError) as exc:
        services.mote_move(mote=mote, start=oslo(2101, 2, 1, 13))
    assert exc.value.message_dict["start"] == ["Oppgi en dato mellom år 2000 og 2100."]
    with pytest.raises(ValidationError) as exc:
        services.mote_create(organ=mote.organ, start=oslo(1999, 12, 31, 13), sted="SiV")
    assert exc.value.message_dict["start"] == ["Oppgi en dato mellom år 2000 og 2100."]
    with pytest.raises(ValidationError) as exc:
        services.mote_update(mote=mote, sted=" ", digital_lenke="")
    assert exc.value.message_dict["sted"] == ["Fyll ut møtested eller lenke til digitalt møte."]
    assert services.mote_update(mote=mote, sted="", digital_lenke="https://teams.example/m")
