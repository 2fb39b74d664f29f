"""What the saker services share: their errors, and the sak and agenda as they are in the
database now."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from moter.models import Mote
from saker.models import Sak


class SakError(ValidationError):
    """A change to the agenda that the rules do not allow, with a Norwegian message."""


class SakChangedByOther(SakError):
    """Someone else saved the sak after the editor loaded it."""

    def __init__(self, melding: str, *, endret: datetime.datetime):
        super().__init__(melding, code="endret_av_andre")
        self.endret = endret


def sak_reload(sak: Sak) -> Sak:
    """The sak as it is in the database now: numbers and meeting may have changed since the
    caller loaded it."""
    return Sak.objects.select_related("mote", "organ").get(pk=sak.pk)


def agenda_saker(mote: Mote):
    return Sak.objects.filter(mote=mote).order_by("rekkefolge", "pk")


def agenda_check_editable(mote: Mote | None) -> None:
    if mote is not None and not mote.can_change:
        raise SakError(f"Sakslisten kan ikke endres: møtet er {mote.get_status_display().lower()}.")
