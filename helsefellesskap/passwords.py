"""Django's password rules with their messages in Norwegian: Django 5.2's Norwegian catalogue
misses the new wording of some (an English «This password is too short» reached members)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Passordet er for kort. Det må ha minst {self.min_length} tegn."

    def get_help_text(self) -> str:
        return f"Passordet må ha minst {self.min_length} tegn."


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    # The user's fields by the name Django gives them (its Norwegian verbose names), as the
    # sentence needs them.
    BESTEMT = {
        "brukernavn": "brukernavnet",
        "fornavn": "fornavnet",
        "etternavn": "etternavnet",
        "e-postadresse": "e-postadressen",
    }

    def validate(self, password, user=None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as exc:
            felt = str((exc.params or {}).get("verbose_name", "")).lower()
            navn = self.BESTEMT.get(felt, "navnet ditt")
            raise ValidationError(
                f"Passordet ligner for mye på {navn}.", code="password_too_similar"
            ) from exc

    def get_help_text(self) -> str:
        return "Passordet kan ikke ligne for mye på navnet ditt, brukernavnet eller e-postadressen."
