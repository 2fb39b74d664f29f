"""Agenda rules: numbering, standard items, ordering, the sakskø, and the workflows that touch
agenda and meeting together (sending the innkalling freezes the numbers and moves the meeting to
innkalt). Calls ``moter.services``, never the other way round."""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from helsefellesskap import saksnummer
from helsefellesskap.models import Nettsted, Organ, Person, Verv
from moter import services as mote_services
from moter.models import Mote

from .models import (
    Ansvar,
    Inhabilitet,
    Oppfolging,
    ReferatKommentar,
    Referatversjon,
    Sak,
    Sakstype,
    Vedlegg,
)

STANDARD_GODKJENNING = "Godkjenning av innkalling og dagsorden"
STANDARD_REFERAT = "Referat fra forrige møte"
STANDARD_EVENTUELT = "Eventuelt"

# Change reasons in a sak's history for what the numbering and the ordering change in bulk.
NYTT_SAKSNUMMER = "Nytt saksnummer"
NY_REKKEFOLGE = "Ny rekkefølge i sakslisten"

SAKSFELTER = (
    "tittel",
    "sakstyper",
    "arkivsaksid",
    "saksbehandler",
    "hensikt",
    "faktagrunnlag",
    "vurdering",
    "forslag_til_vedtak",
    "varighet",
    "protokoll",
    "vedtak",
    "unntatt_offentlighet",
    "hjemmel",
    "offentlig_tittel",
    "referat_for",
)


logger = logging.getLogger(__name__)


class SakFeil(ValidationError):
    """A change to the agenda that the rules do not allow, with a Norwegian message."""


class SakEndretAvAndre(SakFeil):
    """Someone else saved the sak after the editor loaded it."""

    def __init__(self, melding: str, *, endret: datetime.datetime):
        super().__init__(melding, code="endret_av_andre")
        self.endret = endret


# --- Numbering ------------------------------------------------------------------------------


def _lås_organ(organ: Organ) -> Organ:
    """Serialise numbering per body: every writer of a body's numbers takes this row lock."""
    return Organ.objects.select_for_update().get(pk=organ.pk)


def _tar_nummer(sak: Sak) -> bool:
    """A bare «Eventuelt» line stays unnumbered; so do pause lines and withdrawn drafts."""
    if sak.type != Sak.Type.SAK:
        return False
    if sak.sakstyper == [Sakstype.EVENTUELT] and not sak.vedtak:
        return False
    return True


def _mote_aar(mote: Mote) -> int:
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


def nummerer(*, organ: Organ, aar: int, ny_paa_sendt: Sak | None = None) -> None:
    """Give the saker of the body's draft agendas in ``aar`` gap-free numbers in agenda order.

    Numbers of sent agendas are frozen; ``ny_paa_sendt``, a sak just added to a sent agenda,
    takes the next number after them, and draft agendas (chronologically) follow after that.
    Runs under the body's row lock; the unique constraint on (organ, aar, løpenr) is the last
    guard.
    """
    _lås_organ(organ)
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
    frosne = Sak.objects.filter(organ=organ, aar=aar, lopenr__isnull=False).exclude(pk__in=for_)
    neste = (frosne.aggregate(m=Max("lopenr"))["m"] or 0) + 1
    fmt = aarsformat(organ=organ, aar=aar)

    if ny_paa_sendt is not None:
        ny_paa_sendt.aar, ny_paa_sendt.lopenr = aar, neste
        ny_paa_sendt.saksnr = saksnummer.formater(fmt, aar=aar, nr=neste)
        neste += 1
    for sak in saker:
        if _tar_nummer(sak) and not sak.trukket:
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
    if ny_paa_sendt is not None:
        ny_paa_sendt._change_reason = NYTT_SAKSNUMMER
        ny_paa_sendt.save(update_fields=["aar", "lopenr", "saksnr"])
    bulk_update_with_history(
        endret, Sak, ["aar", "lopenr", "saksnr"], default_change_reason=NYTT_SAKSNUMMER
    )


def _tildel_nummer(sak: Sak) -> None:
    """Number ``sak`` according to its meeting: renumber a draft, or take the next free
    number on a sent agenda (the body is locked by the caller)."""
    if sak.mote_id is None:
        return
    mote = Mote.objects.get(pk=sak.mote_id)
    aar = _mote_aar(mote)
    if not mote.innkalling_frosset:
        nummerer(organ=sak.organ, aar=aar)
        sak.refresh_from_db(fields=["aar", "lopenr", "saksnr"])
    elif _tar_nummer(sak) and sak.lopenr is None:
        nummerer(organ=sak.organ, aar=aar, ny_paa_sendt=sak)


def _fersk(sak: Sak) -> Sak:
    """The sak as it is in the database now: numbers and meeting may have changed since the
    caller loaded it."""
    return Sak.objects.select_related("mote", "organ").get(pk=sak.pk)


def tolk_saksnr(organ: Organ, tekst: str) -> saksnummer.Saksnummer | None:
    """Read a case number in the body's format, or in one of the formats the seeds use
    (older documents of a body may use another format than the one it uses now)."""
    for pattern in (organ.saksnummerformat, *KJENTE_FORMATER):
        funnet = saksnummer.tolk(pattern, tekst)
        if funnet:
            return funnet
    return None


# --- Agenda ---------------------------------------------------------------------------------


def _saksliste(mote: Mote):
    return Sak.objects.filter(mote=mote).order_by("rekkefolge", "pk")


def _plass_for_ny(mote: Mote) -> int:
    """New lines go last, but before a trailing «Eventuelt»."""
    linjer = list(_saksliste(mote))
    if linjer and linjer[-1].er_eventuelt and linjer[-1].type == Sak.Type.SAK:
        eventuelt = linjer[-1]
        ny = eventuelt.rekkefolge
        eventuelt.rekkefolge = ny + 1
        eventuelt._change_reason = NY_REKKEFOLGE
        eventuelt.save(update_fields=["rekkefolge"])
        return ny
    return (linjer[-1].rekkefolge + 1) if linjer else 1


def _sjekk_redigerbar(mote: Mote | None) -> None:
    if mote is not None and mote.status in {Mote.Status.REFERAT_GODKJENT, Mote.Status.AVLYST}:
        raise SakFeil(f"Sakslisten kan ikke endres: møtet er {mote.get_status_display().lower()}.")


def ansvar_feil(ansvar: Iterable[Person | str]) -> str | None:
    """What is wrong with a list of ansvar, in Norwegian; None when nothing is."""
    maks = Ansvar._meta.get_field("tekst").max_length
    for a in ansvar:
        if isinstance(a, str) and len(a.strip()) > maks:
            return (
                f"Hver linje i «Ansvar» kan ha høyst {maks} tegn; linjen som begynner "
                f"«{a.strip()[:30]}», har {len(a.strip())}."
            )
    return None


def _sjekk_ansvar(ansvar: list[Person | str]) -> None:
    feil = ansvar_feil(ansvar)
    if feil:
        raise ValidationError({"ansvar": feil})


def _sett_ansvar(sak: Sak, ansvar: Iterable[Person | str]) -> None:
    sak.ansvar.all().delete()
    rader = []
    for i, a in enumerate(ansvar):
        if isinstance(a, Person):
            rader.append(Ansvar(sak=sak, person=a, rekkefolge=i))
        elif a and a.strip():
            rader.append(Ansvar(sak=sak, tekst=a.strip(), rekkefolge=i))
    for rad in rader:
        rad.save()


def _valider_sakstyper(sakstyper: list[str]) -> list[str]:
    gyldige = set(Sakstype.values)
    ukjente = [t for t in sakstyper if t not in gyldige]
    if ukjente:
        raise ValidationError({"sakstyper": f"Ukjent sakstype: {', '.join(ukjente)}."})
    # Keep the order as written, without duplicates.
    return list(dict.fromkeys(sakstyper))


@transaction.atomic
def sak_create(
    *,
    organ: Organ,
    tittel: str,
    mote: Mote | None = None,
    type: str = Sak.Type.SAK,
    sakstyper: list[str] | None = None,
    ansvar: Iterable[Person | str] = (),
    **felter,
) -> Sak:
    """Add a line to a meeting's agenda (or, without a meeting, to the body's sakskø)."""
    ukjente = set(felter) - set(SAKSFELTER)
    if ukjente:
        raise TypeError(f"Unknown sak fields: {sorted(ukjente)}")
    ansvar = list(ansvar)
    _sjekk_ansvar(ansvar)
    _lås_organ(organ)
    if mote is not None:
        mote = Mote.objects.get(pk=mote.pk)
        _sjekk_redigerbar(mote)
        if mote.organ_id != organ.pk:
            raise SakFeil("Saken tilhører et annet organ enn møtet.")
    sak = Sak(
        organ=organ,
        mote=mote,
        type=type,
        tittel=tittel,
        sakstyper=_valider_sakstyper(sakstyper or []),
        **felter,
    )
    sak.rekkefolge = _plass_for_ny(mote) if mote else 0
    sak.full_clean(exclude=["aar", "lopenr", "saksnr"])
    sak.save()
    _sett_ansvar(sak, ansvar)
    _tildel_nummer(sak)
    return sak


@transaction.atomic
def sak_update(
    *,
    sak: Sak,
    ansvar: Iterable[Person | str] | None = None,
    sist_sett: datetime.datetime | None = None,
    **felter,
) -> Sak:
    """Change a sak. ``sist_sett`` is when the editor loaded it (optimistic locking): if someone
    saved the sak since, nothing is changed and SakEndretAvAndre says who and when."""
    ukjente = set(felter) - set(SAKSFELTER)
    if ukjente:
        raise TypeError(f"Unknown sak fields: {sorted(ukjente)}")
    if ansvar is not None:
        ansvar = list(ansvar)
        _sjekk_ansvar(ansvar)
    sak = Sak.objects.select_for_update(of=("self",)).select_related("mote", "organ").get(pk=sak.pk)
    if sist_sett is not None and sak.endret != sist_sett:
        siste = sak.history.select_related("history_user__person").first()
        hvem = "noen andre"
        if siste is not None and siste.history_user is not None:
            person = getattr(siste.history_user, "person", None)
            hvem = person.navn if person else siste.history_user.get_username()
        tid = timezone.localtime(sak.endret)
        raise SakEndretAvAndre(
            f"{hvem} lagret saken kl. {tid:%H.%M} mens du redigerte den. Det du skrev, står "
            "fortsatt i skjemaet: sammenlign med endringshistorikken og lagre igjen for å "
            "overskrive.",
            endret=sak.endret,
        )
    _sjekk_redigerbar(sak.mote)
    if "sakstyper" in felter:
        felter["sakstyper"] = _valider_sakstyper(felter["sakstyper"])
    for navn, verdi in felter.items():
        setattr(sak, navn, verdi)
    sak.full_clean(exclude=["aar", "lopenr", "saksnr"])
    # A bare «Eventuelt» that gets a title of its own or a type may now take a number. The
    # body's lock before the save: the save locks the meeting's row (the version triggers,
    # helsefellesskap/versjoner.py), and numbering services take the body's lock first.
    nummer = sak.mote_id and _tar_nummer(sak) != (sak.lopenr is not None) and not sak.trukket
    if nummer:
        _lås_organ(sak.organ)
    sak.save()
    if ansvar is not None:
        _sett_ansvar(sak, ansvar)
    if nummer:
        _tildel_nummer(sak)
    return sak


@transaction.atomic
def saksliste_flytt(*, sak: Sak, retning: str) -> None:
    """Move a line one step up or down the agenda (keyboard-friendly reordering)."""
    if retning not in {"opp", "ned"}:
        raise ValueError(retning)
    sak = _fersk(sak)
    mote = sak.mote
    _sjekk_redigerbar(mote)
    linjer = list(_saksliste(mote))
    ids = [linje.pk for linje in linjer]
    i = ids.index(sak.pk)
    j = i - 1 if retning == "opp" else i + 1
    if j < 0 or j >= len(ids):
        return
    ids[i], ids[j] = ids[j], ids[i]
    saksliste_sorter(mote=mote, ids=ids)


@transaction.atomic
def saksliste_sorter(*, mote: Mote, ids: list[int]) -> None:
    """Put the agenda in the given order (drag and drop sends the whole order)."""
    mote = Mote.objects.get(pk=mote.pk)
    _sjekk_redigerbar(mote)
    _lås_organ(mote.organ)
    linjer = {s.pk: s for s in _saksliste(mote)}
    if len(ids) != len(linjer) or set(ids) != set(linjer):
        raise SakFeil("Sakslisten er endret av noen andre. Last siden på nytt og prøv igjen.")
    endret = []
    for i, pk in enumerate(ids, start=1):
        if linjer[pk].rekkefolge != i:
            linjer[pk].rekkefolge = i
            endret.append(linjer[pk])
    bulk_update_with_history(endret, Sak, ["rekkefolge"], default_change_reason=NY_REKKEFOLGE)
    if not mote.innkalling_frosset:
        nummerer(organ=mote.organ, aar=_mote_aar(mote))


@transaction.atomic
def sak_fjern_fra_mote(*, sak: Sak) -> Sak:
    """Take a sak off a draft agenda: back to the sakskø (pause lines are deleted).
    On a sent agenda the sak keeps its number and is marked «trukket»."""
    sak = _fersk(sak)
    mote = sak.mote
    if mote is None:
        raise SakFeil("Saken står ikke på noe møte.")
    _sjekk_redigerbar(mote)
    _lås_organ(sak.organ)
    if mote.innkalling_frosset:
        if sak.type != Sak.Type.SAK:
            raise SakFeil("Sakslisten er sendt; linjer kan ikke fjernes, bare saker trekkes.")
        sak.status = Sak.Status.TRUKKET
        sak._change_reason = "Saken er trukket"
        sak.save(update_fields=["status"])
        return sak
    if sak.type != Sak.Type.SAK or not _tar_nummer(sak):
        # Pause lines and a bare «Eventuelt» have no life outside the agenda.
        sak.delete()
        return sak
    sak.mote = None
    sak.aar = sak.lopenr = None
    sak.saksnr = ""
    sak._change_reason = "Tatt av sakslisten og lagt i sakskøen"
    sak.save(update_fields=["mote", "aar", "lopenr", "saksnr"])
    nummerer(organ=mote.organ, aar=_mote_aar(mote))
    return sak


@transaction.atomic
def sak_plasser(*, sak: Sak, mote: Mote) -> Sak:
    """Put a sak from the body's sakskø, or from another meeting, on ``mote``'s agenda."""
    sak = _fersk(sak)
    mote = Mote.objects.get(pk=mote.pk)
    if sak.organ_id != mote.organ_id:
        raise SakFeil(
            f"Saken hører til {sak.organ.kortnavn} og kan ikke settes opp på et møte i "
            f"{mote.organ.kortnavn}."
        )
    _sjekk_redigerbar(mote)
    _lås_organ(sak.organ)
    forrige = sak.mote
    if forrige is not None:
        if forrige.innkalling_frosset:
            raise SakFeil(
                "Saken står på en sendt innkalling. Trekk den der og lag en kopi i stedet."
            )
    sak.mote = mote
    sak.aar = sak.lopenr = None
    sak.saksnr = ""
    sak.rekkefolge = _plass_for_ny(mote)
    sak._change_reason = f"Satt opp på møtet {mote}"
    sak.save(update_fields=["mote", "aar", "lopenr", "saksnr", "rekkefolge"])
    if forrige is not None and not forrige.innkalling_frosset:
        nummerer(organ=forrige.organ, aar=_mote_aar(forrige))
    _tildel_nummer(sak)
    return sak


@transaction.atomic
def sak_dupliser(*, sak: Sak, mote: Mote) -> Sak:
    """Copy a sak (e.g. from an earlier meeting) onto ``mote``'s agenda, without its minutes."""
    felter = {
        f: getattr(sak, f) for f in SAKSFELTER if f not in {"protokoll", "vedtak", "referat_for"}
    }
    ny = sak_create(
        organ=mote.organ,
        mote=mote,
        type=sak.type,
        ansvar=[a.person or a.tekst for a in sak.ansvar.select_related("person")],
        **felter,
    )
    ny.kopiert_fra = sak
    ny.save(update_fields=["kopiert_fra"])
    return ny


@transaction.atomic
def sak_slett(*, sak: Sak) -> None:
    """Delete a sak that was never on a sent agenda (sent saker are withdrawn instead)."""
    sak = _fersk(sak)
    mote = sak.mote
    if mote is not None and mote.innkalling_frosset:
        raise SakFeil("Saken står på en sendt innkalling og kan bare trekkes, ikke slettes.")
    _sjekk_redigerbar(mote)
    _lås_organ(sak.organ)
    sak.delete()
    if mote is not None:
        nummerer(organ=mote.organ, aar=_mote_aar(mote))


# --- Meetings with their agenda ---------------------------------------------------------------


def forrige_mote(mote: Mote) -> Mote | None:
    return (
        Mote.objects.filter(organ=mote.organ, start__lt=mote.start)
        .exclude(status=Mote.Status.AVLYST)
        .order_by("-start")
        .first()
    )


def _referattittel(forrige: Mote | None) -> str:
    if forrige is None:
        return STANDARD_REFERAT
    return f"Referat {forrige.organ.kortnavn} {timezone.localtime(forrige.start):%d.%m.%y}"


@transaction.atomic
def standardsaker_legg_til(*, mote: Mote) -> None:
    """The standard items of a new agenda: approval of the notice, the previous referat,
    and «Eventuelt» last."""
    forrige = forrige_mote(mote)
    sak_create(
        organ=mote.organ,
        mote=mote,
        tittel=STANDARD_GODKJENNING,
        sakstyper=[Sakstype.GODKJENNING],
        forslag_til_vedtak="Innkalling og dagsorden godkjennes.",
    )
    sak_create(
        organ=mote.organ,
        mote=mote,
        tittel=_referattittel(forrige),
        sakstyper=[Sakstype.REFERATSAK],
        hensikt=(
            f"Referat fra møtet {timezone.localtime(forrige.start):%d.%m.%y}." if forrige else ""
        ),
        forslag_til_vedtak="Referatet godkjennes.",
        referat_for=forrige,
    )
    sak_create(
        organ=mote.organ,
        mote=mote,
        tittel=STANDARD_EVENTUELT,
        sakstyper=[Sakstype.EVENTUELT],
    )


@transaction.atomic
def mote_opprett(*, standardsaker: bool = True, **felter) -> Mote:
    """Create a meeting with the standard items on its agenda."""
    mote = mote_services.mote_create(**felter)
    if standardsaker:
        standardsaker_legg_til(mote=mote)
    return mote


@transaction.atomic
def moteplan_opprett(**kwargs) -> list[Mote]:
    moter = mote_services.moteplan_opprett(**kwargs)
    for mote in moter:
        standardsaker_legg_til(mote=mote)
    return moter


@transaction.atomic
def mote_flytt(*, mote: Mote, start: datetime.datetime, slutt=None) -> Mote:
    """Move a meeting; a draft agenda moved to another year is renumbered in both years."""
    # The body's lock before the first write: a write to a meeting locks its row (the version
    # triggers, helsefellesskap/versjoner.py), and a sak_create in it holds the body's lock
    # first, so the other order could deadlock.
    _lås_organ(mote.organ)
    gammelt_aar = _mote_aar(mote)
    mote = mote_services.mote_flytt(mote=mote, start=start, slutt=slutt)
    if not mote.innkalling_frosset:
        nummerer(organ=mote.organ, aar=gammelt_aar)
        if _mote_aar(mote) != gammelt_aar:
            nummerer(organ=mote.organ, aar=_mote_aar(mote))
    return mote


def mangler_for_innkalling(mote: Mote) -> list[str]:
    """What stops the innkalling from being sent, in Norwegian; empty when it can go."""
    mangler = []
    saker = [s for s in _saksliste(mote) if s.type == Sak.Type.SAK and not s.trukket]
    if not saker:
        mangler.append("Sakslisten er tom.")
    if not any(not s.er_eventuelt for s in saker):
        mangler.append("Sakslisten har ingen saker utenom «Eventuelt».")
    for s in saker:
        if not s.sakstyper:
            mangler.append(f"Sak {s.saksnr or s.tittel} mangler sakstype.")
        if s.unntatt_offentlighet and not s.hjemmel:
            mangler.append(f"Sak {s.saksnr} er unntatt offentlighet, men mangler hjemmel.")
    if not mote.sted and not mote.digital_lenke:
        mangler.append("Møtet mangler møtested eller lenke til digitalt møte.")
    return mangler


@transaction.atomic
def innkalling_send(*, mote: Mote, varsle: bool = True) -> Mote:
    """Send the innkalling: check the agenda, freeze its numbers and mark the meeting innkalt.
    With ``varsle``, the members are e-mailed once the transaction is committed (failures are
    logged); a caller that shows the result passes ``varsle=False`` and calls
    ``innkalling_varsle`` itself."""
    _lås_organ(mote.organ)
    mote = Mote.objects.get(pk=mote.pk)
    if mote.status != Mote.Status.PLANLAGT:
        raise SakFeil(
            f"Innkallingen er allerede sendt (møtet er {mote.get_status_display().lower()})."
        )
    mangler = mangler_for_innkalling(mote)
    if mangler:
        raise SakFeil(mangler)
    # Final numbering of the draft; from here on the numbers are frozen.
    nummerer(organ=mote.organ, aar=_mote_aar(mote))
    mote = mote_services.mote_sett_innkalt(mote=mote)
    # Later draft agendas of the year now follow after this meeting's numbers.
    nummerer(organ=mote.organ, aar=_mote_aar(mote))
    if varsle:
        transaction.on_commit(lambda: innkalling_varsle(mote=mote))
    return mote


@dataclass
class Utsending:
    """What happened to each member's e-mail: sent, not sent for want of an address, or
    failed with a Norwegian reason."""

    sendt: list[str] = field(default_factory=list)
    uten_epost: list[str] = field(default_factory=list)
    feilet: list[tuple[str, str]] = field(default_factory=list)


def _sendefeil(exc: Exception) -> str:
    if isinstance(exc, BadHeaderError):
        return "meldingen har ugyldige tegn i emnefeltet"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "e-postadressen ble avvist av e-posttjeneren"
    if isinstance(exc, smtplib.SMTPException):
        return f"e-posttjeneren avviste meldingen ({exc})"
    if isinstance(exc, OSError):
        return f"fikk ikke kontakt med e-posttjeneren ({exc})"
    return f"sendingen feilet ({exc})"


def innkalling_varsle(*, mote: Mote) -> Utsending:
    """E-mail the innkalling to the body's members on the day of the meeting, one message
    per member, so that one failure stops no other and each is reported."""
    from django.conf import settings

    mote = Mote.objects.select_related("organ").get(pk=mote.pk)
    dato = timezone.localtime(mote.start).date()
    personer = {
        v.person_id: v.person
        for v in Verv.objects.filter(organ=mote.organ).aktive(dato).select_related("person")
    }
    nettsted = Nettsted.hent()
    # A header holds one line: whatever the title holds, the subject never breaks.
    emne = " ".join(
        f"Innkalling: {mote.visningsnavn} {timezone.localtime(mote.start):%d.%m.%Y}".split()
    )
    tekst = (
        f"Innkalling til {mote.visningsnavn}\n"
        f"Tid: {timezone.localtime(mote.start):%d.%m.%Y kl. %H.%M}\n"
        f"Sted: {mote.sted or mote.digital_lenke}\n\n"
        f"Sakslisten og sakspapirene: {mote.get_absolute_url()}\n\n"
        f"Med vennlig hilsen\n{nettsted.navn}, sekretariatet\n"
    )
    utsending = Utsending()
    tilkobling = None
    for person in sorted(personer.values(), key=lambda p: p.navn):
        if not person.epost:
            utsending.uten_epost.append(person.navn)
            continue
        try:
            tilkobling = tilkobling or get_connection()
            EmailMessage(
                emne, tekst, settings.DEFAULT_FROM_EMAIL, [person.epost], connection=tilkobling
            ).send()
        except (BadHeaderError, smtplib.SMTPException, OSError, ValueError) as exc:
            logger.warning("Innkalling %s til %s feilet: %s", mote.pk, person.pk, exc)
            utsending.feilet.append((person.navn, _sendefeil(exc)))
        else:
            utsending.sendt.append(person.navn)
    return utsending


# --- Vedlegg ----------------------------------------------------------------------------------


@transaction.atomic
def vedlegg_legg_til(
    *, sak: Sak, tittel: str, fil=None, url: str = "", offentlig: bool = True, filsjekk=None
) -> Vedlegg:
    """Attach a file (checked by content) or a link to a sak."""
    from .uploads import sjekk_vedlegg

    sak = _fersk(sak)
    _sjekk_redigerbar(sak.mote)
    if not fil and not url:
        raise ValidationError("Velg en fil eller skriv en lenke.")
    neste = (sak.vedlegg.aggregate(m=Max("rekkefolge"))["m"] or 0) + 1
    vedlegg = Vedlegg(
        sak=sak, tittel=tittel.strip(), url=url, offentlig=offentlig, rekkefolge=neste
    )
    if fil:
        sjekk = filsjekk or sjekk_vedlegg(fil)
        vedlegg.innholdstype, vedlegg.storrelse = sjekk.innholdstype, sjekk.storrelse
        vedlegg.fil.save(fil.name, fil, save=False)
    vedlegg.full_clean(exclude=["fil"])
    vedlegg.save()
    return vedlegg


@transaction.atomic
def vedlegg_slett(*, vedlegg: Vedlegg) -> None:
    sak = _fersk(vedlegg.sak)
    _sjekk_redigerbar(sak.mote)
    if sak.mote is not None and sak.mote.innkalling_publisert is not None:
        raise SakFeil("Innkallingen er publisert. Trekk publiseringen før du fjerner vedlegg.")
    fil = vedlegg.fil
    vedlegg.delete()
    if fil:
        transaction.on_commit(lambda: fil.storage.delete(fil.name))


# --- Referat ----------------------------------------------------------------------------------


def _sjekk_referat_apent(mote: Mote | None) -> None:
    if mote is None:
        raise SakFeil("Saken står ikke på noe møte ennå; den har ikke noe referat.")
    if mote.referat_last:
        raise SakFeil(
            "Referatet er godkjent og låst. Endringer gjøres som en ny versjon med begrunnelse."
        )
    if mote.status not in {Mote.Status.INNKALT, Mote.Status.AVHOLDT}:
        raise SakFeil(
            "Referatet kan skrives når innkallingen er sendt (møtet er "
            f"{mote.get_status_display().lower()})."
        )


def _referatendring(mote: Mote | None, begrunnelse: str) -> bool:
    """Whether a change to the referat of ``mote`` makes a new version: on a locked referat
    it needs a reason (refused without one); on an open one the meeting must be called."""
    if mote is None:
        raise SakFeil("Saken står ikke på noe møte.")
    if mote.referat_last:
        return mote_services.referat_endring_krever_versjon(mote, begrunnelse)
    _sjekk_referat_apent(mote)
    return False


def _ny_referatversjon(mote: Mote, *, begrunnelse: str, av) -> None:
    mote_services.referat_ny_versjon(mote=mote, begrunnelse=begrunnelse, av=av)


def _endret_av(sak: Sak) -> str:
    """Who saved ``sak`` last, by name, for a message about a conflicting save."""
    siste = sak.history.select_related("history_user__person").first()
    if siste is None or siste.history_user is None:
        return "noen andre"
    person = getattr(siste.history_user, "person", None)
    return person.navn if person else siste.history_user.get_username()


def _sjekk_sist_sett(sak: Sak, sist_sett: datetime.datetime | None) -> None:
    """Optimistic locking of the referat text, as for the sak form: refuse a save over a text
    someone saved after the editor loaded it."""
    if sist_sett is None or sak.endret == sist_sett:
        return
    tid = timezone.localtime(sak.endret)
    raise SakEndretAvAndre(
        f"Teksten ble endret av {_endret_av(sak)} {tid:%d.%m.%y} kl. {tid:%H.%M} etter at du "
        "åpnet den. Det du skrev, står fortsatt i skjemaet: last siden på nytt for å se den "
        "nye teksten, eller lagre igjen for å overskrive den.",
        endret=sak.endret,
    )


@transaction.atomic
def referat_lagre(
    *, sak: Sak, protokoll: str, vedtak: str, sist_sett: datetime.datetime | None = None
) -> Sak:
    """Record the møtebehandling and the adopted vedtak/konklusjon of a sak. ``sist_sett`` is
    when the editor loaded the text: a save over a newer one is refused (SakEndretAvAndre)."""
    sak = Sak.objects.select_for_update(of=("self",)).select_related("mote", "organ").get(pk=sak.pk)
    if sak.mote is None:
        raise SakFeil("Saken står ikke på noe møte.")
    _sjekk_referat_apent(sak.mote)
    _sjekk_sist_sett(sak, sist_sett)
    sak.protokoll, sak.vedtak = protokoll.strip(), vedtak.strip()
    sak.save(update_fields=["protokoll", "vedtak", "endret"])
    return sak


@transaction.atomic
def eventuelt_legg_til(
    *,
    mote: Mote,
    tittel: str,
    protokoll: str = "",
    vedtak: str = "",
    begrunnelse: str = "",
    av=None,
) -> Sak:
    """An item raised under «Eventuelt»: it gets its own number after the agenda's numbers
    (2023.44, 2023.45 in the seed) and stands after the «Eventuelt» line. On an approved
    referat it needs a reason and makes a new version."""
    mote = Mote.objects.get(pk=mote.pk)
    ny_versjon = _referatendring(mote, begrunnelse)
    if not tittel.strip():
        raise ValidationError({"tittel": "Gi saken en tittel."})
    _lås_organ(mote.organ)
    sak = Sak(
        organ=mote.organ,
        mote=mote,
        tittel=tittel.strip(),
        sakstyper=[Sakstype.EVENTUELT],
        protokoll=protokoll.strip(),
        vedtak=vedtak.strip(),
        rekkefolge=(_saksliste(mote).aggregate(m=Max("rekkefolge"))["m"] or 0) + 1,
    )
    sak._change_reason = mote_services.endringsgrunn(
        f"Tatt opp under Eventuelt (ny referatversjon: {begrunnelse})"
        if ny_versjon
        else "Tatt opp under Eventuelt"
    )
    sak.save()
    nummerer(organ=mote.organ, aar=_mote_aar(mote), ny_paa_sendt=sak)
    if ny_versjon:
        _ny_referatversjon(mote, begrunnelse=begrunnelse, av=av)
    return sak


@transaction.atomic
def oppfolging_legg_til(
    *,
    sak: Sak,
    beskrivelse: str,
    ansvarlig: Person | None = None,
    frist: datetime.date | None = None,
    begrunnelse: str = "",
    av=None,
) -> Oppfolging:
    sak = _fersk(sak)
    ny_versjon = _referatendring(sak.mote, begrunnelse)
    if not beskrivelse.strip():
        raise ValidationError({"beskrivelse": "Beskriv hva som skal følges opp."})
    neste = (sak.oppfolginger.aggregate(m=Max("rekkefolge"))["m"] or 0) + 1
    oppfolging = Oppfolging(
        sak=sak,
        beskrivelse=beskrivelse.strip(),
        ansvarlig=ansvarlig,
        frist=frist,
        rekkefolge=neste,
    )
    if ny_versjon:
        oppfolging._change_reason = mote_services.endringsgrunn(f"Ny referatversjon: {begrunnelse}")
    oppfolging.save()
    if ny_versjon:
        _ny_referatversjon(sak.mote, begrunnelse=begrunnelse, av=av)
    return oppfolging


@transaction.atomic
def oppfolging_sett_status(*, oppfolging: Oppfolging, status: str) -> Oppfolging:
    """Follow-ups move on after the referat is approved: their status is not part of the
    locked text."""
    if status not in Oppfolging.Status.values:
        raise ValidationError({"status": "Ukjent status."})
    oppfolging.status = status
    oppfolging.save(update_fields=["status"])
    return oppfolging


@transaction.atomic
def inhabilitet_registrer(
    *, sak: Sak, person: Person, begrunnelse: str, endring_begrunnelse: str = "", av=None
) -> Inhabilitet:
    """``begrunnelse`` is why the person is inhabil; ``endring_begrunnelse`` why an approved
    referat is changed (a new version)."""
    sak = _fersk(sak)
    try:
        ny_versjon = _referatendring(sak.mote, endring_begrunnelse)
    except ValidationError as exc:
        # «begrunnelse» here is why the person is inhabil: the reason for the change is another.
        if hasattr(exc, "error_dict") and "begrunnelse" in exc.error_dict:
            raise ValidationError({"endring_begrunnelse": exc.error_dict["begrunnelse"]}) from exc
        raise
    if not begrunnelse.strip():
        raise ValidationError({"begrunnelse": "Oppgi hvorfor personen er inhabil."})
    if Inhabilitet.objects.filter(sak=sak, person=person).exists():
        raise ValidationError({"person": f"{person.navn} er allerede registrert som inhabil."})
    inhabilitet = Inhabilitet(sak=sak, person=person, begrunnelse=begrunnelse.strip())
    if ny_versjon:
        inhabilitet._change_reason = mote_services.endringsgrunn(
            f"Ny referatversjon: {endring_begrunnelse}"
        )
    inhabilitet.save()
    if ny_versjon:
        _ny_referatversjon(sak.mote, begrunnelse=endring_begrunnelse, av=av)
    return inhabilitet


def _frys_referat(
    mote: Mote, *, versjon: int, begrunnelse: str, av=None, godkjent_i: Sak | None = None
) -> Referatversjon:
    from .exchange import eksporter

    return Referatversjon.objects.create(
        mote=mote,
        versjon=versjon,
        begrunnelse=begrunnelse,
        innhold=eksporter(mote),
        av=av,
        godkjent_i=godkjent_i,
    )


def referat_frys_ny_versjon(*, mote: Mote, begrunnelse: str, av=None) -> Referatversjon:
    """Freeze the version ``moter.services.referat_ny_versjon`` just counted up (through its
    signal, see saker.signals)."""
    return _frys_referat(mote, versjon=mote.referat_versjon, begrunnelse=begrunnelse, av=av)


def referat_godkjenning_advarsler(referatsak: Sak) -> list[str]:
    """What the secretariat should know before approving the earlier meeting's referat, in
    Norwegian: the approving meeting not held yet, comments still open."""
    advarsler = []
    # As they are now: the caller's sak may hold older copies of the meetings.
    mote = Mote.objects.filter(pk=referatsak.mote_id).first()
    if mote is not None and mote.status not in {Mote.Status.INNKALT, Mote.Status.AVHOLDT}:
        advarsler.append(
            f"Møtet {mote} er {mote.get_status_display().lower()}; referatet kan ikke "
            "godkjennes i det."
        )
    elif mote is not None and mote.status == Mote.Status.INNKALT:
        advarsler.append(
            f"Møtet {mote} er ikke markert som avholdt (det er "
            f"{mote.get_status_display().lower()}). Et referat godkjennes i et møte som er "
            "holdt; godkjenner du nå, må du begrunne det."
        )
    tidligere = Mote.objects.filter(pk=referatsak.referat_for_id).first()
    if tidligere is None:
        return advarsler
    frist = tidligere.referat_kommentarfrist
    if frist is not None and frist >= timezone.localdate():
        advarsler.append(
            f"Kommentarfristen for referatet har ikke gått ut (frist {frist:%d.%m.%y})."
        )
    elif tidligere.referat_status == Mote.ReferatStatus.TIL_KOMMENTAR and frist is None:
        advarsler.append("Referatet er sendt til kommentar, og medlemmene kan fortsatt kommentere.")
    antall = tidligere.referatkommentarer.count()
    if antall and tidligere.referat_status == Mote.ReferatStatus.TIL_KOMMENTAR:
        advarsler.append(
            f"Medlemmene har sendt {antall} kommentar{'er' if antall > 1 else ''} til "
            "referatet. Se at de er tatt hensyn til."
        )
    return advarsler


@transaction.atomic
def referat_godkjenn(
    *,
    referatsak: Sak,
    av=None,
    bekreftet: bool = False,
    overstyring: str = "",
) -> Mote:
    """Approve the earlier meeting's referat in the «Referat fra forrige møte» sak of the next
    meeting: the earlier meeting moves to referat godkjent and its referat is locked (version 1).

    The approving meeting must be held (``overstyring``, a reason, approves from a meeting that
    is called but not yet marked held, e.g. during the meeting). With warnings (comments open,
    the comment deadline not passed) the approval must be ``bekreftet``."""
    referatsak = _fersk(referatsak)
    if referatsak.referat_for_id is None:
        raise SakFeil("Saken er ikke knyttet til referatet fra et tidligere møte.")
    mote = referatsak.mote
    if mote is None or mote.status not in {Mote.Status.INNKALT, Mote.Status.AVHOLDT}:
        raise SakFeil("Referatet godkjennes i et møte som er avholdt.")
    overstyring = overstyring.strip()
    if mote.status != Mote.Status.AVHOLDT and not overstyring:
        raise ValidationError(
            {
                "overstyring": f"Møtet {mote} er ikke avholdt. Referatet godkjennes i et møte "
                "som er holdt; marker møtet som avholdt, eller begrunn hvorfor referatet "
                "godkjennes nå."
            }
        )
    if len(overstyring) > 300:
        raise ValidationError(
            {"overstyring": f"Begrunnelsen kan ha høyst 300 tegn (den har {len(overstyring)})."}
        )
    advarsler = referat_godkjenning_advarsler(referatsak)
    if advarsler and not bekreftet:
        raise ValidationError(
            {"bekreftet": ["Bekreft at referatet skal godkjennes likevel.", *advarsler]}
        )
    tidligere = mote_services.referat_sett_godkjent(mote=referatsak.referat_for)
    if not referatsak.vedtak:
        referatsak.vedtak = "Referatet godkjennes."
        referatsak.save(update_fields=["vedtak"])
    saksnr = referatsak.saksnr or referatsak.tittel
    begrunnelse = (
        f"Godkjent i sak {saksnr}, {mote.organ.kortnavn} {timezone.localtime(mote.start):%d.%m.%y}"
    )
    if overstyring:
        begrunnelse += f", før møtet var markert som avholdt: {overstyring}"
    _frys_referat(tidligere, versjon=1, av=av, begrunnelse=begrunnelse, godkjent_i=referatsak)
    return tidligere


@transaction.atomic
def referat_rett(
    *,
    sak: Sak,
    protokoll: str,
    vedtak: str,
    begrunnelse: str,
    av=None,
    sist_sett: datetime.datetime | None = None,
) -> Sak:
    """Correct an approved, locked referat: a new version with its reason is recorded."""
    sak = Sak.objects.select_for_update(of=("self",)).select_related("mote", "organ").get(pk=sak.pk)
    mote = Mote.objects.select_for_update().get(pk=sak.mote_id)
    if not mote.referat_last:
        raise SakFeil("Referatet er ikke låst; endre det direkte.")
    if not begrunnelse.strip():
        raise ValidationError({"begrunnelse": "Oppgi hvorfor det godkjente referatet endres."})
    mote_services.referat_endring_krever_versjon(mote, begrunnelse)
    _sjekk_sist_sett(sak, sist_sett)
    sak.protokoll, sak.vedtak = protokoll.strip(), vedtak.strip()
    sak._change_reason = mote_services.endringsgrunn(f"Ny referatversjon: {begrunnelse}")
    sak.save(update_fields=["protokoll", "vedtak", "endret"])
    _ny_referatversjon(mote, begrunnelse=begrunnelse, av=av)
    return sak


@transaction.atomic
def referat_kommenter(*, mote: Mote, forfatter, tekst: str, sak: Sak | None = None):
    mote = Mote.objects.get(pk=mote.pk)
    if mote.referat_status != Mote.ReferatStatus.TIL_KOMMENTAR:
        raise SakFeil("Referatet er ikke sendt til kommentar.")
    if not tekst.strip():
        raise ValidationError({"tekst": "Skriv en kommentar."})
    if sak is not None and sak.mote_id != mote.pk:
        raise SakFeil("Saken hører ikke til dette møtet.")
    return ReferatKommentar.objects.create(
        mote=mote, sak=sak, forfatter=forfatter, tekst=tekst.strip()
    )
