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
