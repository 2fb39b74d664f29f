"""Meeting life cycle: planlagt → innkalt → avholdt → referat godkjent, plus avlyst and moved.

Every transition goes through a function here and is checked; views, admin actions, commands
and tasks all call these. Rules about the agenda itself live in ``saker.services``.
"""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from helsefellesskap import limits
from helsefellesskap.models import Epost, Organ, Person, Verv

from . import dokumenter, notices, publication
from .models import Deltaker, Dokument, Kalendernokkel, Meldingsmal, Mote

S = Mote.Status


class MoteStateError(ValidationError):
    """A transition that the meeting's current status does not allow."""


def change_reason(tekst: str) -> str:
    """A history change reason that fits simple-history's column (100 characters); the full
    text is kept where the change itself is stored."""
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= 100 else tekst[:99] + "…"


def _reload(mote: Mote) -> Mote:
    """The meeting as it is now, locked for this transaction: the caller's copy may be stale
    (another request, or a service that returned a new object)."""
    return Mote.objects.select_for_update().select_related("organ").get(pk=mote.pk)


def _check_times(*, start: datetime.datetime, slutt: datetime.datetime | None) -> None:
    limits.aarspenn_check(start=start, slutt=slutt)
    if slutt is not None and slutt <= start:
        raise ValidationError({"slutt": "Møtet må slutte etter at det starter."})


def moter_overlapping(
    *,
    organ: Organ,
    start: datetime.datetime,
    slutt: datetime.datetime | None,
    unntatt: Mote | None = None,
) -> list[Mote]:
    """Other meetings of the same body that overlap the given time (a likely typing error)."""
    slutt = slutt or start + datetime.timedelta(hours=1)
    qs = Mote.objects.filter(organ=organ, start__lt=slutt).exclude(status=S.AVLYST)
    if unntatt is not None and unntatt.pk:
        qs = qs.exclude(pk=unntatt.pk)
    return [
        m
        for m in qs.filter(start__gte=start - datetime.timedelta(days=1))
        if (m.slutt or m.start + datetime.timedelta(hours=1)) > start
    ]


@transaction.atomic
def mote_create(
    *,
    organ: Organ,
    start: datetime.datetime,
    slutt: datetime.datetime | None = None,
    sted: str = "",
    digital_lenke: str = "",
    til: str = "",
    tittel: str = "",
    moteleder: Person | None = None,
    referent: Person | None = None,
    forfall_meldes_til: Person | None = None,
    offentlig: bool = True,
    status: str = S.PLANLAGT,
    signert_dato: datetime.date | None = None,
) -> Mote:
    _check_times(start=start, slutt=slutt)
    mote = Mote(
        organ=organ,
        start=start,
        slutt=slutt,
        sted=sted,
        digital_lenke=digital_lenke,
        til=til or to_default(organ),
        tittel=tittel,
        signert_dato=signert_dato,
        moteleder=moteleder,
        referent=referent,
        forfall_meldes_til=forfall_meldes_til,
        offentlig=offentlig,
        status=status,
    )
    mote.full_clean()
    mote.save()
    return mote


def to_default(organ: Organ) -> str:
    """The seeds' addressee line: «SSUs faste medlemmer»."""
    kort = organ.kortnavn
    return f"{kort}{'' if kort.endswith('s') else 's'} faste medlemmer"


MOTEFELTER = (
    "tittel",
    "start",
    "slutt",
    "sted",
    "digital_lenke",
    "til",
    "moteleder",
    "referent",
    "forfall_meldes_til",
    "offentlig",
    "signert_dato",
)


KALENDERFELTER = ("start", "slutt", "sted", "digital_lenke", "status")


def _calendar_changed(mote: Mote) -> None:
    """A change calendars must follow (time, place, cancellation) raises the .ics SEQUENCE, so
    the invited members' calendars and the calendar feeds (moter/views/kalender.py, which show
    planned meetings too) update the same event. Only after the innkalling went out is anybody
    told by e-mail (``_notify_change``)."""
    if mote.pk is None:
        return
    saved = Mote.objects.filter(pk=mote.pk).values(*KALENDERFELTER).first()
    if saved and any(saved[f] != getattr(mote, f) for f in KALENDERFELTER):
        mote.kalender_sekvens += 1


@transaction.atomic
def mote_update(*, mote: Mote, **felter) -> Mote:
    mote = _reload(mote)
    unknown = set(felter) - set(MOTEFELTER)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    if not mote.can_change:
        raise MoteStateError(f"Møtet er {mote.get_status_display().lower()} og kan ikke endres.")
    for navn, verdi in felter.items():
        setattr(mote, navn, verdi)
    _check_times(start=mote.start, slutt=mote.slutt)
    before = mote.kalender_sekvens
    _calendar_changed(mote)
    mote.full_clean()
    mote.save()
    if mote.kalender_sekvens != before and mote.innkalling_sendt is not None:
        notices.mote_change_notify(mote=mote, art=Epost.Art.FLYTTING)
    return mote


@transaction.atomic
def mote_move(
    *, mote: Mote, start: datetime.datetime, slutt: datetime.datetime | None = None
) -> Mote:
    """Move a meeting; the original start is kept in ``flyttet_fra`` and in the history."""
    mote = _reload(mote)
    if mote.status not in {S.PLANLAGT, S.INNKALT}:
        raise MoteStateError("Bare planlagte eller innkalte møter kan flyttes.")
    _check_times(start=start, slutt=slutt)
    if mote.flyttet_fra is None:
        mote.flyttet_fra = mote.start
    forrige = mote.start
    mote.start, mote.slutt = start, slutt
    before = mote.kalender_sekvens
    _calendar_changed(mote)
    mote._change_reason = "Møtet er flyttet"
    mote.save()
    if mote.kalender_sekvens != before and mote.innkalling_sendt is not None:
        notices.mote_change_notify(mote=mote, art=Epost.Art.FLYTTING, flyttet_fra=forrige)
    return mote


@transaction.atomic
def mote_cancel(*, mote: Mote, begrunnelse: str) -> Mote:
    """Cancel a meeting; the reason is shown on the meeting page and kept in the history."""
    mote = _reload(mote)
    if mote.status not in {S.PLANLAGT, S.INNKALT}:
        raise MoteStateError("Bare planlagte eller innkalte møter kan avlyses.")
    begrunnelse = begrunnelse.strip()
    maks = Mote._meta.get_field("avlyst_begrunnelse").max_length
    assert maks is not None  # a CharField with its length
    if not begrunnelse:
        raise ValidationError({"begrunnelse": "Skriv hvorfor møtet avlyses."})
    if len(begrunnelse) > maks:
        raise ValidationError(
            {"begrunnelse": f"Begrunnelsen kan ha høyst {maks} tegn (den har {len(begrunnelse)})."}
        )
    mote.status = S.AVLYST
    mote.avlyst_begrunnelse = begrunnelse
    _calendar_changed(mote)
    mote._change_reason = change_reason(f"Møtet er avlyst: {begrunnelse}")
    mote.save()
    if mote.innkalling_sendt is not None:
        notices.mote_change_notify(mote=mote, art=Epost.Art.AVLYSNING)
    return mote


@transaction.atomic
def mote_restore(*, mote: Mote) -> Mote:
    """Undo a cancellation while nothing was sent: the meeting is planned again."""
    mote = _reload(mote)
    if mote.status != S.AVLYST:
        raise MoteStateError("Bare avlyste møter kan gjenopprettes.")
    if mote.innkalling_sendt is not None:
        raise MoteStateError(
            "Møtet kan ikke gjenopprettes: innkallingen ble sendt før møtet ble avlyst. "
            "Opprett et nytt møte i stedet."
        )
    mote.status = S.PLANLAGT
    mote.avlyst_begrunnelse = ""
    _calendar_changed(mote)
    mote._change_reason = "Avlysningen er angret; møtet er planlagt igjen"
    mote.save()
    return mote


@transaction.atomic
def mote_set_innkalt(*, mote: Mote) -> Mote:
    """Record that the innkalling was sent. Called by ``saker.services.innkalling_send``,
    which checks the agenda and freezes its numbers first."""
    mote = _reload(mote)
    if mote.status != S.PLANLAGT:
        raise MoteStateError(
            f"Innkallingen kan bare sendes for planlagte møter (møtet er "
            f"{mote.get_status_display().lower()})."
        )
    mote.status = S.INNKALT
    mote.innkalling_sendt = timezone.now()
    mote._change_reason = "Innkalling sendt"
    mote.save()
    return mote


@transaction.atomic
def mote_set_tilleggsinnkalling(*, mote: Mote) -> Mote:
    """Record that a tilleggsinnkalling was sent (``saker.services.tilleggsinnkalling_send``
    finds what changed on the agenda and sends it)."""
    mote = _reload(mote)
    if mote.status != S.INNKALT or mote.innkalling_sendt is None:
        raise MoteStateError("Tilleggsinnkalling sendes bare etter innkallingen og før møtet.")
    mote.tilleggsinnkallinger += 1
    mote.tilleggsinnkalling_sendt = timezone.now()
    mote._change_reason = f"Tilleggsinnkalling {mote.tilleggsinnkallinger} sendt"
    mote.save()
    return mote


@transaction.atomic
def mote_set_avholdt(*, mote: Mote, naa: datetime.datetime | None = None) -> Mote:
    mote = _reload(mote)
    if mote.status != S.INNKALT:
        raise MoteStateError("Bare møter som er innkalt kan markeres som avholdt.")
    if mote.start > (naa or timezone.now()):
        raise MoteStateError("Møtet kan ikke markeres som avholdt før det har startet.")
    mote.status = S.AVHOLDT
    mote._change_reason = "Møtet er avholdt"
    mote.save()
    return mote


@transaction.atomic
def innkalling_publish(*, mote: Mote, bruker=None) -> Mote:
    """Publishes the innkalling with its public documents (the innkalling, a saksframlegg per
    public sak, the saksdokumenter): those not made yet are ordered now and go out when ready."""
    mote = _reload(mote)
    if mote.status in {S.PLANLAGT, S.AVLYST}:
        raise MoteStateError("Innkallingen må være sendt før den kan publiseres.")
    if mote.innkalling_publisert is None:
        mote.innkalling_publisert = timezone.now()
        mote._change_reason = "Innkalling publisert"
        mote.save()
    dokumenter.offentlige_publish(mote=mote, bruker=bruker)
    return mote


@transaction.atomic
def innkalling_unpublish(*, mote: Mote) -> Mote:
    """Withdraws the innkalling and, in the same transaction, its public documents."""
    mote = _reload(mote)
    mote.innkalling_publisert = None
    mote._change_reason = "Innkalling trukket fra publisering"
    mote.save()
    publication.offentlige_withdraw(
        mote=mote,
        reason="innkallingen er trukket fra publisering",
        kinds=[Dokument.Art.INNKALLING, Dokument.Art.SAKSFRAMLEGG, Dokument.Art.SAKSDOKUMENTER],
    )
    return mote


# --- Møteplan -------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?$")


def moteplan_parse(tekst: str, *, aar: int) -> list[datetime.date]:
    """Read a meeting plan as written in the seeds: «FSU 2/5, 5/9, 7/11» or «2.5.2026; 5.9».

    A leading body name is ignored. Raises ValidationError naming each date it cannot read.
    """
    parts = [d.strip() for d in re.split(r"[,;\n]+", tekst) if d.strip()]
    datoer, feil = [], []
    for i, del_ in enumerate(parts):
        if i == 0 and " " in del_:
            del_ = del_.rsplit(" ", 1)[1]  # "FSU 2/5" → "2/5"
        m = _DATE.match(del_)
        if not m:
            feil.append(f"«{del_}» er ikke en dato (skriv f.eks. 2/5 eller 2.5.{aar})")
            continue
        day, mnd, aarstall = int(m.group(1)), int(m.group(2)), m.group(3)
        aar_for_date = aar
        if aarstall:
            aar_for_date = int(aarstall) if len(aarstall) == 4 else 2000 + int(aarstall)
        try:
            datoer.append(datetime.date(aar_for_date, mnd, day))
        except ValueError:
            feil.append(f"«{del_}» finnes ikke i kalenderen")
    if feil:
        raise ValidationError({"datoer": feil})
    if not datoer:
        raise ValidationError({"datoer": "Skriv minst én dato, f.eks. «2/5, 5/9, 7/11»."})
    if len(set(datoer)) != len(datoer):
        raise ValidationError({"datoer": "Samme dato står flere ganger."})
    return sorted(datoer)


@transaction.atomic
def moteplan_create(
    *,
    organ: Organ,
    datoer: list[datetime.date],
    starttid: datetime.time,
    sluttid: datetime.time | None = None,
    sted: str = "",
) -> list[Mote]:
    """Create a body's meetings for a year in one go. Dates that already have a meeting of the
    body are refused, so running the same plan twice creates nothing twice."""
    tz = timezone.get_current_timezone()
    exists = {
        timezone.localtime(m.start).date()
        for m in Mote.objects.filter(organ=organ).exclude(status=S.AVLYST)
    }
    dobbel = [d for d in datoer if d in exists]
    if dobbel:
        raise ValidationError(
            {"datoer": [f"{organ.kortnavn} har allerede møte {d:%d.%m.%y}." for d in dobbel]}
        )
    if sluttid is not None and sluttid <= starttid:
        raise ValidationError({"sluttid": "Sluttid må være etter starttid."})
    moter = []
    for dato in datoer:
        start = datetime.datetime.combine(dato, starttid, tzinfo=tz)
        slutt = datetime.datetime.combine(dato, sluttid, tzinfo=tz) if sluttid else None
        moter.append(mote_create(organ=organ, start=start, slutt=slutt, sted=sted))
    return moter


# --- Attendance -------------------------------------------------------------------------------

# Roles in the referat, from the roles of the memberships.
_ROLLE_FROM_VERV = {
    "leder": "leder",
    "nestleder": "nestleder",
    "medlem": "medlem",
    "brukerrepresentant": "medlem",
    "varamedlem": "varamedlem",
    "observator": "observator",
    "sekretariat": "sekretariat",
}


@transaction.atomic
def deltakere_propose(*, mote: Mote, begrunnelse: str = "", av=None) -> list[Deltaker]:
    """Invite the body's members on the day of the meeting (faste medlemmer, vara, secretariat).
    People already on the list are kept as they are; a member whose verv has ended is not
    proposed. Returns the new rows. On an approved referat it needs a reason (new version)."""
    from helsefellesskap.models import Verv

    mote = _reload(mote)
    dato = timezone.localtime(mote.start).date()
    exists = set(mote.deltakere.values_list("person_id", flat=True))
    rank = {r: i for i, r in enumerate(Verv.ROLLE_REKKEFOLGE)}
    vervene = sorted(
        Verv.objects.filter(organ=mote.organ)
        .active(dato)
        .select_related("person__partner", "representerer"),
        key=lambda v: (rank.get(v.rolle, 99), v.person.navn),
    )
    neste = (mote.deltakere.aggregate(m=models.Max("rekkefolge"))["m"] or 0) + 1
    nye = []
    for verv in vervene:
        if verv.person_id in exists:
            continue
        exists.add(verv.person_id)
        nye.append(
            Deltaker.objects.create(
                mote=mote,
                person=verv.person,
                rolle=_ROLLE_FROM_VERV.get(verv.rolle, "medlem"),
                representerer=representerer_from_register(verv, verv.person),
                rekkefolge=neste,
            )
        )
        neste += 1
    if nye and referat_change_needs_version(mote, begrunnelse):
        referat_new_version(mote=mote, begrunnelse=begrunnelse, av=av)
    return nye


def _set_oppmote(
    deltaker: Deltaker, *, oppmote: str, moter_for: Person | None, merknad: str
) -> tuple[bool, dict[str, list[str]]]:
    """Put the attendance on the (unsaved) row: whether it changed, and what stops it from
    being saved, per field."""
    if oppmote not in Deltaker.Oppmote.values:
        return False, {"oppmote": ["Ukjent oppmøte."]}
    if moter_for is not None and moter_for.pk == deltaker.person_id:
        return False, {"moter_for": ["En deltaker kan ikke møte for seg selv."]}
    merknad = merknad.strip()
    moter_for_id = moter_for.pk if moter_for is not None else None
    endret = (deltaker.oppmote, deltaker.moter_for_id, deltaker.merknad) != (
        oppmote,
        moter_for_id,
        merknad,
    )
    deltaker.oppmote, deltaker.moter_for, deltaker.merknad = oppmote, moter_for, merknad
    return endret, limits.model_errors(deltaker, exclude=["mote", "person"])


@dataclass(frozen=True)
class Oppmoteendring:
    deltaker_id: int
    oppmote: str
    moter_for: Person | None = None
    merknad: str = ""


@transaction.atomic
def oppmote_save(
    *,
    mote: Mote,
    changes: list[Oppmoteendring],
    rest_present: bool = False,
    begrunnelse: str = "",
    av=None,
) -> list[Deltaker]:
    """Record the attendance of several participants at once: all of it or, when one value
    is wrong, none of it. ``rest_present`` («Alle andre til stede»): everyone still only
    invited after the changes is recorded as present; forfall stays forfall. The
    ValidationError's keys are the field and the participant's id («merknad-12»), as the
    attendance form names its inputs, and each message names the person. Rows of other
    meetings are ignored (a stale or tampered form). On an approved referat the change needs a
    reason and makes one new version. Returns the rows that changed."""
    mote = _reload(mote)
    deltakere = {d.pk: d for d in mote.deltakere.select_related("person")}
    feil: dict[str, list[str]] = {}
    endret = []
    for e in changes:
        d = deltakere.get(e.deltaker_id)
        if d is None:
            continue
        ble_endret, errors = _set_oppmote(
            d, oppmote=e.oppmote, moter_for=e.moter_for, merknad=e.merknad
        )
        for felt, messages in errors.items():
            feil[f"{felt}-{d.pk}"] = [f"{d.person.navn}: {m}" for m in messages]
        if ble_endret:
            endret.append(d)
    if rest_present:
        for d in deltakere.values():
            if d.oppmote == Deltaker.Oppmote.INVITERT:
                d.oppmote = Deltaker.Oppmote.TILSTEDE
                if d not in endret:
                    endret.append(d)
    if feil:
        raise ValidationError(feil)
    if not endret:
        return []
    new_version = referat_change_needs_version(mote, begrunnelse)
    for d in endret:
        if new_version:
            d._change_reason = change_reason(f"Ny referatversjon: {begrunnelse}")
        d.save()
    if new_version:
        referat_new_version(mote=mote, begrunnelse=begrunnelse, av=av)
    return endret


def oppmote_set(
    *,
    deltaker: Deltaker,
    oppmote: str,
    moter_for: Person | None = None,
    merknad: str = "",
    begrunnelse: str = "",
    av=None,
) -> Deltaker:
    """One participant's attendance (``oppmote_save`` for one row)."""
    change = Oppmoteendring(deltaker.pk, oppmote, moter_for, merknad)
    oppmote_save(mote=deltaker.mote, changes=[change], begrunnelse=begrunnelse, av=av)
    deltaker.refresh_from_db()
    return deltaker


@transaction.atomic
def gjest_add(
    *,
    mote: Mote,
    navn: str,
    rolle: str = Deltaker.Rolle.GJEST,
    merknad: str = "",
    moter_for: Person | None = None,
    begrunnelse: str = "",
    av=None,
) -> Deltaker:
    """A guest who presents a case, or anyone who stands in for a member on the day
    (``moter_for``: recorded as vara for that member): matched to a registered person by name,
    or created."""
    mote = _reload(mote)
    navn = navn.strip()
    if not navn:
        raise ValidationError({"navn": "Skriv navnet på gjesten."})
    if moter_for is not None:
        rolle = Deltaker.Rolle.VARAMEDLEM
    elif rolle not in {Deltaker.Rolle.GJEST, Deltaker.Rolle.INNLEDER}:
        raise ValidationError({"rolle": "Velg gjest eller innleder."})
    new_version = referat_change_needs_version(mote, begrunnelse)
    person = Person.objects.filter(navn__iexact=navn).order_by("pk").first()
    if person is None:
        person = Person.objects.create(navn=navn)
    if mote.deltakere.filter(person=person).exists():
        raise ValidationError({"navn": f"{person.navn} står allerede på deltakerlisten."})
    if moter_for is not None and moter_for.pk == person.pk:
        raise ValidationError({"moter_for": "En deltaker kan ikke møte for seg selv."})
    neste = (mote.deltakere.aggregate(m=models.Max("rekkefolge"))["m"] or 0) + 1
    deltaker = Deltaker(
        mote=mote,
        person=person,
        rolle=rolle,
        oppmote=Deltaker.Oppmote.TILSTEDE,
        moter_for=moter_for,
        merknad=merknad.strip(),
        rekkefolge=neste,
    )
    if new_version:
        deltaker._change_reason = change_reason(f"Ny referatversjon: {begrunnelse}")
    deltaker.save()
    if new_version:
        referat_new_version(mote=mote, begrunnelse=begrunnelse, av=av)
    return deltaker


@transaction.atomic
def forfall_report(*, mote: Mote, person: Person, merknad: str = "") -> Deltaker:
    """A member reports absence (forfall) before the meeting; the secretariat is told by
    e-mail (``moter.notices.forfall_notify``). Reporting again only updates the comment."""
    mote = _reload(mote)
    if mote.status not in {S.PLANLAGT, S.INNKALT}:
        raise MoteStateError("Forfall kan bare meldes før møtet er avholdt.")
    deltaker, _ = Deltaker.objects.get_or_create(
        mote=mote,
        person=person,
        defaults={
            "rolle": _rolle_i_organ(mote, person),
            "representerer": _representerer_i_organ(mote, person),
        },
    )
    nytt = deltaker.oppmote != Deltaker.Oppmote.FORFALL
    deltaker.oppmote = Deltaker.Oppmote.FORFALL
    deltaker.merknad = merknad.strip()
    deltaker._change_reason = "Forfall meldt" if nytt else "Merknad til forfallet endret"
    deltaker.save()
    if nytt:
        notices.forfall_notify(mote=mote, deltaker=deltaker)
    return deltaker


@transaction.atomic
def forfall_withdraw(*, mote: Mote, person: Person) -> Deltaker | None:
    """The member comes after all: the forfall is withdrawn before the meeting."""
    mote = _reload(mote)
    if mote.status not in {S.PLANLAGT, S.INNKALT}:
        raise MoteStateError("Forfall kan bare trekkes før møtet er avholdt.")
    deltaker = Deltaker.objects.filter(
        mote=mote, person=person, oppmote=Deltaker.Oppmote.FORFALL
    ).first()
    if deltaker is None:
        return None
    deltaker.oppmote = Deltaker.Oppmote.INVITERT
    deltaker.merknad = ""
    deltaker._change_reason = "Forfall trukket"
    deltaker.save()
    return deltaker


def last_meeting_day(*, person: Person, organ: Organ) -> datetime.date | None:
    """The day of the last meeting of the body (not cancelled) that the person was on the list
    of, forfall included."""
    days = meeting_days(person=person, organ=organ)
    return days[-1] if days else None


def meeting_days(*, person: Person, organ: Organ) -> list[datetime.date]:
    """The days of the body's meetings (not cancelled) that the person was on the list of,
    forfall included, earliest first."""
    starts = (
        Deltaker.objects.filter(mote__organ=organ, person=person)
        .exclude(mote__status=S.AVLYST)
        .order_by("mote__start")
        .values_list("mote__start", flat=True)
    )
    return [timezone.localtime(start).date() for start in starts]


def representerer_from_register(verv: Verv | None, person: Person) -> str:
    """The affiliation a participant is recorded with when the meeting is drafted: the partner
    the membership represents, else the person's position, else their partner. Recorded on the
    participant (``Deltaker.representerer``), so the referat prints what held at the meeting,
    not what the register says later."""
    if verv is not None and verv.representerer is not None:
        return verv.representerer.display_name
    if person.stilling:
        return person.stilling
    return person.partner.display_name if person.partner is not None else ""


def _representerer_i_organ(mote: Mote, person: Person) -> str:
    dato = timezone.localtime(mote.start).date()
    verv = (
        Verv.objects.filter(organ_id=mote.organ_id, person=person)
        .active(dato)
        .select_related("representerer")
        .first()
    )
    return representerer_from_register(verv, person)


def _rolle_i_organ(mote: Mote, person: Person) -> str:
    """The person's role in the meeting's body on its day, as a participant's role."""
    dato = timezone.localtime(mote.start).date()
    verv = Verv.objects.filter(organ_id=mote.organ_id, person=person).active(dato).first()
    roller = {r.value for r in Deltaker.Rolle}
    if verv is not None and verv.rolle in roller:
        return verv.rolle
    return Deltaker.Rolle.MEDLEM


# --- Referat ----------------------------------------------------------------------------------

R = Mote.ReferatStatus

# Sent after a locked referat changed and its version went up: saker freezes the new version's
# text (it owns the export format); moter cannot import saker.
referat_version_new = Signal()

LOCKED_REFERAT = (
    "Referatet er godkjent og låst. Skriv en begrunnelse for endringen; den lagres som en ny "
    "versjon av referatet."
)


def referat_change_needs_version(mote: Mote, begrunnelse: str) -> bool:
    """Whether a change to the referat of ``mote`` makes a new version. On an approved referat
    a change needs a reason: without one it is refused (ValidationError on «begrunnelse»)."""
    if not mote.referat_last:
        return False
    begrunnelse = begrunnelse.strip()
    if not begrunnelse:
        raise ValidationError({"begrunnelse": LOCKED_REFERAT})
    maks = 500  # Referatversjon.begrunnelse (saker)
    if len(begrunnelse) > maks:
        raise ValidationError(
            {"begrunnelse": f"Begrunnelsen kan ha høyst {maks} tegn (den har {len(begrunnelse)})."}
        )
    return True


@transaction.atomic
def referat_new_version(*, mote: Mote, begrunnelse: str, av=None) -> Mote:
    """Record a change to an approved referat as its next version, with the reason and who;
    the saved meeting makes its documents out of date (they are re-rendered)."""
    mote = _reload(mote)
    if not mote.referat_last:
        raise MoteStateError("Referatet er ikke godkjent; endre det direkte.")
    begrunnelse = begrunnelse.strip()
    mote.referat_versjon += 1
    mote._change_reason = change_reason(f"Referat versjon {mote.referat_versjon}: {begrunnelse}")
    mote.save()
    referat_version_new.send(sender=Mote, mote=mote, begrunnelse=begrunnelse, av=av)
    return mote


@transaction.atomic
def referat_send_for_comments(*, mote: Mote, frist: datetime.date) -> Mote:
    mote = _reload(mote)
    if mote.status != S.AVHOLDT:
        raise MoteStateError("Referatet kan sendes til kommentar når møtet er avholdt.")
    if mote.referat_status == R.GODKJENT:
        raise MoteStateError("Referatet er allerede godkjent.")
    limits.aarspenn_check(frist=frist)
    if frist < timezone.localdate():
        raise ValidationError({"frist": "Fristen kan ikke være passert."})
    mote.referat_status = R.TIL_KOMMENTAR
    mote.referat_kommentarfrist = frist
    mote.referat_sendt_til_kommentar = timezone.now()
    mote._change_reason = "Referat sendt til kommentar"
    mote.save()
    notices.referat_kommentar_notify(mote=mote)
    return mote


@transaction.atomic
def referat_set_approved(*, mote: Mote) -> Mote:
    """Lock the referat and move the meeting to referat godkjent. Called by
    ``saker.services.referat_approve``, which records the approval in the next meeting."""
    mote = _reload(mote)
    if mote.status != S.AVHOLDT:
        raise MoteStateError(
            f"Referatet kan godkjennes når møtet er avholdt (møtet er "
            f"{mote.get_status_display().lower()})."
        )
    mote.status = S.REFERAT_GODKJENT
    mote.referat_status = R.GODKJENT
    mote.referat_godkjent = timezone.now()
    mote.referat_versjon = 1
    mote._change_reason = "Referat godkjent"
    mote.save()
    return mote


@transaction.atomic
def referat_publish(*, mote: Mote, bruker=None) -> Mote:
    """Publishes the approved referat and its public PDF (made now if needed)."""
    mote = _reload(mote)
    if mote.referat_status != R.GODKJENT:
        raise MoteStateError("Referatet må være godkjent før det publiseres.")
    if mote.referat_publisert is None:
        mote.referat_publisert = timezone.now()
        mote._change_reason = "Referat publisert"
        mote.save()
        notices.referat_publisert_notify(mote=mote)
    dokumenter.offentlige_publish(mote=mote, bruker=bruker)
    return mote


# --- E-mail templates ------------------------------------------------------------------------


@transaction.atomic
def meldingsmal_save(*, organ: Organ, art: str, emne: str, innledning: str) -> Meldingsmal | None:
    """A body's wording of one kind of message; both fields empty: back to the portal's own."""
    emne, innledning = emne.strip(), innledning.strip()
    mal = Meldingsmal.objects.select_for_update().filter(organ=organ, art=art).first()
    if not emne and not innledning:
        if mal is not None:
            mal.delete()
        return None
    mal = mal or Meldingsmal(organ=organ, art=art)
    mal.emne, mal.innledning = emne, innledning
    mal.full_clean()
    mal.save()
    return mal


@transaction.atomic
def kalendernokkel_renew(*, bruker: User) -> Kalendernokkel:
    """A new secret for the user's personal calendar feed; the previous link stops working."""
    nokkel, _ = Kalendernokkel.objects.update_or_create(
        bruker=bruker,
        defaults={"nokkel": secrets.token_urlsafe(32), "opprettet": timezone.now()},
    )
    return nokkel
