"""The annual report's tables, drafted from the data of one body and one year, as one reader
may see them: the meetings (dates, held or cancelled), the saker treated in each with their
vedtak, the saker counted by sakstype, the action plan's tiltak the body answers for with their
status, the members (every verv in force some day of the year), and the body's place in the
structure (the body it reports to, the bodies reporting to it that year, who led it).

What a reader gets of a meeting, a sak or a vedtak is the rule of the meeting pages
(``moter.access``, ``moter.display.referat_visible``): the meetings the reader may open; an
exempt sak screened (number and screened title, no sakstype, no vedtak) for readers of the public
edition; a vedtak only where the reader's edition shows the referat (for the public: a published
referat). Tiltak come from the year's plan when the reader may see it; a status report names its
sak only when the reader may see that sak (``moter.access.sak_link``). A fixed number of queries,
however many meetings and saker the year has."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString

from helsefellesskap.access import AnyUser
from helsefellesskap.models import Organ, Verv
from moter import access as mote_access
from moter.display import referat_visible
from moter.models import Mote
from saker.models import Sak, Sakstype

from ..models import Handlingsplan, Status, Statusrapport, Tiltak

SKJERMET = "Unntatt offentlighet"


@dataclass
class SakRad:
    sak: Sak
    tittel: str  # screened for readers of the public edition
    sakstyper: list[str]
    skjermet: bool
    vedtak: SafeString | None  # None: not (yet) readable for this reader, or none recorded


@dataclass
class MoteRad:
    mote: Mote
    avholdt: bool
    saker: list[SakRad] = field(default_factory=list)

    @property
    def avlyst(self) -> bool:
        return self.mote.status == Mote.Status.AVLYST


@dataclass
class TiltakRad:
    tiltak: Tiltak
    status: str
    status_display: str
    rapporter: list[dict]  # {"r": Statusrapport, "sak": sak_link or None}, in the year


@dataclass
class Stolpe:
    navn: str
    antall: int
    y: int
    bredde: str  # SVG units, as a string: the template would write a float with a comma
    tekst_x: str


@dataclass
class VervRad:
    verv: Verv
    fra: datetime.date | None  # only when the verv began inside the year
    til: datetime.date | None  # only when it ended inside the year


@dataclass
class Medlemsgruppe:
    rolle_navn: str
    verv: list[VervRad]


@dataclass
class Organisering:
    over: Organ | None  # the body it reports to
    under: list[Organ]  # the bodies reporting to it, active some day of the year
    ledelse: list[VervRad]  # leder and nestleder in the year, in that order


# The seeds' annual reports write small counts in words («I 2024 er det avholdt fire møter»).
TALLORD = "null ett to tre fire fem seks sju åtte ni ti elleve tolv".split()


def tallord(antall: int, *, intetkjonn: bool = False) -> str:
    """``antall`` in Norwegian words up to twelve («ett møte» but «en sak»), else in digits."""
    if antall == 1 and not intetkjonn:
        return "en"
    return TALLORD[antall] if 0 <= antall < len(TALLORD) else str(antall)


@dataclass
class Innhold:
    organ: Organ
    aar: int
    moter: list[MoteRad]
    plan: Handlingsplan | None
    tiltak: list[TiltakRad]
    medlemmer: list[Medlemsgruppe]
    sakstyper: list[Stolpe]
    diagram_hoyde: int
    organisering: Organisering

    @property
    def avholdte(self) -> list[MoteRad]:
        return [m for m in self.moter if m.avholdt]

    @property
    def motebehandling(self) -> str:
        """The sentence the seeds' reports open «Møter og aktivitet» with, from the data: «I 2024
        er det avholdt fire møter i FSU, og 19 saker er behandlet.» (cancelled meetings named)."""
        moter, saker = len(self.avholdte), self.antall_saker
        tekst = (
            f"I {self.aar} er det avholdt {tallord(moter, intetkjonn=True)} "
            f"møte{'' if moter == 1 else 'r'} i {self.organ.kortnavn}, og "
            f"{tallord(saker)} sak{'' if saker == 1 else 'er'} er behandlet."
        )
        avlyste = sum(1 for m in self.moter if m.avlyst)
        if avlyste:
            tekst += f" {tallord(avlyste, intetkjonn=True).capitalize()} møte"
            tekst += f"{'' if avlyste == 1 else 'r'} ble avlyst."
        return tekst

    @property
    def antall_saker(self) -> int:
        return sum(len(m.saker) for m in self.avholdte)

    @property
    def antall_vedtak(self) -> int:
        return sum(1 for m in self.moter for s in m.saker if s.vedtak)


def year_bounds(aar: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The year in Norwegian time: a meeting at 00:30 on 1 January belongs to it."""
    return (
        timezone.make_aware(datetime.datetime(aar, 1, 1)),
        timezone.make_aware(datetime.datetime(aar + 1, 1, 1)),
    )


def _is_held(mote: Mote, naa: datetime.datetime) -> bool:
    """Held: recorded as held, or sent and past (the secretariat marks it later)."""
    if mote.status in {Mote.Status.AVHOLDT, Mote.Status.REFERAT_GODKJENT}:
        return True
    return mote.status == Mote.Status.INNKALT and mote.start < naa


def _moter(user: AnyUser, organ: Organ, aar: int) -> list[MoteRad]:
    fra, til = year_bounds(aar)
    moter = list(
        Mote.objects.filter(organ=organ, start__gte=fra, start__lt=til)
        .filter(mote_access.mote_visible_q(user))
        .order_by("start", "pk")
    )
    naa = timezone.now()
    for m in moter:
        m.organ = organ  # the predicates read the body's flags: no query per meeting
    rader = {m.pk: MoteRad(mote=m, avholdt=_is_held(m, naa)) for m in moter}
    tilgang = {m.pk: mote_access.mote_tilgang(user, m) for m in moter}
    saker = (
        Sak.objects.saker()
        .filter(mote_id__in=[m.pk for m in moter if m.status != Mote.Status.AVLYST])
        .exclude(status=Sak.Status.TRUKKET)
        .order_by("mote__start", "rekkefolge", "pk")
    )
    labels = dict(Sakstype.choices)
    for sak in saker:
        assert sak.mote_id is not None  # filtered on the meeting above
        rad = rader[sak.mote_id]
        sak.mote = rad.mote
        edition = tilgang[sak.mote_id]
        skjermet = mote_access.is_sak_screened_in(sak, edition)
        vedtak = None
        if not skjermet and sak.vedtak.strip() and referat_visible(rad.mote, edition):
            vedtak = sak.html.vedtak
        rad.saker.append(
            SakRad(
                sak=sak,
                tittel=sak.offentlig_display_title if skjermet else sak.tittel,
                sakstyper=[] if skjermet else [labels.get(t, t) for t in sak.sakstyper],
                skjermet=skjermet,
                vedtak=vedtak,
            )
        )
    return list(rader.values())


def _sakstyper(moter: list[MoteRad]) -> tuple[list[Stolpe], int]:
    """The saker of the meetings held counted by sakstype (a sak of two types, «Orientering/
    Diskusjon», counts in both; a screened sak as «Unntatt offentlighet»), in the order of the
    types, as bars of a horizontal SVG chart 400 units wide."""
    teller: Counter[str] = Counter()
    for m in moter:
        if not m.avholdt:
            continue
        for s in m.saker:
            for t in s.sakstyper or ([SKJERMET] if s.skjermet else ["Uten sakstype"]):
                teller[t] += 1
    rekkefolge = [label for _, label in Sakstype.choices] + ["Uten sakstype", SKJERMET]
    storst = max(teller.values(), default=0) or 1
    venstre, bredde, steg = 150, 200, 22
    stolper = []
    for i, navn in enumerate(n for n in rekkefolge if teller[n]):
        lengde = bredde * teller[navn] / storst
        stolper.append(
            Stolpe(
                navn=navn,
                antall=teller[navn],
                y=i * steg,
                bredde=f"{lengde:.2f}",
                tekst_x=f"{venstre + lengde + 6:.2f}",
            )
        )
    return stolper, max(len(stolper) * steg - 6, 0)


def _subtree(organ: Organ) -> set[int]:
    """The body and every body reporting to it, directly or through others."""
    barn: dict[int | None, list[int]] = defaultdict(list)
    for pk, forelder in Organ.objects.values_list("pk", "rapporterer_til_id"):
        barn[forelder].append(pk)
    ut, igjen = {organ.pk}, [organ.pk]
    while igjen:
        for b in barn[igjen.pop()]:
            if b not in ut:
                ut.add(b)
                igjen.append(b)
    return ut


def _tiltak(user: AnyUser, organ: Organ, aar: int) -> tuple[Handlingsplan | None, list]:
    """The tiltak of the year's plan that the body or a body under it answers for, or that was
    reported on in one of the body's saker that year; each with its status at the end of the
    year (the last report until then, else its status now) and the year's reports."""
    plan = (
        Handlingsplan.objects.visible_to(user).filter(aar=aar).select_related("vedtatt_i").first()
    )
    if plan is None:
        return None, []
    hvem = Q(ansvarlig_organ_id__in=sorted(_subtree(organ))) | Q(
        statusrapporter__rapportert_i__organ=organ, statusrapporter__dato__year=aar
    )
    if plan.vedtatt_i is not None and plan.vedtatt_i.organ_id == organ.pk:
        hvem |= Q(ansvarlig_organ__isnull=True)  # the body that adopted the plan keeps the rest
    tiltak = list(
        Tiltak.objects.filter(hvem, innsatsomrade__plan=plan)
        .distinct()
        .select_related("ansvarlig_organ", "innsatsomrade")
        .order_by("innsatsomrade__rekkefolge", "innsatsomrade__pk", "rekkefolge", "pk")
    )
    rapporter: dict[int, list[Statusrapport]] = defaultdict(list)
    for r in (
        Statusrapport.objects.filter(tiltak__in=tiltak, dato__lte=datetime.date(aar, 12, 31))
        .select_related("rapportert_i__mote__organ", "rapportert_i__organ")
        .order_by("dato", "pk")
    ):
        rapporter[r.tiltak_id].append(r)
    labels = dict(Status.choices)
    rader = []
    for t in tiltak:
        egne = rapporter[t.pk]
        status = egne[-1].status if egne else t.status
        rader.append(
            TiltakRad(
                tiltak=t,
                status=status,
                status_display=labels.get(status, status),
                rapporter=[
                    {"r": r, "sak": mote_access.sak_link(user, r.rapportert_i)}
                    for r in egne
                    if r.dato.year == aar
                ],
            )
        )
    return plan, rader


def _medlemmer(organ: Organ, aar: int) -> list[Medlemsgruppe]:
    """Every verv in force some day of the year, grouped by role in the seeds' order (the body's
    members are public: its page lists them)."""
    fra, til = datetime.date(aar, 1, 1), datetime.date(aar, 12, 31)
    verv = (
        Verv.objects.filter(organ=organ)
        .active_between(fra, til)
        .select_related("person", "representerer")
    )
    rank = {rolle: i for i, rolle in enumerate(Verv.ROLLE_REKKEFOLGE)}
    ordnet = sorted(
        verv,
        key=lambda v: (
            rank.get(v.rolle, 99),
            v.representerer.navn if v.representerer else "\uffff",
            v.person.navn,
            v.fra or fra,
        ),
    )
    labels = dict(Verv.Rolle.choices)
    return [
        Medlemsgruppe(
            rolle_navn=labels.get(rolle, rolle),
            verv=[
                VervRad(
                    verv=v,
                    fra=v.fra if v.fra and v.fra > fra else None,
                    til=v.til if v.til and v.til < til else None,
                )
                for v in items
            ],
        )
        for rolle, items in groupby(ordnet, key=lambda v: v.rolle)
    ]


def _organisering(organ: Organ, aar: int, medlemmer: list[Medlemsgruppe]) -> Organisering:
    """Where the body sits: the body it reports to, the bodies that reported to it some day of
    the year (by their order), and its leder and nestleder that year (from ``medlemmer``)."""
    fra, til = datetime.date(aar, 1, 1), datetime.date(aar, 12, 31)
    under = list(
        Organ.objects.filter(rapporterer_til=organ)
        .active_between(fra, til)
        .order_by("rekkefolge", "navn")
    )
    ledelse = [
        v
        for rolle in (Verv.Rolle.LEDER, Verv.Rolle.NESTLEDER)
        for gruppe in medlemmer
        for v in gruppe.verv
        if v.verv.rolle == rolle
    ]
    return Organisering(over=organ.rapporterer_til, under=under, ledelse=ledelse)


def arsrapport_content(*, user: AnyUser, organ: Organ, aar: int) -> Innhold:
    moter = _moter(user, organ, aar)
    plan, tiltak = _tiltak(user, organ, aar)
    stolper, hoyde = _sakstyper(moter)
    medlemmer = _medlemmer(organ, aar)
    return Innhold(
        organ=organ,
        aar=aar,
        moter=moter,
        plan=plan,
        tiltak=tiltak,
        medlemmer=medlemmer,
        sakstyper=stolper,
        diagram_hoyde=hoyde,
        organisering=_organisering(organ, aar, medlemmer),
    )
