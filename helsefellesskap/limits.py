"""The limits of what the portal stores, read from the models themselves, for every way in:
query parameters, forms, the mote/1 import.

PostgreSQL refuses text longer than a column's max_length, numbers outside its integer range
and the NUL character (the embedded SQLite default silently accepts all three). Checking each
value against its model field here, rather than against numbers copied into forms, means a new
field or a changed limit cannot be forgotten.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    URLValidator,
)
from django.db import models
from django.db.models.fields.related import RelatedField
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# The years the portal's dates may have, as the meeting form has always said: outside it a
# date is a typing error (and year 1 or 9999 overflow on conversion to another time zone).
AAR_FROM, AAR_TO = 2000, 2100

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@deconstructible
class NoControlCharacters:
    """A one-line text (a title, a place): no line breaks, tabs or other control characters.
    A title with a line break cannot go into an e-mail subject, and is never what was meant."""

    message = "Teksten kan ikke inneholde linjeskift eller andre kontrolltegn."
    code = "kontrolltegn"

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharacters)


@deconstructible
class WebLink(URLValidator):
    """A link people click: http or https only (never javascript:, data:, file: …)."""

    message = "Oppgi en nettadresse som begynner med https:// eller http://."
    # Not «invalid»: a form field would put its own message in place of this one.
    code = "nettlenke"

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("schemes", ["http", "https"])
        kwargs.setdefault("message", self.message)
        kwargs.setdefault("code", self.code)
        super().__init__(**kwargs)


def is_web_link(verdi: str | None) -> bool:
    """Whether a stored link may become an href: rows saved before the model refused other
    schemes are not trusted."""
    try:
        WebLink()(verdi or "")
    except ValidationError:
        return False
    return True


def model_field(model: type[models.Model], navn: str) -> models.Field:
    """The model field; for a relation, the field it points at (a foreign key holds a pk)."""
    felt = model._meta.get_field(navn)
    assert isinstance(felt, models.Field), f"{model.__name__}.{navn} is not a model field"
    return felt.target_field if isinstance(felt, RelatedField) else felt


def number_limits(model: type[models.Model], navn: str) -> tuple[int | None, int | None]:
    """The smallest and largest value an integer model field accepts: its own validators and
    the range of its database column."""
    low = high = None
    for v in model_field(model, navn).validators:
        if not isinstance(v, (MinValueValidator, MaxValueValidator)):
            continue
        limit = v.limit_value() if callable(v.limit_value) else v.limit_value
        if isinstance(v, MinValueValidator):
            low = limit if low is None else max(low, limit)
        elif isinstance(v, MaxValueValidator):
            high = limit if high is None else min(high, limit)
    return low, high


def integer_field(model: type[models.Model], navn: str, **kwargs) -> forms.IntegerField:
    """A form field for an integer that fits the model field (a stricter range may be given)."""
    low, high = number_limits(model, navn)
    kwargs.setdefault("min_value", low)
    kwargs.setdefault("max_value", high)
    if kwargs["min_value"] is not None and low is not None:
        kwargs["min_value"] = max(kwargs["min_value"], low)
    if kwargs["max_value"] is not None and high is not None:
        kwargs["max_value"] = min(kwargs["max_value"], high)
    kwargs.setdefault("error_messages", {"invalid": "Oppgi et heltall."})
    return forms.IntegerField(**kwargs)


def text_field(model: type[models.Model], navn: str, **kwargs) -> forms.CharField:
    """A form field for text that fits the model field: its max_length (forms.CharField refuses
    NUL by itself) and the model field's own validators."""
    felt = model_field(model, navn)
    kwargs.setdefault("max_length", felt.max_length)
    kwargs.setdefault("validators", [v for v in felt.validators if _own(v)])
    return forms.CharField(**kwargs)


def model_validators(model: type[models.Model], navn: str) -> list:
    """The validators a model field adds to its type's own (a link's scheme, no control
    characters in a title), for a form field of the same type."""
    felt = model_field(model, navn)
    return [v for v in felt.validators if v not in felt.default_validators and _own(v)]


def _own(validator) -> bool:
    # The length is the form field's own max_length; the rest come from the model.
    return not isinstance(validator, MaxLengthValidator)


def model_errors(obj: models.Model, *, exclude: list[str] | None = None) -> dict[str, list[str]]:
    """Everything that stops ``obj`` from being saved, per field: the model's own validation
    (full_clean without the database checks that a save makes itself) and NUL in any text."""
    feil: dict[str, list[str]] = {}
    for felt in obj._meta.concrete_fields:
        if isinstance(felt, (models.CharField, models.TextField)) and "\x00" in str(
            getattr(obj, felt.attname) or ""
        ):
            feil.setdefault(felt.name, []).append("Teksten inneholder et ugyldig tegn (NUL).")
    try:
        obj.full_clean(
            exclude=[*(exclude or []), *feil], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for navn, messages in exc.message_dict.items():
            feil.setdefault(navn, []).extend(messages)
    return feil


def aar_i_spenn(aar: int) -> bool:
    return AAR_FROM <= aar <= AAR_TO


def in_aarspenn(dato) -> None:
    """A date within the portal's years: a validator for the date and time fields of models
    and forms (a time is judged by its local date)."""
    if isinstance(dato, datetime.datetime) and timezone.is_aware(dato):
        try:
            dato = timezone.localtime(dato)
        except OverflowError:  # year 1 or 9999 moved across midnight
            pass
    if dato is not None and not aar_i_spenn(dato.year):
        raise ValidationError(f"Oppgi en dato mellom år {AAR_FROM} og {AAR_TO}.", code="utenfor")


def aarspenn_check(**felter) -> None:
    """For a service: the dates and times given, by field name, within the portal's years
    (``in_aarspenn``); raises one ValidationError naming each field outside."""
    feil = {}
    for navn, verdi in felter.items():
        try:
            in_aarspenn(verdi)
        except ValidationError as exc:
            feil[navn] = exc.error_list
    if feil:
        raise ValidationError(feil)
