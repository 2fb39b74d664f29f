"""Change histories as people read them: who, when, and what changed from what to what.

One sak's history (the sak page), and a meeting's: its fields, its attendance (Deltaker), the
vedlegg of its saker and its locked referat versions (the meeting's history page). Both read a
fixed number of queries, however many rows the history has: the records with their users in one
query per model, and every person, body, sak or meeting a changed field points to in one query per
model."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models

from helsefellesskap.models import Person
from helsefellesskap.templatetags.hf import klokke, kortdato
from moter.models import Deltaker, Mote

from .models import Sak, Vedlegg

# Fields whose changes are noise to a reader (ordering, housekeeping; the year and running
# number are shown as the saksnr).
_SKJULT = {"rekkefolge", "opprettet", "endret", "id", "aar", "lopenr"}


@dataclass
class Endring:
    felt: str
    fra: str
    til: str


@dataclass
class Logglinje:
    tidspunkt: datetime.datetime
    hvem: str
    hva: str
    endringer: list[Endring]
    emne: str = ""  # what the line is about, on a page with several kinds of rows


@dataclass
class _Rå:
    """A line before the values that point to other rows are looked up."""

    tidspunkt: datetime.datetime
    hvem: str
    hva: str
    endringer: list[tuple[models.Field, object, object]] = field(default_factory=list)
    emne: str | Callable[[_Oppslag], str] = ""  # text, or a callable of the looked-up rows


class _Oppslag:
    """The rows that changed fields point to, fetched in one query per model."""

    def __init__(self) -> None:
        self.ids: dict[type[models.Model], set] = defaultdict(set)
        self.rader: dict[type[models.Model], dict] = {}

    def merk(self, modell: type[models.Model], verdi) -> None:
        if verdi not in (None, ""):
            self.ids[modell].add(verdi)

    def hent(self) -> None:
        for modell, ids in self.ids.items():
            self.rader[modell] = modell._default_manager.in_bulk(ids)

    def navn(self, modell: type[models.Model], verdi) -> str:
        obj = self.rader.get(modell, {}).get(verdi)
        return str(obj) if obj is not None else f"#{verdi}"


def _vis(felt, verdi, oppslag: _Oppslag) -> str:
    if verdi in (None, "", []):
        return "–"
    if isinstance(verdi, bool):
        return "ja" if verdi else "nei"
    if isinstance(verdi, list):
        labels = dict(felt.choices) if getattr(felt, "choices", None) else {}
        return ", ".join(str(labels.get(v, v)) for v in verdi)
    if getattr(felt, "choices", None):
        return str(dict(felt.choices).get(verdi, verdi))
    if getattr(felt, "related_model", None) is not None:
        return oppslag.navn(felt.related_model, verdi)
    if isinstance(verdi, datetime.datetime):
        return f"{kortdato(verdi)} kl. {klokke(verdi)}"
    if isinstance(verdi, datetime.date):
        return kortdato(verdi)
    return str(verdi)


def _hvem(post) -> str:
    bruker = post.history_user
    if bruker is None:
        return "systemet"
    person = getattr(bruker, "person", None)
    return person.navn if person else bruker.get_username()


def _poster(historikk: models.QuerySet) -> list:
    return list(
        historikk.select_related("history_user__person").order_by("history_date", "history_id")
    )


def _rå_linjer(poster, modell, oppslag: _Oppslag, *, emne=None, opprettet="Opprettet") -> list[_Rå]:
    """Lines for the history records of one model, oldest first (several objects may be mixed:
    each record is compared with the previous one of the same object)."""
    forrige: dict[int, object] = {}
    linjer = []
    for post in poster:
        tidligere = forrige.get(post.id)
        forrige[post.id] = post
        hvem = _hvem(post)
        tema = emne(post) if emne else ""
        if post.history_type == "-":
            linjer.append(
                _Rå(post.history_date, hvem, post.history_change_reason or "Slettet", emne=tema)
            )
            continue
        if tidligere is None:
            linjer.append(
                _Rå(post.history_date, hvem, post.history_change_reason or opprettet, emne=tema)
            )
            continue
        endringer = []
        for c in post.diff_against(tidligere).changes:
            if c.field in _SKJULT or c.field.endswith("_html"):  # _html: the text, rendered
                continue
            felt = modell._meta.get_field(c.field)
            if getattr(felt, "related_model", None) is not None:
                oppslag.merk(felt.related_model, c.old)
                oppslag.merk(felt.related_model, c.new)
            endringer.append((felt, c.old, c.new))
        if not endringer and not post.history_change_reason:
            continue
        hva = post.history_change_reason or "Endret"
        linjer.append(_Rå(post.history_date, hvem, hva, endringer, emne=tema))
    return linjer


def _ferdig(linjer: list[_Rå], oppslag: _Oppslag) -> list[Logglinje]:
    oppslag.hent()
    ut = [
        Logglinje(
            tidspunkt=r.tidspunkt,
            hvem=r.hvem,
            hva=r.hva,
            endringer=[
                Endring(
                    felt=str(felt.verbose_name).capitalize(),
                    fra=_vis(felt, fra, oppslag),
                    til=_vis(felt, til, oppslag),
                )
                for felt, fra, til in r.endringer
            ],
            emne=r.emne(oppslag) if callable(r.emne) else r.emne,
        )
        for r in linjer
    ]
    ut.reverse()  # equal times: the later record first
    ut.sort(key=lambda linje: linje.tidspunkt, reverse=True)
    return ut


def endringslogg(sak: Sak) -> list[Logglinje]:
    """A sak's history, newest first."""
    oppslag = _Oppslag()
    return _ferdig(_rå_linjer(_poster(sak.history.all()), Sak, oppslag), oppslag)


def mote_endringslogg(mote: Mote) -> list[Logglinje]:
    """A meeting's history, newest first: the meeting's own fields, who attends and how, the
    vedlegg of the saker that have been on it (deleted ones too), and the referat versions."""
    oppslag = _Oppslag()
    linjer = _rå_linjer(_poster(mote.history.all()), Mote, oppslag, emne=lambda p: "Møtet")

    deltakere = _poster(Deltaker.history.filter(mote_id=mote.pk))
    for post in deltakere:
        oppslag.merk(Person, post.person_id)
    linjer += _rå_linjer(
        deltakere,
        Deltaker,
        oppslag,
        emne=lambda p: lambda o, pid=p.person_id: f"Deltaker {o.navn(Person, pid)}",
        opprettet="Lagt til",
    )

    saker = Sak.history.filter(mote_id=mote.pk).values("id")
    vedlegg = _poster(Vedlegg.history.filter(sak_id__in=saker))
    for post in vedlegg:
        oppslag.merk(Sak, post.sak_id)
    linjer += _rå_linjer(
        vedlegg,
        Vedlegg,
        oppslag,
        emne=lambda p: lambda o, sid=p.sak_id, t=p.tittel: f"Vedlegg «{t}» til {o.navn(Sak, sid)}",
        opprettet="Lagt til",
    )

    for versjon in mote.referatversjoner.select_related("av__person").order_by("versjon"):
        person = getattr(versjon.av, "person", None) if versjon.av else None
        linjer.append(
            _Rå(
                versjon.opprettet,
                person.navn
                if person
                else (versjon.av.get_username() if versjon.av else "systemet"),
                f"Referatet låst som versjon {versjon.versjon}",
                emne=f"Referatet: {versjon.begrunnelse}",
            )
        )
    return _ferdig(linjer, oppslag)
