"""Search (``/sok/``): saker and meetings, each reader finding exactly what they may read.

What a reader may read of a sak decides what a search looks in (``moter.access``):

- the sak's content (title, saksnr, hensikt, faktagrunnlag, vurdering, forslag til vedtak) when
  they read the sak in full (``sak_in_full_q``: visible, and an exempt sak only to members and
  those who run its body; drafts and the sakskø only to those who run the body);
- its møtebehandling and vedtak when, besides, its meeting's referat is shown to them (the sak
  page's ``moter.display.referat_visible``: held for those who run the body, sent for members,
  published in a public body for the public);
- of an exempt sak they see screened (public edition) only its saksnr and screened title
  («offentlig tittel»), and no snippet;
- a meeting (title, place, the body's name) when they may open it (``mote_visible_q``).

On PostgreSQL: full-text search with the ``norwegian`` configuration (stemming: «pasientforløp»
finds «pasientforløpet»), websearch syntax («"..."», «-ord», «or»), ranked (title A, vedtak B,
the rest C), snippets by ``ts_headline``. The vectors are expressions with GIN indexes on
exactly the same expressions (migration ``saker/0010_sokeindekser``): ``INDEX_SQL`` is made from
the same strings as the queries. On the embedded SQLite default: every word must occur
(``icontains``) in what the reader may read, newest first, a snippet cut in Python.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from helsefellesskap.access import AnyUser, is_sekretariat
from helsefellesskap.models import Organ
from moter import access
from moter.models import Mote

from .models import Sak

CONFIG = "norwegian"
MAX_QUERY = 200  # characters of a query
MAX_HITS = 500  # of each kind, before paging
PER_PAGE = 20

# --- The vectors: one string each for the query and the index (``{t}``: the table, or "") ---

_SAK_CONTENT = ("hensikt", "faktagrunnlag", "vurdering", "forslag_til_vedtak")


def _vector(weights: list[tuple[tuple[str, ...], str]], table: str) -> str:
    parts = []
    for fields, weight in weights:
        text = " || ' ' || ".join(f'{table}"{f}"' for f in fields)
        parts.append(f"setweight(to_tsvector('{CONFIG}'::regconfig, {text}), '{weight}')")
    return "(" + " || ".join(parts) + ")"


VECTORS: dict[str, tuple[str, list[tuple[tuple[str, ...], str]]]] = {
    # name: (table, [(fields, weight)])
    "sak_innhold": ("saker_sak", [(("tittel", "saksnr"), "A"), (_SAK_CONTENT, "C")]),
    "sak_referat": ("saker_sak", [(("vedtak",), "B"), (("protokoll",), "C")]),
    "sak_skjermet": ("saker_sak", [(("offentlig_tittel", "saksnr"), "A")]),
    "mote": ("moter_mote", [(("tittel",), "A"), (("sted",), "C")]),
}


def vector_sql(name: str, *, qualified: bool = True) -> str:
    table, weights = VECTORS[name]
    return _vector(weights, f'"{table}".' if qualified else "")


def index_sql() -> list[tuple[str, str]]:
    """(create, drop) for the GIN index of each vector: PostgreSQL only."""
    return [
        (
            f'CREATE INDEX IF NOT EXISTS "sok_{name}" ON "{table}" USING gin '
            f"({vector_sql(name, qualified=False)})",
            f'DROP INDEX IF EXISTS "sok_{name}"',
        )
        for name, (table, _) in VECTORS.items()
    ]


def _v(name: str) -> RawSQL:
    # The SQL is ours (column names and constants in VECTORS), never a user's.
    return RawSQL(vector_sql(name), [], output_field=SearchVectorField())  # noqa: S611


# --- Who reads what -------------------------------------------------------------------------


def _always(q: Q) -> Q:
    """A ``When`` needs a condition; ``Q()`` (everything, for the central secretariat) is none."""
    return q if q else Q(pk__isnull=False)


def referat_shown_q(user: AnyUser, prefix: str = "mote__") -> Q:
    """``moter.display.referat_visible`` for the edition ``user`` reads, as a filter on saker:
    those who run the body once the meeting is held; others when the referat is sent to them as
    members or published in a public body."""
    held = Q(**{f"{prefix}status__in": [Mote.Status.AVHOLDT, Mote.Status.REFERAT_GODKJENT]})
    if is_sekretariat(user):
        return held
    managed = access.managed_q(user, prefix)
    return (managed & held) | (
        ~managed & (access.members_referat_q(user, prefix) | access.referat_public_q(prefix))
    )


@dataclass(frozen=True)
class Reading:
    """What ``user`` reads of saker, as filters."""

    full: Q
    referat: Q
    screened: Q

    @classmethod
    def of(cls, user: AnyUser) -> Reading:
        full = access.sak_in_full_q(user)
        return cls(
            full=_always(full),
            referat=_always(full) & Q(mote__isnull=False) & referat_shown_q(user),
            screened=access.sak_visible_q(user) & ~_always(full),
        )


# --- The query ------------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str  # "sak" or "mote"
    pk: int
    rank: float
    dato: datetime.datetime | None
    obj: Any = None
    skjermet: bool = False
    snippet: SafeString | str = ""


@dataclass
class Filters:
    organ: Organ | None = None
    aar: int | None = None
    sakstype: str = ""
    har_vedtak: bool = False

    @property
    def saker_only(self) -> bool:
        return bool(self.sakstype or self.har_vedtak)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _words(q: str) -> list[str]:
    return re.findall(r"\w+", q)[:10]


def _sak_qs(user: AnyUser, filters: Filters, reading: Reading) -> QuerySet[Sak]:
    qs = Sak.objects.saker().filter(access.sak_visible_q(user))
    if filters.organ is not None:
        qs = qs.filter(organ=filters.organ)
    if filters.aar is not None:
        qs = qs.filter(Q(mote__start__year=filters.aar) | Q(mote__isnull=True, aar=filters.aar))
    if filters.sakstype:
        # The JSON list as text (a containment lookup is not on SQLite).
        qs = qs.filter(sakstyper__icontains=f'"{filters.sakstype}"')
    if filters.har_vedtak:
        qs = qs.exclude(vedtak="").filter(reading.referat)
    return qs


def _mote_qs(user: AnyUser, filters: Filters) -> QuerySet[Mote]:
    qs = Mote.objects.filter(access.mote_visible_q(user))
    if filters.organ is not None:
        qs = qs.filter(organ=filters.organ)
    if filters.aar is not None:
        qs = qs.filter(start__year=filters.aar)
    return qs


def _sak_hits_postgres(qs: QuerySet[Sak], query: SearchQuery, reading: Reading) -> list[Hit]:
    rank = (
        Case(When(reading.full, then=SearchRank(_v("sak_innhold"), query)), default=Value(0.0))
        + Case(When(reading.referat, then=SearchRank(_v("sak_referat"), query)), default=Value(0.0))
        + Case(
            When(reading.screened, then=SearchRank(_v("sak_skjermet"), query)),
            default=Value(0.0),
        )
    )
    rows = (
        qs.alias(v_innhold=_v("sak_innhold"), v_referat=_v("sak_referat"))
        .alias(v_skjermet=_v("sak_skjermet"))
        .filter(
            (reading.full & Q(v_innhold=query))
            | (reading.referat & Q(v_referat=query))
            | (reading.screened & Q(v_skjermet=query))
        )
        .annotate(rang=rank)
        .order_by("-rang", F("mote__start").desc(nulls_last=True), "pk")
        .values_list("pk", "rang", "mote__start")[:MAX_HITS]
    )
    return [Hit("sak", pk, float(r), d) for pk, r, d in rows]


def _mote_hits_postgres(qs: QuerySet[Mote], query: SearchQuery) -> list[Hit]:
    organ_vector = SearchVector("organ__navn", "organ__kortnavn", config=CONFIG)
    rows = (
        qs.alias(v_mote=_v("mote"), v_organ=organ_vector)
        .filter(Q(v_mote=query) | Q(v_organ=query))
        .annotate(rang=SearchRank(_v("mote"), query) + Value(0.01, output_field=FloatField()))
        .order_by("-rang", "-start", "pk")
        .values_list("pk", "rang", "start")[:MAX_HITS]
    )
    return [Hit("mote", pk, float(r), d) for pk, r, d in rows]


def _word_q(fields: tuple[str, ...], word: str) -> Q:
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__icontains": word})
    return q


def _sak_hits_plain(qs: QuerySet[Sak], words: list[str], reading: Reading) -> list[Hit]:
    for word in words:
        qs = qs.filter(
            (reading.full & _word_q(("tittel", "saksnr", *_SAK_CONTENT), word))
            | (reading.referat & _word_q(("vedtak", "protokoll"), word))
            | (reading.screened & _word_q(("offentlig_tittel", "saksnr"), word))
        )
    rows = qs.order_by(F("mote__start").desc(nulls_last=True), "pk").values_list(
        "pk", "mote__start"
    )[:MAX_HITS]
    return [Hit("sak", pk, 0.0, d) for pk, d in rows]


def _mote_hits_plain(qs: QuerySet[Mote], words: list[str]) -> list[Hit]:
    for word in words:
        qs = qs.filter(_word_q(("tittel", "sted", "organ__navn", "organ__kortnavn"), word))
    rows = qs.order_by("-start", "pk").values_list("pk", "start")[:MAX_HITS]
    return [Hit("mote", pk, 0.0, d) for pk, d in rows]


def search(*, user: AnyUser, q: str, filters: Filters) -> list[Hit]:
    """The hits for ``q`` that ``user`` may read, best first (newest first on SQLite): ids,
    rank and date only; ``hits_load`` fills in a page of them."""
    reading = Reading.of(user)
    saker = _sak_qs(user, filters, reading)
    moter = None if filters.saker_only else _mote_qs(user, filters)
    if is_postgres():
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        hits = _sak_hits_postgres(saker, query, reading)
        if moter is not None:
            hits += _mote_hits_postgres(moter, query)
    else:
        words = _words(q)
        if not words:
            return []
        hits = _sak_hits_plain(saker, words, reading)
        if moter is not None:
            hits += _mote_hits_plain(moter, words)
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    hits.sort(key=lambda h: (h.rank, h.dato or epoch), reverse=True)
    return hits


# --- A page of hits -------------------------------------------------------------------------

# ts_headline marks the words found with these; the rest of the text is escaped before they
# become <mark> (the text is the users').
_START, _STOP = "\x02", "\x03"


def highlighted(text: str) -> SafeString:
    """``text`` with the markers as <mark>, everything else escaped; a marker that does not
    pair (one in the text itself) is dropped."""
    out: list[str] = []
    open_ = False
    for part in re.split(f"([{_START}{_STOP}])", text):
        if part == _START:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif part == _STOP:
            if open_:
                out.append("</mark>")
                open_ = False
        else:
            out.append(escape(part))
    if open_:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def _plain_snippet(text: str, words: list[str], width: int = 110) -> SafeString:
    lowered = text.lower()
    places = [i for i in (lowered.find(w.lower()) for w in words) if i >= 0]
    start = max(0, min(places) - width // 2) if places else 0
    cut = text[start : start + 2 * width]
    pattern = "|".join(re.escape(w) for w in words)
    if pattern:
        cut = re.sub(f"({pattern})", f"{_START}\\1{_STOP}", cut, flags=re.IGNORECASE)
    end = " …" if start + 2 * width < len(text) else ""
    return highlighted(("… " if start else "") + cut + end)


def _text(fields: tuple[str, ...]) -> Replace:
    """The fields as one text for the snippet, without the highlight's markers."""
    parts: list[Any] = []
    for field in fields:
        parts += [F(field), Value(" \n ")]
    text = Concat(*parts[:-1], output_field=CharField())
    return Replace(Replace(text, Value(_START), Value("")), Value(_STOP), Value(""))


def hits_load(*, user: AnyUser, hits: list[Hit], q: str) -> list[Hit]:
    """The objects of ``hits`` (one page), with the screened flag and a snippet of what the
    reader may read: two queries."""
    reading = Reading.of(user)
    content = ("hensikt", "forslag_til_vedtak", "faktagrunnlag", "vurdering")
    tekst = Case(
        When(reading.referat, then=_text(("vedtak", "protokoll", *content))),
        When(reading.full, then=_text(content)),
        default=Value(""),
        output_field=CharField(),
    )
    saker_qs = (
        Sak.objects.filter(pk__in=[h.pk for h in hits if h.kind == "sak"])
        .select_related("mote", "organ")
        .annotate(
            skjermet_=Case(When(reading.full, then=Value(False)), default=Value(True)),
            tekst=tekst,
        )
    )
    if is_postgres():
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        saker_qs = saker_qs.annotate(
            utdrag=SearchHeadline(
                "tekst",
                query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    saker = {s.pk: s for s in saker_qs}
    mote_ids = [h.pk for h in hits if h.kind == "mote"]
    moter = {m.pk: m for m in Mote.objects.filter(pk__in=mote_ids).select_related("organ")}
    words = _words(q)
    for hit in hits:
        if hit.kind == "sak":
            sak = saker[hit.pk]
            hit.obj = sak
            hit.skjermet = bool(sak.skjermet_)
            if hit.skjermet or not sak.tekst:
                hit.snippet = ""
            elif is_postgres():
                hit.snippet = highlighted(sak.utdrag) if _START in sak.utdrag else ""
            else:
                hit.snippet = _plain_snippet(sak.tekst, words)
        else:
            hit.obj = moter[hit.pk]
    return hits


def organs_searchable(user: AnyUser) -> QuerySet[Organ]:
    """The bodies of the meetings ``user`` may open: the choices of the body filter."""
    return Organ.objects.filter(
        pk__in=Mote.objects.filter(access.mote_visible_q(user)).values("organ_id")
    ).order_by("navn")
