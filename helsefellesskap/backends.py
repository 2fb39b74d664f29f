"""Authentication: Django's model backend, with the user (and the Person, which every page shows
in the menu) read through the pages cache: a logged-in page costs no query for its user until
the data change. Changing a password, a group or ``is_active`` is a change like any other."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .hurtigbuffer import rad


class Brukere(ModelBackend):
    def get_user(self, user_id):
        modell = get_user_model()

        def les():
            return modell._default_manager.select_related("person").filter(pk=user_id).first()

        user = rad(("bruker", user_id), les)
        return user if user is not None and self.user_can_authenticate(user) else None
