"""One sak: reading it (members, public), its vedlegg, and the secretariat's form."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
    QueryDict,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from helsefellesskap import limits, pagecache
from helsefellesskap.access import is_sekretariat, organ_manager_required
from helsefellesskap.models import Organ
from moter import access, publication
from moter.access import Tilgang, require_access
from moter.display import referat_visible
from moter.models import Dokument
from moter.versions import sak_page
from moter.views.common import add_form_errors, get_mote, messages_from_error
from saker import services
from saker.forms import SakForm, SaksforbindelseForm
from saker.history import endringslogg
from saker.models import Sak, Saksforbindelse, Vedlegg
from saker.services import forbindelser
from saker.views.common import get_sak


def _sak_access(request: HttpRequest, sak: Sak) -> Tilgang:
    """The edition of the sak this user reads (``moter.access.sak_tilgang``), or 404/403."""
    if sak.mote is None:
        # The sakskø is the secretariat's working list.
        tilgang = access.sak_tilgang(request.user, sak)
        if tilgang == Tilgang.NO:
            raise Http404("Fant ikke saken.")
        return tilgang
    return require_access(request.user, sak.mote)


@pagecache.for_anonymous(sak_page)
def sak_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sak = get_sak(pk)
    tilgang = _sak_access(request, sak)
    skjermet = access.is_sak_screened_in(sak, tilgang)
    vedlegg = [v for v in sak.vedlegg.all() if access.is_vedlegg_shown_in(v, sak, tilgang)]
    return render(
        request,
        "saker/sak.html",
        {
            "sak": sak,
            "mote": sak.mote,
            "skjermet": skjermet,
            "vedlegg": vedlegg,
            "ansvar": [] if skjermet else list(sak.ansvar.select_related("person")),
            "saksframlegg_utgave": access.document_edition(tilgang, None),
            "kan_redigere": tilgang == Tilgang.SEKRETARIAT,
            "historikk": endringslogg(sak) if tilgang == Tilgang.SEKRETARIAT else None,
            "vis_referat": sak.mote is not None and referat_visible(sak.mote, tilgang),
            "oppfolginger": sak.oppfolginger.select_related("ansvarlig"),
            "saksframlegg": _has_saksframlegg(sak, tilgang),
            # The agreement versions this sak's vedtak adopted (avtaler builds on saker and
            # reaches it through the reverse relation; its rule says which versions the reader
            # may see). A link made or removed raises the sak's version (the pages' cache).
            "avtaleversjoner": []
            if skjermet
            else sak.avtaleversjoner.visible_to(request.user).select_related("avtale"),
            # The evaluations and revisions of agreements treated (or started) in this sak.
            "avtaleevalueringer": []
            if skjermet
            else sak.avtaleevalueringer.visible_to(request.user).select_related("avtale"),
            "kan_knytte_avtale": tilgang == Tilgang.SEKRETARIAT and is_sekretariat(request.user),
            # The action plans this sak adopted and the tiltak it was given status reports on
            # (handlingsplan builds on saker: the reverse relations, with its rule for drafts).
            "handlingsplaner": []
            if skjermet
            else sak.handlingsplaner.visible_to(request.user).order_by("aar"),
            "statusrapporter": []
            if skjermet
            else sak.statusrapporter.visible_to(request.user)
            .select_related("tiltak")
            .order_by("tiltak__tittel", "dato"),
        },
    )


def _has_saksframlegg(sak: Sak, tilgang: Tilgang) -> bool:
    """Members may open (and order) the saksframlegg of any numbered sak; the public sees the
    link only when a published PDF is behind it."""
    if sak.mote is None or sak.type != Sak.Type.SAK or not sak.saksnr:
        return False
    if tilgang >= Tilgang.MEDLEM:
        return True
    art = Dokument.Art.SAKSFRAMLEGG
    return publication.publisert_version(mote=sak.mote, art=art, sak_id=sak.pk) is not None


def vedlegg_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    vedlegg = get_object_or_404(Vedlegg.objects.select_related("sak__mote__organ"), pk=pk)
    sak = vedlegg.sak
    tilgang = _sak_access(request, sak)
    if not access.is_vedlegg_shown_in(vedlegg, sak, tilgang):
        raise Http404("Fant ikke vedlegget.")
    if vedlegg.is_link:
        if not limits.is_web_link(vedlegg.url):
            raise Http404("Lenken er ikke en nettadresse.")
        return HttpResponseRedirect(vedlegg.url)
    if not vedlegg.fil:
        raise Http404("Vedlegget har ingen fil.")
    # A stored file is never changed in place (a new upload is a new vedlegg): its row and size
    # are its version. The public's copy is revalidated on every use, so a vedlegg that stops
    # being public is gone from a shared cache at once; a client that has it gets a 304.
    etag = f'"vedlegg-{vedlegg.pk}-{vedlegg.storrelse or 0}"'
    offentlig = tilgang < Tilgang.MEDLEM
    if offentlig and pagecache.same_etag(request, etag):
        ikke_endret = HttpResponseNotModified()
        ikke_endret["ETag"] = etag
        ikke_endret["Cache-Control"] = pagecache.OFFENTLIG_CACHE_CONTROL
        return ikke_endret
    try:
        fil = vedlegg.fil.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Filen finnes ikke lenger.") from exc
    response = FileResponse(
        fil,
        as_attachment=vedlegg.innholdstype != "application/pdf",
        filename=vedlegg.fil.name.rsplit("/", 1)[-1],
        content_type=vedlegg.innholdstype or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if offentlig:
        response["Cache-Control"] = pagecache.OFFENTLIG_CACHE_CONTROL
        response["ETag"] = etag
    else:
        response["Cache-Control"] = "private, no-store"
    return response


_VEDLEGG_FIELDS = {"tittel": "vedlegg_tittel", "fil": "vedlegg_fil", "url": "vedlegg_url"}


def _vedlegg_save(form: SakForm, sak: Sak) -> None:
    d = form.cleaned_data
    if d.get("vedlegg_fil") or d.get("vedlegg_url"):
        try:
            services.vedlegg_add(
                sak=sak,
                tittel=d["vedlegg_tittel"],
                fil=d.get("vedlegg_fil"),
                url=d.get("vedlegg_url") or "",
                offentlig=d.get("vedlegg_offentlig", False),
                filsjekk=getattr(form, "filsjekk", None),
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            # The vedlegg's «tittel» is the form's «vedlegg_tittel», not the sak's title.
            raise ValidationError(
                {_VEDLEGG_FIELDS.get(felt, felt): feil for felt, feil in exc.error_dict.items()}
            ) from exc


@organ_manager_required
def sak_new(request: HttpRequest, pk: int | None = None, slug: str | None = None) -> HttpResponse:
    """A new sak on a meeting's agenda (pk) or in a body's sakskø (slug)."""
    mote = get_mote(pk) if pk else None
    organ = mote.organ if mote else get_object_or_404(Organ, slug__iexact=slug)
    access.require_manage_organ(request.user, organ)
    if request.method == "POST":
        form = SakForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    sak = services.sak_create(
                        organ=organ, mote=mote, ansvar=form.ansvar_list(), **form.sakfelter()
                    )
                    _vedlegg_save(form, sak)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Saken «{sak.tittel}» er lagret.")
                return redirect("saksliste", pk=mote.pk) if mote else redirect("sekretariat")
    else:
        form = SakForm(initial={"vedlegg_offentlig": True})
    return render(
        request, "saker/sak_skjema.html", {"form": form, "mote": mote, "organ": organ, "sak": None}
    )


@organ_manager_required
def sak_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sak = get_sak(pk)
    access.require_manage_organ(request.user, sak.organ)
    if request.method == "POST":
        form = SakForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    sak = services.sak_update(
                        sak=sak,
                        ansvar=form.ansvar_list(),
                        sist_sett=form.cleaned_data.get("sist_sett"),
                        **form.sakfelter(),
                    )
                    _vedlegg_save(form, sak)
            except services.SakChangedByOther as exc:
                form.add_error(None, exc)
                # The next save is a deliberate overwrite of the newer version.
                data = cast(QueryDict, form.data).copy()  # bound to request.POST
                data["sist_sett"] = exc.endret.isoformat()
                form.data = data
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Saken «{sak.tittel}» er lagret.")
                if "lagre_og_bli" in request.POST:
                    return redirect("sak-rediger", pk=sak.pk)
                return redirect("saksliste", pk=sak.mote_id) if sak.mote_id else redirect(sak)
    else:
        form = SakForm(initial=SakForm.initial_from(sak))
    return render(
        request,
        "saker/sak_skjema.html",
        {
            "form": form,
            "mote": sak.mote,
            "organ": sak.organ,
            "sak": sak,
            "vedlegg": sak.vedlegg.all(),
        },
    )


@organ_manager_required
@require_POST
def vedlegg_delete(request: HttpRequest, pk: int) -> HttpResponse:
    vedlegg = get_object_or_404(Vedlegg.objects.select_related("sak__organ"), pk=pk)
    sak = vedlegg.sak
    access.require_manage_organ(request.user, sak.organ)
    try:
        services.vedlegg_delete(vedlegg=vedlegg)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, f"Vedlegget «{vedlegg.tittel}» er fjernet.")
    return redirect("sak-rediger", pk=sak.pk)


# --- A case's path --------------------------------------------------------------------------


def _gang_page(request: HttpRequest, sak: Sak, form=None, status: int = 200) -> HttpResponse:
    kan_koble = access.can_manage_sak(request.user, sak)
    return render(
        request,
        "saker/sak_gang.html",
        {
            "sak": sak,
            "skjermet": access.is_sak_screened_in(sak, access.sak_tilgang(request.user, sak)),
            "gang": forbindelser.sakens_gang(sak, request.user),
            "kan_koble": kan_koble,
            "form": form
            or (SaksforbindelseForm(initial={"organ": sak.organ_id}) if kan_koble else None),
            "forslag": forbindelser.suggestions(sak, request.user) if kan_koble else [],
        },
        status=status,
    )


def sak_gang(request: HttpRequest, pk: int) -> HttpResponse:
    """«Sakens gang»: the saker one matter went through, across bodies and years, as this
    reader may see them (not cached: a change to any sak on the path shows at once)."""
    sak = get_sak(pk)
    _sak_access(request, sak)
    return _gang_page(request, sak)


@organ_manager_required
@require_POST
def sak_forbindelse_add(request: HttpRequest, pk: int) -> HttpResponse:
    sak = get_sak(pk)
    _sak_access(request, sak)
    if not access.can_manage_sak(request.user, sak):
        raise PermissionDenied(f"Bare sekretariatet for {sak.organ.kortnavn} kan koble saken.")
    form = SaksforbindelseForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        annen = forbindelser.sak_find(organ=d["organ"], saksnr=d["saksnr"])
        if annen is None or not access.can_view_sak(request.user, annen):
            form.add_error("saksnr", f"Fant ingen sak {d['saksnr']} i {d['organ'].kortnavn}.")
        else:
            try:
                forbindelser.saksforbindelse_add(
                    sak=sak, annen=annen, retning=d["retning"], merknad=d["merknad"]
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Saken er koblet til sak {annen.saksnr}.")
                return redirect("sak-gang", pk=sak.pk)
    return _gang_page(request, sak, form, status=400)


@organ_manager_required
@require_POST
def sak_forbindelse_delete(request: HttpRequest, pk: int, fpk: int) -> HttpResponse:
    sak = get_sak(pk)
    _sak_access(request, sak)
    if not access.can_manage_sak(request.user, sak):
        raise PermissionDenied(f"Bare sekretariatet for {sak.organ.kortnavn} kan endre koblingene.")
    forbindelse = get_object_or_404(Saksforbindelse.objects.filter(Q(fra=sak) | Q(til=sak)), pk=fpk)
    forbindelser.saksforbindelse_remove(forbindelse=forbindelse)
    messages.success(request, "Koblingen er fjernet.")
    return redirect("sak-gang", pk=sak.pk)
