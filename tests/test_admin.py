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


def test_an_approved_referat_cannot_be_changed_silently_in_the_admin(admin_client):
    from moter import services as mote_services
    from moter.models import Mote
    from saker import services
    from saker.models import Sak

    mote = Mote.objects.get(organ__slug="ssu", start__date="2024-02-29")
    neste = Mote.objects.get(organ__slug="ssu", start__date="2024-05-23")
    mote_services.mote_marker_avholdt(mote=mote)
    mote_services.deltakere_foreslaa(mote=mote)
    sak = Sak.objects.get(mote=mote, saksnr="2024.5")
    services.referat_lagre(sak=sak, protokoll="Gjennomgått.", vedtak="Godkjent.")
    url = reverse("admin:moter_mote_change", args=[mote.pk])
    assert 'name="deltakere-0-oppmote"' in admin_client.get(url).content.decode()

    services.innkalling_send(mote=neste, varsle=False)
    mote_services.mote_marker_avholdt(mote=neste)
    services.referat_godkjenn(referatsak=neste.saker.get(referat_for=mote), bekreftet=True)
    # Attendance is shown, but not as fields: it changes on the referat page, with a reason.
    html = admin_client.get(url).content.decode()
    assert "Gjennomgått." not in html  # (the sak's text is on the sak's page)
    assert 'name="deltakere-0-oppmote"' not in html
    html = admin_client.get(reverse("admin:saker_sak_change", args=[sak.pk])).content.decode()
    assert "Gjennomgått." in html
    assert 'name="vedtak"' not in html and 'name="protokoll"' not in html
