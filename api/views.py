"""The open-data API under ``/api/`` (django-ninja: the OpenAPI description at
``/api/openapi.json`` is generated from these functions and ``api.schemas``). Read-only, public
material only (``api.public``), the same for every reader; each answer limited per client and
with an ETag (``api.http``)."""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Query
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from helsefellesskap.models import Nettsted
from moter import access
from moter.models import Dokument

from . import public, schemas
from .http import error_response, json_response, public_api


class Utf8JSONRenderer(JSONRenderer):
    """Norwegian letters as themselves (ø, not \\u00f8), as the export and the errors write
    them: readable in a terminal, and a check for a word finds it in the bytes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="Møteportalen – åpne data",
    version="1",
    description=(
        "Offentlige, publiserte møter, saker og dokumenter, etter objekttypene i OParl 1.1. "
        "Bare det allmennheten kan lese på sidene; innlogging gir ikke mer her. "
        "Se docs/api.md."
    ),
    urls_namespace="api-1",
    docs_url=None,  # Swagger UI loads scripts the CSP does not allow; the JSON is the description
    docs_decorator=public_api,
)

EXPORT_RETRY_AFTER = 2  # seconds: the secretariat's save that got in the way is over by then
PAGE_MAX = 100_000
LIMIT_MAX = 200
LIMIT_DEFAULT = 50

_FIELD_NAMES = {
    "page": "page (sidenummer)",
    "limit": "limit (antall per side)",
    "organ": "organ",
    "year": "year (år)",
}
YEAR_MIN, YEAR_MAX = 1900, 2999


def _url(request: HttpRequest):
    return request.build_absolute_uri


@api.exception_handler(ValidationError)
def _bad_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    felt = sorted({str(e.get("loc", ["", "?"])[-1]) for e in exc.errors})
    navn = ", ".join(_FIELD_NAMES.get(f, f) for f in felt)
    return error_response(
        400,
        f"Ugyldig verdi for {navn}. page må være et heltall fra 1 til {PAGE_MAX}, limit fra 1 "
        f"til {LIMIT_MAX}, organ et organs id, year et årstall fra {YEAR_MIN} til {YEAR_MAX}.",
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, str(exc) or "Fant ikke objektet.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(exc.status_code, str(exc))


def _page(request: HttpRequest, qs: QuerySet, page: int, limit: int, item: Any) -> dict[str, Any]:
    """One page of ``qs`` in OParl's list form: ``data``, ``pagination``, ``links``."""
    total = qs.count()
    pages = max(1, math.ceil(total / limit))
    if page > pages:
        raise Http404(f"Siden finnes ikke: listen har {pages} side(r).")
    rows = qs[(page - 1) * limit : page * limit]
    params = request.GET.copy()

    def link(n: int) -> str:
        params["page"] = str(n)
        params["limit"] = str(limit)
        return request.build_absolute_uri(request.path + "?" + params.urlencode())

    url = _url(request)
    return {
        "data": [item(r, url) for r in rows],
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": {
            "first": link(1),
            "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < pages else None,
            "last": link(pages),
        },
    }


PageParam = Query(1, ge=1, le=PAGE_MAX, description="Sidenummer, fra 1.")
LimitParam = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Antall per side.")
OrganParam = Query(None, ge=1, le=2**31 - 1, description="Bare dette organets (organets id).")
YearParam = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="Bare møter i dette året.")
NOT_FOUND = {404: schemas.Feil}
LIST_ERRORS = {400: schemas.Feil, 404: schemas.Feil, 429: schemas.Feil}


@api.get("/", response={200: schemas.System, 429: schemas.Feil}, url_name="api-root")
@decorate_view(public_api)
def system(request: HttpRequest) -> dict[str, Any]:
    """OParl System: the portal and the addresses of its lists."""
    url = _url(request)
    nettsted = Nettsted.objects.first()
    return {
        "id": url(reverse("api-1:api-root")),
        "name": nettsted.navn if nettsted else "Møteportalen",
        "website": url("/"),
        "body": url(reverse("api-1:api-body")),
        "organization": url(reverse("api-1:api-organer")),
        "person": url(reverse("api-1:api-personer")),
        "meeting": url(reverse("api-1:api-moter")),
        "paper": url(reverse("api-1:api-saker")),
        "openapi": url(reverse("api-1:openapi-json")),
        "documentation": "https://schema.oparl.org/1.1/",
    }


@api.get("/body/", response={200: schemas.Body, 429: schemas.Feil}, url_name="api-body")
@decorate_view(public_api)
def body(request: HttpRequest) -> dict[str, Any]:
    """OParl Body: the helsefellesskap itself, with the addresses of its lists."""
    return public.body_data(_url(request))


@api.get("/organer/", response={200: schemas.OrganListe, **LIST_ERRORS}, url_name="api-organer")
@decorate_view(public_api)
def organ_list(request: HttpRequest, page: int = PageParam, limit: int = LimitParam):
    """The public bodies (OParl Organization), each with its members (Membership)."""
    qs = public.organer().order_by("rekkefolge", "navn", "pk")
    return _page(request, qs, page, limit, public.organ_data)


@api.get(
    "/organer/{int:id}/",
    response={200: schemas.Organ, **NOT_FOUND, 429: schemas.Feil},
    url_name="api-organ",
)
@decorate_view(public_api)
def organ_detail(request: HttpRequest, id: int):
    organ = public.organer().filter(pk=id).first()
    if organ is None:
        raise Http404("Fant ikke organet.")
    return public.organ_data(organ, _url(request))


@api.get("/moter/", response={200: schemas.MoteListe, **LIST_ERRORS}, url_name="api-moter")
@decorate_view(public_api)
def mote_list(
    request: HttpRequest,
    page: int = PageParam,
    limit: int = LimitParam,
    organ: int | None = OrganParam,
):
    """The meetings the public may open (OParl Meeting), newest first."""
    qs = public.moter()
    if organ is not None:
        qs = qs.filter(organ_id=organ)
    return _page(request, qs, page, limit, public.mote_kort)


def _mote(id: int):
    mote = public.moter().filter(pk=id).first()
    if mote is None:
        raise Http404("Fant ikke møtet.")
    return mote


@api.get(
    "/moter/{int:id}/",
    response={200: schemas.Mote, **NOT_FOUND, 429: schemas.Feil},
    url_name="api-mote",
)
@decorate_view(public_api)
def mote_detail(request: HttpRequest, id: int):
    """A meeting with its public agenda and its published public documents."""
    return public.mote_data(_mote(id), _url(request))


@api.get(
    "/moter/{int:id}/mote.json",
    response={200: schemas.Export, **NOT_FOUND, 429: schemas.Feil, 503: schemas.Feil},
    url_name="api-mote-json",
)
@decorate_view(public_api)
def mote_export(request: HttpRequest, id: int):
    """The meeting in the ``mote/1`` format, public edition (see docs/api.md)."""
    try:
        data = public.public_export(_mote(id), _url(request))
    except public.ExportChanged:
        return error_response(
            503,
            "Sakslisten ble endret mens eksporten ble laget. Prøv igjen om litt.",
            **{"Retry-After": str(EXPORT_RETRY_AFTER)},
        )
    if data is None:
        raise Http404("Fant ikke møtet.")
    return json_response(data)


@api.get("/personer/", response={200: schemas.PersonListe, **LIST_ERRORS}, url_name="api-personer")
@decorate_view(public_api)
def person_list(
    request: HttpRequest,
    page: int = PageParam,
    limit: int = LimitParam,
    organ: int | None = OrganParam,
):
    """The members of the public bodies (OParl Person), by name: what the bodies' pages show
    (name, stilling, verv, the partner they represent), never e-mail or phone."""
    return _page(request, public.personer(organ=organ), page, limit, public.person_data)


@api.get(
    "/personer/{int:id}/",
    response={200: schemas.Person, **NOT_FOUND, 429: schemas.Feil},
    url_name="api-person",
)
@decorate_view(public_api)
def person_detail(request: HttpRequest, id: int):
    """A member of a public body (OParl Person) with their verv in public bodies."""
    person = public.personer().filter(pk=id).first()
    if person is None:
        raise Http404("Fant ikke personen.")
    return public.person_data(person, _url(request))


@api.get("/saker/", response={200: schemas.PaperListe, **LIST_ERRORS}, url_name="api-saker")
@decorate_view(public_api)
def sak_list(
    request: HttpRequest,
    page: int = PageParam,
    limit: int = LimitParam,
    organ: int | None = OrganParam,
    year: int | None = YearParam,
):
    """The numbered saker of the meetings the public may open (OParl Paper), newest meeting
    first and in agenda order; an exempt sak by its number and screened title."""
    qs = public.papers()
    if organ is not None:
        qs = qs.filter(mote__organ_id=organ)
    if year is not None:
        qs = qs.filter(mote__start__year=year)
    return _page(request, qs, page, limit, public.paper_kort)


@api.get(
    "/saker/{int:id}/",
    response={200: schemas.Paper, **NOT_FOUND, 429: schemas.Feil},
    url_name="api-sak",
)
@decorate_view(public_api)
def sak_detail(request: HttpRequest, id: int):
    """A sak of a public meeting (OParl Paper) with the fields of its line on the agenda
    (AgendaItem), its published saksframlegg (mainFile) and its path across bodies
    (consultation)."""
    sak = public.saker().filter(pk=id).first()
    data = public.sak_data(sak, _url(request)) if sak is not None else None
    if data is None:
        raise Http404("Fant ikke saken.")
    return data


@api.get(
    "/filer/vedlegg/{int:id}/",
    response={200: schemas.Fil, **NOT_FOUND, 429: schemas.Feil},
    url_name="api-fil-vedlegg",
)
@decorate_view(public_api)
def vedlegg_detail(request: HttpRequest, id: int):
    """A public vedlegg (OParl File): a file in the portal, or a link to another site."""
    vedlegg = public.vedlegg().filter(pk=id).first()
    if vedlegg is None or not access.can_download_vedlegg(public.ANONYM, vedlegg):
        raise Http404("Fant ikke vedlegget.")
    return public.vedlegg_fil(vedlegg, _url(request))


@api.get(
    "/filer/moter/{int:id}/{art}/",
    response={200: schemas.Fil, **NOT_FOUND, 429: schemas.Feil},
    url_name="api-fil-dokument",
)
@decorate_view(public_api)
def dokument_detail(request: HttpRequest, id: int, art: str):
    """A meeting's published public PDF (OParl File): «innkalling», «referat» or
    «saksdokumenter»."""
    if art not in public.DOKUMENT_ARTER:
        raise Http404("Ukjent dokument: innkalling, referat eller saksdokumenter.")
    fil = public.dokument_fil(_mote(id), art, None, _url(request))
    if fil is None:
        raise Http404("Dokumentet er ikke publisert.")
    return fil


@api.get(
    "/filer/saksframlegg/{int:id}/",
    response={200: schemas.Fil, **NOT_FOUND, 429: schemas.Feil},
    url_name="api-fil-saksframlegg",
)
@decorate_view(public_api)
def saksframlegg_detail(request: HttpRequest, id: int):
    """The published public saksframlegg of a sak (OParl File); an exempt sak has none."""
    sak = public.saker().filter(pk=id).first()
    fil = None
    if sak is not None and not access.is_sak_screened_in(sak, access.Tilgang.PUBLIKUM):
        assert sak.mote is not None  # saker() holds saker of visible meetings only
        fil = public.dokument_fil(sak.mote, Dokument.Art.SAKSFRAMLEGG, sak, _url(request))
    if fil is None:
        raise Http404("Saksframlegget er ikke publisert.")
    return fil


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/: 404 as JSON."""
    return error_response(404, "Ukjent adresse i API-et. Se /api/ for listene.")
