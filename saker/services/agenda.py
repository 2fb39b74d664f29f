"""The agenda (saksliste): saker on a meeting or in a body's queue, their order, and the
standard items of a new agenda."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from helsefellesskap.models import Organ, Person
from moter.models import Mote
from saker.models import (
    Ansvar,
    Sak,
    Sakstype,
)
from saker.numbering import (
    lock_organ,
    mote_year,
    sak_assign_number,
    saker_renumber,
    takes_number,
)
from saker.services.common import (
    SakChangedByOther,
    SakError,
    agenda_check_editable,
    agenda_saker,
    sak_reload,
)

STANDARD_GODKJENNING = "Godkjenning av innkalling og dagsorden"


STANDARD_REFERAT = "Referat fra forrige møte"


STANDARD_EVENTUELT = "Eventuelt"


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


def _position_for_new(mote: Mote) -> int:
    """New lines go last, but before a trailing «Eventuelt»."""
    linjer = list(agenda_saker(mote))
    if linjer and linjer[-1].is_eventuelt and linjer[-1].type == Sak.Type.SAK:
        eventuelt = linjer[-1]
        ny = eventuelt.rekkefolge
        eventuelt.rekkefolge = ny + 1
        eventuelt._change_reason = NY_REKKEFOLGE
        eventuelt.save(update_fields=["rekkefolge"])
        return ny
    return (linjer[-1].rekkefolge + 1) if linjer else 1


def ansvar_error(ansvar: Iterable[Person | str]) -> str | None:
    """What is wrong with a list of ansvar, in Norwegian; None when nothing is."""
    maks = Ansvar._meta.get_field("tekst").max_length
    assert maks is not None  # a CharField with its length
    for a in ansvar:
        if isinstance(a, str) and len(a.strip()) > maks:
            return (
                f"Hver linje i «Ansvar» kan ha høyst {maks} tegn; linjen som begynner "
                f"«{a.strip()[:30]}», har {len(a.strip())}."
            )
    return None


def _check_ansvar(ansvar: list[Person | str]) -> None:
    feil = ansvar_error(ansvar)
    if feil:
        raise ValidationError({"ansvar": feil})


def _set_ansvar(sak: Sak, ansvar: Iterable[Person | str]) -> None:
    sak.ansvar.all().delete()
    rader = []
    for i, a in enumerate(ansvar):
        if isinstance(a, Person):
            rader.append(Ansvar(sak=sak, person=a, rekkefolge=i))
        elif a and a.strip():
            rader.append(Ansvar(sak=sak, tekst=a.strip(), rekkefolge=i))
    for row in rader:
        row.save()


def _validate_sakstyper(sakstyper: list[str]) -> list[str]:
    valid = set(Sakstype.values)
    unknown = [t for t in sakstyper if t not in valid]
    if unknown:
        raise ValidationError({"sakstyper": f"Ukjent sakstype: {', '.join(unknown)}."})
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
    unknown = set(felter) - set(SAKSFELTER)
    if unknown:
        raise TypeError(f"Unknown sak fields: {sorted(unknown)}")
    ansvar = list(ansvar)
    _check_ansvar(ansvar)
    lock_organ(organ)
    if mote is not None:
        mote = Mote.objects.get(pk=mote.pk)
        agenda_check_editable(mote)
        if mote.organ_id != organ.pk:
            raise SakError("Saken tilhører et annet organ enn møtet.")
    sak = Sak(
        organ=organ,
        mote=mote,
        type=type,
        tittel=tittel,
        sakstyper=_validate_sakstyper(sakstyper or []),
        **felter,
    )
    sak.rekkefolge = _position_for_new(mote) if mote else 0
    sak.full_clean(exclude=["aar", "lopenr", "saksnr"])
    sak.save()
    _set_ansvar(sak, ansvar)
    sak_assign_number(sak)
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
    saved the sak since, nothing is changed and SakChangedByOther says who and when."""
    unknown = set(felter) - set(SAKSFELTER)
    if unknown:
        raise TypeError(f"Unknown sak fields: {sorted(unknown)}")
    if ansvar is not None:
        ansvar = list(ansvar)
        _check_ansvar(ansvar)
    sak = Sak.objects.select_for_update(of=("self",)).select_related("mote", "organ").get(pk=sak.pk)
    if sist_sett is not None and sak.endret != sist_sett:
        siste = sak.history.select_related("history_user__person").first()
        who = "noen andre"
        if siste is not None and siste.history_user is not None:
            person = getattr(siste.history_user, "person", None)
            who = person.navn if person else siste.history_user.get_username()
        tid = timezone.localtime(sak.endret)
        raise SakChangedByOther(
            f"{who} lagret saken kl. {tid:%H.%M} mens du redigerte den. Det du skrev, står "
            "fortsatt i skjemaet: sammenlign med endringshistorikken og lagre igjen for å "
            "overskrive.",
            endret=sak.endret,
        )
    agenda_check_editable(sak.mote)
    if "sakstyper" in felter:
        felter["sakstyper"] = _validate_sakstyper(felter["sakstyper"])
    for navn, verdi in felter.items():
        setattr(sak, navn, verdi)
    sak.full_clean(exclude=["aar", "lopenr", "saksnr"])
    # A bare «Eventuelt» that gets a title of its own or a type may now take a number. The
    # body's lock before the save: the save locks the meeting's row (the version triggers,
    # helsefellesskap/versions.py), and numbering services take the body's lock first.
    nummer = sak.mote_id and takes_number(sak) != (sak.lopenr is not None) and not sak.trukket
    if nummer:
        lock_organ(sak.organ)
    sak.save()
    if ansvar is not None:
        _set_ansvar(sak, ansvar)
    if nummer:
        sak_assign_number(sak)
    return sak


@transaction.atomic
def saksliste_move(*, sak: Sak, retning: str) -> None:
    """Move a line one step up or down the agenda (keyboard-friendly reordering)."""
    if retning not in {"opp", "ned"}:
        raise ValueError(retning)
    sak = sak_reload(sak)
    mote = sak.mote
    if mote is None:  # taken off its meeting meanwhile: the sakskø has no order to change
        raise SakError("Saken står ikke på noe møte.")
    agenda_check_editable(mote)
    linjer = list(agenda_saker(mote))
    ids = [line.pk for line in linjer]
    i = ids.index(sak.pk)
    j = i - 1 if retning == "opp" else i + 1
    if j < 0 or j >= len(ids):
        return
    ids[i], ids[j] = ids[j], ids[i]
    saksliste_sort(mote=mote, ids=ids)


@transaction.atomic
def saksliste_sort(*, mote: Mote, ids: list[int]) -> None:
    """Put the agenda in the given order (drag and drop sends the whole order)."""
    mote = Mote.objects.get(pk=mote.pk)
    agenda_check_editable(mote)
    lock_organ(mote.organ)
    linjer = {s.pk: s for s in agenda_saker(mote)}
    if len(ids) != len(linjer) or set(ids) != set(linjer):
        raise SakError("Sakslisten er endret av noen andre. Last siden på nytt og prøv igjen.")
    endret = []
    for i, pk in enumerate(ids, start=1):
        if linjer[pk].rekkefolge != i:
            linjer[pk].rekkefolge = i
            endret.append(linjer[pk])
    bulk_update_with_history(endret, Sak, ["rekkefolge"], default_change_reason=NY_REKKEFOLGE)
    if not mote.innkalling_frozen:
        saker_renumber(organ=mote.organ, aar=mote_year(mote))


@transaction.atomic
def sak_remove_from_mote(*, sak: Sak) -> Sak:
    """Take a sak off a draft agenda: back to the sakskø (pause lines are deleted).
    On a sent agenda the sak keeps its number and is marked «trukket»."""
    sak = sak_reload(sak)
    mote = sak.mote
    feil = sak.remove_from_mote_error()
    if feil:
        raise SakError(feil)
    assert mote is not None  # remove_from_mote_error refuses a sak without a meeting
    lock_organ(sak.organ)
    if mote.innkalling_frozen:
        sak.status = Sak.Status.TRUKKET
        sak._change_reason = "Saken er trukket"
        sak.save(update_fields=["status"])
        return sak
    if sak.type != Sak.Type.SAK or not takes_number(sak):
        # Pause lines and a bare «Eventuelt» have no life outside the agenda.
        sak.delete()
        return sak
    sak.mote = None
    sak.aar = sak.lopenr = None
    sak.saksnr = ""
    sak._change_reason = "Tatt av sakslisten og lagt i sakskøen"
    sak.save(update_fields=["mote", "aar", "lopenr", "saksnr"])
    saker_renumber(organ=mote.organ, aar=mote_year(mote))
    return sak


@transaction.atomic
def sak_place(*, sak: Sak, mote: Mote) -> Sak:
    """Put a sak from the body's sakskø, or from another meeting, on ``mote``'s agenda."""
    sak = sak_reload(sak)
    mote = Mote.objects.get(pk=mote.pk)
    if sak.organ_id != mote.organ_id:
        raise SakError(
            f"Saken hører til {sak.organ.kortnavn} og kan ikke settes opp på et møte i "
            f"{mote.organ.kortnavn}."
        )
    if sak.mote_id == mote.pk:
        # Not offered by the agenda editor (its list holds the other meetings): a stale or
        # tampered form, which would otherwise move the sak to the end and renumber it.
        raise SakError("Saken står allerede på dette møtet.")
    agenda_check_editable(mote)
    lock_organ(sak.organ)
    previous = sak.mote
    if previous is not None:
        if previous.innkalling_frozen:
            raise SakError(
                "Saken står på en sendt innkalling. Trekk den der og lag en kopi i stedet."
            )
    sak.mote = mote
    sak.aar = sak.lopenr = None
    sak.saksnr = ""
    sak.rekkefolge = _position_for_new(mote)
    sak._change_reason = f"Satt opp på møtet {mote}"
    sak.save(update_fields=["mote", "aar", "lopenr", "saksnr", "rekkefolge"])
    if previous is not None and not previous.innkalling_frozen:
        saker_renumber(organ=previous.organ, aar=mote_year(previous))
    sak_assign_number(sak)
    return sak


@transaction.atomic
def sak_copy(*, sak: Sak, mote: Mote) -> Sak:
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
def sak_delete(*, sak: Sak) -> None:
    """Delete a sak that was never on a sent agenda (sent saker are withdrawn instead)."""
    sak = sak_reload(sak)
    mote = sak.mote
    if mote is not None and mote.innkalling_frozen:
        raise SakError("Saken står på en sendt innkalling og kan bare trekkes, ikke slettes.")
    agenda_check_editable(mote)
    lock_organ(sak.organ)
    sak.delete()
    if mote is not None:
        saker_renumber(organ=mote.organ, aar=mote_year(mote))


def mote_previous(mote: Mote) -> Mote | None:
    return (
        Mote.objects.filter(organ=mote.organ, start__lt=mote.start)
        .exclude(status=Mote.Status.AVLYST)
        .order_by("-start")
        .first()
    )


def _referat_title(previous: Mote | None) -> str:
    if previous is None:
        return STANDARD_REFERAT
    return f"Referat {previous.organ.kortnavn} {timezone.localtime(previous.start):%d.%m.%y}"


@transaction.atomic
def standardsaker_add(*, mote: Mote) -> None:
    """The standard items of a new agenda: approval of the notice, the previous referat,
    and «Eventuelt» last."""
    previous = mote_previous(mote)
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
        tittel=_referat_title(previous),
        sakstyper=[Sakstype.REFERATSAK],
        hensikt=(
            f"Referat fra møtet {timezone.localtime(previous.start):%d.%m.%y}." if previous else ""
        ),
        forslag_til_vedtak="Referatet godkjennes.",
        referat_for=previous,
    )
    sak_create(
        organ=mote.organ,
        mote=mote,
        tittel=STANDARD_EVENTUELT,
        sakstyper=[Sakstype.EVENTUELT],
    )
