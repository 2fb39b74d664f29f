"""A meeting's documents as PDF: the innkalling and the saksframlegg (the referat and the meeting
pack follow the same path).

The PDF is made from the same content template as the web page (``templates/moter/dokumenter/
*_innhold.html``) inside ``pdf.html``, with the house style (``static/css/dokument.css``) and the
print rules (``static/css/print.css``), rendered by WeasyPrint.

Services:

- ``dokument_bestill(*, mote, art, utgave, sak_id=None, bruker=None) -> Dokument``: the
  finished document when its content is unchanged, otherwise a version in ``venter`` whose render
  is queued (Celery, after commit).
- ``dokument_render(*, dokument_id) -> Dokument | None``: the render itself (the task calls it);
  safe to run twice; a failure is recorded in Norwegian and leaves the previous version in place.
- ``siste_dokument(...)`` / ``siste_bestilling(...)``: the newest finished (or published)
  version, and the newest version whatever its state (for a status fragment).
- ``dokument_publiser(*, dokument)``: freezes the version the public downloads.
- ``dokument_pdf(...) -> Gjengitt``: renders at once, without a database row (command, bench).
- ``prepare_renderer()``: loads stylesheets and fonts ahead of the first render (workers).

Speed (measured with bench/pdf.py and the seed innkalling, WeasyPrint 70): the stylesheets, and
with them the fonts, are parsed once per process and reused. The font is a small Latin subset of
Carlito shipped in ``static/fonts/``; WeasyPrint still subsets it per document (HarfBuzz), which
is quicker than embedding it whole: ``full_fonts`` makes WeasyPrint read every glyph of the font
with fontTools (0.245 s and 127 KB against 0.221 s and 34 KB; with the system's full Carlito
0.33 s subset, 0.83 s and 1.2 MB whole).
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import functools
import hashlib
import io
import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import OperationalError as QueueError
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration

from helsefellesskap.images import LOGO_FORMATS, LOGO_MAX_MB, MB, image_format
from helsefellesskap.models import Nettsted
from helsefellesskap.pagecache import OFFENTLIG_CACHE_CONTROL, same_etag
from helsefellesskap.templatetags.hf import short_date

from . import pack, pdfstruktur, publication
from .access import Tilgang
from .display import Punkt, Saksliste, content_for, oppmoteliste, saksliste
from .models import Dokument, Mote, dokument_path

logger = logging.getLogger(__name__)

# Part of every content hash: a change here, in WeasyPrint or in the stylesheets and fonts gives
# new versions of documents whose HTML is unchanged.
RENDERER_VERSION = f"moteportalen-pdf/2 weasyprint/{weasyprint.__version__}"

STYLESHEET = ["css/dokument.css", "css/print.css"]
FONTS = "fonts"

# WeasyPrint's options for every document. PDF/UA-1 (WeasyPrint 70): a tagged PDF 1.7 with the
# PDF/UA identifier, title and language in its XMP metadata. The variant turns tagging on by
# itself; it is written out so that dropping the variant (PDF/A, or a pack) keeps the tags.
PDF_CHOICES = {
    "pdf_variant": "pdf/ua-1",
    "pdf_tags": True,
    "optimize_images": True,  # the logo, once per process (the image cache is kept)
    # <ol start="3">, as the browser shows it (the «tekst» filter writes it for lists that
    # continue after a bullet list).
    "presentational_hints": True,
}

Art = Dokument.Art
Edition = Dokument.Edition
Status = Dokument.Status

# A render that has not reported back in this long is taken to be dead (the worker was killed
# and the message was not delivered again): ordering the document again queues it anew.
FORGOTTEN_AFTER = datetime.timedelta(minutes=10)


class DokumentError(Exception):
    """A document that cannot be made; the message is Norwegian and meant for the user."""


# --- What a document contains ---------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """The HTML of one document and what the PDF needs besides."""

    html: str
    tittel: str
    forfatter: str
    filename: str  # without version and extension: «innkalling-ssu-2024-02-29»
    innholdshash: str
    pack: pack.Pack | None = None  # the meeting pack: the vedlegg to lay in after rendering
    innhold: dict = field(default_factory=dict)  # what it shows (moter.display.Content)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    sider: int
    seconds: float
    source: Source


def _tilgang(utgave: str) -> Tilgang:
    return Tilgang.PUBLIKUM if utgave == Edition.OFFENTLIG else Tilgang.MEDLEM


def _logo_url(nettsted: Nettsted) -> str:
    """The logo as a data: URL, read through the media storage (the disk or the bucket), so
    WeasyPrint fetches nothing from media itself. A logo that is not a PNG, JPEG or WebP image
    (checked as when it is served) is left out."""
    if not nettsted.logo:
        return ""
    try:
        with nettsted.logo.storage.open(nettsted.logo.name, "rb") as fil:
            data = fil.read(LOGO_MAX_MB * MB + 1)
    except (FileNotFoundError, SuspiciousOperation):
        return ""
    format_ = image_format(io.BytesIO(data))
    if format_ is None or len(data) > LOGO_MAX_MB * MB:
        return ""
    return f"data:{LOGO_FORMATS[format_]};base64,{base64.b64encode(data).decode('ascii')}"


_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u"})


def _filename_part(tekst: str) -> str:
    """«Fagutvalg HR» → «fagutvalg-hr», «2024.2» → «2024-2», «14/26» → «14-26»."""
    tekst = tekst.lower().translate(_TRANSLITERATION)
    return re.sub(r"[^a-z0-9]+", "-", tekst).strip("-") or "dokument"


def _organ_navn(mote: Mote) -> str:
    organ = mote.organ
    return f"{organ.navn} ({organ.kortnavn})" if organ.kortnavn else organ.navn


def _finn_punkt(liste: Saksliste, sak_id: int | None) -> Punkt:
    """The sak as the edition's reader may see it (screened in the public edition)."""
    if sak_id is None:
        raise DokumentError("Velg saken saksframlegget gjelder.")
    for punkt in liste.punkter:
        if punkt.sak.pk == sak_id:
            if punkt.sak.type != "sak":
                raise DokumentError("Bare saker har saksframlegg, ikke andre linjer i sakslisten.")
            return punkt
    raise DokumentError("Fant ikke saken i sakslisten til møtet.")


def dokument_source(*, mote: Mote, art: str, utgave: str, sak_id: int | None = None) -> Source:
    """The HTML of a document and its content hash. Raises DokumentFeil for what cannot be
    made (an unknown kind, a sak that is not on the agenda)."""
    if utgave not in Edition.values:
        raise DokumentError(f"Ukjent utgave: «{utgave}».")
    nettsted = Nettsted.get()
    organ = mote.organ
    dato = timezone.localtime(mote.start)
    kort = _filename_part(organ.kortnavn or organ.navn)
    offentlig = utgave == Edition.OFFENTLIG
    plan: pack.Pack | None = None
    liste: Saksliste | None = None
    context: dict = {
        "nettsted": nettsted,
        "mote": mote,
        "lenker": False,
        "pdf": True,
        "toppniva": 1,
    }

    if art == Art.INNKALLING:
        context["liste"] = liste = saksliste(mote, tilgang=_tilgang(utgave))
        innhold = "moter/dokumenter/innkalling_innhold.html"
        tittel = f"Innkalling {organ.kortnavn} {dato:%d.%m.%Y}"
        emne = f"{mote.display_name} {short_date(dato)}"
        filename = f"innkalling-{kort}-{dato:%Y-%m-%d}"
    elif art == Art.REFERAT:
        if offentlig and mote.referat_status != Mote.ReferatStatus.GODKJENT:
            raise DokumentError("Den offentlige utgaven av referatet lages når det er godkjent.")
        if mote.status in {Mote.Status.PLANLAGT, Mote.Status.AVLYST}:
            raise DokumentError("Referatet skrives når innkallingen er sendt.")
        context["liste"] = liste = saksliste(mote, tilgang=_tilgang(utgave))
        context["oppmote"] = oppmoteliste(mote)
        innhold = "moter/dokumenter/referat_innhold.html"
        tittel = f"Referat {organ.kortnavn} {dato:%d.%m.%Y}"
        emne = f"Referat fra møte i {_organ_navn(mote)} {short_date(dato)}"
        filename = f"referat-{kort}-{dato:%Y-%m-%d}"
    elif art == Art.SAKSFRAMLEGG:
        liste = saksliste(mote, tilgang=_tilgang(utgave))
        punkt = _finn_punkt(liste, sak_id)
        context["punkt"] = punkt
        innhold = "moter/dokumenter/saksframlegg_innhold.html"
        saksnr = punkt.sak.saksnr or "uten nummer"
        # The public edition of an exempt sak must not leak its title, not even in metadata.
        tittel = f"Saksframlegg {saksnr} – {punkt.tittel}"
        emne = f"{organ.kortnavn} {dato:%d.%m.%Y}"
        filename = f"saksframlegg-{kort}-{_filename_part(saksnr)}"
    elif art == Art.SAKSDOKUMENTER:
        plan = pack.pack_plan(mote, tilgang=_tilgang(utgave))
        context["plan"] = plan
        context["liste"] = liste = plan.liste
        innhold = "moter/dokumenter/saksdokumenter_innhold.html"
        tittel = f"Saksdokumenter {organ.kortnavn} {dato:%d.%m.%Y}"
        emne = (
            f"{mote.display_name} {short_date(dato)}: innkalling, saksliste, saksframlegg, vedlegg"
        )
        filename = f"saksdokumenter-{kort}-{dato:%Y-%m-%d}"
    else:
        navn = dict(Art.choices).get(art, art)
        raise DokumentError(f"Dokumentet «{navn}» kan ikke lages som PDF ennå.")

    if offentlig:
        filename += "-offentlig"
    bunntekst = f"Saksframlegg {punkt.sak.saksnr}" if art == Art.SAKSFRAMLEGG else tittel
    if art == Art.REFERAT and mote.referat_status != Mote.ReferatStatus.GODKJENT:
        bunntekst += " · utkast"
    elif art == Art.REFERAT and mote.referat_versjon > 1:
        bunntekst += f" · versjon {mote.referat_versjon}"
    if offentlig:
        bunntekst += " · offentlig utgave"
    html = render_to_string(
        "moter/dokumenter/pdf.html",
        {
            **context,
            "innhold": innhold,
            "art": art,
            "tittel": tittel,
            "emne": emne,
            "forfatter": organ.navn,
            "organ_navn": _organ_navn(mote),
            "bunntekst": bunntekst,
            "logo_url": _logo_url(nettsted),
        },
    )
    # What the document shows is part of its content: a vedlegg replaced by another file under
    # the same title gives a new version, so the old one can be withdrawn and the new published.
    vist_innhold = content_for(liste, sak_id=sak_id).as_json()
    hasher = hashlib.sha256()
    for del_ in (
        RENDERER_VERSION,
        _style().hash,
        art,
        utgave,
        str(sak_id or ""),
        html,
        json.dumps(vist_innhold, sort_keys=True),
    ):
        hasher.update(del_.encode())
        hasher.update(b"\0")
    if plan is not None:
        hasher.update(plan.fingerprint.encode())  # the vedlegg files' content
    return Source(
        html=html,
        tittel=tittel,
        forfatter=organ.navn,
        filename=filename,
        innholdshash=hasher.hexdigest(),
        pack=plan,
        innhold=vist_innhold,
    )


# --- Rendering --------------------------------------------------------------------------------


class _Fetcher(weasyprint.URLFetcher):
    """Fetches only local files under the static directory (stylesheets, fonts) and data: URLs
    (the logo): a document never makes WeasyPrint reach out to the network or read media."""

    def __init__(self, rotter: list[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        self.rotter = rotter

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            sti = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(sti.is_relative_to(rot) for rot in self.rotter):
                raise ValueError(f"Ikke tillatt: {url}")
        return super().fetch(url, headers)


@dataclass
class _Style:
    key: tuple
    hash: str
    font_config: FontConfiguration
    counter_style: CounterStyle  # the stylesheets' @counter-style rules («1)» lists)
    css: list
    fetcher: _Fetcher
    base_url: str
    images: dict  # WeasyPrint's image cache (the logo), kept with the stylesheets


_style_cache: _Style | None = None
_las = threading.Lock()  # one render at a time per process: the font configuration is shared


def _style_files() -> list[Path]:
    filer = []
    for navn in STYLESHEET:
        found = finders.find(navn)
        if not found:
            raise DokumentError(f"Fant ikke stilarket {navn}.")
        filer.append(Path(found))
    return filer


def _style() -> _Style:
    """The parsed stylesheets with their fonts, made once per process and again only when a
    stylesheet or a font file changes (a deploy, or editing them in development)."""
    global _style_cache
    filer = _style_files()
    font_folder = filer[-1].parent.parent / FONTS
    fonts = sorted(font_folder.glob("*.ttf"))
    key = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in filer + fonts)
    if _style_cache is not None and _style_cache.key == key:
        return _style_cache
    with _las:
        if _style_cache is not None and _style_cache.key == key:
            return _style_cache
        hasher = hashlib.sha256()
        for fil in filer + fonts:
            hasher.update(fil.name.encode())
            hasher.update(fil.read_bytes())
        fetcher = _Fetcher([filer[-1].parent.parent.resolve()])
        font_config = FontConfiguration()
        counter_style = CounterStyle()
        css = [
            weasyprint.CSS(
                filename=f,
                font_config=font_config,
                counter_style=counter_style,
                url_fetcher=fetcher,
            )
            for f in filer
        ]
        _style_cache = _Style(
            key=key,
            hash=hasher.hexdigest(),
            font_config=font_config,
            counter_style=counter_style,
            css=css,
            fetcher=fetcher,
            base_url=filer[-1].parent.as_uri() + "/",
            images={},
        )
        return _style_cache


_SAMPLE = (
    '<html lang="nb"><title>Prøve</title><body><article class="dokument"><table '
    'class="sakstabell"><tr><td><p><strong>Samhandlingsutvalget</strong> <em>«forbereder»</em> '
    "spesialisthelsetjenesten – side 1</p></td></tr></table></article></body></html>"
)


def prepare_renderer() -> None:
    """Loads stylesheets, fonts and the text engine now, with a small throwaway render (a
    worker process calls it when it starts)."""
    _render(Source(html=_SAMPLE, tittel="Prøve", forfatter="", filename="prove", innholdshash=""))


def _render(source: Source) -> Rendered:
    start = time.perf_counter()
    style = _style()
    # A meeting pack with vedlegg laid into it is a plain PDF: their pages cannot be tagged
    # (moter/pack.py). Without them it is tagged like the other documents.
    merged = source.pack is not None and bool(source.pack.inserted)
    choices = pack.pdf_choices(PDF_CHOICES) if merged else PDF_CHOICES
    with _las:
        html = weasyprint.HTML(
            string=source.html, base_url=style.base_url, url_fetcher=style.fetcher
        )
        dokument = html.render(
            font_config=style.font_config,
            counter_style=style.counter_style,
            stylesheets=style.css,
            cache=style.images,
            **choices,
        )
        naa = timezone.now().isoformat(timespec="seconds")
        dokument.metadata.created = naa
        dokument.metadata.modified = naa
        pdf = dokument.write_pdf(**choices)
    if merged and source.pack is not None:
        pdf = pack.insert_vedlegg(pdf, source.pack, pack.sideankre(dokument))
    pdf = pdfstruktur.accessible_pdf(pdf, dokument)
    return Rendered(
        pdf=pdf, sider=len(dokument.pages), seconds=time.perf_counter() - start, source=source
    )


def html_pdf(*, html: str, tittel: str, forfatter: str, filename: str) -> Rendered:
    """Renders a document of another app's making (the agreements register) in the house
    style: ``html`` is ``moter/dokumenter/pdf.html`` around its content template (see
    ``page_context``), tagged PDF/UA-1 like the meeting documents."""
    return _render(
        Source(
            html=html,
            tittel=tittel,
            forfatter=forfatter,
            filename=filename,
            innholdshash=content_digest(html),
        )
    )


# How long a PDF made by ``html_pdf_cached`` is kept: its key is its content's digest, so a
# kept PDF is never stale, only unused.
HTML_PDF_CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class CachedPdf:
    pdf: bytes
    digest: str  # ``content_digest`` of its HTML: the same digest, the same PDF


def html_pdf_cached(
    *, html: str, tittel: str, forfatter: str, filename: str, key: str
) -> CachedPdf:
    """``html_pdf`` for the documents made on request (the agreements register, a body's annual
    report), kept in the cache under ``key`` and the digest of the HTML, so it is rendered
    again only when what it shows changes (or the renderer, stylesheets or fonts do). Readers
    who get different HTML get different entries: a PDF is only ever served for its own HTML."""
    digest = content_digest(html)
    cache_key = f"{key}:{digest}"
    try:
        pdf = cache.get(cache_key)
    except Exception:  # the cache is an optimisation; the PDF is made without it
        logger.warning("Hurtigbufferet svarer ikke", exc_info=True)
        pdf = None
    if pdf is None:
        pdf = html_pdf(html=html, tittel=tittel, forfatter=forfatter, filename=filename).pdf
        try:
            cache.set(cache_key, pdf, HTML_PDF_CACHE_SECONDS)
        except Exception:  # as above
            logger.warning("Kunne ikke lagre i hurtigbufferet", exc_info=True)
    return CachedPdf(pdf=pdf, digest=digest)


def pdf_response(
    request: HttpRequest, pdf: CachedPdf, *, filename: str, offentlig: bool
) -> HttpResponse:
    """A PDF made on request, answered with its digest as ETag (304 when the client has it).
    ``offentlig``: the same file for everybody, which a proxy may keep (asking each time);
    otherwise it is the reader's own and kept nowhere."""
    tag = f'"{pdf.digest[:32]}"'
    if same_etag(request, tag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(pdf.pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = tag
    response["Cache-Control"] = OFFENTLIG_CACHE_CONTROL if offentlig else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def content_digest(html: str) -> str:
    """A document's content hash as the meeting documents' (renderer, stylesheets and fonts,
    and the HTML): the same HTML gives the same PDF."""
    hasher = hashlib.sha256()
    for del_ in (RENDERER_VERSION, _style().hash, html):
        hasher.update(del_.encode())
        hasher.update(b"\0")
    return hasher.hexdigest()


def page_context() -> dict:
    """What ``pdf.html`` needs besides the content: the site and its logo."""
    nettsted = Nettsted.get()
    return {"nettsted": nettsted, "logo_url": _logo_url(nettsted)}


def dokument_pdf(*, mote: Mote, art: str, utgave: str, sak_id: int | None = None) -> Rendered:
    """Renders a document now, without a version in the database (scripts and checks)."""
    return _render(dokument_source(mote=mote, art=art, utgave=utgave, sak_id=sak_id))


# --- Versions ---------------------------------------------------------------------------------


def _versions(*, mote: Mote, art: str, utgave: str, sak_id: int | None):
    return Dokument.objects.for_edition(mote=mote, art=art, utgave=utgave, sak_id=sak_id)


def last_dokument(
    *, mote: Mote, art: str, utgave: str, sak_id: int | None = None, publisert: bool = False
) -> Dokument | None:
    """The newest finished version (``publisert=True``: the newest published one)."""
    qs = _versions(mote=mote, art=art, utgave=utgave, sak_id=sak_id).ferdige()
    if publisert:
        qs = qs.filter(publisert__isnull=False)
    return qs.first()


def last_order(*, mote: Mote, art: str, utgave: str, sak_id: int | None = None) -> Dokument | None:
    """The newest version whatever its state: what a status fragment shows (venter, lager,
    feilet with the message, or ferdig)."""
    return _versions(mote=mote, art=art, utgave=utgave, sak_id=sak_id).first()


def _forgotten(dok: Dokument) -> bool:
    limit = timezone.now() - FORGOTTEN_AFTER
    if dok.status == Status.LAGER:
        return (dok.startet or dok.opprettet) < limit
    return dok.status == Status.VENTER and dok.opprettet < limit


def _set_in_queue(dokument_id: int) -> None:
    # Sent after commit; a broker that is down leaves the order in «venter» for
    # gjenoppta_dokumenter (moter/resume.py) instead of failing the request.
    transaction.on_commit(functools.partial(dokument_send, dokument_id))


@transaction.atomic
def dokument_order(
    *, mote: Mote, art: str, utgave: str, sak_id: int | None = None, bruker=None
) -> Dokument:
    """Orders a document. Unchanged content gives the finished version back without rendering;
    changed content gives a new version in ``venter`` and queues its render after commit.
    Raises DokumentFeil (Norwegian message) for a document that cannot be made."""
    source = dokument_source(mote=mote, art=art, utgave=utgave, sak_id=sak_id)
    # One order at a time per meeting, so two clicks do not make the same version number.
    list(Mote.objects.select_for_update().filter(pk=mote.pk).values_list("pk", flat=True))
    versjoner = _versions(mote=mote, art=art, utgave=utgave, sak_id=sak_id)
    siste = versjoner.first()
    ferdig = siste if siste and siste.status == Status.FERDIG else versjoner.ferdige().first()
    if ferdig and ferdig.innholdshash == source.innholdshash:
        return ferdig
    if siste and siste.status in {Status.VENTER, Status.LAGER}:
        if siste.innholdshash == source.innholdshash and not _forgotten(siste):
            return siste  # already on its way
    if siste and siste.status != Status.FERDIG:
        # A version that never finished (failed, or still queued with older content) is
        # reused: version numbers are those of documents that exist.
        siste.status = Status.VENTER
        siste.feilmelding = ""
        siste.innholdshash = source.innholdshash
        siste.bestilt_av = bruker if bruker and bruker.is_authenticated else siste.bestilt_av
        siste.opprettet = timezone.now()
        siste.startet = None
        siste.save()
        dok = siste
    else:
        dok = Dokument.objects.create(
            mote=mote,
            art=art,
            utgave=utgave,
            sak_id=sak_id,
            versjon=(siste.versjon + 1) if siste else 1,
            innholdshash=source.innholdshash,
            bestilt_av=bruker if bruker and bruker.is_authenticated else None,
        )
    _set_in_queue(dok.pk)
    return dok


def _error_message(exc: BaseException) -> str:
    if isinstance(exc, DokumentError):
        return str(exc)
    if isinstance(exc, SoftTimeLimitExceeded):
        return "Det tok for lang tid å lage PDF-en. Prøv igjen, eller kontakt brukerstøtte."
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return f"PDF-filen kunne ikke lagres ({reason}). Forrige versjon er beholdt."
    return f"PDF-en kunne ikke lages ({type(exc).__name__}: {exc}). Forrige versjon er beholdt."


def dokument_feilet(*, dokument_id: int, melding: str) -> Dokument | None:
    """Records a failed render; the previous version stays what users download."""
    with transaction.atomic():
        dok = Dokument.objects.select_for_update().filter(pk=dokument_id).first()
        if dok is None or dok.status == Status.FERDIG:
            return dok
        dok.status = Status.FEILET
        dok.feilmelding = melding
        dok.ferdig = timezone.now()
        dok.save(update_fields=["status", "feilmelding", "ferdig"])
        return dok


def dokument_render(*, dokument_id: int) -> Dokument | None:
    """Renders one ordered version. Safe to run twice: a version that is already finished or
    failed is left as it is, and one in ``lager`` (a worker that died, a retry) is taken over.
    Database errors are raised for the task to retry; every other error is recorded on the
    version in Norwegian."""
    with transaction.atomic():
        dok = (
            Dokument.objects.select_for_update()
            .select_related("mote__organ")
            .filter(pk=dokument_id)
            .first()
        )
        if dok is None:
            logger.info("Dokument %s finnes ikke lenger; ingenting å lage.", dokument_id)
            return None
        if dok.status not in {Status.VENTER, Status.LAGER}:
            return dok
        dok.status = Status.LAGER
        dok.startet = timezone.now()
        dok.save(update_fields=["status", "startet"])

    stored = ""
    try:
        source = dokument_source(mote=dok.mote, art=dok.art, utgave=dok.utgave, sak_id=dok.sak_id)
        previous = (
            _versions(mote=dok.mote, art=dok.art, utgave=dok.utgave, sak_id=dok.sak_id)
            .ferdige()
            .first()
        )
        if previous and previous.innholdshash == source.innholdshash:
            # The content went back to what the newest version shows: no new version.
            with transaction.atomic():
                Dokument.objects.filter(pk=dok.pk, status=Status.LAGER).delete()
            return previous
        rendered = _render(source)
        navn = f"{source.filename}-v{dok.versjon}.pdf"
        stored = dok.fil.storage.save(dokument_path(dok, navn), ContentFile(rendered.pdf))
    except (OperationalError, InterfaceError):
        raise  # the database is away: the task retries, and the version stays claimable
    except Exception as exc:  # any other failure must end as a message on the version
        logger.exception("Kunne ikke lage dokument %s", dokument_id)
        return dokument_feilet(dokument_id=dokument_id, melding=_error_message(exc))

    with transaction.atomic():
        dok = Dokument.objects.select_for_update().get(pk=dokument_id)
        if dok.status != Status.LAGER:
            # Someone else finished or failed it meanwhile (a duplicate delivery).
            dok.fil.storage.delete(stored)
            return dok
        dok.fil.name = stored
        dok.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
        dok.innholdshash = source.innholdshash
        dok.innhold = source.innhold
        dok.sider = rendered.sider
        dok.storrelse = len(rendered.pdf)
        dok.status = Status.FERDIG
        dok.feilmelding = ""
        dok.ferdig = timezone.now()
        dok.save()
        # A public version of what is published goes out as soon as it exists (unless it shows
        # something that stopped being public while it was rendered).
        publication.publish_if_allowed(dok)
    logger.info(
        "Laget %s (%d sider, %d byte) på %.2f s",
        stored,
        dok.sider,
        dok.storrelse,
        rendered.seconds,
    )
    return dok


def dokument_publish(*, dokument: Dokument) -> Dokument:
    """Publishes a finished public version by hand (a version that went out and was withdrawn,
    or one finished before the meeting was published). Refused for a version that shows
    something no longer public. A published version never changes: later edits make new
    versions, and the public keeps this one until a newer one is published."""
    if dokument.status != Status.FERDIG:
        raise DokumentError("Bare et ferdig dokument kan publiseres.")
    dokument = publication.publish_if_allowed(dokument)
    if dokument.publisert is None or dokument.trukket is not None:
        raise DokumentError(
            "Versjonen kan ikke publiseres: den viser noe som ikke lenger er offentlig, eller "
            "møtet er ikke publisert."
        )
    return dokument


@transaction.atomic
def offentlige_publish(*, mote: Mote, bruker=None) -> list[Dokument]:
    """Releases the current public documents of what is published (moter.publication): a
    version whose content is unchanged is published now; the others are ordered (rendered in
    the background with Redis, at once on the embedded default) and published when finished."""
    mote = Mote.objects.select_related("organ").get(pk=mote.pk)
    ut = []
    for art, sak_id in publication.offentlige_dokumenter(mote):
        try:
            dok = dokument_order(
                mote=mote, art=art, utgave=Edition.OFFENTLIG, sak_id=sak_id, bruker=bruker
            )
        except DokumentError:
            continue
        if dok.status == Status.FERDIG:
            dok = publication.publish_if_allowed(dok, mote=mote)
        ut.append(dok)
    return ut


def dokumenter_for(mote: Mote) -> list[tuple[str, str]]:
    """The (art, utgave) pairs the background keeps current besides the public documents of
    what is published (``offentlige_publish``): the members' editions, and the public referat
    once it is approved, so it is ready when the secretariat publishes it."""
    pair: list[tuple[str, str]] = []
    if mote.status != Mote.Status.PLANLAGT:
        pair += [(Art.INNKALLING, Edition.MEDLEM), (Art.SAKSDOKUMENTER, Edition.MEDLEM)]
    if mote.status in {Mote.Status.AVHOLDT, Mote.Status.REFERAT_GODKJENT}:
        pair += [(Art.REFERAT, Edition.MEDLEM)]
        if mote.referat_status == Mote.ReferatStatus.GODKJENT and not mote.referat_publisert:
            pair += [(Art.REFERAT, Edition.OFFENTLIG)]
    return pair


def dokumenter_update(*, mote_id: int, only_offentlige: bool = False) -> list[Dokument]:
    """Order the meeting's documents again; unchanged content renders nothing (same hash).
    ``only_offentlige``: only the public documents of what is published."""
    mote = Mote.objects.select_related("organ").filter(pk=mote_id).first()
    if mote is None:
        return []
    bestilt = offentlige_publish(mote=mote)
    if only_offentlige:
        return bestilt
    for art, utgave in dokumenter_for(mote):
        try:
            bestilt.append(dokument_order(mote=mote, art=art, utgave=utgave))
        except DokumentError:
            continue
    return bestilt


def _has_publisert(mote_id: int) -> bool:
    return Mote.objects.filter(
        models.Q(innkalling_publisert__isnull=False) | models.Q(referat_publisert__isnull=False),
        pk=mote_id,
    ).exists()


def _en_gang_per_transaksjon(mote_id: int, function) -> None:
    """Runs ``function`` after commit, once per meeting however many rows the transaction
    saved (a reorder saves every line)."""
    connection = transaction.get_connection()
    for _, planlagt, *_ in connection.run_on_commit:
        if getattr(planlagt, "dokumenter_for_mote", None) == mote_id:
            return
    call = functools.partial(function, mote_id)
    call.dokumenter_for_mote = mote_id  # type: ignore[attr-defined]  # a mark on the partial
    transaction.on_commit(call)


def _update_offentlige(mote_id: int) -> None:
    dokumenter_update(mote_id=mote_id, only_offentlige=True)


UPDATE_WAIT = 10  # seconds: a burst of edits renders once


def schedule_update(mote_id: int) -> None:
    """Documents ready before anyone asks: after a change, re-render the meeting's documents in
    the background, debounced so a burst of edits renders once. Off in the embedded default
    (tasks run in-process there, and would slow every save) — except the public documents of
    what is published, which follow the content everywhere: ordered after commit (rendered in
    the background with a worker, in-process on the embedded default)."""
    from django.core.cache import cache

    if not getattr(settings, "DOKUMENTER_AUTOMATISK", False):
        if _has_publisert(mote_id):
            _en_gang_per_transaksjon(mote_id, _update_offentlige)
        return
    try:
        if not cache.add(f"dokumenter-oppdater:{mote_id}", 1, UPDATE_WAIT):
            return
    except Exception:  # noqa: BLE001 - Redis down: the change is saved; the next one re-renders
        logger.warning("Kunne ikke planlegge oppdatering av dokumentene til møte %s", mote_id)
        return

    def queue() -> None:
        try:
            update_dokumenter.apply_async((mote_id,), countdown=UPDATE_WAIT)
        except Exception:  # noqa: BLE001 - the broker is down: the next change or click retries
            logger.warning("Kunne ikke planlegge oppdatering av dokumentene til møte %s", mote_id)
            with contextlib.suppress(Exception):
                cache.delete(f"dokumenter-oppdater:{mote_id}")

    transaction.on_commit(queue)


# --- Background work: the tasks next to the services they call ----------------------------------
# Thin tasks that load by id and call a service. Time limits are in settings
# (DOKUMENT_RENDER_SOFT_TIME_LIMIT, DOKUMENT_RENDER_TIME_LIMIT).


class _RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # The service records its own failures; what ends here is a database that stayed away
        # through every retry, or a worker stopped by the hard time limit. Say so on the
        # version, if the database lets us.
        dokument_id = kwargs.get("dokument_id", args[0] if args else None)
        if dokument_id is None:
            return
        if isinstance(exc, OperationalError | InterfaceError):
            melding = "Databasen svarte ikke mens PDF-en ble laget. Prøv igjen senere."
        else:
            melding = f"PDF-en kunne ikke lages ({type(exc).__name__}). Prøv igjen senere."
        try:
            dokument_feilet(dokument_id=dokument_id, melding=melding)
        except (OperationalError, InterfaceError):
            logger.exception("Kunne ikke registrere at dokument %s feilet", dokument_id)


@shared_task(
    name="moter.dokumenter.render_dokument",  # registered name, kept (CONTRIBUTING.md)
    base=_RenderTask,
    acks_late=True,  # a worker killed mid-render leaves the message for the next one
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
    soft_time_limit=settings.DOKUMENT_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.DOKUMENT_RENDER_TIME_LIMIT,
    ignore_result=True,  # the page reads the state from the Dokument row
)
def render_dokument(dokument_id: int) -> str | None:
    """Renders one ordered version of a document (``moter.dokumenter.dokument_render``)."""
    dok = dokument_render(dokument_id=dokument_id)
    return dok.status if dok is not None else None


@worker_process_init.connect
def _prepare_renderer(**kwargs) -> None:
    # Stylesheets and fonts are loaded in each worker process when it starts (not in the parent:
    # fontconfig does not survive a fork), so even its first render is a warm one.
    try:
        prepare_renderer()
    except (DokumentError, OSError):
        logger.exception("Kunne ikke laste stilark og fonter for PDF")


@shared_task(
    name="moter.dokumenter.update_dokumenter",  # registered name, kept (CONTRIBUTING.md)
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    max_retries=5,
    ignore_result=True,
)
def update_dokumenter(mote_id: int) -> int:
    """After changes to a meeting: order its documents again (nothing renders if unchanged)."""
    return len(dokumenter_update(mote_id=mote_id))


def dokument_send(dokument_id: int) -> bool:
    """Queues the render of one version. Returns False when the broker (Redis) is down: the row
    stays as it is, and the next ``gjenoppta_dokumenter`` sends it."""
    try:
        render_dokument.delay(dokument_id)
    except QueueError as exc:
        logger.warning(
            "Køen svarer ikke (%s); dokument %s venter til gjenoppta_dokumenter sender det.",
            exc,
            dokument_id,
        )
        return False
    return True
