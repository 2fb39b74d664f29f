"""The business rules of the agreements, for views, the admin, the demo and tests alike: every
write in a transaction, validated by the models' rules, recorded by simple-history.

The rule the register rests on: at most one version of an agreement is in force on any day. A
new version in force from day D ends the version in force before it at D − 1, so the secretariat
records a revision by adding the new version alone; a version that would start inside a later
version's period is refused."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from helsefellesskap.models import Partner
from saker.models import Sak
from saker.uploads import check_vedlegg

from .models import Avtale, Avtalepart, Avtaleversjon, Evaluering

AVTALE_FIELDS = (
    "tittel",
    "slug",
    "art",
    "overordnet",
    "lovgrunnlag",
    "ansvarlig_organ",
    "status",
    "erstattet_av",
    "beskrivelse",
    "offentlig",
    "rekkefolge",
)
# An agreement's text comes as PDF or Word; the upload checks (size, content, name) are the
# vedlegg's (saker.uploads).
FILE_TYPES = {"pdf", "docx"}


def _lock(avtale: Avtale) -> Avtale:
    """The agreement's row locked for the rest of the transaction: two secretaries adding
    versions at once take turns, so the one-in-force rule holds."""
    return Avtale.objects.select_for_update().get(pk=avtale.pk)


def _save(obj, *, reason: str, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude)
    obj._change_reason = reason
    obj.save()


@transaction.atomic
def avtale_create(
    *, parter: Sequence[tuple[Partner, datetime.date | None]] = (), **felter
) -> Avtale:
    """A new agreement; ``parter``: each party with the day it signed (or None)."""
    avtale = Avtale(**{k: v for k, v in felter.items() if k in AVTALE_FIELDS})
    _save(avtale, reason="Avtale opprettet")
    for partner, signert in parter:
        avtalepart_set(avtale=avtale, partner=partner, signert=signert)
    return avtale


def linked_saker_touch(avtale: Avtale) -> None:
    """The pages of the saker that adopted a version of ``avtale`` (or treated an evaluation
    of it) show it as their readers may see it: a change to the agreement itself (its status,
    whether it is public) raises those saker's versions, through the versions' triggers, so no
    cached page shows it as it was."""
    avtale.versjoner.filter(vedtatt_i__isnull=False).update(vedtatt_i=F("vedtatt_i"))
    avtale.evalueringer.filter(behandlet_i__isnull=False).update(behandlet_i=F("behandlet_i"))


@transaction.atomic
def avtale_update(*, avtale: Avtale, **felter) -> Avtale:
    avtale = _lock(avtale)
    for k, v in felter.items():
        if k not in AVTALE_FIELDS:
            raise TypeError(k)
        setattr(avtale, k, v)
    _save(avtale, reason="Avtale endret")
    linked_saker_touch(avtale)
    return avtale


@transaction.atomic
def avtalepart_set(
    *, avtale: Avtale, partner: Partner, signert: datetime.date | None = None, merknad: str = ""
) -> Avtalepart:
    """Add ``partner`` to the agreement, or record when it signed."""
    part = Avtalepart.objects.filter(avtale=avtale, partner=partner).first()
    part = part or Avtalepart(avtale=avtale, partner=partner)
    part.signert = signert
    part.merknad = merknad
    _save(part, reason="Avtalepart")
    return part


@transaction.atomic
def avtalepart_remove(*, avtale: Avtale, partner: Partner) -> None:
    Avtalepart.objects.filter(avtale=avtale, partner=partner).delete()


def check_avtalefil(fil):
    """The vedlegg checks (size, type by content, the name's ending), and PDF or Word only."""
    check = check_vedlegg(fil)
    if check.extension not in FILE_TYPES:
        raise ValidationError(
            "Avtaleteksten må være PDF eller Word (.docx).", code="ikke_avtalefil"
        )
    return check


def _end_previous(versjon: Avtaleversjon) -> None:
    """End the version in force before ``versjon`` starts (at the day before); refuse when a
    version starts on or after that day and would overlap."""
    fra = versjon.gjelder_fra
    if fra is None:
        return
    for annen in versjon.overlapping().order_by("gjelder_fra"):
        assert annen.gjelder_fra is not None  # overlapping() takes dated versions only
        if annen.gjelder_fra >= fra:
            raise ValidationError(
                {
                    "gjelder_fra": f"Versjon {annen.versjon} gjelder fra "
                    f"{annen.gjelder_fra:%d.%m.%Y}; en ny versjon må gjelde fra en senere dag."
                }
            )
        annen.gjelder_til = fra - datetime.timedelta(days=1)
        _save(annen, reason=f"Avsluttet da versjon {versjon.versjon} trådte i kraft")
        if versjon.erstatter_id is None:
            versjon.erstatter = annen


def _vedtatt_dato(sak: Sak, dato: datetime.date | None) -> datetime.date | None:
    """The day a version was adopted: as given, else the day of the sak's meeting."""
    if dato is None and sak.mote is not None:
        return timezone.localtime(sak.mote.start).date()
    return dato


@transaction.atomic
def versjon_add(
    *,
    avtale: Avtale,
    versjon: str,
    tekst: str = "",
    fil=None,
    filsjekk=None,
    gjelder_fra: datetime.date | None = None,
    gjelder_til: datetime.date | None = None,
    vedtatt_i: Sak | None = None,
    vedtatt_i_tekst: str = "",
    vedtatt_dato: datetime.date | None = None,
    erstatter: Avtaleversjon | None = None,
    publisert: bool | datetime.datetime = False,
    merknad: str = "",
) -> Avtaleversjon:
    """A new version of the agreement's text (typed, or a PDF/DOCX checked by content). In force
    from ``gjelder_fra``: the version in force before it ends the day before."""
    avtale = _lock(avtale)
    if not tekst.strip() and not fil:
        raise ValidationError({"tekst": "Skriv avtaleteksten eller last opp en fil."})
    if publisert is True:
        publisert = timezone.now()
    if vedtatt_i is not None:
        vedtatt_i_tekst = ""
        vedtatt_dato = _vedtatt_dato(vedtatt_i, vedtatt_dato)
    ny = Avtaleversjon(
        avtale=avtale,
        versjon=versjon.strip(),
        tekst=tekst,
        gjelder_fra=gjelder_fra,
        gjelder_til=gjelder_til,
        vedtatt_i=vedtatt_i,
        vedtatt_i_tekst=vedtatt_i_tekst.strip(),
        vedtatt_dato=vedtatt_dato,
        erstatter=erstatter,
        publisert=publisert or None,
        merknad=merknad,
    )
    if avtale.versjoner.filter(versjon=ny.versjon).exists():
        raise ValidationError({"versjon": "Avtalen har allerede en versjon med dette navnet."})
    if ny.gjelder_fra and ny.gjelder_til and ny.gjelder_til < ny.gjelder_fra:
        raise ValidationError({"gjelder_til": "«Gjelder til» kan ikke være før «gjelder fra»."})
    _end_previous(ny)
    if fil:
        check = filsjekk or check_avtalefil(fil)
        ny.innholdstype, ny.storrelse = check.innholdstype, check.storrelse
        ny.fil.save(fil.name, fil, save=False)
    _save(ny, reason="Ny versjon", exclude=["fil"])
    return ny


@transaction.atomic
def versjon_publish(*, versjon: Avtaleversjon) -> Avtaleversjon:
    """Release the version to the public (with its agreement, when that is public)."""
    versjon = Avtaleversjon.objects.select_for_update().get(pk=versjon.pk)
    if versjon.publisert is None:
        versjon.publisert = timezone.now()
        _save(versjon, reason="Publisert", exclude=["fil"])
    return versjon


@transaction.atomic
def versjon_adopt(
    *, versjon: Avtaleversjon, sak: Sak | None, vedtatt_dato: datetime.date | None = None
) -> Avtaleversjon:
    """«Vedtaket i sak X vedtar versjon Y»: link the version to the sak that adopted it (None
    removes the link). The day of adoption is the sak's meeting's, unless given."""
    versjon = Avtaleversjon.objects.select_for_update().get(pk=versjon.pk)
    versjon.vedtatt_i = sak
    if sak is not None:
        versjon.vedtatt_i_tekst = ""
        versjon.vedtatt_dato = _vedtatt_dato(sak, vedtatt_dato) or versjon.vedtatt_dato
    _save(
        versjon,
        reason=f"Vedtatt i sak {sak.saksnr}" if sak else "Kobling til sak fjernet",
        exclude=["fil"],
    )
    return versjon


@transaction.atomic
def avtale_replace(*, avtale: Avtale, etterfolger: Avtale) -> Avtale:
    """Mark ``avtale`` as erstattet by ``etterfolger`` (which the reader is sent on to)."""
    avtale = _lock(avtale)
    if etterfolger.pk == avtale.pk:
        raise ValidationError({"erstattet_av": "En avtale kan ikke erstattes av seg selv."})
    avtale.status = Avtale.Status.ERSTATTET
    avtale.erstattet_av = etterfolger
    _save(avtale, reason=f"Erstattet av {etterfolger}")
    linked_saker_touch(avtale)
    return avtale


@transaction.atomic
def evaluering_plan(
    *,
    avtale: Avtale,
    art: str = Evaluering.Art.EVALUERING,
    tittel: str = "",
    planlagt: datetime.date | None = None,
    planlagt_tekst: str = "",
    ansvarlig_organ=None,
    ansvarlig: str = "",
) -> Evaluering:
    evaluering = Evaluering(
        avtale=avtale,
        art=art,
        tittel=tittel.strip(),
        planlagt=planlagt,
        planlagt_tekst=planlagt_tekst.strip(),
        ansvarlig_organ=ansvarlig_organ,
        ansvarlig=ansvarlig.strip(),
    )
    _save(evaluering, reason="Evaluering planlagt")
    return evaluering


@transaction.atomic
def evaluering_update(*, evaluering: Evaluering, **felter) -> Evaluering:
    evaluering = Evaluering.objects.select_for_update().get(pk=evaluering.pk)
    for k, v in felter.items():
        setattr(evaluering, k, v.strip() if isinstance(v, str) else v)
    _save(evaluering, reason="Evaluering endret")
    return evaluering


@transaction.atomic
def evaluering_record(
    *, evaluering: Evaluering, behandlet_i: Sak | None, utfall: str = ""
) -> Evaluering:
    """The evaluation was held: treated in ``behandlet_i``, with its outcome."""
    return evaluering_update(
        evaluering=evaluering,
        behandlet_i=behandlet_i,
        utfall=utfall,
        status=Evaluering.Status.GJENNOMFORT,
    )


VERSJON_FIELDS = (
    "versjon",
    "tekst",
    "gjelder_fra",
    "gjelder_til",
    "vedtatt_i",
    "vedtatt_i_tekst",
    "vedtatt_dato",
    "merknad",
)


@transaction.atomic
def versjon_update(
    *, versjon: Avtaleversjon, felter: dict, fil=None, filsjekk=None
) -> Avtaleversjon:
    """Change a version's fields (a new file replaces the old). The one-in-force rule is checked
    again (``Avtaleversjon.clean``): a changed period that overlaps another version is refused
    at «gjelder fra», and nothing else is ended on the way, unlike ``versjon_add``: an edit
    corrects a version, it does not replace one."""
    avtale = _lock(versjon.avtale)
    versjon = Avtaleversjon.objects.select_for_update().get(pk=versjon.pk)
    for k, v in felter.items():
        if k not in VERSJON_FIELDS:
            raise TypeError(k)
        setattr(versjon, k, v.strip() if isinstance(v, str) and k != "tekst" else v)
    if not versjon.tekst.strip() and not versjon.fil and not fil:
        raise ValidationError({"tekst": "Skriv avtaleteksten eller last opp en fil."})
    if avtale.versjoner.exclude(pk=versjon.pk).filter(versjon=versjon.versjon).exists():
        raise ValidationError({"versjon": "Avtalen har allerede en versjon med dette navnet."})
    if versjon.vedtatt_i_id is not None:
        versjon.vedtatt_i_tekst = ""
    if fil:
        check = filsjekk or check_avtalefil(fil)
        versjon.innholdstype, versjon.storrelse = check.innholdstype, check.storrelse
        versjon.fil.save(fil.name, fil, save=False)
    _save(versjon, reason="Versjon endret", exclude=["fil"])
    return versjon


@transaction.atomic
def versjon_remove(*, versjon: Avtaleversjon) -> None:
    """Remove a version that was never published (a mistake, a draft given up). A published
    version stays in the record: it can only be ended (``gjelder_til``) or replaced by a new
    one. The version it ended when it was added (``erstatter``, ended the day before this one
    began) is in force again as it was."""
    _lock(versjon.avtale)
    versjon = Avtaleversjon.objects.select_for_update().get(pk=versjon.pk)
    if versjon.publisert is not None:
        raise ValidationError(
            "En publisert versjon kan ikke fjernes. Avslutt den med «gjelder til», eller legg "
            "til en ny versjon som erstatter den.",
            code="publisert",
        )
    forrige = versjon.erstatter
    versjon._change_reason = "Versjon fjernet"  # type: ignore[attr-defined]
    versjon.delete()
    if (
        forrige is not None
        and versjon.gjelder_fra is not None
        and forrige.gjelder_til == versjon.gjelder_fra - datetime.timedelta(days=1)
    ):
        forrige.gjelder_til = versjon.gjelder_til
        _save(
            forrige,
            reason=f"Gjelder igjen etter at versjon {versjon.versjon} ble fjernet",
            exclude=["fil"],
        )


@transaction.atomic
def revisjon_start(
    *,
    avtale: Avtale,
    sak: Sak,
    planlagt: datetime.date | None = None,
    planlagt_tekst: str = "",
    ansvarlig_organ=None,
) -> Evaluering:
    """«Vedtaket i sak X starter revisjon av avtale Y»: the agreement is «under revisjon» (it
    stays in force until a revised version replaces it), with a planned revision linked to the
    sak that started it, so both pages show it."""
    avtale = _lock(avtale)
    if avtale.status not in Avtale.IN_FORCE:
        raise ValidationError(
            {
                "avtale": f"Avtalen er {avtale.get_status_display().lower()}; bare en vedtatt "
                "avtale kan revideres."
            }
        )
    if avtale.evalueringer.filter(art=Evaluering.Art.REVISJON, behandlet_i=sak).exists():
        raise ValidationError({"avtale": "Saken har allerede startet en revisjon av avtalen."})
    if avtale.status != Avtale.Status.REVISJON:
        avtale.status = Avtale.Status.REVISJON
        _save(avtale, reason=f"Revisjon startet i sak {sak.saksnr}")
        linked_saker_touch(avtale)
    evaluering = Evaluering(
        avtale=avtale,
        art=Evaluering.Art.REVISJON,
        tittel="Revisjon",
        planlagt=planlagt,
        planlagt_tekst=planlagt_tekst.strip(),
        ansvarlig_organ=ansvarlig_organ or avtale.ansvarlig_organ,
        behandlet_i=sak,
    )
    _save(evaluering, reason=f"Revisjon startet i sak {sak.saksnr}")
    return evaluering
