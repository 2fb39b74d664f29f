"""The Django admin opens for every registered model (master data is maintained there)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo):
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_admin_changelist_and_first_change_page_open(admin_client, model):
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
        assert admin_client.get(url).status_code == 200


def test_admin_action_cancels_through_the_service(admin_client):
    from moter.models import Mote

    utkast = Mote.objects.filter(status=Mote.Status.PLANLAGT).first()
    avholdt = Mote.objects.filter(status=Mote.Status.AVHOLDT).first()
    admin_client.post(
        reverse("admin:moter_mote_changelist"),
        {"action": "avlys", "_selected_action": [utkast.pk, avholdt.pk]},
    )
    utkast.refresh_from_db()
    avholdt.refresh_from_db()
    assert utkast.status == Mote.Status.AVLYST
    assert avholdt.status == Mote.Status.AVHOLDT  # refused: the meeting is held


def _lagre_bruker(admin_client, bruker, grupper):
    return admin_client.post(
        reverse("admin:auth_user_change", args=[bruker.pk]),
        {
            "username": bruker.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "groups": [g.pk for g in grupper],
            "date_joined_0": "2024-01-01",
            "date_joined_1": "12:00:00",
        },
    )


def test_joining_and_leaving_the_secretariat_in_the_admin_is_recorded(admin_client):
    from django.contrib.auth.models import Group

    from helsefellesskap.access import SEKRETARIAT_GRUPPE

    admin = User.objects.get(username="admin")
    bruker = User.objects.get(username="medlem")
    gruppe = Group.objects.get(name=SEKRETARIAT_GRUPPE)
    assert _lagre_bruker(admin_client, bruker, [gruppe]).status_code == 302
    assert bruker.groups.filter(pk=gruppe.pk).exists()
    assert _lagre_bruker(admin_client, bruker, []).status_code == 302

    poster = list(bruker.history.order_by("history_date", "history_id"))
    grupper = [{g.group.name for g in p.groups.all()} for p in poster]
    lagt_til = grupper.index({SEKRETARIAT_GRUPPE})
    assert poster[lagt_til].history_user == admin  # who added, and when
    assert poster[lagt_til].history_date is not None
    assert grupper[-1] == set() and poster[-1].history_user == admin  # removed again
    assert "password" not in {f.name for f in bruker.history.model._meta.fields}
    # A login changes nobody's groups and leaves no record.
    antall = bruker.history.count()
    admin_client.logout()
    svar = admin_client.post("/logg-inn/", {"username": "medlem", "password": "demo-medlem"})
    assert svar.status_code == 302 and "_auth_user_id" in admin_client.session
    assert bruker.history.count() == antall


def test_a_change_from_the_groups_side_is_recorded_too(db):
    from django.contrib.auth.models import Group

    from helsefellesskap.access import SEKRETARIAT_GRUPPE

    bruker = User.objects.create(username="ny")
    gruppe = Group.objects.create(name=SEKRETARIAT_GRUPPE)
    gruppe.user_set.add(bruker)
    assert {g.group.name for g in bruker.history.latest().groups.all()} == {SEKRETARIAT_GRUPPE}
    gruppe.user_set.clear()
    assert not bruker.history.latest().groups.exists()


def test_an_approved_referat_cannot_be_changed_silently_in_the_admin(admin_client):
    from moter import services as mote_services
    from moter.models import Mote
    from saker import services
    from saker.models import Sak

    mote = Mote.objects.get(organ__slug="ssu", start__date="2024-02-29")
    neste = Mote.objects.get(organ__slug="ssu", start__date="2024-05-23")
    mote_services.mote_set_avholdt(mote=mote)
    mote_services.deltakere_propose(mote=mote)
    sak = Sak.objects.get(mote=mote, saksnr="2024.5")
    services.referat_save(sak=sak, protokoll="Gjennomgått.", vedtak="Godkjent.")
    url = reverse("admin:moter_mote_change", args=[mote.pk])
    assert 'name="deltakere-0-oppmote"' in admin_client.get(url).content.decode()

    services.innkalling_send(mote=neste, varsle=False)
    mote_services.mote_set_avholdt(mote=neste)
    services.referat_approve(referatsak=neste.saker.get(referat_for=mote), bekreftet=True)
    # Attendance is shown, but not as fields: it changes on the referat page, with a reason.
    html = admin_client.get(url).content.decode()
    assert "Gjennomgått." not in html  # (the sak's text is on the sak's page)
    assert 'name="deltakere-0-oppmote"' not in html
    html = admin_client.get(reverse("admin:saker_sak_change", args=[sak.pk])).content.decode()
    assert "Gjennomgått." in html
    assert 'name="vedtak"' not in html and 'name="protokoll"' not in html
