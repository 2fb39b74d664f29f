"""The referat per sak: møtebehandling and vedtak, Eventuelt raised in the meeting,
follow-ups, inhabilitet, comments, versions, and approval in the next meeting."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from helsefellesskap import limits
from helsefellesskap.models import Person
from moter import services as mote_services
from moter.models import Mote
from saker.exchange.export import mote_export
from saker.models import (
    Inhabilitet,
    Oppfolging,
    ReferatKommentar,
    Referatversjon,
    Sak,
    Sakstype,
)
from saker.numbering import lock_organ, mote_year, saker_renumber
from saker.services.common import SakChangedByOther, SakError, agenda_saker, sak_reload


def _check_referat_open(mote: Mote | None) -> None:
    if mote is None:
        raise SakError("Saken står ikke på noe møte ennå; den har ikke noe referat.")
    if mote.referat_last:
        raise SakError(
            "Referatet er godkjent og låst. Endringer gjøres som en ny versjon med begrunnelse."
        )
    if mote.status not in {Mote.Status.INNKALT, Mote.Status.AVHOLDT}:
        raise SakError(
            "Referatet kan skrives når innkallingen er sendt (møtet er "
            f"{mote.get_status_display().lower()})."
        )


def _check_recordable(sak: Sak) -> None:
    """A pause has nothing to record; every other line has: a sak, and an unnumbered line
    («Godkjenning av innkalling og dagsorden», «Evaluering av møtet»), which the referat shows
    with what was recorded on it (moter.display.Punkt.in_referat)."""
    if sak.type == Sak.Type.PAUSE:
        raise SakError("En pause har ikke noe referat.")


def _referat_change(mote: Mote | None, begrunnelse: str) -> bool:
    """Whether a change to the referat of ``mote`` makes a new version: on a locked referat
    it needs a reason (refused without one); on an open one the meeting must be called."""
    if mote is None:
        raise SakError("Saken står ikke på noe møte.")
    if mote.referat_last:
        return mote_services.referat_change_needs_version(mote, begrunnelse)
    _check_referat_open(mote)
    return False


def _referat_version_add(mote: Mote, *, begrunnelse: str, av) -> None:
    mote_services.referat_new_version(mote=mote, begrunnelse=begrunnelse, av=av)


def _changed_by(sak: Sak) -> str:
    """Who saved ``sak`` last, by name, for a message about a conflicting save."""
    siste = sak.history.select_related("history_user__person").first()
    if siste is None or siste.history_user is None:
        return "noen andre"
    person = getattr(siste.history_user, "person", None)
    return person.navn if person else siste.history_user.get_username()


def _check_last_seen(sak: Sak, sist_sett: datetime.datetime | None) -> None:
    """Optimistic locking of the referat text, as for the sak form: refuse a save over a text
    someone saved after the editor loaded it."""
    if sist_sett is None or sak.endret == sist_sett:
        return
    tid = timezone.localtime(sak.endret)
    raise SakChangedByOther(
        f"Teksten ble endret av {_changed_by(sak)} {tid:%d.%m.%y} kl. {tid:%H.%M} etter at du "
        "åpnet den. Det du skrev, står fortsatt i skjemaet: last siden på nytt for å se den "
        "nye teksten, eller lagre igjen for å overskrive den.",
        endret=sak.endret,
    )


@transaction.atomic
def referat_save(
    *, sak: Sak, protokoll: str, vedtak: str, sist_sett: datetime.datetime | None = None
) -> Sak:
    """Record the møtebehandling and the adopted vedtak/konklusjon of a sak. ``sist_sett`` is
    when the editor loaded the text: a save over a newer one is refused (SakChangedByOther)."""
    sak = Sak.objects.select_for_update(of=("self",)).select_related("mote", "organ").get(pk=sak.pk)
    if sak.mote is None:
        raise SakError("Saken står ikke på noe møte.")
    _check_referat_open(sak.mote)
    _check_recordable(sak)
    _check_last_seen(sak, sist_sett)
    sak.protokoll, sak.vedtak = protokoll.strip(), vedtak.strip()
    sak.save(update_fields=["protokoll", "vedtak", "endret"])
    return sak


@transaction.atomic
def eventuelt_add(
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
    new_version = _referat_change(mote, begrunnelse)
    if not tittel.strip():
        raise ValidationError({"tittel": "Gi saken en tittel."})
    lock_organ(mote.organ)
    sak = Sak(
        organ=mote.organ,
        mote=mote,
        tittel=tittel.strip(),
        sakstyper=[Sakstype.EVENTUELT],
        protokoll=protokoll.strip(),
        vedtak=vedtak.strip(),
        rekkefolge=(agenda_saker(mote).aggregate(m=Max("rekkefolge"))["m"] or 0) + 1,
    )
    sak._change_reason = mote_services.change_reason(
        f"Tatt opp under Eventuelt (ny referatversjon: {begrunnelse})"
        if new_version
        else "Tatt opp under Eventuelt"
    )
    sak.save()
    saker_renumber(organ=mote.organ, aar=mote_year(mote), new_on_sendt=sak)
    if new_version:
        _referat_version_add(mote, begrunnelse=begrunnelse, av=av)
    return sak


@transaction.atomic
def oppfolging_add(
    *,
    sak: Sak,
    beskrivelse: str,
    ansvarlig: Person | None = None,
    frist: datetime.date | None = None,
    begrunnelse: str = "",
    av=None,
) -> Oppfolging:
    sak = sak_reload(sak)
    new_version = _referat_change(sak.mote, begrunnelse)
    assert sak.mote is not None  # _referat_change refuses a sak without a meeting
    _check_recordable(sak)
    if not beskrivelse.strip():
        raise ValidationError({"beskrivelse": "Beskriv hva som skal følges opp."})
    limits.aarspenn_check(frist=frist)
    neste = (sak.oppfolginger.aggregate(m=Max("rekkefolge"))["m"] or 0) + 1
    oppfolging = Oppfolging(
        sak=sak,
        beskrivelse=beskrivelse.strip(),
        ansvarlig=ansvarlig,
        frist=frist,
        rekkefolge=neste,
    )
    if new_version:
        oppfolging._change_reason = mote_services.change_reason(f"Ny referatversjon: {begrunnelse}")
    oppfolging.save()
    if new_version:
        _referat_version_add(sak.mote, begrunnelse=begrunnelse, av=av)
    return oppfolging


@transaction.atomic
def oppfolging_set_status(*, oppfolging: Oppfolging, status: str) -> Oppfolging:
    """Follow-ups move on after the referat is approved: their status is not part of the
    locked text."""
    if status not in Oppfolging.Status.values:
        raise ValidationError({"status": "Ukjent status."})
    oppfolging.status = status
    oppfolging.save(update_fields=["status"])
    return oppfolging


@transaction.atomic
def inhabilitet_add(
    *, sak: Sak, person: Person, begrunnelse: str, endring_begrunnelse: str = "", av=None
) -> Inhabilitet:
    """``begrunnelse`` is why the person is inhabil; ``endring_begrunnelse`` why an approved
    referat is changed (a new version)."""
    sak = sak_reload(sak)
    try:
        new_version = _referat_change(sak.mote, endring_begrunnelse)
    except ValidationError as exc:
        # «begrunnelse» here is why the person is inhabil: the reason for the change is another.
        if hasattr(exc, "error_dict") and "begrunnelse" in exc.error_dict:
            raise ValidationError({"endring_begrunnelse": exc.error_dict["begrunnelse"]}) from exc
        raise
    assert sak.mote is not None  # _referat_change refuses a sak without a meeting
    _check_recordable(sak)
    if not begrunnelse.strip():
        raise ValidationError({"begrunnelse": "Oppgi hvorfor personen er inhabil."})
    if Inhabilitet.objects.filter(sak=sak, person=person).exists():
        raise ValidationError({"person": f"{person.navn} er allerede registrert som inhabil."})
    inhabilitet = Inhabilitet(sak=sak, person=person, begrunnelse=begrunnelse.strip())
    if new_version:
        inhabilitet._change_reason = mote_services.change_reason(
            f"Ny referatversjon: {endring_begrunnelse}"
        )
    inhabilitet.save()
    if new_version:
        _referat_version_add(sak.mote, begrunnelse=endring_begrunnelse, av=av)
    return inhabilitet


def _referat_freeze(
    mote: Mote, *, versjon: int, begrunnelse: str, av=None, godkjent_i: Sak | None = None
) -> Referatversjon:
    return Referatversjon.objects.create(
        mote=mote,
        versjon=versjon,
        begrunnelse=begrunnelse,
        innhold=mote_export(mote),
        av=av,
        godkjent_i=godkjent_i,
    )


def referat_freeze_new_version(*, mote: Mote, begrunnelse: str, av=None) -> Referatversjon:
    """Freeze the version ``moter.services.referat_new_version`` just counted up (through its
    signal, see saker.signals)."""
    return _referat_freeze(mote, versjon=mote.referat_versjon, begrunnelse=begrunnelse, av=av)


def referat_approval_warnings(referatsak: Sak) -> list[str]:
    """What the secretariat should know before approving the earlier meeting's referat, in
    Norwegian: the approving meeting not held yet, comments still open."""
    advarsler = []
    # As they are now: the caller's sak may hold older copies of the meetings.
    mote = Mote.objects.filter(pk=referatsak.mote_id).first() if referatsak.mote_id else None
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
    tidligere = (
        Mote.objects.filter(pk=referatsak.referat_for_id).first()
        if referatsak.referat_for_id
        else None
    )
    if tidligere is None:
        return advarsler
    frist = tidligere.referat_kommentarfrist
    if frist is not None and frist >= timezone.localdate():
        advarsler.append(
            f"Kommentarfristen for referatet har ikke gått ut (frist {frist:%d.%m.%y})."
        )
    elif tidligere.referat_status == Mote.ReferatStatus.TIL_KOMMENTAR and frist is None:
        advarsler.append("Referatet er sendt til kommentar, og medlemmene kan fortsatt kommentere.")
    count = tidligere.referatkommentarer.count()
    if count and tidligere.referat_status == Mote.ReferatStatus.TIL_KOMMENTAR:
        advarsler.append(
            f"Medlemmene har sendt {count} kommentar{'er' if count > 1 else ''} til "
            "referatet. Se at de er tatt hensyn til."
        )
    return advarsler


@transaction.atomic
def referat_approve(
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
    referatsak = sak_reload(referatsak)
    if referatsak.referat_for_id is None:
        raise SakError("Saken er ikke knyttet til referatet fra et tidligere møte.")
    mote = referatsak.mote
    if mote is None or mote.status not in {Mote.Status.INNKALT, Mote.Status.AVHOLDT}:
        raise SakError("Referatet godkjennes i et møte som er avholdt.")
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
    advarsler = referat_approval_warnings(referatsak)
    if advarsler and not bekreftet:
        raise ValidationError(
            {"bekreftet": ["Bekreft at referatet skal godkjennes likevel.", *advarsler]}
        )
    assert referatsak.referat_for is not None  # referat_for_id is checked above
    tidligere = mote_services.referat_set_approved(mote=referatsak.referat_for)
    if not referatsak.vedtak:
        referatsak.vedtak = "Referatet godkjennes."
        referatsak.save(update_fields=["vedtak"])
    saksnr = referatsak.saksnr or referatsak.tittel
    begrunnelse = (
        f"Godkjent i sak {saksnr}, {mote.organ.kortnavn} {timezone.localtime(mote.start):%d.%m.%y}"
    )
    if overstyring:
        begrunnelse += f", før møtet var markert som avholdt: {overstyring}"
    _referat_freeze(tidligere, versjon=1, av=av, begrunnelse=begrunnelse, godkjent_i=referatsak)
    return tidligere


@transaction.atomic
def referat_correct(
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
        raise SakError("Referatet er ikke låst; endre det direkte.")
    _check_recordable(sak)
    if not begrunnelse.strip():
        raise ValidationError({"begrunnelse": "Oppgi hvorfor det godkjente referatet endres."})
    mote_services.referat_change_needs_version(mote, begrunnelse)
    _check_last_seen(sak, sist_sett)
    sak.protokoll, sak.vedtak = protokoll.strip(), vedtak.strip()
    sak._change_reason = mote_services.change_reason(f"Ny referatversjon: {begrunnelse}")
    sak.save(update_fields=["protokoll", "vedtak", "endret"])
    _referat_version_add(mote, begrunnelse=begrunnelse, av=av)
    return sak


@transaction.atomic
def referat_comment(*, mote: Mote, forfatter, tekst: str, sak: Sak | None = None):
    mote = Mote.objects.get(pk=mote.pk)
    if mote.referat_status != Mote.ReferatStatus.TIL_KOMMENTAR:
        raise SakError("Referatet er ikke sendt til kommentar.")
    if not tekst.strip():
        raise ValidationError({"tekst": "Skriv en kommentar."})
    if sak is not None and sak.mote_id != mote.pk:
        raise SakError("Saken hører ikke til dette møtet.")
    return ReferatKommentar.objects.create(
        mote=mote, sak=sak, forfatter=forfatter, tekst=tekst.strip()
    )
