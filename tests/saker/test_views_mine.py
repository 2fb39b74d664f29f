"""«Mine møter» (/mine/): each section shows a member what concerns them, and nothing of a body
they are not in, of a period their verv does not cover, or of a draft; the landing after login;
the previous login kept at login for «Endret siden sist»; a bounded number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from helsefellesskap.login import PREVIOUS_LOGIN_KEY
from helsefellesskap.templatetags.hf import long_date
from moter import services as mote_services
from moter.models import Dokument, Mote
from saker import services
from saker.models import Oppfolging, Sak
from tests.factories import (
    OrganFactory,
    PersonFactory,
    SekretariatUserFactory,
    UserFactory,
    VervFactory,
    oslo,
    user_with_verv,
)

pytestmark = pytest.mark.django_db


def _day(dager: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=dager)


def _mote(organ, dager: int, *, send: bool = True, **felter) -> Mote:
    """A meeting of ``organ`` at 13.00 ``dager`` days from today, sent unless ``send=False``."""
    dag = _day(dager)
    start = oslo(dag.year, dag.month, dag.day, 13)
    mote = services.mote_create_with_standard_items(
        organ=organ,
        start=start,
        slutt=start + datetime.timedelta(hours=2),
        sted=felter.pop("sted", "Big Room SiV"),
        **felter,
    )
    if send:
        services.innkalling_send(mote=mote, notify=False)
    return Mote.objects.get(pk=mote.pk)


def _held_with_referat_out(organ, dager: int, frist: datetime.date, **felter) -> Mote:
    mote = _mote(organ, dager, **felter)
    mote_services.mote_set_avholdt(mote=mote)
    return mote_services.referat_send_for_comments(mote=mote, frist=frist)


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get("/mine/")
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, tittel: str) -> str:
    """The HTML of the section headed ``tittel`` (up to the next section)."""
    start = html.index(f">{tittel}</h2>")
    slutt = html.find("<section", start)
    return html[start : slutt if slutt != -1 else len(html)]


# --- Who gets the page ----------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get("/mine/")
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/?next=/mine/"


def test_a_login_without_person_gets_a_norwegian_explanation(client, ssu):
    html = _page(client, UserFactory(username="uten-person"))
    assert "Brukeren din er ikke knyttet til en person" in html
    assert "Dine neste møter" not in html
    # The menu has no «Mine møter» for a login without a person.
    assert 'href="/mine/"' not in html


def test_the_menu_links_to_mine_moter_for_a_login_with_a_person(client, medlem):
    client.force_login(medlem)
    assert '<a href="/mine/"' in client.get("/").content.decode()
    client.logout()
    assert 'href="/mine/"' not in client.get("/").content.decode()


# --- Dine neste møter -----------------------------------------------------------------------


def test_next_meetings_of_the_members_bodies_with_place_link_and_status(client, ssu, fsu, medlem):
    neste = _mote(
        ssu,
        7,
        tittel="Strategisamling",
        sted="Tønsberg rådhus",
        digital_lenke="https://teams.example.org/moete/123",
    )
    _mote(fsu, 8, tittel="FSU-møtet")  # another body
    _mote(ssu, -7, tittel="Forrige møte")  # past
    _mote(ssu, 9, tittel="Ikke sendt", send=False)  # a draft: the secretariat's only
    annet = user_with_verv(fsu, "fsu-leder")

    moter = _section(_page(client, medlem), "Dine neste møter")
    assert "Strategisamling" in moter
    assert long_date(neste.start) in moter
    assert "kl. 13.00–15.00" in moter
    assert "Tønsberg rådhus" in moter
    assert 'href="https://teams.example.org/moete/123"' in moter
    assert "Strategisk samarbeidsutvalg" in moter
    assert f'href="/mote/{neste.pk}/"' in moter
    assert "Du er innkalt" in moter
    assert f'href="/mote/{neste.pk}/#forfall"' in moter
    for skjult in ("FSU-møtet", "Forrige møte", "Ikke sendt"):
        assert skjult not in moter, skjult

    annet_moter = _section(_page(client, annet), "Dine neste møter")
    assert "FSU-møtet" in annet_moter
    assert "Strategisamling" not in annet_moter


def test_forfall_link_leads_to_the_meeting_pages_form(client, ssu, medlem):
    mote = _mote(ssu, 7)
    client.force_login(medlem)
    html = client.get(f"/mote/{mote.pk}/").content.decode()
    assert '<section class="forfall" id="forfall"' in html
    assert f'action="/mote/{mote.pk}/forfall/"' in html


def test_the_members_own_forfall_is_shown_and_not_offered_again(client, ssu, medlem):
    mote = _mote(ssu, 7)
    mote_services.forfall_report(mote=mote, person=medlem.person, merknad="Ferie")
    moter = _section(_page(client, medlem), "Dine neste møter")
    assert "Du har meldt forfall" in moter
    assert "Du er innkalt" not in moter
    assert "#forfall" not in moter


def test_a_meeting_not_yet_sent_is_shown_to_the_secretariat_with_its_state(client, ssu, medlem):
    sekretar = SekretariatUserFactory(username="sekretar")
    VervFactory(person=PersonFactory(bruker=sekretar), organ=ssu, rolle="sekretariat")
    _mote(ssu, 9, tittel="Ikke sendt", send=False)
    moter = _section(_page(client, sekretar), "Dine neste møter")
    assert "Ikke sendt" in moter
    assert "Innkalling ikke sendt ennå" in moter
    # To a member the draft does not exist.
    assert "Ikke sendt" not in _page(client, medlem)


def test_a_cancelled_meeting_says_so_and_offers_no_forfall(client, ssu, medlem):
    mote = _mote(ssu, 7, tittel="Junimøtet")
    mote_services.mote_cancel(mote=mote, begrunnelse="For få saker")
    moter = _section(_page(client, medlem), "Dine neste møter")
    assert "Junimøtet" in moter
    assert "Avlyst" in moter and "For få saker" in moter
    assert "Du er innkalt" not in moter
    assert "#forfall" not in moter


def test_only_meetings_within_the_members_verv(client, ssu):
    """A verv that ends in ten days: the meeting in a week is theirs, the one in a fortnight is
    not; a verv that ended yesterday gives no meetings at all."""
    slutter = user_with_verv(ssu, "slutter", fra=datetime.date(2020, 1, 1), til=_day(10))
    sluttet = user_with_verv(ssu, "sluttet", fra=datetime.date(2020, 1, 1), til=_day(-1))
    _mote(ssu, 7, tittel="Om en uke")
    _mote(ssu, 14, tittel="Om to uker")

    moter = _section(_page(client, slutter), "Dine neste møter")
    assert "Om en uke" in moter
    assert "Om to uker" not in moter
    html = _page(client, sluttet)
    assert "Om en uke" not in html and "Om to uker" not in html
    assert "Du har ikke noe verv som gjelder i dag" in html


def test_the_innkalling_pdf_is_linked_once_a_version_is_made(client, ssu, medlem):
    mote = _mote(ssu, 7)
    lenke = f'href="/mote/{mote.pk}/dokument/innkalling/"'
    assert lenke not in _page(client, medlem)
    Dokument.objects.create(
        mote=mote, art="innkalling", utgave="medlem", versjon=1, status="ferdig", innholdshash="x"
    )
    assert lenke in _section(_page(client, medlem), "Dine neste møter")


# --- Referater til kommentar ----------------------------------------------------------------


def test_referat_out_for_comments_with_its_deadline(client, ssu, fsu, medlem):
    frist = _day(5)
    mote = _held_with_referat_out(ssu, -3, frist)
    _held_with_referat_out(fsu, -4, frist, tittel="FSU-referatet")
    tidligere = user_with_verv(ssu, "tidligere", fra=datetime.date(2020, 1, 1), til=_day(-10))

    referater = _section(_page(client, medlem), "Referater til kommentar")
    assert f"Referat fra SSU {long_date(mote.start)}" in referater
    assert f"Kommentarer innen {long_date(frist)}." in referater
    assert "Les og kommenter referatet" in referater
    assert f'href="/mote/{mote.pk}/#referat"' in referater
    assert "Fristen er passert" not in referater
    assert "FSU" not in referater

    # A member whose verv ended before the meeting: not theirs to comment on.
    assert "Ingen referater fra dine møter" in _section(
        _page(client, tidligere), "Referater til kommentar"
    )


def test_a_passed_deadline_is_marked(client, ssu, medlem):
    mote = _held_with_referat_out(ssu, -20, _day(1))
    Mote.objects.filter(pk=mote.pk).update(referat_kommentarfrist=_day(-2))
    assert "Fristen er passert" in _section(_page(client, medlem), "Referater til kommentar")


def test_a_draft_referat_and_an_approved_one_are_not_out_for_comments(client, ssu, medlem):
    mote = _mote(ssu, -3)
    mote_services.mote_set_avholdt(mote=mote)
    assert "Ingen referater fra dine møter" in _section(
        _page(client, medlem), "Referater til kommentar"
    )


# --- Dine oppfølgingspunkter ----------------------------------------------------------------


@pytest.fixture
def referat_ute(ssu):
    """SSU a week ago, held, its referat out for comments: an open sak and an exempt one."""
    mote = _mote(ssu, -7)
    services.sak_create(organ=ssu, mote=mote, tittel="Åpen sak", sakstyper=["beslutning"])
    services.sak_create(
        organ=ssu,
        mote=mote,
        tittel="Personalsak",
        sakstyper=["orientering"],
        unntatt_offentlighet=True,
        hjemmel="Offl. § 13",
    )
    mote_services.mote_set_avholdt(mote=mote)
    return mote


def test_the_members_open_follow_ups_by_deadline_overdue_marked(client, ssu, medlem, referat_ute):
    apen = Sak.objects.get(mote=referat_ute, tittel="Åpen sak")
    unntatt = Sak.objects.get(mote=referat_ute, tittel="Personalsak")
    person = medlem.person
    services.oppfolging_add(sak=apen, beskrivelse="Senere punkt", ansvarlig=person, frist=_day(30))
    services.oppfolging_add(sak=apen, beskrivelse="Uten frist", ansvarlig=person)
    services.oppfolging_add(
        sak=unntatt, beskrivelse="Forfalt punkt", ansvarlig=person, frist=_day(-3)
    )
    ferdig = services.oppfolging_add(sak=apen, beskrivelse="Ferdig punkt", ansvarlig=person)
    services.oppfolging_set_status(oppfolging=ferdig, status=Oppfolging.Status.FULLFORT)
    services.oppfolging_add(sak=apen, beskrivelse="Noen andres punkt", ansvarlig=PersonFactory())
    mote_services.referat_send_for_comments(mote=referat_ute, frist=_day(5))

    punkter = _section(_page(client, medlem), "Dine oppfølgingspunkter")
    assert (
        punkter.index("Forfalt punkt") < punkter.index("Senere punkt") < punkter.index("Uten frist")
    )
    assert f"Frist {long_date(_day(-3))}" in punkter
    assert punkter.count(">Forfalt</span>") == 1
    assert "Ferdig punkt" not in punkter
    assert "Noen andres punkt" not in punkter
    # The member reads the exempt sak's title: it is their own body's members' edition.
    assert "Personalsak" in punkter
    assert f'href="/sak/{apen.pk}/"' in punkter


def test_follow_ups_of_a_referat_not_sent_are_not_shown_yet(client, ssu, medlem, referat_ute):
    apen = Sak.objects.get(mote=referat_ute, tittel="Åpen sak")
    services.oppfolging_add(sak=apen, beskrivelse="Fra utkastet", ansvarlig=medlem.person)
    assert "Fra utkastet" not in _page(client, medlem)
    mote_services.referat_send_for_comments(mote=referat_ute, frist=_day(5))
    assert "Fra utkastet" in _page(client, medlem)


def test_an_outsider_responsible_for_an_exempt_follow_up_does_not_read_it(
    client, ssu, annet_medlem, referat_ute
):
    """Responsible for a follow-up of an exempt sak in a body they are not in: its text is the
    exempt content, and the sak's title too."""
    unntatt = Sak.objects.get(mote=referat_ute, tittel="Personalsak")
    services.oppfolging_add(
        sak=unntatt, beskrivelse="Hemmelig punkt", ansvarlig=annet_medlem.person
    )
    mote_services.referat_send_for_comments(mote=referat_ute, frist=_day(5))
    html = _page(client, annet_medlem)
    assert "Hemmelig punkt" not in html
    assert "Personalsak" not in html


# --- Endret siden sist ----------------------------------------------------------------------


def _logged_in_before(client, user, naar: datetime.datetime) -> str:
    """The page after a login, the previous login of ``user`` having been at ``naar``."""
    User.objects.filter(pk=user.pk).update(last_login=naar)
    user.refresh_from_db()
    return _page(client, user)


def test_what_changed_since_the_previous_login(client, ssu, fsu, medlem):
    innkalles = _mote(ssu, 10, tittel="Innkalles nå", send=False)
    avlyses = _mote(ssu, 12, tittel="Avlyses nå")
    flyttes = _mote(ssu, 14, tittel="Flyttes nå")
    referat = _mote(ssu, -10, tittel="Referat ute nå")
    mote_services.mote_set_avholdt(mote=referat)
    _mote(ssu, 20, tittel="Uendret")
    fsu_mote = _mote(fsu, 16, tittel="FSU avlyses", send=False)
    forrige = timezone.now()

    services.innkalling_send(mote=innkalles, notify=False)
    mote_services.mote_cancel(mote=avlyses, begrunnelse="Sykdom")
    ny_start = flyttes.start + datetime.timedelta(days=2)
    services.mote_move_and_renumber(mote=flyttes, start=ny_start)
    mote_services.referat_send_for_comments(mote=referat, frist=_day(7))
    mote_services.mote_cancel(mote=fsu_mote, begrunnelse="FSU")

    endret = _section(_logged_in_before(client, medlem, forrige), "Endret siden sist")
    assert f"Siden du sist logget inn, {long_date(forrige)}" in endret
    assert "Innkalles nå" in endret and f"Innkallingen ble sendt {long_date(_day(0))}." in endret
    assert "Avlyses nå" in endret and "Møtet er avlyst." in endret
    assert "Flyttes nå" in endret
    assert f"Møtet er flyttet fra {long_date(flyttes.start)} kl. 13.00 til" in endret
    assert f"til {long_date(ny_start)} kl. 13.00." in endret
    assert "Referat ute nå" in endret
    assert f"Referatet ble sendt til kommentar {long_date(_day(0))}, med frist" in endret
    assert "Uendret" not in endret
    assert "FSU avlyses" not in endret


def test_a_meeting_sent_and_cancelled_since_says_both(client, ssu, medlem):
    avlyst_for = _mote(ssu, 8, tittel="Avlyst før")
    mote_services.mote_cancel(mote=avlyst_for, begrunnelse="Tidlig")
    forrige = timezone.now()
    mote = _mote(ssu, 10, tittel="Kort levetid")
    mote_services.mote_cancel(mote=mote, begrunnelse="Sykdom")

    endret = _section(_logged_in_before(client, medlem, forrige), "Endret siden sist")
    assert "Kort levetid" in endret
    assert "Innkallingen ble sendt" in endret and "Møtet er avlyst." in endret
    assert "flyttet" not in endret
    assert "Avlyst før" not in endret


def test_nothing_changed_since_a_login_after_the_changes(client, ssu, medlem):
    _mote(ssu, 10, tittel="Sendt før")
    endret = _section(_logged_in_before(client, medlem, timezone.now()), "Endret siden sist")
    assert "Sendt før" not in endret
    assert "Ingenting nytt i møtene dine." in endret


def test_the_first_login_ever_says_so_and_marks_nothing_changed(client, ssu, medlem):
    _mote(ssu, 10, tittel="Sendt")
    assert medlem.last_login is None
    endret = _section(_page(client, medlem), "Endret siden sist")
    assert "Dette er første gang du logger inn" in endret
    assert "Sendt" not in endret


def test_a_session_from_before_the_previous_login_was_kept(client, ssu, medlem):
    client.force_login(medlem)
    session = client.session
    del session[PREVIOUS_LOGIN_KEY]
    session.save()
    endret = _section(client.get("/mine/").content.decode(), "Endret siden sist")
    assert "Fra neste gang du logger inn" in endret


# --- The login -------------------------------------------------------------------------------


def _login(client, username: str, next_: str = ""):
    data = {"username": username, "password": "passord-123"}
    if next_:
        data["next"] = next_
    return client.post("/logg-inn/", data)


def test_a_member_lands_on_mine_moter_unless_a_next_is_given(client, ssu, medlem):
    assert _login(client, "medlem")["Location"] == "/mine/"
    client.logout()
    assert _login(client, "medlem", "/organ/ssu/")["Location"] == "/organ/ssu/"


def test_the_secretariat_and_a_login_without_person_land_on_the_front_page(client, ssu):
    sekretar = SekretariatUserFactory(username="sekretar")
    PersonFactory(bruker=sekretar)
    UserFactory(username="uten-person")
    assert _login(client, "sekretar")["Location"] == "/"
    client.logout()
    assert _login(client, "uten-person")["Location"] == "/"


def test_the_login_keeps_the_previous_login_and_records_the_new_one(client, ssu, medlem):
    forrige = timezone.now() - datetime.timedelta(days=3)
    User.objects.filter(pk=medlem.pk).update(last_login=forrige)

    _login(client, "medlem")

    assert client.session[PREVIOUS_LOGIN_KEY] == forrige.isoformat()
    medlem.refresh_from_db()
    assert medlem.last_login > forrige + datetime.timedelta(days=2)
    # The next login keeps this one.
    client.logout()
    denne = medlem.last_login
    _login(client, "medlem")
    assert client.session[PREVIOUS_LOGIN_KEY] == denne.isoformat()


def test_the_first_login_keeps_an_empty_previous_login(client, ssu, medlem):
    _login(client, "medlem")
    assert client.session[PREVIOUS_LOGIN_KEY] == ""


# --- Queries ---------------------------------------------------------------------------------


def test_the_page_reads_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    """A member of three bodies, each with many meetings coming, referater out for comments,
    follow-ups and changes since the previous login: a handful of queries, whatever the
    numbers."""
    user = UserFactory(username="travel")
    person = PersonFactory(bruker=user)
    organer = [OrganFactory() for _ in range(3)]
    for organ in organer:
        VervFactory(person=person, organ=organ, fra=datetime.date(2020, 1, 1))
    forrige = timezone.now()
    for organ in organer:
        for i in range(6):
            _mote(organ, 3 + 7 * i)
        for i in range(2):
            mote = _mote(organ, -30 - 7 * i)
            sak = services.sak_create(
                organ=organ, mote=mote, tittel="Sak", sakstyper=["beslutning"]
            )
            for n in range(3):
                services.oppfolging_add(
                    sak=sak, beskrivelse=f"Punkt {n}", ansvarlig=person, frist=_day(n)
                )
            mote_services.mote_set_avholdt(mote=mote)
            mote_services.referat_send_for_comments(mote=mote, frist=_day(5))
    User.objects.filter(pk=user.pk).update(last_login=forrige)
    user.refresh_from_db()
    client.force_login(user)

    with django_assert_max_num_queries(8):
        html = client.get("/mine/").content.decode()
    assert html.count("Du er innkalt") == 12  # MOTER_LIMIT
    assert html.count("Les og kommenter referatet") == 6
    assert html.count("Punkt 2") == 6
    assert html.count("Referatet ble sendt til kommentar") == 6
