"""The logged-in reader as each request reads them (helsefellesskap.sessions, .backends): the
session, the user with their person, the secretariat flag and the verv, read by hand-written SQL,
must be what the ORM reads, and nothing may outlive a change."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.utils import timezone

from helsefellesskap.access import (
    SEKRETARIAT_GROUP,
    _vervene,
    is_sekretariat,
    managed_organ_ids,
    member_organ_ids,
)
from helsefellesskap.backends import load_user
from helsefellesskap.models import Organ, Verv
from tests.factories import OrganFactory, PersonFactory, UserFactory, VervFactory

pytestmark = pytest.mark.django_db


def test_the_user_is_read_with_person_verv_and_secretariat_flag_as_the_orm_reads_them():
    ssu, fsu = OrganFactory(), OrganFactory()
    user = UserFactory(username="kari", first_name="Kari", last_login=timezone.now())
    person = PersonFactory(navn="Kari Nordmann", bruker=user)
    VervFactory(person=person, organ=ssu, fra=datetime.date(2020, 1, 1), til=None)
    VervFactory(
        person=person, organ=fsu, fra=datetime.date(2019, 1, 1), til=datetime.date(2021, 12, 31)
    )

    read = load_user(user.pk)
    orm = User.objects.select_related("person").get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(orm, field.attname), field.name
    assert timezone.is_aware(read.last_login)
    assert read.person.navn == "Kari Nordmann" and read.person.pk == person.pk
    assert read.person.bruker is read
    assert not is_sekretariat(read)
    # Today: a member of SSU only (the FSU verv ended in 2021), and of both in 2021.
    assert member_organ_ids(read) == {ssu.pk}
    assert member_organ_ids(read, datetime.date(2021, 6, 1)) == {ssu.pk, fsu.pk}


def test_the_verv_roles_and_the_bodies_under_a_secretariat_are_read_as_the_orm_reads_them():
    """One query carries what ``managed_organ_ids`` needs: each verv's role and its body's type,
    and the bodies under those where the person is secretariat, walked down the reporting line
    (SSU → FSU → AG and FSU → FU; not PM above SSU, nor LU beside it)."""
    pm = OrganFactory(kortnavn="PM")
    ssu = OrganFactory(kortnavn="SSU", rapporterer_til=pm)
    fsu = OrganFactory(kortnavn="FSU", rapporterer_til=ssu)
    ag = OrganFactory(kortnavn="AG", rapporterer_til=fsu, type=Organ.Type.ARBEIDSGRUPPE)
    fu = OrganFactory(kortnavn="FU", rapporterer_til=fsu)
    lu = OrganFactory(kortnavn="LU")
    user = UserFactory(username="sekretar")
    person = PersonFactory(navn="Sekretær", bruker=user)
    VervFactory(person=person, organ=ssu, rolle=Verv.Rolle.SEKRETARIAT)
    VervFactory(person=person, organ=lu, rolle=Verv.Rolle.MEDLEM)
    VervFactory(
        person=person,
        organ=ag,
        rolle=Verv.Rolle.LEDER,
        fra=datetime.date(2020, 1, 1),
        til=datetime.date(2021, 1, 1),
    )

    read = load_user(user.pk)
    orm = User.objects.get(pk=user.pk)
    assert [(v.organ_id, v.rolle, v.organ.type, v.fra, v.til) for v in read._vervene] == [
        (v.organ_id, v.rolle, v.organ.type, v.fra, v.til) for v in _vervene(orm)
    ]
    assert read._underorganer == {ssu.pk: frozenset({fsu.pk, ag.pk, fu.pk})}
    assert managed_organ_ids(read) == managed_organ_ids(orm) == {ssu.pk, fsu.pk, ag.pk, fu.pk}
    # The leader's verv of AG ended in 2021: then AG alone (and SSU's, which began in 2023).
    assert managed_organ_ids(read, datetime.date(2020, 6, 1)) == {ag.pk}
    # A body's type is read with the verv; its other fields when asked for.
    assert read._vervene[0].organ.kortnavn == "SSU"
    # A reporting line made circular behind the admin's back (which refuses it) ends the walk.
    Organ.objects.filter(pk=ssu.pk).update(rapporterer_til=ag)
    under = frozenset({fsu.pk, ag.pk, fu.pk})
    assert load_user(user.pk)._underorganer == {ssu.pk: under}
    assert managed_organ_ids(User.objects.get(pk=user.pk)) == {ssu.pk, *under}


def test_a_user_without_person_has_none_and_the_group_gives_the_secretariat():
    user = UserFactory(username="sekretar")
    user.groups.add(Group.objects.get_or_create(name=SEKRETARIAT_GROUP)[0])
    read = load_user(user.pk)
    assert getattr(read, "person", None) is None
    assert is_sekretariat(read)
    assert member_organ_ids(read) == set()
    assert load_user(999_999) is None
    assert load_user("ikke et tall") is None


def test_a_change_takes_effect_on_the_next_request(client):
    ssu = OrganFactory()
    user = UserFactory(username="ola")
    person = PersonFactory(navn="Ola", bruker=user)
    client.force_login(user)
    assert client.get("/").wsgi_request.user.is_authenticated

    verv = VervFactory(person=person, organ=ssu, fra=datetime.date(2020, 1, 1), til=None)
    assert member_organ_ids(client.get("/").wsgi_request.user) == {ssu.pk}
    verv.til = timezone.localdate() - datetime.timedelta(days=1)
    verv.save()
    assert member_organ_ids(client.get("/").wsgi_request.user) == set()

    user.is_active = False
    user.save()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_an_expired_session_is_no_login(client):
    user = UserFactory(username="utlopt")
    client.force_login(user)
    assert client.get("/").wsgi_request.user.is_authenticated
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert not client.get("/").wsgi_request.user.is_authenticated
