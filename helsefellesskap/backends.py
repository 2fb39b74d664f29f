"""Authentication: Django's model backend, with the user's Person read in the same query (every
page shows the person's name in the menu, and the meeting pages look up their absence)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class Brukere(ModelBackend):
    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("person").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
