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
from typing import Any

from django.db import models

from helsefellesskap.models import Person
from helsefellesskap.templatetags.hf import clock, short_date
from moter.models import Deltaker, Mote

from .models import Sak, Vedlegg

# Fields whose changes are noise to a reader (ordering, housekeeping; the year and running
# number are shown as the saksnr).
_HIDDEN = {"rekkefolge", "opprettet", "endret", "id", "aar", "lopenr"}


@dataclass
class Change:
    felt: str
    fra: str
    til: str


@dataclass
class LogLine:
    tidspunkt: datetime.datetime
    who: str
    hva: str
    changes: list[Change]
    emne: str = ""  # what the line is about, on a page with several kinds of rows


@dataclass
class _Raw:
    """A line before the values that point to other rows are looked up."""

    tidspunkt: datetime.datetime
    who: str
    hva: str
    changes: list[tuple[models.Field, object, object]] = field(default_factory=list)
    emne: str | Callable[[_Lookup], str] = ""  # text, or a callable of the looked-up rows


class _Lookup:
    """The rows that changed fields point to, fetched in one query per model."""

    def __init__(self) -> None:
        self.ids: dict[type[models.Model], set] = defaultdict(set)
        self.rader: dict[type[models.Model], dict] = {}

    def mark(self, model: type[models.Model], verdi) -> None:
        if verdi not in (None, ""):
            self.ids[model].add(verdi)

    def get(self) -> None:
        for model, ids in self.ids.items():
            self.rader[model] = model._default_manager.in_bulk(ids)

    def navn(self, model: type[models.Model], verdi) -> str:
        obj = self.rader.get(model, {}).get(verdi)
        return str(obj) if obj is not None else f"#{verdi}"


def _show(felt, verdi, lookup: _Lookup) -> str:
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
        return lookup.navn(felt.related_model, verdi)
    if isinstance(verdi, datetime.datetime):
        return f"{short_date(verdi)} kl. {clock(verdi)}"
    if isinstance(verdi, datetime.date):
        return short_date(verdi)
    return str(verdi)


def _who(post) -> str:
    bruker = post.history_user
    if bruker is None:
        return "systemet"
    person = getattr(bruker, "person", None)
    return person.navn if person else bruker.get_username()


def _entries(historikk: models.QuerySet) -> list:
    return list(
        historikk.select_related("history_user__person").order_by("history_date", "history_id")
    )


def _raw_lines(entries, model, lookup: _Lookup, *, emne=None, opprettet="Opprettet") -> list[_Raw]:
    """Lines for the history records of one model, oldest first (several objects may be mixed:
    each record is compared with the previous one of the same object)."""
    previous: dict[int, object] = {}
    linjer = []
    for post in entries:
        tidligere = previous.get(post.id)
        previous[post.id] = post
        who = _who(post)
        tema = emne(post) if emne else ""
        if post.history_type == "-":
            linjer.append(
                _Raw(post.history_date, who, post.history_change_reason or "Slettet", emne=tema)
            )
            continue
        if tidligere is None:
            linjer.append(
                _Raw(post.history_date, who, post.history_change_reason or opprettet, emne=tema)
            )
            continue
        changes = []
        for c in post.diff_against(tidligere).changes:
            if c.field in _HIDDEN or c.field.endswith("_html"):  # _html: the text, rendered
                continue
            felt = model._meta.get_field(c.field)
            if getattr(felt, "related_model", None) is not None:
                lookup.mark(felt.related_model, c.old)
                lookup.mark(felt.related_model, c.new)
            changes.append((felt, c.old, c.new))
        if not changes and not post.history_change_reason:
            continue
        hva = post.history_change_reason or "Endret"
        linjer.append(_Raw(post.history_date, who, hva, changes, emne=tema))
    return linjer


def _ferdig(linjer: list[_Raw], lookup: _Lookup) -> list[LogLine]:
    lookup.get()
    ut = [
        LogLine(
            tidspunkt=r.tidspunkt,
            who=r.who,
            hva=r.hva,
            changes=[
                Change(
                    felt=str(felt.verbose_name).capitalize(),
                    fra=_show(felt, fra, lookup),
                    til=_show(felt, til, lookup),
                )
                for felt, fra, til in r.changes
            ],
            emne=r.emne(lookup) if callable(r.emne) else r.emne,
        )
        for r in linjer
    ]
    ut.reverse()  # equal times: the later record first
    ut.sort(key=lambda line: line.tidspunkt, reverse=True)
    return ut


@dataclass
class LogSource:
    """One model's history records for ``combined_endringslogg``: ``emne(record)`` names what a
    line is about («Versjon 2025»), ``opprettet`` the first record's line."""

    historikk: models.QuerySet
    model: type[models.Model]
    emne: Callable[[Any], str] | None = None
    opprettet: str = "Opprettet"


def combined_endringslogg(*kilder: LogSource) -> list[LogLine]:
    """The history of several models on one page, newest first, field by field: what changed
    from what to what, by whom, when (an agreement with its versions, parties and
    evaluations)."""
    lookup = _Lookup()
    linjer: list[_Raw] = []
    for kilde in kilder:
        linjer += _raw_lines(
            _entries(kilde.historikk),
            kilde.model,
            lookup,
            emne=kilde.emne,
            opprettet=kilde.opprettet,
        )
    return _ferdig(linjer, lookup)


def endringslogg(sak: Sak) -> list[LogLine]:
    """A sak's history, newest first."""
    lookup = _Lookup()
    return _ferdig(_raw_lines(_entries(sak.history.all()), Sak, lookup), lookup)


def mote_endringslogg(mote: Mote) -> list[LogLine]:
    """A meeting's history, newest first: the meeting's own fields, who attends and how, the
    vedlegg of the saker that have been on it (deleted ones too), and the referat versions."""
    lookup = _Lookup()
    linjer = _raw_lines(_entries(mote.history.all()), Mote, lookup, emne=lambda p: "Møtet")

    deltakere = _entries(Deltaker.history.filter(mote_id=mote.pk))
    for post in deltakere:
        lookup.mark(Person, post.person_id)
    linjer += _raw_lines(
        deltakere,
        Deltaker,
        lookup,
        emne=lambda p: lambda o, pid=p.person_id: f"Deltaker {o.navn(Person, pid)}",
        opprettet="Lagt til",
    )

    saker = Sak.history.filter(mote_id=mote.pk).values("id")
    vedlegg = _entries(Vedlegg.history.filter(sak_id__in=saker))
    for post in vedlegg:
        lookup.mark(Sak, post.sak_id)
    linjer += _raw_lines(
        vedlegg,
        Vedlegg,
        lookup,
        emne=lambda p: lambda o, sid=p.sak_id, t=p.tittel: f"Vedlegg «{t}» til {o.navn(Sak, sid)}",
        opprettet="Lagt til",
    )

    for versjon in mote.referatversjoner.select_related("av__person").order_by("versjon"):
        person = getattr(versjon.av, "person", None) if versjon.av else None
        linjer.append(
            _Raw(
                versjon.opprettet,
                person.navn
                if person
                else (versjon.av.get_username() if versjon.av else "systemet"),
                f"Referatet låst som versjon {versjon.versjon}",
                emne=f"Referatet: {versjon.begrunnelse}",
            )
        )
    return _ferdig(linjer, lookup)
