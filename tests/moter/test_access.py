"""The access rules of moter/access.py: the predicates decide what a user notices (a verv that
ended yesterday, one that starts tomorrow, an exempt sak, a draft, a referat sent for comments,
who runs a body: the central secretariat, a body's own secretariat and the bodies under it, an
arbeidsgruppe's leader), and each query filter selects exactly the rows its predicate allows,
for every kind of user."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.template import Context, Template
from django.test import override_settings

from helsefellesskap.access import managed_organ_ids
from helsefellesskap.models import Organ, Verv, today
from moter import access
from moter import services as mote_services
from moter.models import Mote
from saker import services
from saker.models import Sak, Vedlegg
from tests.factories import OrganFactory, SekretariatUserFactory, oslo, user_with_verv
from tests.support import data
from tests.support.tilgang import filters_agree_with_predicates
from tests.support.world import shared_world

pytestmark = pytest.mark.django_db

USERS = [
    "anonym",
    "medlem",
    "sluttet_i_gaar",
    "starter_i_morgen",
    "tidligere",
    "lukket_medlem",
    "sekretariat",
    # Who runs a body by a verv: the secretariat of SSU, of FSU (under SSU), SSU's secretariat
    # whose verv ended yesterday and one whose verv starts tomorrow, the leader of AG (an
    # arbeidsgruppe under FSU) and the leader of FSU (not a group: leading it runs nothing).
    "sekretariat_ssu",
    "sekretariat_fsu",
    "sekretariat_sluttet",
    "sekretariat_starter",
    "ag_leder",
    "fsu_leder",
]
# The users who run SSU (and so see its drafts, its queue, and exempt saker in full).
RUN_SSU = {"sekretariat", "sekretariat_ssu"}


def _day(dager: int) -> datetime.datetime:
    d = today() + datetime.timedelta(days=dager)
    return oslo(d.year, d.month, d.day, 13)


def _sendt(organ, start, motetittel: str, **sak) -> Mote:
    mote = services.mote_create_with_standard_items(
        organ=organ, start=start, sted="SiV", tittel=motetittel
    )
    if sak:
        services.sak_create(organ=organ, mote=mote, sakstyper=["orientering"], **sak)
    services.innkalling_send(mote=mote, notify=False)
    mote.refresh_from_db()
    return mote


def _bygg() -> tuple[dict[str, int], dict[str, int | None]]:
    """SSU (public) with: 29.02.24 published, its referat approved and published; a meeting
    held whose referat is sent for comments (not published); one sent for a day ahead; a draft;
    a sak in the queue. LU, a body that is not public, with a published meeting. FSU, which
    reports to SSU, and AG, an arbeidsgruppe under FSU, each with a draft and a sak in the
    queue."""
    ssu = data.ssu_create()
    lu = OrganFactory(kortnavn="LU", navn="Lukket utvalg", offentlig=False)

    publisert = data.mote_publish(data.mote_create(ssu))
    for sak in Sak.objects.filter(mote=publisert, saksnr__gt=""):
        services.referat_save(sak=sak, protokoll="Drøftet.", vedtak=f"Vedtak i {sak.tittel}.")
    mote_services.mote_set_avholdt(mote=publisert)
    godkjenner = _sendt(ssu, oslo(2024, 5, 23, 13), "Møtet som godkjenner")
    mote_services.mote_set_avholdt(mote=godkjenner)
    services.referat_approve(referatsak=godkjenner.saker.get(referat_for=publisert))
    mote_services.referat_publish(mote=publisert)

    kommentar = _sendt(
        ssu,
        oslo(2025, 3, 6, 13),
        "Referat til kommentar",
        tittel="Omstilling i klinikken",
        unntatt_offentlighet=True,
        hjemmel="Offl. § 13",
    )
    mote_services.mote_set_avholdt(mote=kommentar)
    for sak in Sak.objects.filter(mote=kommentar, saksnr__gt=""):
        services.referat_save(sak=sak, protokoll="Drøftet.", vedtak="Tas til orientering.")
    mote_services.referat_send_for_comments(
        mote=kommentar, frist=today() + datetime.timedelta(days=7)
    )

    snart = _sendt(ssu, _day(10), "Møtet om ti dager", tittel="Budsjett")
    utkast = services.mote_create_with_standard_items(organ=ssu, start=_day(20), sted="SiV")
    services.sak_create(organ=ssu, mote=utkast, tittel="Utkast", sakstyper=["orientering"])
    ko = services.sak_create(organ=ssu, tittel="I køen", sakstyper=["orientering"])
    lukket = data.mote_publish(_sendt(lu, oslo(2024, 3, 1, 13), "Lukket møte", tittel="Intern"))
    fsu = OrganFactory(kortnavn="FSU", navn="Faglig samarbeidsutvalg", rapporterer_til=ssu)
    ag = OrganFactory(
        kortnavn="AG", navn="Arbeidsgruppe", type=Organ.Type.ARBEIDSGRUPPE, rapporterer_til=fsu
    )
    gruppeutkast = {}
    for organ in (fsu, ag):
        gruppeutkast[organ.kortnavn] = services.mote_create_with_standard_items(
            organ=organ, start=_day(30), sted="SiV"
        )
        services.sak_create(
            organ=organ,
            mote=gruppeutkast[organ.kortnavn],
            tittel=f"Utkast i {organ.kortnavn}",
            sakstyper=["orientering"],
            unntatt_offentlighet=True,
            hjemmel="Offl. § 13",
        )
        services.sak_create(
            organ=organ, tittel=f"I køen til {organ.kortnavn}", sakstyper=["orientering"]
        )

    i_gaar = today() - datetime.timedelta(days=1)
    i_morgen = today() + datetime.timedelta(days=1)
    brukere = {
        "anonym": None,
        "medlem": user_with_verv(ssu, "medlem").pk,
        "sluttet_i_gaar": user_with_verv(ssu, "sluttet", til=i_gaar).pk,
        "starter_i_morgen": user_with_verv(ssu, "starter", fra=i_morgen).pk,
        "tidligere": user_with_verv(
            ssu, "tidligere", fra=datetime.date(2020, 1, 1), til=datetime.date(2023, 12, 31)
        ).pk,
        "lukket_medlem": user_with_verv(lu, "lukket").pk,
        "sekretariat": SekretariatUserFactory(username="sekretariat").pk,
        "sekretariat_ssu": user_with_verv(ssu, "sekssu", rolle=Verv.Rolle.SEKRETARIAT).pk,
        "sekretariat_fsu": user_with_verv(fsu, "sekfsu", rolle=Verv.Rolle.SEKRETARIAT).pk,
        "sekretariat_sluttet": user_with_verv(
            ssu, "sekslutt", til=i_gaar, rolle=Verv.Rolle.SEKRETARIAT
        ).pk,
        "sekretariat_starter": user_with_verv(
            ssu, "sekstart", fra=i_morgen, rolle=Verv.Rolle.SEKRETARIAT
        ).pk,
        "ag_leder": user_with_verv(ag, "agleder", rolle=Verv.Rolle.LEDER).pk,
        "fsu_leder": user_with_verv(fsu, "fsuleder", rolle=Verv.Rolle.LEDER).pk,
    }
    objects = {
        "publisert": publisert.pk,
        "kommentar": kommentar.pk,
        "snart": snart.pk,
        "utkast": utkast.pk,
        "lukket": lukket.pk,
        "ko_sak": ko.pk,
        "unntatt_sak": Sak.objects.get(mote=publisert, unntatt_offentlighet=True).pk,
        "intern_vedlegg": Vedlegg.objects.get(tittel="Intern merknad").pk,
        "offentlig_vedlegg": Vedlegg.objects.get(tittel="Årsmelding utkast").pk,
        "ssu": ssu.pk,
        "lu": lu.pk,
        "fsu": fsu.pk,
        "ag": ag.pk,
        "fsu_utkast": gruppeutkast["FSU"].pk,
        "ag_utkast": gruppeutkast["AG"].pk,
    }
    return objects, brukere


@dataclass
class World:
    objects: dict[str, int]
    brukere: dict[str, int | None]


@pytest.fixture(scope="module")
def tilgang_world(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker, "tilgang_world"):
        with django_db_blocker.unblock():
            objects, brukere = _bygg()
        yield World(objects=objects, brukere=brukere)


@pytest.fixture
def world(tilgang_world, db) -> World:
    return tilgang_world


def _user(world: World, navn: str) -> User | AnonymousUser:
    """A fresh user object, as a new request gets it (nothing memoised from another test)."""
    pk = world.brukere[navn]
    return AnonymousUser() if pk is None else User.objects.get(pk=pk)


def _mote(world: World, navn: str) -> Mote:
    return Mote.objects.select_related("organ").get(pk=world.objects[navn])


# --- Behaviour a user notices -------------------------------------------------------------------


def test_a_verv_that_ended_yesterday_keeps_its_period_and_nothing_after(world, client):
    bruker = _user(world, "sluttet_i_gaar")
    publisert, snart = _mote(world, "publisert"), _mote(world, "snart")
    assert access.can_read_members_edition(bruker, publisert)  # a member on 29.02.24
    assert not access.can_view_mote(bruker, snart)  # not a member on its day, nor today
    client.force_login(bruker)
    assert "Personalsak ved legevakten" in client.get(f"/mote/{publisert.pk}/").content.decode()
    assert client.get(f"/vedlegg/{world.objects['intern_vedlegg']}/").status_code == 200
    assert client.get(f"/mote/{snart.pk}/").status_code == 404


def test_a_verv_that_starts_tomorrow_is_summoned_to_its_meetings_only(world, client):
    bruker = _user(world, "starter_i_morgen")
    publisert, snart = _mote(world, "publisert"), _mote(world, "snart")
    assert access.can_read_members_edition(bruker, snart)  # a member on its day
    assert access.mote_tilgang(bruker, publisert) == access.Tilgang.PUBLIKUM
    unntatt = Sak.objects.get(pk=world.objects["unntatt_sak"])
    assert access.can_view_sak(bruker, unntatt) and not access.can_read_sak_in_full(bruker, unntatt)
    client.force_login(bruker)
    assert client.get(f"/mote/{snart.pk}/").status_code == 200
    assert "Personalsak ved legevakten" not in client.get(f"/sak/{unntatt.pk}/").content.decode()
    assert client.get(f"/vedlegg/{world.objects['intern_vedlegg']}/").status_code == 404


def test_an_exempt_sak_is_read_in_full_by_members_and_the_secretariat_only(world):
    unntatt = Sak.objects.select_related("mote__organ").get(pk=world.objects["unntatt_sak"])
    les = {n: access.can_read_sak_in_full(_user(world, n), unntatt) for n in USERS}
    assert les == {
        "anonym": False,
        "medlem": True,
        "sluttet_i_gaar": True,
        "starter_i_morgen": False,
        "tidligere": False,
        "lukket_medlem": False,
        "sekretariat": True,
        "sekretariat_ssu": True,
        "sekretariat_fsu": False,
        # A member in their verv's period (from 2020 to yesterday), as «sluttet_i_gaar».
        "sekretariat_sluttet": True,
        "sekretariat_starter": False,
        "ag_leder": False,
        "fsu_leder": False,
    }
    # Everybody knows it is on the published agenda (by its screened title).
    assert all(access.can_view_sak(_user(world, n), unntatt) for n in USERS)


def test_a_draft_and_the_queue_are_the_secretariats_only(world):
    utkast = _mote(world, "utkast")
    ko = Sak.objects.get(pk=world.objects["ko_sak"])
    can = {n: access.can_view_mote(_user(world, n), utkast) for n in USERS}
    assert can == {n: n in RUN_SSU for n in USERS}
    assert {n: access.can_view_sak(_user(world, n), ko) for n in USERS} == can
    assert not access.can_read_members_edition(_user(world, "medlem"), utkast)


def test_a_meeting_of_a_body_that_is_not_public_is_its_members_only(world):
    lukket = _mote(world, "lukket")
    assert lukket.innkalling_publisert is not None
    can = {n: access.can_view_mote(_user(world, n), lukket) for n in USERS}
    assert can == {n: n in {"lukket_medlem", "sekretariat"} for n in USERS}


def test_a_referat_sent_for_comments_is_read_and_commented_by_members(world):
    kommentar = _mote(world, "kommentar")
    medlem, sek, anonym = (_user(world, n) for n in ("medlem", "sekretariat", "anonym"))
    assert access.can_view_referat(medlem, kommentar)
    assert access.can_comment_referat(medlem, kommentar)
    assert access.can_view_referat(sek, kommentar) and not access.can_comment_referat(
        sek, kommentar
    )
    assert not access.can_view_mote(anonym, kommentar)
    assert not access.can_view_referat(anonym, kommentar)
    # The vedtak register: the members read its vedtak, the public does not.
    assert Sak.objects.referat_readable_for(medlem).filter(mote=kommentar).exists()
    assert not Sak.objects.referat_readable_for(anonym).filter(mote=kommentar).exists()


def test_the_rules_are_permissions_and_template_rules(world):
    intern = Vedlegg.objects.select_related("sak__mote__organ").get(
        pk=world.objects["intern_vedlegg"]
    )
    utkast = _mote(world, "utkast")
    medlem, tidligere = _user(world, "medlem"), _user(world, "tidligere")
    assert medlem.has_perm("saker.download_vedlegg", intern)
    assert not tidligere.has_perm("saker.download_vedlegg", intern)
    assert not AnonymousUser().has_perm("saker.download_vedlegg", intern)
    assert not medlem.has_perm("moter.view_mote", utkast)
    assert _user(world, "sekretariat").has_perm("moter.view_mote", utkast)
    mal = Template(
        "{% load rules %}{% test_rule 'saker.download_vedlegg' user vedlegg as kan %}"
        "{% if kan %}Last ned{% else %}Ikke tilgjengelig{% endif %}"
    )
    assert mal.render(Context({"user": medlem, "vedlegg": intern})) == "Last ned"
    assert mal.render(Context({"user": tidligere, "vedlegg": intern})) == "Ikke tilgjengelig"


# --- Who runs a body -------------------------------------------------------------------------

BODIES = ("ssu", "lu", "fsu", "ag")


def _runs(world: World, navn: str) -> set[str]:
    """The bodies of the world ``navn`` runs (``can_manage_organ``), by kortnavn."""
    bruker = _user(world, navn)
    organer = Organ.objects.filter(pk__in=[world.objects[b] for b in BODIES])
    return {o.kortnavn for o in organer if access.can_manage_organ(bruker, o)}


def test_a_sekretariat_verv_runs_its_body_and_the_bodies_under_it(world):
    runs = {
        "sekretariat": {"SSU", "LU", "FSU", "AG"},  # the central secretariat: every body
        "sekretariat_ssu": {"SSU", "FSU", "AG"},  # FSU reports to SSU, AG to FSU
        "sekretariat_fsu": {"FSU", "AG"},
        "ag_leder": {"AG"},  # an arbeidsgruppe's leader runs the group
    }
    assert {n: _runs(world, n) for n in USERS} == {n: runs.get(n, set()) for n in USERS}
    # What they run, they see all of: FSU's secretariat opens the drafts of FSU and AG, not
    # SSU's; AG's leader AG's draft only.
    utkast = {k: _mote(world, k) for k in ("utkast", "fsu_utkast", "ag_utkast")}
    seen = {
        n: {k for k, m in utkast.items() if access.can_view_mote(_user(world, n), m)}
        for n in ("sekretariat_fsu", "ag_leder", "fsu_leder")
    }
    assert seen == {
        "sekretariat_fsu": {"fsu_utkast", "ag_utkast"},
        "ag_leder": {"ag_utkast"},
        "fsu_leder": set(),
    }


@override_settings(SEKRETARIAT_ARVER_NEDOVER=False)
def test_without_inheritance_a_sekretariat_verv_runs_its_own_body_only(world):
    runs = {
        "sekretariat": {"SSU", "LU", "FSU", "AG"},
        "sekretariat_ssu": {"SSU"},
        "sekretariat_fsu": {"FSU"},
        "ag_leder": {"AG"},
    }
    assert {n: _runs(world, n) for n in USERS} == {n: runs.get(n, set()) for n in USERS}
    assert not access.can_view_mote(_user(world, "sekretariat_ssu"), _mote(world, "fsu_utkast"))
    # The lists follow the setting too.
    for navn in ("sekretariat_ssu", "sekretariat_fsu", "ag_leder"):
        filters_agree_with_predicates(_user(world, navn), all_for_all=False)


def test_a_sekretariat_verv_that_ended_yesterday_or_starts_tomorrow_runs_nothing(world, client):
    ssu = Organ.objects.get(pk=world.objects["ssu"])
    utkast, publisert = _mote(world, "utkast"), _mote(world, "publisert")
    ko = Sak.objects.get(pk=world.objects["ko_sak"])
    i_gaar = today() - datetime.timedelta(days=1)
    i_morgen = today() + datetime.timedelta(days=1)
    sluttet, starter = _user(world, "sekretariat_sluttet"), _user(world, "sekretariat_starter")
    for bruker in (sluttet, starter):
        assert not access.can_manage_organ(bruker, ssu)
        assert not access.can_view_mote(bruker, utkast)
        assert not access.can_view_sak(bruker, ko)
    # Yesterday the one ran SSU, tomorrow the other will.
    assert ssu.pk in managed_organ_ids(sluttet, i_gaar)
    assert ssu.pk in managed_organ_ids(starter, i_morgen)
    # The ended verv still makes its holder a member of the meetings in its period.
    assert access.mote_tilgang(sluttet, publisert) == access.Tilgang.MEDLEM
    for navn in ("sekretariat_sluttet", "sekretariat_starter"):
        client.force_login(_user(world, navn))
        assert client.get(f"/mote/{utkast.pk}/rediger/").status_code == 403
        assert client.get(f"/mote/{utkast.pk}/").status_code == 404
        assert client.get("/sekretariat/").status_code == 403


def test_a_body_run_by_verv_is_read_from_the_logged_in_user_without_a_query(
    world, client, django_assert_num_queries
):
    """The request's user (read by the backend's one query) carries what the rules need: the
    same bodies as the ORM reads, and no query per check."""
    moter = list(Mote.objects.select_related("organ"))
    organer = list(Organ.objects.all())
    for navn in USERS:
        if navn == "anonym":
            continue
        client.force_login(_user(world, navn))
        bruker = client.get("/").wsgi_request.user
        for arver in (True, False):
            with override_settings(SEKRETARIAT_ARVER_NEDOVER=arver):
                assert managed_organ_ids(bruker) == managed_organ_ids(_user(world, navn)), navn
        with django_assert_num_queries(0):
            for organ in organer:
                access.can_manage_organ(bruker, organ)
            for mote in moter:
                access.mote_tilgang(bruker, mote)


# --- Predicate and query filter agree -------------------------------------------------------


@pytest.mark.parametrize("navn", USERS)
def test_each_query_filter_selects_what_its_predicate_allows(world, navn):
    filters_agree_with_predicates(_user(world, navn), all_for_all=navn == "sekretariat")
