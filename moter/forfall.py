"""Forfall from the mail: a signed link in the innkalling that reports absence without logging
in (django.core.signing). The link names the meeting and the person and nothing else; it is
valid until the meeting starts, and can be used again to withdraw the forfall or report it
anew. A link that was tampered with, or one for a meeting that has started, is refused with a
Norwegian reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from helsefellesskap.links import absolute_url
from helsefellesskap.models import Person

from .models import Mote

SALT = "moter.forfall"
# An outer bound, whatever the meeting: a link older than a year is refused.
MAX_AGE = 365 * 24 * 3600


class ForfallLinkError(Exception):
    """A link that cannot be used, with the reason in Norwegian and the HTTP status the page
    answers with: 400 for a link that is not ours, 410 for one that is no longer usable."""

    def __init__(self, melding: str, status: int = 410) -> None:
        super().__init__(melding)
        self.melding = melding
        self.status = status


@dataclass(frozen=True)
class ForfallLink:
    mote: Mote
    person: Person


def forfall_token(*, mote: Mote, person: Person) -> str:
    return signing.dumps({"m": mote.pk, "p": person.pk}, salt=SALT, compress=True)


def forfall_url(*, mote: Mote, person: Person) -> str:
    return absolute_url(reverse("forfall-lenke", args=[forfall_token(mote=mote, person=person)]))


def forfall_link_read(token: str) -> ForfallLink:
    """The meeting and person a link names; ForfallLinkError when it cannot be used (now)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        mote_id, person_id = int(data["m"]), int(data["p"])
    except signing.SignatureExpired as exc:
        raise ForfallLinkError("Lenken er for gammel.") from exc
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ForfallLinkError(
            "Lenken er ikke gyldig. Bruk lenken i e-posten akkurat slik den er, eller logg inn "
            "og meld forfall på møtesiden.",
            status=400,
        ) from exc
    mote = Mote.objects.select_related("organ").filter(pk=mote_id).first()
    person = Person.objects.filter(pk=person_id).first()
    if mote is None or person is None:
        raise ForfallLinkError(
            "Møtet eller personen lenken gjelder, finnes ikke lenger.", status=404
        )
    if mote.status == Mote.Status.AVLYST:
        raise ForfallLinkError("Møtet er avlyst, så du trenger ikke melde forfall.")
    if mote.innkalling_sendt is None:
        raise ForfallLinkError("Innkallingen til møtet er ikke sendt.", status=404)
    if mote.start <= timezone.now() or mote.status not in {
        Mote.Status.PLANLAGT,
        Mote.Status.INNKALT,
    }:
        raise ForfallLinkError(
            "Møtet har startet eller er holdt, så lenken kan ikke lenger brukes. Ta kontakt med "
            "sekretariatet."
        )
    return ForfallLink(mote=mote, person=person)
