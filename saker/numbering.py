"""Numbering, used by the services and the import alike: saker are numbered per body per year,
in the body's format; a sent innkalling freezes its numbers."""

from __future__ import annotations

import datetime

from django.db.models import Max, Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from helsefellesskap import saksnummer
from helsefellesskap.models import Organ
from moter.models import Mote
from saker.models import (
    Sak,
    Sakstype,
)

NYTT_SAKSNUMMER = "Nytt saksnummer"


def lock_organ(organ: Organ) -> Organ:
    """Serialise numbering per body: every writer of a body's numbers takes this row lock."""
    return Organ.objects.select_for_update().get(pk=organ.pk)


def takes_number(sak: Sak) -> bool:
    """A bare «Eventuelt» line stays unnumbered; so do pause lines and withdrawn drafts."""
    if sak.type != Sak.Type.SAK:
        return False
    if sak.sakstyper == [Sakstype.EVENTUELT] and not sak.vedtak:
        return False
    return True


def mote_year(mote: Mote) -> int:
    return timezone.localtime(mote.start).year


KJENTE_FORMATER = ("{aar}.{nr}", "{nr}/{aa}", "{aar}/{nr}")


def aarsformat(*, organ: Organ, aar: int) -> str:
    """The format a body's numbers take in ``aar``: the format of the year's first sent number,
    so a year never mixes formats (SSU numbered 2024.2 in 2024 and 14/26 in 2026); the body's
    current format for a year that has none yet."""
    forste = (
        Sak.objects.filter(organ=organ, aar=aar, lopenr__isnull=False)
        .filter(Q(mote__innkalling_sendt__isnull=False) | ~Q(mote__status=Mote.Status.PLANLAGT))
        .order_by("lopenr")
        .first()
    )
    if forste is not None:
        for pattern in (organ.saksnummerformat, *KJENTE_FORMATER):
            if saksnummer.formater(pattern, aar=aar, nr=forste.lopenr) == forste.saksnr:
                return pattern
    return organ.saksnummerformat


def saker_renumber(*, organ: Organ, aar: int, new_on_sendt: Sak | None = None) -> None:
    """Give the saker of the body's draft agendas in ``aar`` gap-free numbers in agenda order.

    Numbers of sent agendas are frozen; ``new_on_sendt``, a sak just added to a sent agenda,
    takes the next number after them, and draft agendas (chronologically) follow after that.
    Runs under the body's row lock; the unique constraint on (organ, aar, løpenr) is the last
    guard.
    """
    lock_organ(organ)
    tz = timezone.get_current_timezone()
    fra = datetime.datetime(aar, 1, 1, tzinfo=tz)
    til = datetime.datetime(aar + 1, 1, 1, tzinfo=tz)
    utkast_ids = list(
        Mote.objects.filter(
            organ=organ,
            start__gte=fra,
            start__lt=til,
            status=Mote.Status.PLANLAGT,
            innkalling_sendt__isnull=True,
        )
        .order_by("start", "pk")
        .values_list("pk", flat=True)
    )
    saker = list(Sak.objects.filter(mote_id__in=utkast_ids).order_by())
    saker.sort(key=lambda s: (utkast_ids.index(s.mote_id), s.rekkefolge, s.pk))
    for_ = {s.pk: (s.aar, s.lopenr, s.saksnr) for s in saker}
    frozen = Sak.objects.filter(organ=organ, aar=aar, lopenr__isnull=False).exclude(pk__in=for_)
    neste = (frozen.aggregate(m=Max("lopenr"))["m"] or 0) + 1
    fmt = aarsformat(organ=organ, aar=aar)

    if new_on_sendt is not None:
        new_on_sendt.aar, new_on_sendt.lopenr = aar, neste
        new_on_sendt.saksnr = saksnummer.formater(fmt, aar=aar, nr=neste)
        neste += 1
    for sak in saker:
        if takes_number(sak) and not sak.trukket:
            sak.aar, sak.lopenr = aar, neste
            sak.saksnr = saksnummer.formater(fmt, aar=aar, nr=neste)
            neste += 1
        else:
            sak.aar, sak.lopenr, sak.saksnr = None, None, ""
    endret = [s for s in saker if (s.aar, s.lopenr, s.saksnr) != for_[s.pk]]
    # Clear the changed ones first, so a renumbering never collides with itself on the unique
    # constraint (the new numbers are distinct, and a sak whose number stays keeps it). The
    # cleared state is never committed, so only the new numbers go into the history.
    Sak.objects.filter(pk__in=[s.pk for s in endret]).update(lopenr=None, aar=None, saksnr="")
    if new_on_sendt is not None:
        new_on_sendt._change_reason = NYTT_SAKSNUMMER
        new_on_sendt.save(update_fields=["aar", "lopenr", "saksnr"])
    bulk_update_with_history(
        endret, Sak, ["aar", "lopenr", "saksnr"], default_change_reason=NYTT_SAKSNUMMER
    )


def sak_assign_number(sak: Sak) -> None:
    """Number ``sak`` according to its meeting: renumber a draft, or take the next free
    number on a sent agenda (the body is locked by the caller)."""
    if sak.mote_id is None:
        return
    mote = Mote.objects.get(pk=sak.mote_id)
    aar = mote_year(mote)
    if not mote.innkalling_frozen:
        saker_renumber(organ=sak.organ, aar=aar)
        sak.refresh_from_db(fields=["aar", "lopenr", "saksnr"])
    elif takes_number(sak) and sak.lopenr is None:
        saker_renumber(organ=sak.organ, aar=aar, new_on_sendt=sak)


def saksnr_parse(organ: Organ, tekst: str) -> saksnummer.Saksnummer | None:
    """Read a case number in the body's format, or in one of the formats the seeds use
    (older documents of a body may use another format than the one it uses now)."""
    for pattern in (organ.saksnummerformat, *KJENTE_FORMATER):
        found = saksnummer.parse(pattern, tekst)
        if found:
            return found
    return None
