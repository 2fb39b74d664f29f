"""What a reader sees of an agenda: the members' edition or the public edition, from one source.

Used by the meeting page, the publication check and the PDF documents. Reaches the agenda
through the reverse relation ``mote.saker``, so it needs nothing from the saker app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import ForeignObjectRel, Prefetch
from django.utils import timezone

from . import access
from .access import Tilgang
from .models import Deltaker, Mote


@dataclass
class Punkt:
    """One agenda line as a reader may see it."""

    sak: Any  # saker.models.Sak
    starttid: datetime.datetime | None
    skjermet: bool  # exempt and shown to the public: number and screened title only
    vedlegg: list = field(default_factory=list)
    skjulte_vedlegg: int = 0
    ansvar: list = field(default_factory=list)  # saker.models.Ansvar, with the person
    oppfolginger: list = field(default_factory=list)  # with the ansvarlig
    inhabiliteter: list = field(default_factory=list)  # with the person

    @property
    def tittel(self) -> str:
        return self.sak.offentlig_display_title if self.skjermet else self.sak.tittel

    @property
    def has_record(self) -> bool:
        """Whether anything is recorded on the line: its møtebehandling, its vedtak/konklusjon,
        a follow-up or an inhabilitet (read from the sak's prefetched lists, which the public
        edition of a screened line does not show but which still exist)."""
        sak = self.sak
        return bool(sak.protokoll or sak.vedtak or sak.oppfolgingsliste or sak.inhabilitetsliste)

    @property
    def in_referat(self) -> bool:
        """Whether the referat shows this line, on the web page and in the PDF: every sak that
        was not withdrawn, and an unnumbered line («Godkjenning av innkalling og dagsorden»,
        «Evaluering av møtet») when something was recorded on it (seed 000, lines 595-596 and
        827-835: the line with its «Konklusjon:» or its text); a pause never."""
        sak = self.sak
        if sak.trukket or sak.type == "pause":
            return False
        return sak.type == "sak" or self.has_record

    @property
    def referat_sakstyper(self) -> list[str]:
        """The sakstyper the referat prints under the number. «Eventuelt» only where it says
        something the title does not: on a numbered sak («2023.45 Eventuelt», seed 000, line
        560) or an unnumbered one with its own title («Eventuelt» beside «Smittevern», seed
        000, lines 813 and 819), not on the bare «Eventuelt» line."""
        sak = self.sak
        return [
            t
            for t in sak.sakstyper_display
            if t != "Eventuelt" or sak.saksnr or sak.tittel.strip().lower() != "eventuelt"
        ]

    @property
    def vedleggsetikett(self) -> str:
        """What names the line before its vedlegg in a document's head: «Sak 2024.1», «Event.»
        for an unnumbered sak under Eventuelt (seed 000, line 579), else the line's title."""
        sak = self.sak
        if sak.saksnr:
            return f"Sak {sak.saksnr}"
        if sak.is_eventuelt:
            return "Event."
        return self.tittel


@dataclass
class Saksliste:
    mote: Mote
    punkter: list[Punkt]
    offentlig_edition: bool
    planlagt_slutt: datetime.datetime | None
    overtime: bool

    @property
    def vedleggsliste(self) -> list[tuple[Punkt, Any]]:
        """The innkalling's head lists every attachment: «Sak 2024.2: Referat SSU 23.11.23»."""
        return [(p, v) for p in self.punkter for v in p.vedlegg]


# What saker_med_innhold fetches with each sak, as plain lists on it: sak.<attribute>.
_WITH_SAKEN = {
    "ansvar": ("ansvarsliste", "person"),
    "vedlegg": ("vedleggsliste", None),
    "oppfolginger": ("oppfolgingsliste", "ansvarlig"),
    "inhabiliteter": ("inhabilitetsliste", "person"),
}


def saker_with_content(mote: Mote):
    """The agenda lines with everything a document shows, in a fixed number of queries.
    The related rows come as lists (``sak.vedleggsliste`` …, see ``_MED_SAKEN``): prefetched
    into managers, each sak would cost a queryset per relation to build and one per read."""
    sak = mote.saker.model
    get = []
    for relation, (attribute, med) in _WITH_SAKEN.items():
        relasjonen = sak._meta.get_field(relation)
        assert isinstance(relasjonen, ForeignObjectRel)  # the reverse relations of Sak
        rader = relasjonen.field.model._default_manager.all()
        if med:
            rader = rader.select_related(med)
        get.append(Prefetch(relation, queryset=rader, to_attr=attribute))
    return (
        mote.saker.order_by("rekkefolge", "pk")
        .select_related("saksbehandler", "referat_for")
        .prefetch_related(*get)
    )


def referat_visible(mote: Mote, tilgang: Tilgang) -> bool:
    """Whether the edition ``tilgang`` shows the referat (``moter.access.can_view_referat`` for
    a reader of that edition): the secretariat sees it as it is written once the meeting is
    held; members once it is sent to them for comments; the public once it is published (in a
    public body)."""
    if tilgang >= Tilgang.SEKRETARIAT:
        return access.is_mote_held(None, mote)
    if tilgang >= Tilgang.MEDLEM:
        return access.is_referat_sent(None, mote)
    return access.is_referat_public(None, mote)


def saksliste(mote: Mote, *, tilgang: Tilgang) -> Saksliste:
    offentlig = tilgang < Tilgang.MEDLEM
    linjer = list(saker_with_content(mote))
    plan = schedule(mote, linjer)
    punkter = []
    for line in plan.linjer:
        sak = line.sak
        skjermet = access.is_sak_screened_in(sak, tilgang)
        alle = sak.vedleggsliste
        visible = [v for v in alle if access.is_vedlegg_shown_in(v, sak, tilgang)]
        punkter.append(
            Punkt(
                sak=sak,
                starttid=line.starttid,
                skjermet=skjermet,
                vedlegg=visible,
                skjulte_vedlegg=len(alle) - len(visible),
                ansvar=[] if skjermet else sak.ansvarsliste,
                oppfolginger=[] if skjermet else sak.oppfolgingsliste,
                inhabiliteter=[] if skjermet else sak.inhabilitetsliste,
            )
        )
    return Saksliste(
        mote=mote,
        punkter=punkter,
        offentlig_edition=offentlig,
        planlagt_slutt=plan.planlagt_slutt,
        overtime=plan.overtime,
    )


# --- Agenda times -----------------------------------------------------------------------------


@dataclass
class Sakslistelinje:
    sak: Any
    starttid: datetime.datetime | None


@dataclass
class Schedule:
    linjer: list[Sakslistelinje]
    planlagt_slutt: datetime.datetime | None
    overtime: bool


def schedule(mote: Mote, linjer: list) -> Schedule:
    """Start time of each agenda line from the meeting's start and the planned durations.
    A line's time is shown only while every line before it has a duration; the planned end
    only when every line has one. The warning comes as soon as the durations alone pass the
    meeting's end."""
    tid: datetime.datetime | None = timezone.localtime(mote.start)
    result = []
    for sak in linjer:
        result.append(Sakslistelinje(sak=sak, starttid=tid))
        if tid is not None and sak.varighet and not sak.trukket:
            tid = tid + datetime.timedelta(minutes=sak.varighet)
        elif not sak.trukket:
            tid = None
    active = [s for s in linjer if not s.trukket]
    planlagt = sum(s.varighet or 0 for s in active)
    slutt = timezone.localtime(mote.start) + datetime.timedelta(minutes=planlagt)
    complete = bool(active) and all(s.varighet for s in active)
    over = bool(mote.slutt and planlagt and slutt > mote.slutt)
    return Schedule(linjer=result, planlagt_slutt=slutt if complete else None, overtime=over)


# --- Attendance -------------------------------------------------------------------------------


@dataclass
class Oppmoteliste:
    """Attendance grouped as in the seeds' referat."""

    tilstede: list[Deltaker]
    frafall: list[Deltaker]
    sekretariat: list[Deltaker]
    gjester: list[Deltaker]
    ikke_registrert: list[Deltaker]


def oppmoteliste(mote: Mote) -> Oppmoteliste:
    deltakere = list(
        mote.deltakere.select_related("person", "person__partner", "moter_for").order_by(
            "rekkefolge", "pk"
        )
    )
    tilstede = {Deltaker.Oppmote.TILSTEDE, Deltaker.Oppmote.DELVIS}
    gjesteroller = {Deltaker.Rolle.GJEST, Deltaker.Rolle.INNLEDER}
    return Oppmoteliste(
        # The møteleder has their own row in the referat's head and is not listed again among
        # the members present (seed 000: «Møteleder Frode Hestnes», not under «SSU faste
        # medlemmer»).
        tilstede=[
            d
            for d in deltakere
            if d.oppmote in tilstede
            and d.rolle not in gjesteroller | {"sekretariat"}
            and d.person_id != mote.moteleder_id
        ],
        frafall=[d for d in deltakere if d.oppmote == Deltaker.Oppmote.FORFALL],
        sekretariat=[d for d in deltakere if d.rolle == "sekretariat" and d.oppmote in tilstede],
        gjester=[d for d in deltakere if d.rolle in gjesteroller and d.oppmote in tilstede],
        ikke_registrert=[d for d in deltakere if d.oppmote == Deltaker.Oppmote.INVITERT],
    )


# --- What a document shows of the public content ------------------------------------------------


@dataclass(frozen=True)
class Content:
    """The public content a document shows: what must stay public for it to stay out."""

    linjer: frozenset[int]  # agenda lines, screened ones included (number and screened title)
    saker: frozenset[int]  # lines shown with their content
    vedlegg: frozenset[str]  # «sak:vedlegg:file or link» of the public vedlegg shown

    @classmethod
    def from_list(cls, liste: Saksliste) -> Content:
        punkter = liste.punkter
        return cls(
            linjer=frozenset(p.sak.pk for p in punkter),
            saker=frozenset(p.sak.pk for p in punkter if not p.skjermet and not p.sak.trukket),
            vedlegg=frozenset(
                f"{p.sak.pk}:{v.pk}:{v.fil.name if v.fil else v.url}"
                for p in punkter
                for v in p.vedlegg
            ),
        )

    @classmethod
    def from_json(cls, data: dict) -> Content | None:
        """None for a version made before versions recorded their content: unknown."""
        if not data:
            return None
        return cls(
            linjer=frozenset(data.get("linjer", [])),
            saker=frozenset(data.get("saker", [])),
            vedlegg=frozenset(data.get("vedlegg", [])),
        )

    def as_json(self) -> dict:
        return {
            "linjer": sorted(self.linjer),
            "saker": sorted(self.saker),
            "vedlegg": sorted(self.vedlegg),
        }

    def for_sak(self, sak_id: int) -> Content:
        """The part of the meeting's content one saksframlegg shows."""
        return Content(
            linjer=self.linjer & {sak_id},
            saker=self.saker & {sak_id},
            vedlegg=frozenset(v for v in self.vedlegg if v.startswith(f"{sak_id}:")),
        )

    def mangler(self, older: Content) -> list[str]:
        """What ``older`` shows that is no longer public here, in words for the history."""
        reasons = []
        if older.linjer - self.linjer:
            reasons.append("en sak er tatt av sakslisten")
        if (older.saker - self.saker) & self.linjer:
            reasons.append("en sak er unntatt offentlighet eller trukket")
        if older.vedlegg - self.vedlegg:
            reasons.append("et vedlegg er fjernet, byttet eller ikke lenger offentlig")
        return reasons


def content_for(liste: Saksliste, *, sak_id: int | None = None) -> Content:
    """The content one document shows: the whole agenda, or one sak of it (a saksframlegg)."""
    innhold = Content.from_list(liste)
    return innhold if sak_id is None else innhold.for_sak(sak_id)
