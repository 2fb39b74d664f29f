"""The business rules of the action plans, for views, the admin, the demo and tests alike:
every write in a transaction, validated by the models' rules, recorded by simple-history.

A status report moves its tiltak to the status reported (the report keeps the status it had
then, so the tiltak's history is the list of its reports). Allocations above a grant are
allowed, never silently: ``tilskudd_summer`` flags them and the pages show the warning. All the
sums (granted, allocated, spent, remaining, overspend) are computed in the database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from helsefellesskap.access import AnyUser
from helsefellesskap.limits import aarspenn_check
from helsefellesskap.models import Organ, Person
from saker import services as sak_services
from saker.models import Sak, Vedlegg

from . import access
from .models import (
    Forbruk,
    Handlingsplan,
    Innsatsomrade,
    Status,
    Strategiplan,
    Tildeling,
    Tilskudd,
    Tiltak,
)


def _save(obj, *, reason: str) -> None:
    obj.full_clean()
    obj._change_reason = reason
    obj.save()


def _one_sak(*, felt: str, sak: Sak | None, tekst: str) -> None:
    """A plan is adopted (a report given) in a sak of the portal or in one named as text."""
    if sak is not None and tekst.strip():
        raise ValidationError({felt: "Velg enten en sak i portalen eller skriv saken, ikke begge."})


def _set_fields(obj, felter: dict) -> bool:
    """Set ``felter`` on ``obj``; whether anything changed (an unchanged form saves nothing and
    writes no history row)."""
    endret = False
    for navn, verdi in felter.items():
        if isinstance(verdi, str):
            verdi = verdi.strip()
        if getattr(obj, navn) != verdi:
            setattr(obj, navn, verdi)
            endret = True
    return endret


@transaction.atomic
def strategiplan_create(
    *, tittel: str, fra_aar: int, til_aar: int, beskrivelse: str = ""
) -> Strategiplan:
    plan = Strategiplan(tittel=tittel, fra_aar=fra_aar, til_aar=til_aar, beskrivelse=beskrivelse)
    _save(plan, reason="Strategiplan opprettet")
    return plan


@transaction.atomic
def handlingsplan_create(
    *,
    aar: int,
    tittel: str = "",
    strategiplan: Strategiplan | None = None,
    vedtatt_i: Sak | None = None,
    vedtatt_i_tekst: str = "",
    mandat: str = "",
    beskrivelse: str = "",
    publisert: bool = False,
) -> Handlingsplan:
    """A year's plan; unpublished (a draft only the secretariat sees) unless ``publisert``."""
    _one_sak(felt="vedtatt_i_tekst", sak=vedtatt_i, tekst=vedtatt_i_tekst)
    plan = Handlingsplan(
        aar=aar,
        tittel=tittel or f"Handlingsplan for Helsefellesskapet {aar}",
        strategiplan=strategiplan,
        vedtatt_i=vedtatt_i,
        vedtatt_i_tekst=vedtatt_i_tekst.strip(),
        mandat=mandat,
        beskrivelse=beskrivelse,
        publisert=timezone.now() if publisert else None,
    )
    _save(plan, reason="Handlingsplan opprettet")
    return plan


@transaction.atomic
def handlingsplan_update(
    *,
    plan: Handlingsplan,
    aar: int,
    tittel: str,
    strategiplan: Strategiplan | None,
    vedtatt_i: Sak | None,
    vedtatt_i_tekst: str,
    mandat: str,
    beskrivelse: str,
) -> Handlingsplan:
    """Change a plan's year, title, strategy, the sak that adopted it and its texts.
    Publishing is ``handlingsplan_publish``, and is not taken back: a published plan and its
    tiltak are linked from the public saker (their cached pages carry the sak's version)."""
    _one_sak(felt="vedtatt_i_tekst", sak=vedtatt_i, tekst=vedtatt_i_tekst)
    plan = Handlingsplan.objects.select_for_update().get(pk=plan.pk)
    felter = {
        "aar": aar,
        "tittel": tittel or f"Handlingsplan for Helsefellesskapet {aar}",
        "strategiplan": strategiplan,
        "vedtatt_i": vedtatt_i,
        "vedtatt_i_tekst": vedtatt_i_tekst,
        "mandat": mandat,
        "beskrivelse": beskrivelse,
    }
    if _set_fields(plan, felter):
        _save(plan, reason="Handlingsplan endret")
    return plan


@transaction.atomic
def handlingsplan_publish(*, plan: Handlingsplan) -> Handlingsplan:
    plan = Handlingsplan.objects.select_for_update().get(pk=plan.pk)
    if plan.publisert is None:
        plan.publisert = timezone.now()
        _save(plan, reason="Publisert")
    return plan


@transaction.atomic
def innsatsomrade_add(
    *, plan: Handlingsplan, tittel: str, beskrivelse: str = "", rekkefolge: int | None = None
) -> Innsatsomrade:
    if rekkefolge is None:
        rekkefolge = (plan.innsatsomrader.count() + 1) * 10
    omrade = Innsatsomrade(
        plan=plan, tittel=tittel.strip(), beskrivelse=beskrivelse, rekkefolge=rekkefolge
    )
    _save(omrade, reason="Innsatsområde lagt til")
    return omrade


@transaction.atomic
def innsatsomrade_update(
    *, omrade: Innsatsomrade, tittel: str, beskrivelse: str, rekkefolge: int
) -> Innsatsomrade:
    omrade = Innsatsomrade.objects.select_for_update().get(pk=omrade.pk)
    if _set_fields(
        omrade, {"tittel": tittel, "beskrivelse": beskrivelse, "rekkefolge": rekkefolge}
    ):
        _save(omrade, reason="Innsatsområde endret")
    return omrade


@transaction.atomic
def tiltak_create(
    *,
    innsatsomrade: Innsatsomrade,
    tittel: str,
    mal: str = "",
    arbeidsform: str = "annet",
    ansvarlig_organ: Organ | None = None,
    kontaktpersoner: Iterable[Person] = (),
    fra_aar: int | None = None,
    til_aar: int | None = None,
    status: str = Status.PLANLAGT,
    rekkefolge: int | None = None,
) -> Tiltak:
    if rekkefolge is None:
        rekkefolge = (innsatsomrade.tiltak.count() + 1) * 10
    tiltak = Tiltak(
        innsatsomrade=innsatsomrade,
        tittel=tittel.strip(),
        mal=mal,
        arbeidsform=arbeidsform,
        ansvarlig_organ=ansvarlig_organ,
        fra_aar=fra_aar,
        til_aar=til_aar,
        status=status,
        rekkefolge=rekkefolge,
    )
    _save(tiltak, reason="Tiltak opprettet")
    tiltak.kontaktpersoner.set(list(kontaktpersoner))
    return tiltak


@transaction.atomic
def tiltak_update(
    *,
    tiltak: Tiltak,
    innsatsomrade: Innsatsomrade,
    tittel: str,
    mal: str,
    arbeidsform: str,
    ansvarlig_organ: Organ | None,
    kontaktpersoner: Iterable[Person],
    fra_aar: int | None,
    til_aar: int | None,
    status: str,
) -> Tiltak:
    """Change a tiltak. It stays within its plan (another year's plan has its own tiltak); a
    status set here, without a report, is recorded in the history as the secretariat's change."""
    tiltak = Tiltak.objects.select_for_update().get(pk=tiltak.pk)
    if innsatsomrade.plan_id != tiltak.innsatsomrade.plan_id:
        raise ValidationError(
            {"innsatsomrade": "Velg et innsatsområde i samme handlingsplan som tiltaket."}
        )
    felter = {
        "innsatsomrade": innsatsomrade,
        "tittel": tittel,
        "mal": mal,
        "arbeidsform": arbeidsform,
        "ansvarlig_organ": ansvarlig_organ,
        "fra_aar": fra_aar,
        "til_aar": til_aar,
        "status": status,
    }
    if _set_fields(tiltak, felter):
        _save(tiltak, reason="Tiltak endret")
    personer = set(kontaktpersoner)
    if personer != set(tiltak.kontaktpersoner.all()):
        tiltak.kontaktpersoner.set(list(personer))
    return tiltak


@transaction.atomic
def statusrapport_add(
    *,
    tiltak: Tiltak,
    dato: datetime.date,
    status: str,
    tekst: str,
    rapportert_i: Sak | None = None,
    rapportert_i_tekst: str = "",
):
    """Record what was reported on ``tiltak`` and move it to the status reported, when this is
    its latest report (an older report filled in afterwards leaves the current status)."""
    from .models import Statusrapport

    aarspenn_check(dato=dato)
    _one_sak(felt="rapportert_i_tekst", sak=rapportert_i, tekst=rapportert_i_tekst)
    tiltak = Tiltak.objects.select_for_update().get(pk=tiltak.pk)
    rapport = Statusrapport(
        tiltak=tiltak,
        dato=dato,
        status=status,
        tekst=tekst.strip(),
        rapportert_i=rapportert_i,
        rapportert_i_tekst=rapportert_i_tekst.strip(),
    )
    _save(rapport, reason="Statusrapport")
    nyere = tiltak.statusrapporter.exclude(pk=rapport.pk).filter(dato__gt=dato).exists()
    if not nyere and tiltak.status != status:
        tiltak.status = status
        _save(tiltak, reason=f"Status {rapport.get_status_display().lower()} ({dato:%d.%m.%Y})")
    return rapport


@transaction.atomic
def tilskudd_create(
    *,
    kilde: str,
    aar: int,
    belop: int | None = None,
    formal: str = "",
    tilsagnsbrev: Vedlegg | None = None,
    vilkar: str = "",
    rapporteringsfrist: datetime.date | None = None,
) -> Tilskudd:
    if rapporteringsfrist is not None:
        aarspenn_check(rapporteringsfrist=rapporteringsfrist)
    tilskudd = Tilskudd(
        kilde=kilde.strip(),
        aar=aar,
        belop=belop,
        formal=formal.strip(),
        tilsagnsbrev=tilsagnsbrev,
        vilkar=vilkar,
        rapporteringsfrist=rapporteringsfrist,
    )
    _save(tilskudd, reason="Tilskudd registrert")
    return tilskudd


@transaction.atomic
def tilskudd_update(
    *,
    tilskudd: Tilskudd,
    kilde: str,
    aar: int,
    belop: int | None,
    formal: str,
    tilsagnsbrev: Vedlegg | None,
    vilkar: str,
    rapporteringsfrist: datetime.date | None,
) -> Tilskudd:
    if rapporteringsfrist is not None:
        aarspenn_check(rapporteringsfrist=rapporteringsfrist)
    tilskudd = Tilskudd.objects.select_for_update().get(pk=tilskudd.pk)
    felter = {
        "kilde": kilde,
        "aar": aar,
        "belop": belop,
        "formal": formal,
        "tilsagnsbrev": tilsagnsbrev,
        "vilkar": vilkar,
        "rapporteringsfrist": rapporteringsfrist,
    }
    if _set_fields(tilskudd, felter):
        _save(tilskudd, reason="Tilskudd endret")
    return tilskudd


@transaction.atomic
def tilsagnsbrev_upload(
    *, sak: Sak, fil, tittel: str = "", offentlig: bool = True, filsjekk=None
) -> Vedlegg:
    """The grant letter as a vedlegg of the sak it came to (a referatsak, as in the seeds),
    checked as every vedlegg is (``saker.uploads``: size, type by content). A sak whose agenda
    can no longer change refuses it, with the reason at the sak's field."""
    try:
        return sak_services.vedlegg_add(
            sak=sak,
            tittel=tittel.strip() or "Tilsagnsbrev",
            fil=fil,
            offentlig=offentlig,
            filsjekk=filsjekk,
        )
    except ValidationError as exc:
        raise ValidationError({"brev_sak": exc.messages}) from exc


def tildeling_overtildelt(*, tilskudd: Tilskudd) -> int:
    """How much more is allocated from ``tilskudd`` (in all years, to all tiltak) than was
    granted; 0 when not, or when the grant's amount is not given."""
    if tilskudd.belop is None:
        return 0
    tildelt = tilskudd.tildelinger.aggregate(s=Sum("belop"))["s"] or 0
    return max(tildelt - tilskudd.belop, 0)


@transaction.atomic
def tildeling_set(
    *, tilskudd: Tilskudd, tiltak: Tiltak, aar: int, belop: int, merknad: str = ""
) -> Tildeling:
    """Allocate ``belop`` of ``tilskudd`` to ``tiltak`` for ``aar`` (or change that
    allocation). Allowed above what is left of the grant: the overview flags it."""
    # The grant's row locked: two allocations at once are summed one after the other.
    Tilskudd.objects.select_for_update().filter(pk=tilskudd.pk).first()
    tildeling = Tildeling.objects.filter(tilskudd=tilskudd, tiltak=tiltak, aar=aar).first()
    if tildeling is not None and (tildeling.belop, tildeling.merknad) == (belop, merknad.strip()):
        return tildeling  # unchanged: no save, no history row
    tildeling = tildeling or Tildeling(tilskudd=tilskudd, tiltak=tiltak, aar=aar)
    tildeling.belop = belop
    tildeling.merknad = merknad.strip()
    _save(tildeling, reason="Tildeling")
    return tildeling


@transaction.atomic
def forbruk_add(*, tildeling: Tildeling, dato: datetime.date, belop: int, tekst: str) -> Forbruk:
    aarspenn_check(dato=dato)
    forbruk = Forbruk(tildeling=tildeling, dato=dato, belop=belop, tekst=tekst.strip())
    _save(forbruk, reason="Forbruk registrert")
    return forbruk


# The sums, in the database -------------------------------------------------------------------


def _sum(qs: QuerySet, felt: str = "belop") -> Subquery:
    """The sum of ``felt`` over ``qs`` (already filtered on the outer row) as a subquery: one
    sum per row, never multiplied by a join."""
    return Subquery(
        qs.order_by()
        .annotate(_gruppe=Value(1))
        .values("_gruppe")
        .annotate(s=Sum(felt))
        .values("s"),
        output_field=IntegerField(),
    )


def tildelinger_summer(qs: QuerySet[Tildeling]) -> QuerySet[Tildeling]:
    """Allocations with ``brukt`` (spent), ``igjen`` (allocation − spent) and ``merforbruk``
    (spent above the allocation, else 0)."""
    brukt = Coalesce(_sum(Forbruk.objects.filter(tildeling=OuterRef("pk"))), 0)
    return qs.annotate(brukt=brukt).annotate(
        igjen=F("belop") - F("brukt"),
        merforbruk=Greatest(F("brukt") - F("belop"), Value(0)),
    )


def tilskudd_summer(qs: QuerySet[Tilskudd], user: AnyUser | None = None) -> QuerySet[Tilskudd]:
    """Grants with ``tildelt`` (allocated), ``brukt`` (spent), ``igjen`` (granted − spent, None
    when the amount is not given), ``merforbruk`` (spent above granted) and ``overtildelt``
    (allocated above granted: the warning the pages show). With ``user``, only the allocations
    to tiltak that user may see are counted (``access.tildeling_visible_q``)."""
    tildelinger = Tildeling.objects.filter(tilskudd=OuterRef("pk"))
    forbruk = Forbruk.objects.filter(tildeling__tilskudd=OuterRef("pk"))
    if user is not None:
        tildelinger = tildelinger.filter(access.tildeling_visible_q(user))
        forbruk = forbruk.filter(access.tildeling_visible_q(user, "tildeling__"))
    return qs.annotate(
        tildelt=Coalesce(_sum(tildelinger), 0),
        brukt=Coalesce(_sum(forbruk), 0),
    ).annotate(
        igjen=F("belop") - F("brukt"),
        merforbruk=Case(
            When(belop__isnull=False, then=Greatest(F("brukt") - F("belop"), Value(0))),
            default=Value(0),
        ),
        overtildelt=Case(
            When(belop__isnull=False, tildelt__gt=F("belop"), then=Value(True)),
            default=Value(False),
        ),
    )


@dataclass
class Aarstall:
    """One year's totals over all grants."""

    aar: int
    innvilget: int
    tildelt: int
    brukt: int
    # False when no grant of the year has its amount given (the seeds name some without one).
    innvilget_oppgitt: bool = True

    @property
    def igjen(self) -> int:
        return self.innvilget - self.brukt

    @property
    def merforbruk(self) -> int:
        return max(self.brukt - self.innvilget, 0)

    @property
    def overtildelt(self) -> bool:
        return self.tildelt > self.innvilget


def per_aar(tilskudd: QuerySet[Tilskudd]) -> list[Aarstall]:
    """The annotated grants (``tilskudd_summer``) summed per year, in the database."""
    rader = (
        tilskudd.order_by()
        .values("aar")
        .annotate(
            sum_innvilget=Coalesce(Sum("belop"), 0),
            sum_tildelt=Sum("tildelt"),
            sum_brukt=Sum("brukt"),
            oppgitt=Count("pk", filter=Q(belop__isnull=False)),
        )
        .order_by("-aar")
    )
    return [
        Aarstall(
            aar=r["aar"],
            innvilget=r["sum_innvilget"],
            tildelt=r["sum_tildelt"] or 0,
            brukt=r["sum_brukt"] or 0,
            innvilget_oppgitt=r["oppgitt"] > 0,
        )
        for r in rader
    ]
