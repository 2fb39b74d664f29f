import pytest
from django.db import transaction

from moter import services as mote_services
from moter.display import schedule
from moter.models import Mote
from saker import services
from saker.models import Sak
from tests.factories import MoteFactory, OrganFactory, oslo

pytestmark = pytest.mark.django_db


def agenda(mote):
    return [(s.saksnr, s.tittel) for s in mote.saker.order_by("rekkefolge")]


@pytest.fixture
def ssu():
    return OrganFactory(kortnavn="SSU", saksnummerformat="{aar}.{nr}")


def test_new_meeting_gets_the_standard_items_numbered_in_the_bodys_format(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="Big Room SiV"
    )
    assert agenda(mote) == [
        ("2024.1", "Godkjenning av innkalling og dagsorden"),
        ("2024.2", "Referat fra forrige møte"),
        ("", "Eventuelt"),
    ]


def test_other_format_numbers_as_14_26():
    organ = OrganFactory(kortnavn="AU", saksnummerformat="{nr}/{aa}")
    mote = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2026, 5, 7, 12, 30), sted="Tønsberg"
    )
    services.sak_create(organ=organ, mote=mote, tittel="Strategi", sakstyper=["beslutning"])
    assert [s for s, _ in agenda(mote)] == ["1/26", "2/26", "3/26", ""]


def test_draft_agenda_is_numbered_gap_free_in_agenda_order(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    a = services.sak_create(organ=ssu, mote=mote, tittel="A", sakstyper=["orientering"])
    b = services.sak_create(organ=ssu, mote=mote, tittel="B", sakstyper=["diskusjon"])
    services.sak_create(organ=ssu, mote=mote, type=Sak.Type.PAUSE, tittel="Pause")
    c = services.sak_create(organ=ssu, mote=mote, tittel="C", sakstyper=["beslutning"])
    assert agenda(mote)[2:] == [
        ("2024.3", "A"),
        ("2024.4", "B"),
        ("", "Pause"),
        ("2024.5", "C"),
        ("", "Eventuelt"),
    ]

    services.saksliste_move(sak=c, retning="opp")
    services.saksliste_move(sak=c, retning="opp")
    assert agenda(mote)[2:5] == [("2024.3", "A"), ("2024.4", "C"), ("2024.5", "B")]

    services.sak_delete(sak=a)
    services.sak_remove_from_mote(sak=b)
    assert agenda(mote)[2:] == [("2024.3", "C"), ("", "Pause"), ("", "Eventuelt")]
    b.refresh_from_db()
    assert b.mote is None and b.saksnr == ""  # back in the sakskø


def test_a_sak_taken_off_its_meeting_meanwhile_cannot_be_moved(ssu):
    # The agenda editor was loaded while the saker were on the meeting; someone else has since
    # put them back in the sakskø.
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    a = services.sak_create(organ=ssu, mote=mote, tittel="A", sakstyper=["orientering"])
    b = services.sak_create(organ=ssu, mote=mote, tittel="B", sakstyper=["diskusjon"])
    services.sak_remove_from_mote(sak=Sak.objects.get(pk=a.pk))
    services.sak_remove_from_mote(sak=Sak.objects.get(pk=b.pk))

    for retning in ("opp", "ned"):
        with pytest.raises(services.SakError) as exc:
            services.saksliste_move(sak=a, retning=retning)
        assert exc.value.messages == ["Saken står ikke på noe møte."]
    assert set(Sak.objects.filter(mote=None).values_list("tittel", flat=True)) == {"A", "B"}


def test_sent_agenda_keeps_its_numbers(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    a = services.sak_create(organ=ssu, mote=mote, tittel="A", sakstyper=["orientering"])
    services.sak_create(organ=ssu, mote=mote, tittel="B", sakstyper=["orientering"])
    services.innkalling_send(mote=mote)
    mote.refresh_from_db()
    assert mote.status == Mote.Status.INNKALT

    # Withdrawn: keeps its number, marked trukket.
    services.sak_remove_from_mote(sak=a)
    a.refresh_from_db()
    assert (a.saksnr, a.status) == ("2024.3", "trukket")
    # Added after sending: the next free number, placed before Eventuelt.
    services.sak_create(organ=ssu, mote=mote, tittel="Ny", sakstyper=["orientering"])
    assert agenda(mote)[-2:] == [("2024.5", "Ny"), ("", "Eventuelt")]
    assert [s for s, _ in agenda(mote)] == ["2024.1", "2024.2", "2024.3", "2024.4", "2024.5", ""]


def test_later_draft_follows_a_sent_meeting_and_earlier_numbers_never_move(ssu):
    feb = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    mai = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    assert [s for s, _ in agenda(mai)] == ["2024.3", "2024.4", ""]

    services.innkalling_send(mote=feb)
    services.sak_create(organ=ssu, mote=feb, tittel="Sen sak", sakstyper=["orientering"])
    assert [s for s, _ in agenda(feb)] == ["2024.1", "2024.2", "2024.3", ""]
    assert [s for s, _ in agenda(mai)] == ["2024.4", "2024.5", ""]


def test_numbering_starts_again_each_year(ssu):
    services.mote_create_with_standard_items(organ=ssu, start=oslo(2023, 11, 23, 13), sted="SiV")
    jan = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 1, 10, 13), sted="SiV"
    )
    assert agenda(jan)[0][0] == "2024.1"


def test_bodies_number_independently(ssu):
    fsu = OrganFactory(kortnavn="FSU", saksnummerformat="{aar}.{nr}")
    services.mote_create_with_standard_items(organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV")
    m = services.mote_create_with_standard_items(organ=fsu, start=oslo(2024, 2, 29, 9), sted="SiV")
    assert agenda(m)[0][0] == "2024.1"


def test_eventuelt_gets_a_number_once_it_has_a_decision(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    eventuelt = mote.saker.get(tittel="Eventuelt")
    services.sak_update(sak=eventuelt, vedtak="Saken følges opp i neste møte.")
    eventuelt.refresh_from_db()
    assert eventuelt.saksnr == "2024.3"


def test_moving_a_sak_to_a_meeting_of_another_body_is_refused(ssu):
    fsu = OrganFactory(kortnavn="FSU")
    mote = services.mote_create_with_standard_items(
        organ=fsu, start=oslo(2024, 2, 29, 9), sted="SiV"
    )
    sak = services.sak_create(organ=ssu, tittel="I køen", sakstyper=["orientering"])
    with pytest.raises(services.SakError) as exc:
        services.sak_place(sak=sak, mote=mote)
    assert "hører til SSU" in exc.value.messages[0]


def test_moving_a_sak_to_the_meeting_it_is_on_is_refused_and_changes_nothing(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    services.sak_create(organ=ssu, mote=mote, tittel="Første", sakstyper=["orientering"])
    services.sak_create(organ=ssu, mote=mote, tittel="Andre", sakstyper=["orientering"])
    for_ = agenda(mote)
    sak = mote.saker.get(tittel="Første")
    with pytest.raises(services.SakError) as exc:
        services.sak_place(sak=sak, mote=mote)
    assert exc.value.messages == ["Saken står allerede på dette møtet."]
    assert agenda(mote) == for_


def test_sak_from_the_queue_is_placed_before_eventuelt(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    sak = services.sak_create(organ=ssu, tittel="Fra køen", sakstyper=["orientering"])
    assert sak.saksnr == ""
    services.sak_place(sak=sak, mote=mote)
    assert agenda(mote)[-2:] == [("2024.3", "Fra køen"), ("", "Eventuelt")]


def test_sending_an_incomplete_agenda_says_what_is_missing(ssu):
    mote = MoteFactory(organ=ssu, sted="")
    with pytest.raises(services.SakError) as exc:
        services.innkalling_send(mote=mote)
    assert "Sakslisten er tom." in exc.value.messages
    assert "Møtet mangler møtested eller lenke til digitalt møte." in exc.value.messages
    mote.refresh_from_db()
    assert mote.status == Mote.Status.PLANLAGT


def test_duplicating_a_sak_copies_content_but_not_the_minutes(ssu):
    feb = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    sak = services.sak_create(
        organ=ssu,
        mote=feb,
        tittel="Styringsdata",
        sakstyper=["diskusjon"],
        hensikt="Data legges frem.",
        ansvar=["Analyseavdelingen"],
    )
    services.sak_update(sak=sak, vedtak="Tatt til orientering.")
    mai = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    copy = services.sak_copy(sak=sak, mote=mai)
    assert (copy.tittel, copy.hensikt, copy.vedtak) == ("Styringsdata", "Data legges frem.", "")
    assert [str(a) for a in copy.ansvar.all()] == ["Analyseavdelingen"]
    assert copy.kopiert_fra == sak
    assert copy.saksnr == "2024.6"


def test_start_times_follow_the_durations_and_warn_past_the_end(ssu):
    mote = mote_services.mote_create(
        organ=ssu, start=oslo(2024, 2, 29, 13), slutt=oslo(2024, 2, 29, 15, 30), sted="SiV"
    )
    a = services.sak_create(organ=ssu, mote=mote, tittel="A", varighet=60)
    b = services.sak_create(organ=ssu, mote=mote, tittel="Pause", type="pause", varighet=15)
    c = services.sak_create(organ=ssu, mote=mote, tittel="C", varighet=60)
    linjer = list(mote.saker.order_by("rekkefolge"))
    plan = schedule(mote, linjer)
    assert [f"{lin.starttid:%H.%M}" for lin in plan.linjer] == ["13.00", "14.00", "14.15"]
    assert f"{plan.planlagt_slutt:%H.%M}" == "15.15" and not plan.overtime

    services.sak_update(sak=c, varighet=90)
    plan = schedule(mote, list(mote.saker.order_by("rekkefolge")))
    assert plan.overtime

    services.sak_update(sak=a, varighet=None)
    plan = schedule(mote, list(mote.saker.order_by("rekkefolge")))
    assert plan.linjer[1].starttid is None and plan.planlagt_slutt is None
    assert (a.pk, b.pk) != (None, None)


def test_a_year_keeps_the_format_of_its_first_sent_numbers():
    """SSU numbered «2024.2» in 2024 and «14/26» in 2026: a sak added to a 2024 meeting now
    continues 2024's format, a new year takes the body's current one."""
    from saker.exchange.importing import mote_import

    organ = OrganFactory(kortnavn="SSU", saksnummerformat="{nr}/{aa}")
    feb = mote_import(
        {
            "format": "mote/1",
            "organ": "SSU",
            "start": "2024-02-29T13:00:00+01:00",
            "sted": "SiV",
            "status": "avholdt",
            "saker": [{"saksnr": "2024.1", "tittel": "A"}, {"saksnr": "2024.2", "tittel": "B"}],
        }
    )
    mai = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2024, 5, 23, 13), sted="SiV"
    )
    assert [s for s, _ in agenda(mai)] == ["2024.3", "2024.4", ""]
    assert services.eventuelt_add(mote=feb, tittel="Smittevern").saksnr == "2024.3"
    assert [s for s, _ in agenda(mai)] == ["2024.4", "2024.5", ""]
    next_aar = services.mote_create_with_standard_items(
        organ=organ, start=oslo(2025, 2, 6, 13), sted="SiV"
    )
    assert [s for s, _ in agenda(next_aar)][:2] == ["1/25", "2/25"]


def test_which_lines_can_be_removed_is_one_rule_for_the_editor_and_the_service(sek, ssu):
    from django.core.exceptions import ValidationError

    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    a = services.sak_create(organ=ssu, mote=mote, tittel="A", sakstyper=["orientering"])
    services.sak_create(organ=ssu, mote=mote, type=Sak.Type.PAUSE, tittel="Pause")
    services.innkalling_send(mote=mote, notify=False)
    services.sak_remove_from_mote(sak=a)  # withdrawn: stays, marked trukket
    mote.refresh_from_db()

    html = sek.get(f"/mote/{mote.pk}/saksliste/").content.decode()
    for sak in mote.saker.all():
        button = f'id="fjern-{sak.pk}"' in html
        try:
            with transaction.atomic():
                services.sak_remove_from_mote(sak=sak)
                kunne = True
                transaction.set_rollback(True)
        except ValidationError as exc:
            kunne = False
            assert exc.messages == [sak.remove_from_mote_error()]
        assert button == kunne == sak.can_remove_from_mote, sak.tittel
    removable = {s.tittel for s in mote.saker.all() if s.can_remove_from_mote}
    assert "A" not in removable and "Pause" not in removable and "Eventuelt" in removable
