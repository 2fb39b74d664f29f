import datetime

import pytest
from django.core.exceptions import ValidationError

from helsefellesskap.models import Verv
from moter import services as mote_services
from moter.models import Deltaker, Mote
from moter.visning import oppmoteliste
from saker import services
from saker.models import Referatversjon
from tests.factories import OrganFactory, PersonFactory, VervFactory, oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssu():
    return OrganFactory(kortnavn="SSU", saksnummerformat="{aar}.{nr}")


@pytest.fixture
def holdt(ssu):
    """SSU 23.11.23, sent and held, with one ordinary sak."""
    mote = services.mote_opprett(organ=ssu, start=oslo(2023, 11, 23, 13), sted="Nøtterøy")
    services.sak_create(
        organ=ssu,
        mote=mote,
        tittel="Fagutvalg HR",
        sakstyper=["orientering"],
        forslag_til_vedtak="Orienteringen tas til etterretning.",
    )
    services.innkalling_send(mote=mote, varsle=False)
    return mote_services.mote_marker_avholdt(mote=mote)


def test_attendance_is_proposed_from_the_memberships_on_the_day(ssu, holdt):
    leder = VervFactory(organ=ssu, rolle=Verv.Rolle.LEDER, person__navn="Frode Hestnes")
    VervFactory(
        organ=ssu,
        rolle=Verv.Rolle.MEDLEM,
        person__navn="Sluttet Før",
        til=datetime.date(2023, 6, 30),
    )
    VervFactory(organ=ssu, rolle=Verv.Rolle.VARAMEDLEM, person__navn="Vara Person")
    VervFactory(organ=ssu, rolle=Verv.Rolle.SEKRETARIAT, person__navn="Runar Danielsen")
    VervFactory(
        organ=ssu,
        rolle=Verv.Rolle.MEDLEM,
        person__navn="Begynner Senere",
        fra=datetime.date(2024, 1, 1),
    )

    nye = mote_services.deltakere_foreslaa(mote=holdt)
    assert [(d.person.navn, d.rolle) for d in nye] == [
        ("Frode Hestnes", "leder"),
        ("Vara Person", "varamedlem"),
        ("Runar Danielsen", "sekretariat"),
    ]
    # Proposing again adds nobody twice.
    assert mote_services.deltakere_foreslaa(mote=holdt) == []
    d = holdt.deltakere.get(person=leder.person)
    assert d.oppmote == Deltaker.Oppmote.INVITERT


def test_attendance_is_grouped_as_in_the_seeds(ssu, holdt):
    for navn, rolle in [
        ("Tom Ole Øhren", "medlem"),
        ("Erik Nordberg", "medlem"),
        ("Vara Person", "varamedlem"),
        ("Runar Danielsen", "sekretariat"),
    ]:
        VervFactory(organ=ssu, rolle=rolle, person__navn=navn)
    mote_services.deltakere_foreslaa(mote=holdt)
    d = {x.person.navn: x for x in holdt.deltakere.select_related("person")}
    mote_services.oppmote_sett(deltaker=d["Tom Ole Øhren"], oppmote="tilstede")
    mote_services.oppmote_sett(deltaker=d["Erik Nordberg"], oppmote="forfall")
    mote_services.oppmote_sett(
        deltaker=d["Vara Person"], oppmote="tilstede", moter_for=d["Erik Nordberg"].person
    )
    mote_services.oppmote_sett(deltaker=d["Runar Danielsen"], oppmote="tilstede")
    mote_services.gjest_legg_til(
        mote=holdt, navn="Bente Krauss", rolle="innleder", merknad="sak 2023.37"
    )
    liste = oppmoteliste(holdt)
    assert [x.person.navn for x in liste.tilstede] == ["Tom Ole Øhren", "Vara Person"]
    assert [x.person.navn for x in liste.frafall] == ["Erik Nordberg"]
    assert [x.person.navn for x in liste.sekretariat] == ["Runar Danielsen"]
    assert [x.person.navn for x in liste.gjester] == ["Bente Krauss"]
    with pytest.raises(ValidationError):
        mote_services.oppmote_sett(
            deltaker=d["Vara Person"], oppmote="tilstede", moter_for=d["Vara Person"].person
        )


def test_items_raised_under_eventuelt_get_numbers_after_the_agenda(ssu, holdt):
    assert [s.saksnr for s in holdt.saker.order_by("rekkefolge")] == [
        "2023.1",
        "2023.2",
        "2023.3",
        "",
    ]
    a = services.eventuelt_legg_til(mote=holdt, tittel="Smittevern", vedtak="Tas til orientering.")
    b = services.eventuelt_legg_til(mote=holdt, tittel="Julebord")
    assert (a.saksnr, b.saksnr) == ("2023.4", "2023.5")
    assert [s.tittel for s in holdt.saker.order_by("rekkefolge")][-3:] == [
        "Eventuelt",
        "Smittevern",
        "Julebord",
    ]


def test_referat_is_approved_in_the_next_meeting_and_then_locked(ssu, holdt):
    sak = holdt.saker.get(tittel="Fagutvalg HR")
    services.referat_lagre(
        sak=sak,
        protokoll="Første møte 29. september.",
        vedtak="Orienteringen ble tatt til etterretning.",
    )
    neste = services.mote_opprett(organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV")
    referatsak = neste.saker.get(referat_for=holdt)
    assert referatsak.tittel == "Referat SSU 23.11.23"

    # Not before the next meeting is called.
    with pytest.raises(services.SakFeil):
        services.referat_godkjenn(referatsak=referatsak)
    services.innkalling_send(mote=neste, varsle=False)
    services.referat_godkjenn(referatsak=referatsak)

    holdt.refresh_from_db()
    assert holdt.status == Mote.Status.REFERAT_GODKJENT
    assert (holdt.referat_status, holdt.referat_versjon) == ("godkjent", 1)
    referatsak.refresh_from_db()
    assert referatsak.vedtak == "Referatet godkjennes."
    v1 = Referatversjon.objects.get(mote=holdt)
    assert v1.begrunnelse.startswith(f"Godkjent i sak {referatsak.saksnr}")
    frossen = {p["tittel"]: p for p in v1.innhold["saker"]}
    assert frossen["Fagutvalg HR"]["vedtak"] == "Orienteringen ble tatt til etterretning."

    # Locked: a plain edit is refused ...
    with pytest.raises(services.SakFeil) as exc:
        services.referat_lagre(sak=sak, protokoll="Endret", vedtak="Endret")
    assert "ny versjon" in exc.value.messages[0]
    # ... a correction needs a reason and makes version 2.
    with pytest.raises(ValidationError):
        services.referat_rett(sak=sak, protokoll="x", vedtak="x", begrunnelse=" ")
    services.referat_rett(
        sak=sak,
        protokoll="Første møte 29. september 2023.",
        vedtak="Orienteringen ble tatt til etterretning.",
        begrunnelse="Årstall manglet",
    )
    holdt.refresh_from_db()
    assert holdt.referat_versjon == 2
    assert list(holdt.referatversjoner.values_list("versjon", "begrunnelse")) == [
        (1, v1.begrunnelse),
        (2, "Årstall manglet"),
    ]
    sak.refresh_from_db()
    assert sak.history.first().history_change_reason == "Ny referatversjon: Årstall manglet"


def test_a_referat_cannot_be_approved_twice_or_before_the_meeting_is_held(ssu):
    mote = services.mote_opprett(organ=ssu, start=oslo(2023, 11, 23, 13), sted="Nøtterøy")
    services.innkalling_send(mote=mote, varsle=False)
    neste = services.mote_opprett(organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV")
    services.innkalling_send(mote=neste, varsle=False)
    referatsak = neste.saker.get(referat_for=mote)
    with pytest.raises(mote_services.MoteTilstandFeil) as exc:
        services.referat_godkjenn(referatsak=referatsak)
    assert "avholdt" in exc.value.messages[0]


def test_comments_only_while_the_draft_is_out_for_comments(ssu, holdt, django_user_model):
    bruker = django_user_model.objects.create_user("medlem")
    with pytest.raises(services.SakFeil):
        services.referat_kommenter(mote=holdt, forfatter=bruker, tekst="Rett stavefeil")
    mote_services.referat_send_til_kommentar(mote=holdt, frist=datetime.date(2099, 1, 1))
    k = services.referat_kommenter(mote=holdt, forfatter=bruker, tekst="Rett stavefeil")
    assert k.tekst == "Rett stavefeil"


def test_deadline_in_the_past_is_refused(holdt):
    with pytest.raises(ValidationError) as exc:
        mote_services.referat_send_til_kommentar(mote=holdt, frist=datetime.date(2020, 1, 1))
    assert exc.value.message_dict["frist"] == ["Fristen kan ikke være passert."]


def test_member_reports_absence_before_the_meeting(ssu):
    mote = services.mote_opprett(organ=ssu, start=oslo(2099, 2, 1, 13), sted="SiV")
    person = PersonFactory()
    d = mote_services.forfall_meld(mote=mote, person=person, merknad="Vara møter")
    assert (d.oppmote, d.merknad) == ("forfall", "Vara møter")


def test_inhabil_member_is_recorded_once(ssu, holdt):
    sak = holdt.saker.get(tittel="Fagutvalg HR")
    person = PersonFactory(navn="Gro Aasland")
    services.inhabilitet_registrer(sak=sak, person=person, begrunnelse="Søker på stillingen")
    with pytest.raises(ValidationError):
        services.inhabilitet_registrer(sak=sak, person=person, begrunnelse="Igjen")
