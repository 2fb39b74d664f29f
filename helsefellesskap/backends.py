"""Authentication: Django's model backend, reading the user with the Person (which every page
shows in the menu) and whether the user is in the secretariat, in one query per request. Nothing
about the user is cached across requests: changing a password, a group or ``is_active`` takes
effect on the next request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .access import SEKRETARIAT_GRUPPE


class Brukere(ModelBackend):
    def get_user(self, user_id):
        modell = get_user_model()
        grupper = modell.groups.through.objects.filter(
            user_id=OuterRef("pk"), group__name=SEKRETARIAT_GRUPPE
        )
        user = (
            modell._default_manager.select_related("person")
            .annotate(_er_sekretariat=Exists(grupper))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
