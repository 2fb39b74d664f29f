import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from helsefellesskap.models import Verv
from moter import services as mote_services
from moter.display import oppmoteliste
from moter.models import Deltaker, Mote
from saker import services
from saker.models import Referatversjon
from tests.factories import (
    OrganFactory,
    PersonFactory,
    SekretariatUserFactory,
    VervFactory,
    oslo,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssu():
    return OrganFactory(kortnavn="SSU", saksnummerformat="{aar}.{nr}")


@pytest.fixture
def holdt(ssu):
    """SSU 23.11.23, sent and held, with one ordinary sak."""
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2023, 11, 23, 13), sted="Nøtterøy"
    )
    services.sak_create(
        organ=ssu,
        mote=mote,
        tittel="Fagutvalg HR",
        sakstyper=["orientering"],
        forslag_til_vedtak="Orienteringen tas til etterretning.",
    )
    services.innkalling_send(mote=mote, notify=False)
    return mote_services.mote_set_avholdt(mote=mote)


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

    nye = mote_services.deltakere_propose(mote=holdt)
    assert [(d.person.navn, d.rolle) for d in nye] == [
        ("Frode Hestnes", "leder"),
        ("Vara Person", "varamedlem"),
        ("Runar Danielsen", "sekretariat"),
    ]
    # Proposing again adds nobody twice.
    assert mote_services.deltakere_propose(mote=holdt) == []
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
    mote_services.deltakere_propose(mote=holdt)
    d = {x.person.navn: x for x in holdt.deltakere.select_related("person")}
    mote_services.oppmote_set(deltaker=d["Tom Ole Øhren"], oppmote="tilstede")
    mote_services.oppmote_set(deltaker=d["Erik Nordberg"], oppmote="forfall")
    mote_services.oppmote_set(
        deltaker=d["Vara Person"], oppmote="tilstede", moter_for=d["Erik Nordberg"].person
    )
    mote_services.oppmote_set(deltaker=d["Runar Danielsen"], oppmote="tilstede")
    mote_services.gjest_add(
        mote=holdt, navn="Bente Krauss", rolle="innleder", merknad="sak 2023.37"
    )
    liste = oppmoteliste(holdt)
    assert [x.person.navn for x in liste.tilstede] == ["Tom Ole Øhren", "Vara Person"]
    assert [x.person.navn for x in liste.frafall] == ["Erik Nordberg"]
    assert [x.person.navn for x in liste.sekretariat] == ["Runar Danielsen"]
    assert [x.person.navn for x in liste.gjester] == ["Bente Krauss"]
    with pytest.raises(ValidationError):
        mote_services.oppmote_set(
            deltaker=d["Vara Person"], oppmote="tilstede", moter_for=d["Vara Person"].person
        )


def test_items_raised_under_eventuelt_get_numbers_after_the_agenda(ssu, holdt):
    assert [s.saksnr for s in holdt.saker.order_by("rekkefolge")] == [
        "2023.1",
        "2023.2",
        "2023.3",
        "",
    ]
    a = services.eventuelt_add(mote=holdt, tittel="Smittevern", vedtak="Tas til orientering.")
    b = services.eventuelt_add(mote=holdt, tittel="Julebord")
    assert (a.saksnr, b.saksnr) == ("2023.4", "2023.5")
    assert [s.tittel for s in holdt.saker.order_by("rekkefolge")][-3:] == [
        "Eventuelt",
        "Smittevern",
        "Julebord",
    ]


def test_referat_is_approved_in_the_next_meeting_and_then_locked(ssu, holdt):
    sak = holdt.saker.get(tittel="Fagutvalg HR")
    services.referat_save(
        sak=sak,
        protokoll="Første møte 29. september.",
        vedtak="Orienteringen ble tatt til etterretning.",
    )
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    referatsak = neste.saker.get(referat_for=holdt)
    assert referatsak.tittel == "Referat SSU 23.11.23"

    # Not before the next meeting is called, and then only once it is held.
    with pytest.raises(services.SakError):
        services.referat_approve(referatsak=referatsak)
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=referatsak)

    holdt.refresh_from_db()
    assert holdt.status == Mote.Status.REFERAT_GODKJENT
    assert (holdt.referat_status, holdt.referat_versjon) == ("godkjent", 1)
    referatsak.refresh_from_db()
    assert referatsak.vedtak == "Referatet godkjennes."
    v1 = Referatversjon.objects.get(mote=holdt)
    assert v1.begrunnelse.startswith(f"Godkjent i sak {referatsak.saksnr}")
    frozen = {p["tittel"]: p for p in v1.innhold["saker"]}
    assert frozen["Fagutvalg HR"]["vedtak"] == "Orienteringen ble tatt til etterretning."

    # Locked: a plain edit is refused ...
    with pytest.raises(services.SakError) as exc:
        services.referat_save(sak=sak, protokoll="Endret", vedtak="Endret")
    assert "ny versjon" in exc.value.messages[0]
    # ... a correction needs a reason and makes version 2.
    with pytest.raises(ValidationError):
        services.referat_correct(sak=sak, protokoll="x", vedtak="x", begrunnelse=" ")
    services.referat_correct(
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
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2023, 11, 23, 13), sted="Nøtterøy"
    )
    services.innkalling_send(mote=mote, notify=False)
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    referatsak = neste.saker.get(referat_for=mote)
    with pytest.raises(mote_services.MoteStateError) as exc:
        services.referat_approve(referatsak=referatsak)
    assert "avholdt" in exc.value.messages[0]


def test_comments_only_while_the_draft_is_out_for_comments(ssu, holdt, django_user_model):
    bruker = django_user_model.objects.create_user("medlem")
    with pytest.raises(services.SakError):
        services.referat_comment(mote=holdt, forfatter=bruker, tekst="Rett stavefeil")
    mote_services.referat_send_for_comments(mote=holdt, frist=datetime.date(2099, 1, 1))
    k = services.referat_comment(mote=holdt, forfatter=bruker, tekst="Rett stavefeil")
    assert k.tekst == "Rett stavefeil"


def test_deadline_in_the_past_is_refused(holdt):
    with pytest.raises(ValidationError) as exc:
        mote_services.referat_send_for_comments(mote=holdt, frist=datetime.date(2020, 1, 1))
    assert exc.value.message_dict["frist"] == ["Fristen kan ikke være passert."]


def test_member_reports_absence_before_the_meeting(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2099, 2, 1, 13), sted="SiV"
    )
    person = PersonFactory()
    d = mote_services.forfall_report(mote=mote, person=person, merknad="Vara møter")
    assert (d.oppmote, d.merknad) == ("forfall", "Vara møter")


def test_inhabil_member_is_recorded_once(ssu, holdt):
    sak = holdt.saker.get(tittel="Fagutvalg HR")
    person = PersonFactory(navn="Gro Aasland")
    services.inhabilitet_add(sak=sak, person=person, begrunnelse="Søker på stillingen")
    with pytest.raises(ValidationError):
        services.inhabilitet_add(sak=sak, person=person, begrunnelse="Igjen")


# --- A locked referat stays locked --------------------------------------------------------------


@pytest.fixture
def godkjent(ssu, holdt):
    """The referat of ``holdt`` approved in sak 2024.2 of the next meeting (held)."""
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=holdt))
    holdt.refresh_from_db()
    assert holdt.referat_versjon == 1
    return holdt


def _versions(mote):
    return list(mote.referatversjoner.values_list("versjon", "begrunnelse"))


def test_attendance_on_an_approved_referat_needs_a_reason_and_makes_a_new_version(
    ssu, godkjent, django_user_model
):
    VervFactory(organ=ssu, rolle=Verv.Rolle.MEDLEM, person__navn="Tom Ole Øhren")
    with pytest.raises(ValidationError) as exc:
        mote_services.deltakere_propose(mote=godkjent)
    assert "Referatet er godkjent og låst" in exc.value.message_dict["begrunnelse"][0]
    assert not godkjent.deltakere.exists()
    sekretaer = django_user_model.objects.create_user("kari")
    mote_services.deltakere_propose(
        mote=godkjent, begrunnelse="Deltakerlisten manglet", av=sekretaer
    )
    d = godkjent.deltakere.get()

    # Without a reason: refused, nothing changed, no new version.
    with pytest.raises(ValidationError) as exc:
        mote_services.oppmote_set(deltaker=d, oppmote="tilstede", merknad="Kom sent")
    assert "begrunnelse" in exc.value.message_dict
    d.refresh_from_db()
    assert (d.oppmote, d.merknad) == ("invitert", "")
    godkjent.refresh_from_db()
    assert godkjent.referat_versjon == 2

    # With a reason: the change, one new frozen version with the reason and who.
    mote_services.oppmote_set(
        deltaker=d, oppmote="tilstede", begrunnelse="Tom Ole var til stede", av=sekretaer
    )
    godkjent.refresh_from_db()
    assert godkjent.referat_versjon == 3
    v3 = godkjent.referatversjoner.get(versjon=3)
    assert (v3.begrunnelse, v3.av) == ("Tom Ole var til stede", sekretaer)
    assert [x["oppmote"] for x in v3.innhold["deltakere"]] == ["tilstede"]
    assert godkjent.history.first().history_change_reason == (
        "Referat versjon 3: Tom Ole var til stede"
    )
    assert d.history.first().history_change_reason == "Ny referatversjon: Tom Ole var til stede"

    # Saving the same attendance again changes nothing and makes no version.
    mote_services.oppmote_set(deltaker=d, oppmote="tilstede")
    godkjent.refresh_from_db()
    assert godkjent.referat_versjon == 3

    # A guest, too.
    with pytest.raises(ValidationError):
        mote_services.gjest_add(mote=godkjent, navn="Gjest Gjestesen")
    mote_services.gjest_add(mote=godkjent, navn="Gjest Gjestesen", begrunnelse="Innleder")
    godkjent.refresh_from_db()
    assert godkjent.referat_versjon == 4


def test_several_attendance_changes_on_a_locked_referat_make_one_version(ssu, holdt):
    for navn in ("A Medlem", "B Medlem"):
        VervFactory(organ=ssu, rolle=Verv.Rolle.MEDLEM, person__navn=navn)
    mote_services.deltakere_propose(mote=holdt)
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=holdt))
    a, b = holdt.deltakere.order_by("person__navn")
    mote_services.oppmote_save(
        mote=holdt,
        changes=[
            mote_services.Oppmoteendring(a.pk, "tilstede"),
            mote_services.Oppmoteendring(b.pk, "forfall"),
        ],
        begrunnelse="Oppmøtet var ikke ført",
    )
    holdt.refresh_from_db()
    assert _versions(holdt)[1:] == [(2, "Oppmøtet var ikke ført")]


def test_follow_up_inhabilitet_and_eventuelt_on_a_locked_referat_need_a_reason(godkjent):
    sak = godkjent.saker.get(tittel="Fagutvalg HR")
    person = PersonFactory(navn="Gro Aasland")
    with pytest.raises(ValidationError) as exc:
        services.oppfolging_add(sak=sak, beskrivelse="Følg opp")
    assert "Referatet er godkjent og låst" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.inhabilitet_add(sak=sak, person=person, begrunnelse="Søker")
    with pytest.raises(ValidationError):
        services.eventuelt_add(mote=godkjent, tittel="Julebord")
    assert not sak.oppfolginger.exists() and not sak.inhabiliteter.exists()
    assert not godkjent.saker.filter(tittel="Julebord").exists()

    services.oppfolging_add(sak=sak, beskrivelse="Følg opp", begrunnelse="Glemt punkt")
    services.inhabilitet_add(
        sak=sak, person=person, begrunnelse="Søker", endring_begrunnelse="Inhabilitet manglet"
    )
    ny = services.eventuelt_add(mote=godkjent, tittel="Julebord", begrunnelse="Saken ble tatt opp")
    godkjent.refresh_from_db()
    assert _versions(godkjent)[1:] == [
        (2, "Glemt punkt"),
        (3, "Inhabilitet manglet"),
        (4, "Saken ble tatt opp"),
    ]
    assert ny.saksnr == "2023.4"
    frozen = {s["tittel"] for s in godkjent.referatversjoner.get(versjon=4).innhold["saker"]}
    assert "Julebord" in frozen


def test_a_long_reason_is_kept_whole_in_the_version_and_shortened_in_the_history(godkjent):
    sak = godkjent.saker.get(tittel="Fagutvalg HR")
    lang = "Rettet etter innspill fra medlemmene. " * 12  # over 100 characters, under 500
    services.referat_correct(sak=sak, protokoll="Ny", vedtak="Ny", begrunnelse=lang)
    godkjent.refresh_from_db()
    assert godkjent.referatversjoner.get(versjon=2).begrunnelse == lang.strip()
    assert len(godkjent.history.first().history_change_reason) == 100


# --- Approval -----------------------------------------------------------------------------------


@pytest.fixture
def neste(ssu, holdt):
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    services.innkalling_send(mote=neste, notify=False)
    return neste


def test_approval_from_a_meeting_not_held_needs_an_override_with_its_reason(holdt, neste):
    referatsak = neste.saker.get(referat_for=holdt)
    with pytest.raises(ValidationError) as exc:
        services.referat_approve(referatsak=referatsak)
    assert "er ikke avholdt" in exc.value.message_dict["overstyring"][0]
    holdt.refresh_from_db()
    assert holdt.referat_status != "godkjent"

    services.referat_approve(referatsak=referatsak, overstyring="Godkjent i møtet", bekreftet=True)
    v1 = holdt.referatversjoner.get()
    assert v1.begrunnelse == (
        f"Godkjent i sak {referatsak.saksnr}, SSU 29.02.24, før møtet var markert som avholdt: "
        "Godkjent i møtet"
    )
    assert v1.godkjent_i == referatsak


def test_approval_with_comments_open_asks_for_confirmation(holdt, neste, django_user_model):
    frist = timezone.localdate() + datetime.timedelta(days=3)
    mote_services.referat_send_for_comments(mote=holdt, frist=frist)
    services.referat_comment(
        mote=holdt, forfatter=django_user_model.objects.create_user("m"), tekst="Stavefeil"
    )
    mote_services.mote_set_avholdt(mote=neste)
    referatsak = neste.saker.get(referat_for=holdt)
    advarsler = services.referat_approval_warnings(referatsak)
    assert advarsler == [
        f"Kommentarfristen for referatet har ikke gått ut (frist {frist:%d.%m.%y}).",
        "Medlemmene har sendt 1 kommentar til referatet. Se at de er tatt hensyn til.",
    ]
    with pytest.raises(ValidationError) as exc:
        services.referat_approve(referatsak=referatsak)
    assert exc.value.message_dict["bekreftet"][0] == "Bekreft at referatet skal godkjennes likevel."
    holdt.refresh_from_db()
    assert holdt.referat_status == "til_kommentar"
    services.referat_approve(referatsak=referatsak, bekreftet=True)
    holdt.refresh_from_db()
    assert holdt.referat_status == "godkjent"


def test_the_referat_says_where_it_was_approved(holdt, neste):
    from django.template.loader import render_to_string

    from moter.access import Tilgang
    from moter.display import saksliste

    mote_services.mote_set_avholdt(mote=neste)
    referatsak = neste.saker.get(referat_for=holdt)
    services.referat_approve(referatsak=referatsak)
    holdt.refresh_from_db()
    html = render_to_string(
        "moter/dokumenter/referat_innhold.html",
        {
            "liste": saksliste(holdt, tilgang=Tilgang.PUBLIKUM),
            "oppmote": oppmoteliste(holdt),
        },
    )
    assert f"Godkjent i SSU 29.02.24, sak {referatsak.saksnr}" in html


# --- Two people writing -------------------------------------------------------------------------


def test_a_save_over_a_newer_text_is_refused_with_who_and_when(holdt):
    sak = holdt.saker.get(tittel="Fagutvalg HR")
    opened = sak.endret
    kari = SekretariatUserFactory(username="kari")
    PersonFactory(navn="Kari Nordmann", bruker=kari)
    services.referat_save(sak=sak, protokoll="Karis tekst", vedtak="", sist_sett=opened)
    # Kari's save (the request's user is recorded by simple-history's middleware in the app).
    siste = sak.history.first()
    siste.history_user = kari
    siste.save()
    sak.refresh_from_db()
    with pytest.raises(services.SakChangedByOther) as exc:
        services.referat_save(sak=sak, protokoll="Min tekst", vedtak="", sist_sett=opened)
    tid = timezone.localtime(sak.endret)
    assert exc.value.messages[0].startswith(
        f"Teksten ble endret av Kari Nordmann {tid:%d.%m.%y} kl. {tid:%H.%M} etter at du åpnet den."
    )
    sak.refresh_from_db()
    assert sak.protokoll == "Karis tekst"
    # Saving over it on purpose, having seen the newer version, is allowed.
    services.referat_save(sak=sak, protokoll="Min tekst", vedtak="", sist_sett=sak.endret)
    sak.refresh_from_db()
    assert sak.protokoll == "Min tekst"


# --- Cancelling a meeting -----------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_can_be_undone_until_something_was_sent(ssu):
    mote = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2099, 3, 1, 13), sted="SiV"
    )
    with pytest.raises(ValidationError) as exc:
        mote_services.mote_cancel(mote=mote, begrunnelse="  ")
    assert exc.value.message_dict["begrunnelse"] == ["Skriv hvorfor møtet avlyses."]
    mote = mote_services.mote_cancel(mote=mote, begrunnelse="For få saker")
    assert (mote.status, mote.avlyst_begrunnelse) == ("avlyst", "For få saker")
    assert mote.history.first().history_change_reason == "Møtet er avlyst: For få saker"

    mote = mote_services.mote_restore(mote=mote)
    assert (mote.status, mote.avlyst_begrunnelse) == ("planlagt", "")
    assert mote.history.first().history_change_reason.startswith("Avlysningen er angret")

    services.innkalling_send(mote=mote, notify=False)
    mote = mote_services.mote_cancel(mote=mote, begrunnelse="Sykdom")
    with pytest.raises(mote_services.MoteStateError) as exc:
        mote_services.mote_restore(mote=mote)
    assert "innkallingen ble sendt" in exc.value.messages[0]
    mote.refresh_from_db()
    assert mote.status == "avlyst"


def test_approval_is_refused_in_a_meeting_whose_innkalling_is_not_sent(ssu, holdt):
    neste = services.mote_create_with_standard_items(
        organ=ssu, start=oslo(2024, 2, 29, 13), sted="SiV"
    )
    referatsak = neste.saker.get(referat_for=holdt)
    assert services.referat_approval_warnings(referatsak)[0] == (
        "Møtet SSU 29.02.2024 er planlagt; referatet kan ikke godkjennes i det."
    )
    with pytest.raises(services.SakError):
        services.referat_approve(referatsak=referatsak, overstyring="Likevel", bekreftet=True)
