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
- a meeting (title, place, the body's name) when they may open it (``mote_visible_q``);
- a vedlegg (its title and the text read from its file, ``saker.vedleggstekst``) when they may
  download it (``vedlegg_downloadable_q``: the public only public vedlegg of saker that are not
  exempt, in published meetings of public bodies; members those of their bodies; drafts and
  the sakskø only those who run the body), as a hit of its own that names its sak. The search's
  filters (body, year, sakstype, «har vedtak») apply to it through its sak.

On PostgreSQL: full-text search with the ``norwegian`` configuration (stemming: «pasientforløp»
finds «pasientforløpet»), websearch syntax («"..."», «-ord», «or»), ranked (title A, vedtak B,
the rest C; a vedlegg's title A, its text D), snippets by ``ts_headline``. Of a vedlegg's text
the first ``SOK_TEGN`` characters are searched and shown: that bounds the vector (PostgreSQL
takes at most 1 MB in one; 200 000 characters of the densest text make 0.93 MB), the index and
the cost of ranking and of a snippet. The vectors are expressions with GIN indexes on exactly
the same expressions (migrations ``saker/0010_sokeindekser`` and ``0013_sokeindeks_vedlegg``):
``index_sql()`` is made from the same strings as the queries. On the embedded SQLite default:
every word must occur (``icontains``) in what the reader may read, newest first, a snippet cut
in Python.
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
from django.db.models.functions import Concat, Left, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from helsefellesskap.access import AnyUser, is_sekretariat
from helsefellesskap.models import Organ
from moter import access
from moter.models import Mote

from .models import Sak, Vedlegg

CONFIG = "norwegian"
MAX_QUERY = 200  # characters of a query
MAX_HITS = 500  # of each kind, before paging
PER_PAGE = 20
SOK_TEGN = 200_000  # characters of a vedlegg's text that are searched (see above)

# --- The vectors: one string each for the query and the index (``{t}``: the table, or "") ---

_SAK_CONTENT = ("hensikt", "faktagrunnlag", "vurdering", "forslag_til_vedtak")
# Columns searched only in their beginning: (table, column) -> characters.
_LEFT = {("saker_vedlegg", "tekst"): SOK_TEGN}


def _column(table: str, field: str, qualified: bool) -> str:
    column = f'"{table}"."{field}"' if qualified else f'"{field}"'
    if limit := _LEFT.get((table, field)):
        return f"left({column}, {limit})"
    return column


def _vector(weights: list[tuple[tuple[str, ...], str]], table: str, qualified: bool) -> str:
    parts = []
    for fields, weight in weights:
        text = " || ' ' || ".join(_column(table, f, qualified) for f in fields)
        parts.append(f"setweight(to_tsvector('{CONFIG}'::regconfig, {text}), '{weight}')")
    return "(" + " || ".join(parts) + ")"


VECTORS: dict[str, tuple[str, list[tuple[tuple[str, ...], str]]]] = {
    # name: (table, [(fields, weight)])
    "sak_innhold": ("saker_sak", [(("tittel", "saksnr"), "A"), (_SAK_CONTENT, "C")]),
    "sak_referat": ("saker_sak", [(("vedtak",), "B"), (("protokoll",), "C")]),
    "sak_skjermet": ("saker_sak", [(("offentlig_tittel", "saksnr"), "A")]),
    "mote": ("moter_mote", [(("tittel",), "A"), (("sted",), "C")]),
    "vedlegg": ("saker_vedlegg", [(("tittel",), "A"), (("tekst",), "D")]),
}


def vector_sql(name: str, *, qualified: bool = True) -> str:
    table, weights = VECTORS[name]
    return _vector(weights, table, qualified)


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
    kind: str  # "sak", "vedlegg" or "mote"
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


def _vedlegg_qs(user: AnyUser, saker: QuerySet[Sak]) -> QuerySet[Vedlegg]:
    """The vedlegg ``user`` may download, of the saker the search's filters leave."""
    return Vedlegg.objects.filter(access.vedlegg_downloadable_q(user), sak__in=saker.values("pk"))


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


def _vedlegg_hits_postgres(qs: QuerySet[Vedlegg], query: SearchQuery) -> list[Hit]:
    rows = (
        qs.alias(v_vedlegg=_v("vedlegg"))
        .filter(v_vedlegg=query)
        .annotate(rang=SearchRank(_v("vedlegg"), query))
        .order_by("-rang", F("sak__mote__start").desc(nulls_last=True), "pk")
        .values_list("pk", "rang", "sak__mote__start")[:MAX_HITS]
    )
    return [Hit("vedlegg", pk, float(r), d) for pk, r, d in rows]


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


def _vedlegg_hits_plain(qs: QuerySet[Vedlegg], words: list[str]) -> list[Hit]:
    # The same part of the text as on PostgreSQL.
    qs = qs.alias(sokt=Left("tekst", SOK_TEGN))
    for word in words:
        qs = qs.filter(_word_q(("tittel", "sokt"), word))
    rows = qs.order_by(F("sak__mote__start").desc(nulls_last=True), "pk").values_list(
        "pk", "sak__mote__start"
    )[:MAX_HITS]
    return [Hit("vedlegg", pk, 0.0, d) for pk, d in rows]


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
    vedlegg = _vedlegg_qs(user, saker)
    moter = None if filters.saker_only else _mote_qs(user, filters)
    if is_postgres():
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        hits = _sak_hits_postgres(saker, query, reading)
        hits += _vedlegg_hits_postgres(vedlegg, query)
        if moter is not None:
            hits += _mote_hits_postgres(moter, query)
    else:
        words = _words(q)
        if not words:
            return []
        hits = _sak_hits_plain(saker, words, reading)
        hits += _vedlegg_hits_plain(vedlegg, words)
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


def _unmarked(text: Any) -> Replace:
    """``text`` without the highlight's markers."""
    return Replace(Replace(text, Value(_START), Value("")), Value(_STOP), Value(""))


def _text(fields: tuple[str, ...]) -> Replace:
    """The fields as one text for the snippet, without the highlight's markers."""
    parts: list[Any] = []
    for field in fields:
        parts += [F(field), Value(" \n ")]
    return _unmarked(Concat(*parts[:-1], output_field=CharField()))


def _headline(field: Any, q: str) -> SearchHeadline:
    return SearchHeadline(
        field,
        SearchQuery(q, config=CONFIG, search_type="websearch"),
        config=CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _snippet(text: str | None, utdrag: str | None, words: list[str]) -> SafeString | str:
    """The snippet of a text: ``ts_headline``'s, shown when it marked a word found (on
    PostgreSQL), or one cut in Python (SQLite)."""
    if not text:
        return ""
    if is_postgres():
        return highlighted(utdrag) if utdrag and _START in utdrag else ""
    return _plain_snippet(text, words)


def hits_load(*, user: AnyUser, hits: list[Hit], q: str) -> list[Hit]:
    """The objects of ``hits`` (one page), with the screened flag and a snippet of what the
    reader may read: three queries. (A vedlegg hit is one its reader may download, so they read
    its sak in full: ``tests/test_permissions.py`` holds the predicates to that.)"""
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
    # A vedlegg's text as far as it is searched: a word found further in gives no snippet.
    sokt = _unmarked(Left("tekst", SOK_TEGN))
    vedlegg_qs = (
        Vedlegg.objects.filter(pk__in=[h.pk for h in hits if h.kind == "vedlegg"])
        .select_related("sak__mote", "sak__organ")
        .defer("tekst")
    )
    if is_postgres():
        saker_qs = saker_qs.annotate(utdrag=_headline("tekst", q))
        vedlegg_qs = vedlegg_qs.annotate(utdrag=_headline(sokt, q))
    else:
        vedlegg_qs = vedlegg_qs.annotate(sokt=sokt)
    saker = {s.pk: s for s in saker_qs}
    vedlegg = {v.pk: v for v in vedlegg_qs}
    mote_ids = [h.pk for h in hits if h.kind == "mote"]
    moter = {m.pk: m for m in Mote.objects.filter(pk__in=mote_ids).select_related("organ")}
    words = _words(q)
    for hit in hits:
        if hit.kind == "sak":
            sak = saker[hit.pk]
            hit.obj = sak
            hit.skjermet = bool(sak.skjermet_)
            if not hit.skjermet:
                hit.snippet = _snippet(sak.tekst, getattr(sak, "utdrag", None), words)
        elif hit.kind == "vedlegg":
            v = vedlegg[hit.pk]
            hit.obj = v
            # ``utdrag`` on PostgreSQL, ``sokt`` (the text searched) on SQLite.
            utdrag = getattr(v, "utdrag", None)
            hit.snippet = _snippet(getattr(v, "sokt", utdrag), utdrag, words)
        else:
            hit.obj = moter[hit.pk]
    return hits


def organs_searchable(user: AnyUser) -> QuerySet[Organ]:
    """The bodies of the meetings ``user`` may open: the choices of the body filter."""
    return Organ.objects.filter(
        pk__in=Mote.objects.filter(access.mote_visible_q(user)).values("organ_id")
    ).order_by("navn")
