"""A body's members, as its secretariat runs them: persons, their verv (add, end, a new period)
and what the members page shows of them.

Every write is a service here, called by the members page and usable from the admin, commands
and tests alike; the rules of a single verv (dates, «vara for») are the model's (``Verv.clean``),
checked here before anything is saved, so a refusal is a ``ValidationError`` naming its field."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from . import limits
from .models import Organ, Partner, Person, Verv, today
from .services import Rollegruppe

ONE_DAY = datetime.timedelta(days=1)


def _raise_model_errors(obj: Verv | Person, *, exclude: list[str] | None = None) -> None:
    feil = limits.model_errors(obj, exclude=exclude)
    if feil:
        raise ValidationError(feil)


# --- Persons --------------------------------------------------------------------------------


def person_with_epost(epost: str, *, exclude: Person | None = None) -> Person | None:
    """The person the portal already has with this address (not case sensitive), if any."""
    epost = epost.strip()
    if not epost:
        return None
    qs = Person.objects.filter(epost__iexact=epost)
    if exclude is not None and exclude.pk is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("pk").first()


def person_create(
    *,
    navn: str,
    epost: str = "",
    partner: Partner | None = None,
    stilling: str = "",
) -> Person:
    """A new person. An e-mail address is one person's: the login is made from it and the
    innkalling goes to it, so an address another person has is refused (at «epost»)."""
    person = Person(
        navn=navn.strip(), epost=epost.strip(), partner=partner, stilling=stilling.strip()
    )
    if not person.navn:
        raise ValidationError({"navn": "Fyll ut navnet."})
    _raise_model_errors(person, exclude=["bruker"])
    if (other := person_with_epost(person.epost)) is not None:
        raise _epost_taken(
            other, "Velg %(navn)s som eksisterende person i stedet for å lage en ny."
        )
    person.save()
    return person


def _epost_taken(other: Person, advice: str = "") -> ValidationError:
    """The refusal at «epost» of an address ``other`` already has."""
    return ValidationError(
        {
            "epost": ValidationError(
                " ".join(["%(navn)s har allerede denne e-postadressen.", advice]).strip(),
                code="epost_finnes",
                params={"navn": other.navn, "pk": other.pk},
            )
        }
    )


class PersonFelter(TypedDict, total=False):
    """What ``person_update`` changes: the fields given, the others as they are."""

    navn: str
    epost: str
    stilling: str
    partner: Partner | None
    telefon: str


def person_update(*, person: Person, **fields: Unpack[PersonFelter]) -> Person:
    """Changes a person's name, address, title, workplace and phone, with the rules of
    ``person_create``: a name, and an address no other person has (not case sensitive).

    The login follows the address: a login whose own e-mail is set gets the new one, so
    «Glemt passordet?» and the login link (which look at both) never find the person by an
    address they no longer have. The user name stays: it is what the person types to log in,
    and changing it under them would lock them out (the invitation made it from the old
    address; the administration can change it)."""
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",))
            .select_related("bruker")
            .get(pk=person.pk)
        )
        for navn, verdi in fields.items():
            setattr(person, navn, verdi.strip() if isinstance(verdi, str) else verdi)
        if not person.navn:
            raise ValidationError({"navn": "Fyll ut navnet."})
        _raise_model_errors(person, exclude=["bruker"])
        if (other := person_with_epost(person.epost, exclude=person)) is not None:
            raise _epost_taken(other)
        person.save()
        user = person.bruker
        if user is not None and user.email and user.email != person.epost:
            user.email = person.epost
            user.save(update_fields=["email"])
    return person


# --- Verv -----------------------------------------------------------------------------------


def _overlapping(verv: Verv) -> Q:
    """Verv whose period shares a day with ``verv``'s (an empty end is open)."""
    q = Q()
    if verv.til is not None:
        q &= Q(fra__isnull=True) | Q(fra__lte=verv.til)
    if verv.fra is not None:
        q &= Q(til__isnull=True) | Q(til__gte=verv.fra)
    return q


def _verv_check(verv: Verv) -> None:
    """Everything that stops ``verv`` from being saved, as one ValidationError per field."""
    limits.aarspenn_check(fra=verv.fra, til=verv.til)
    _raise_model_errors(verv)
    same = (
        Verv.objects.filter(person_id=verv.person_id, organ_id=verv.organ_id, rolle=verv.rolle)
        .filter(_overlapping(verv))
        .exclude(pk=verv.pk)
        .order_by("fra")
        .first()
    )
    if same is not None:
        raise ValidationError(
            {
                "rolle": f"{verv.person.navn} er allerede {verv.get_rolle_display().lower()} i "
                f"{verv.organ.kortnavn} i denne perioden ({_period(same)})."
            }
        )


def _period(verv: Verv) -> str:
    fra = f"fra {verv.fra:%d.%m.%y}" if verv.fra else ""
    til = f"til {verv.til:%d.%m.%y}" if verv.til else ""
    return " ".join(p for p in (fra, til) if p) or "uten start- og sluttdato"


def verv_create(
    *,
    person: Person,
    organ: Organ,
    rolle: str,
    representerer: Partner | None = None,
    fra: datetime.date | None = None,
    til: datetime.date | None = None,
    merknad: str = "",
    vara_for: Person | None = None,
) -> Verv:
    """Gives ``person`` a verv in ``organ``. Refused: «til» before «fra», «vara for» for
    another role than varamedlem or for someone without a verv in the body in that period,
    and the same role twice in overlapping periods."""
    verv = Verv(
        person=person,
        organ=organ,
        rolle=rolle,
        representerer=representerer,
        fra=fra,
        til=til,
        merknad=merknad.strip(),
        vara_for=vara_for,
    )
    _verv_check(verv)
    verv.save()
    return verv


def verv_end(*, verv: Verv, til: datetime.date, siste_mote: datetime.date | None = None) -> Verv:
    """Ends ``verv`` on ``til`` (the last day it holds). Not before it began, nor before
    ``siste_mote``, the day of the last meeting of the body the person was called to (the
    caller knows the meetings): that would take away their access to its papers after the
    fact."""
    limits.aarspenn_check(til=til)
    with transaction.atomic():
        verv = (
            Verv.objects.select_for_update(of=("self",))
            .select_related("person", "organ")
            .get(pk=verv.pk)
        )
        if verv.fra is not None and til < verv.fra:
            raise ValidationError(
                {"til": f"Vervet kan ikke slutte før det begynte ({verv.fra:%d.%m.%y})."}
            )
        if siste_mote is not None and til < siste_mote:
            raise ValidationError(
                {
                    "til": f"Vervet kan ikke slutte før {siste_mote:%d.%m.%y}: "
                    f"{verv.person.navn} sto på deltakerlisten til møtet i organet den dagen."
                }
            )
        verv.til = til
        verv.save(update_fields=["til"])
    return verv


class VervFelter(TypedDict, total=False):
    rolle: str
    representerer: Partner | None
    fra: datetime.date | None
    til: datetime.date | None
    merknad: str
    vara_for: Person | None


def verv_update(
    *, verv: Verv, meeting_days: Sequence[datetime.date] = (), **fields: Unpack[VervFelter]
) -> Verv:
    """«Endre verv»: corrects a verv's role, partner, period, note or «vara for» (a wrong date
    typed in, a member who became leader from the start). The same rules as a new verv, and one
    more: ``meeting_days`` are the days of the body's meetings the person was on the list of (the
    caller knows the meetings); a day the verv covered must stay covered, by this verv or
    another of the person's in the body, or the person would lose the papers of a meeting
    they were called to. Saves nothing when nothing changed."""
    with transaction.atomic():
        verv = (
            Verv.objects.select_for_update(of=("self",))
            .select_related("person", "organ", "representerer", "vara_for")
            .get(pk=verv.pk)
        )
        before = Verv(fra=verv.fra, til=verv.til)
        if "merknad" in fields:
            fields["merknad"] = fields["merknad"].strip()
        changed = [name for name, value in fields.items() if getattr(verv, name) != value]
        if not changed:
            return verv
        for name in changed:
            setattr(verv, name, fields[name])  # type: ignore[literal-required]
        _verv_check(verv)
        others = list(
            Verv.objects.filter(organ_id=verv.organ_id, person_id=verv.person_id).exclude(
                pk=verv.pk
            )
        )
        lost = [
            dag
            for dag in meeting_days
            if before.active_on(dag)
            and not verv.active_on(dag)
            and not any(v.active_on(dag) for v in others)
        ]
        if lost:
            field_name = "fra" if verv.fra is not None and lost[0] < verv.fra else "til"
            dager = ", ".join(f"{dag:%d.%m.%y}" for dag in sorted(lost))
            raise ValidationError(
                {
                    field_name: f"Perioden må ta med {dager}: {verv.person.navn} sto på "
                    f"deltakerlisten til møtet i {verv.organ.kortnavn} den dagen."
                }
            )
        verv.save(update_fields=changed)
    return verv


def verv_new_period(
    *, organ: Organ, fra: datetime.date, roller: dict[int, str | None]
) -> list[Verv]:
    """A new period from the current members: each verv of ``roller`` (its id → the role in
    the new period, or None for someone who does not go on) ends the day before ``fra``, and a
    new verv from ``fra`` is made for those who go on, representing the same partner. A
    varamedlem keeps «vara for» when the person they stand in for goes on too.

    All or nothing: one refusal (errors at ``fra`` or ``rolle-<id>``) leaves every verv as it
    was. Returns the new verv."""
    limits.aarspenn_check(fra=fra)
    if not roller:
        raise ValidationError({"fra": "Det er ingen verv å videreføre."})
    roles = set(Verv.Rolle.values)
    with transaction.atomic():
        old = list(
            Verv.objects.select_for_update(of=("self",))
            .filter(organ=organ, pk__in=list(roller))
            .select_related("person", "organ", "representerer")
            .order_by("pk")
        )
        if len(old) != len(roller):
            raise ValidationError({"fra": "Listen over verv er endret. Last siden på nytt."})
        feil: dict[str, list[str]] = {}
        for verv in old:
            if verv.fra is not None and verv.fra >= fra:
                feil.setdefault("fra", []).append(
                    f"Den nye perioden må begynne etter {verv.fra:%d.%m.%y}, da vervet til "
                    f"{verv.person.navn} begynte."
                )
            if roller[verv.pk] is not None and roller[verv.pk] not in roles:
                feil[f"rolle-{verv.pk}"] = ["Velg en rolle i listen."]
        if not feil and all(roller[v.pk] is None for v in old):
            feil["fra"] = [
                "Ingen er med videre i den nye perioden. Velg rollen til dem som fortsetter, "
                "eller avslutt vervene ett for ett."
            ]
        if feil:
            raise ValidationError(feil)
        for verv in old:
            # A verv that already ends before the new period keeps its end.
            if verv.til is None or verv.til >= fra:
                verv.til = fra - ONE_DAY
                verv.save(update_fields=["til"])
        going_on = {v.person_id for v in old if roller[v.pk] is not None}
        created = []
        # The others before the varamedlemmer: «vara for» needs their new verv.
        for verv in sorted(old, key=lambda v: roller[v.pk] == Verv.Rolle.VARAMEDLEM):
            rolle = roller[verv.pk]
            if rolle is None:
                continue
            vara_for = None
            if rolle == Verv.Rolle.VARAMEDLEM and verv.vara_for_id in going_on:
                vara_for = verv.vara_for
            try:
                created.append(
                    verv_create(
                        person=verv.person,
                        organ=organ,
                        rolle=rolle,
                        representerer=verv.representerer,
                        fra=fra,
                        vara_for=vara_for,
                    )
                )
            except ValidationError as exc:
                raise ValidationError(
                    {f"rolle-{verv.pk}": exc.messages}
                ) from exc  # the whole period is rolled back
    return created


# --- What the members page shows ------------------------------------------------------------


@dataclass
class Medlemsoversikt:
    """The body's verv on the members page: current ones grouped by role, those that begin
    later, and those that have ended (latest first)."""

    grupper: list[Rollegruppe] = field(default_factory=list)
    fremtidige: list[Verv] = field(default_factory=list)
    tidligere: list[Verv] = field(default_factory=list)

    @property
    def current(self) -> list[Verv]:
        return [v for g in self.grupper for v in g.verv]


def _rank(verv: Verv) -> tuple:
    rank = {rolle: i for i, rolle in enumerate(Verv.ROLLE_REKKEFOLGE)}
    return (
        rank.get(verv.rolle, 99),
        verv.representerer.navn if verv.representerer else "\uffff",
        verv.person.navn,
    )


def medlemsoversikt(*, organ: Organ, dato: datetime.date | None = None) -> Medlemsoversikt:
    """Every verv of ``organ``, with person, login, partner and «vara for», in one query."""
    dato = dato or today()
    alle = list(
        organ.verv.select_related(
            "person", "person__partner", "person__bruker", "representerer", "vara_for"
        )
    )
    current = sorted((v for v in alle if v.active_on(dato)), key=_rank)
    labels = dict(Verv.Rolle.choices)
    return Medlemsoversikt(
        grupper=[
            Rollegruppe(rolle=rolle, rolle_navn=labels.get(rolle, rolle), verv=list(items))
            for rolle, items in groupby(current, key=lambda v: v.rolle)
        ],
        fremtidige=sorted(
            (v for v in alle if v.fra is not None and v.fra > dato),
            key=lambda v: (v.fra, *_rank(v)),
        ),
        tidligere=sorted(
            (v for v in alle if v.til is not None and v.til < dato),
            key=lambda v: (-(v.til or dato).toordinal(), *_rank(v)),
        ),
    )
