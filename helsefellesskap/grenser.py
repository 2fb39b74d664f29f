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
AAR_FRA, AAR_TIL = 2000, 2100

_KONTROLLTEGN = re.compile(r"[\x00-\x1f\x7f]")


@deconstructible
class UtenKontrolltegn:
    """A one-line text (a title, a place): no line breaks, tabs or other control characters.
    A title with a line break cannot go into an e-mail subject, and is never what was meant."""

    message = "Teksten kan ikke inneholde linjeskift eller andre kontrolltegn."
    code = "kontrolltegn"

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and _KONTROLLTEGN.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UtenKontrolltegn)


@deconstructible
class NettLenke(URLValidator):
    """A link people click: http or https only (never javascript:, data:, file: …)."""

    message = "Oppgi en nettadresse som begynner med https:// eller http://."
    # Not «invalid»: a form field would put its own message in place of this one.
    code = "nettlenke"

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("schemes", ["http", "https"])
        kwargs.setdefault("message", self.message)
        kwargs.setdefault("code", self.code)
        super().__init__(**kwargs)


def er_nettlenke(verdi: str | None) -> bool:
    """Whether a stored link may become an href: rows saved before the model refused other
    schemes are not trusted."""
    try:
        NettLenke()(verdi or "")
    except ValidationError:
        return False
    return True


def modellfelt(model: type[models.Model], navn: str) -> models.Field:
    """The model field; for a relation, the field it points at (a foreign key holds a pk)."""
    felt = model._meta.get_field(navn)
    assert isinstance(felt, models.Field), f"{model.__name__}.{navn} is not a model field"
    return felt.target_field if isinstance(felt, RelatedField) else felt


def tallgrenser(model: type[models.Model], navn: str) -> tuple[int | None, int | None]:
    """The smallest and largest value an integer model field accepts: its own validators and
    the range of its database column."""
    lav = hoy = None
    for v in modellfelt(model, navn).validators:
        if not isinstance(v, (MinValueValidator, MaxValueValidator)):
            continue
        grense = v.limit_value() if callable(v.limit_value) else v.limit_value
        if isinstance(v, MinValueValidator):
            lav = grense if lav is None else max(lav, grense)
        elif isinstance(v, MaxValueValidator):
            hoy = grense if hoy is None else min(hoy, grense)
    return lav, hoy


def heltallfelt(model: type[models.Model], navn: str, **kwargs) -> forms.IntegerField:
    """A form field for an integer that fits the model field (a stricter range may be given)."""
    lav, hoy = tallgrenser(model, navn)
    kwargs.setdefault("min_value", lav)
    kwargs.setdefault("max_value", hoy)
    if kwargs["min_value"] is not None and lav is not None:
        kwargs["min_value"] = max(kwargs["min_value"], lav)
    if kwargs["max_value"] is not None and hoy is not None:
        kwargs["max_value"] = min(kwargs["max_value"], hoy)
    kwargs.setdefault("error_messages", {"invalid": "Oppgi et heltall."})
    return forms.IntegerField(**kwargs)


def tekstfelt(model: type[models.Model], navn: str, **kwargs) -> forms.CharField:
    """A form field for text that fits the model field: its max_length (forms.CharField refuses
    NUL by itself) and the model field's own validators."""
    felt = modellfelt(model, navn)
    kwargs.setdefault("max_length", felt.max_length)
    kwargs.setdefault("validators", [v for v in felt.validators if _egen(v)])
    return forms.CharField(**kwargs)


def modellvalidatorer(model: type[models.Model], navn: str) -> list:
    """The validators a model field adds to its type's own (a link's scheme, no control
    characters in a title), for a form field of the same type."""
    felt = modellfelt(model, navn)
    return [v for v in felt.validators if v not in felt.default_validators and _egen(v)]


def _egen(validator) -> bool:
    # The length is the form field's own max_length; the rest come from the model.
    return not isinstance(validator, MaxLengthValidator)


def modellfeil(obj: models.Model, *, exclude: list[str] | None = None) -> dict[str, list[str]]:
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
        for navn, meldinger in exc.message_dict.items():
            feil.setdefault(navn, []).extend(meldinger)
    return feil


def aar_i_spenn(aar: int) -> bool:
    return AAR_FRA <= aar <= AAR_TIL


def i_aarspenn(dato) -> None:
    """A date within the portal's years: a validator for the date and time fields of models
    and forms (a time is judged by its local date)."""
    if isinstance(dato, datetime.datetime) and timezone.is_aware(dato):
        try:
            dato = timezone.localtime(dato)
        except OverflowError:  # year 1 or 9999 moved across midnight
            pass
    if dato is not None and not aar_i_spenn(dato.year):
        raise ValidationError(f"Oppgi en dato mellom år {AAR_FRA} og {AAR_TIL}.", code="utenfor")


def aarspenn_sjekk(**felter) -> None:
    """For a service: the dates and times given, by field name, within the portal's years
    (``i_aarspenn``); raises one ValidationError naming each field outside."""
    feil = {}
    for navn, verdi in felter.items():
        try:
            i_aarspenn(verdi)
        except ValidationError as exc:
            feil[navn] = exc.error_list
    if feil:
        raise ValidationError(feil)
