"""Pages for meetings with their agenda: reading (members, public) and the secretariat's editor.

Thin views: parse input, check access, call a service, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from helsefellesskap import grenser, hurtigbuffer
from helsefellesskap.access import er_sekretariat, sekretariat_pakrevd
from helsefellesskap.models import Nettsted, Organ
from moter import publisering
from moter import services as mote_services
from moter.access import Tilgang, krev_tilgang, offentlig_synlig
from moter.forms import MoteForm, MoteplanForm
from moter.models import Dokument, Mote
from moter.views_dokumenter import dokumentliste
from moter.visning import oppmoteliste, referat_synlig, saksliste

from . import services
from .exchange import ImportFeil, importer, les_json
from .forms import (
    AvlysForm,
    ForfallForm,
    ImportForm,
    KommentarForm,
    LinjeForm,
    OrganFilter,
    SakForm,
)
from .history import endringslogg, mote_endringslogg
from .models import Sak, Vedlegg


def _hx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _get_mote(pk: int) -> Mote:
    return get_object_or_404(
        Mote.objects.select_related("organ", "moteleder", "referent", "forfall_meldes_til"), pk=pk
    )


def _mote_rad(pk: int) -> Mote:
    """The meeting with its body, through the pages cache (a copy per request): for pages whose
    heavy parts are cached fragments that read the meeting again themselves."""
    mote = hurtigbuffer.rad(
        ("mote", pk), lambda: Mote.objects.select_related("organ").filter(pk=pk).first()
    )
    if mote is None:
        raise Http404("Fant ikke møtet.")
    return mote


def _get_sak(pk: int) -> Sak:
    return get_object_or_404(Sak.objects.select_related("mote", "organ", "saksbehandler"), pk=pk)


def _id(verdi: str | None) -> int | None:
    """An id posted by a select list; anything else (a tampered or stale form) is None."""
    try:
        return int(verdi or "")
    except ValueError:
        return None


def _skjemafeil(form, exc: ValidationError) -> None:
    """Put a service's error at the form field it names; what names no field of the form goes
    at the top (form.add_error would fail on an unknown field)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for felt, feil in exc.error_dict.items():
        form.add_error(felt if felt in form.fields else None, feil)


# --- Reading ---------------------------------------------------------------------------------


def _mote_innhold(mote: Mote, tilgang: Tilgang, vis_referat: bool, liste=None) -> dict:
    """The referat, the innkalling and the documents as the meeting page shows them: the same
    for everybody with the same access, so cached for all but the secretariat (who sees drafts
    change and orders PDFs)."""

    def lag() -> dict:
        # What is cached is read after the cache's generation: the meeting too.
        m = _get_mote(mote.pk)
        lest = liste if liste is not None else saksliste(m, tilgang=tilgang)
        context = {
            "mote": m,
            "liste": lest,
            "oppmote": oppmoteliste(m) if vis_referat else None,
            "nettsted": Nettsted.hent(),
            "lenker": True,
        }
        vis_innkalling = tilgang >= Tilgang.MEDLEM or m.innkalling_publisert
        return {
            "dokumenter": dokumentliste(m, tilgang, lest),
            "referat": render_to_string("saker/partials/mote_referat.html", context)
            if vis_referat
            else "",
            "innkalling": render_to_string("saker/partials/mote_innkalling.html", context)
            if vis_innkalling
            else "",
        }

    if tilgang >= Tilgang.SEKRETARIAT:
        return lag()
    return hurtigbuffer.fragment(("mote", mote.pk, int(tilgang), vis_referat), lag)


@hurtigbuffer.for_anonyme
def mote_detalj(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the body here, through the cache: what shows the meeting's people is rendered (and
    # cached) by _mote_innhold, which reads the meeting again with them.
    mote = _mote_rad(pk)
    tilgang = krev_tilgang(request.user, mote)
    liste = saksliste(mote, tilgang=tilgang) if tilgang >= Tilgang.SEKRETARIAT else None
    vis_referat = referat_synlig(mote, tilgang)
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    kan_melde_forfall = (
        tilgang >= Tilgang.MEDLEM
        and person is not None
        and mote.status in {Mote.Status.PLANLAGT, Mote.Status.INNKALT}
    )
    mitt_forfall = (
        mote.deltakere.filter(person=person, oppmote="forfall").first()
        if kan_melde_forfall
        else None
    )
    return render(
        request,
        "saker/mote.html",
        {
            "mote": mote,
            "liste": liste,
            "innhold": _mote_innhold(mote, tilgang, vis_referat, liste),
            "tilgang": tilgang,
            "kan_redigere": tilgang == Tilgang.SEKRETARIAT,
            "vis_referat": vis_referat,
            "kommentarform": KommentarForm(mote=mote)
            if tilgang == Tilgang.MEDLEM and mote.referat_status == Mote.ReferatStatus.TIL_KOMMENTAR
            else None,
            "kan_melde_forfall": kan_melde_forfall,
            "mitt_forfall": mitt_forfall,
            "forfallform": ForfallForm(),
        },
    )


def _sak_tilgang(request: HttpRequest, sak: Sak) -> Tilgang:
    if sak.mote is None:
        # The sakskø is the secretariat's working list.
        if er_sekretariat(request.user):
            return Tilgang.SEKRETARIAT
        raise Http404("Fant ikke saken.")
    return krev_tilgang(request.user, sak.mote)


@hurtigbuffer.for_anonyme
def sak_detalj(request: HttpRequest, pk: int) -> HttpResponse:
    sak = _get_sak(pk)
    tilgang = _sak_tilgang(request, sak)
    skjermet = tilgang < Tilgang.MEDLEM and sak.unntatt_offentlighet
    vedlegg = [
        v for v in sak.vedlegg.all() if not skjermet and (v.offentlig or tilgang >= Tilgang.MEDLEM)
    ]
    return render(
        request,
        "saker/sak.html",
        {
            "sak": sak,
            "mote": sak.mote,
            "skjermet": skjermet,
            "vedlegg": vedlegg,
            "ansvar": [] if skjermet else list(sak.ansvar.select_related("person")),
            "tilgang": tilgang,
            "kan_redigere": tilgang == Tilgang.SEKRETARIAT,
            "historikk": endringslogg(sak) if tilgang == Tilgang.SEKRETARIAT else None,
            "vis_referat": sak.mote is not None and referat_synlig(sak.mote, tilgang),
            "oppfolginger": sak.oppfolginger.select_related("ansvarlig"),
            "saksframlegg": _har_saksframlegg(sak, tilgang),
        },
    )


def _har_saksframlegg(sak: Sak, tilgang: Tilgang) -> bool:
    """Members may open (and order) the saksframlegg of any numbered sak; the public sees the
    link only when a published PDF is behind it."""
    if sak.mote is None or sak.type != Sak.Type.SAK or not sak.saksnr:
        return False
    if tilgang >= Tilgang.MEDLEM:
        return True
    art = Dokument.Art.SAKSFRAMLEGG
    return publisering.publisert_versjon(mote=sak.mote, art=art, sak_id=sak.pk) is not None


def vedlegg_last_ned(request: HttpRequest, pk: int) -> HttpResponse:
    vedlegg = get_object_or_404(Vedlegg.objects.select_related("sak__mote__organ"), pk=pk)
    sak = vedlegg.sak
    tilgang = _sak_tilgang(request, sak)
    if tilgang < Tilgang.MEDLEM and (not vedlegg.offentlig or sak.unntatt_offentlighet):
        raise Http404("Fant ikke vedlegget.")
    if vedlegg.er_lenke:
        if not grenser.er_nettlenke(vedlegg.url):
            raise Http404("Lenken er ikke en nettadresse.")
        return HttpResponseRedirect(vedlegg.url)
    if not vedlegg.fil:
        raise Http404("Vedlegget har ingen fil.")
    try:
        fil = vedlegg.fil.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Filen finnes ikke lenger.") from exc
    svar = FileResponse(
        fil,
        as_attachment=vedlegg.innholdstype != "application/pdf",
        filename=vedlegg.fil.name.rsplit("/", 1)[-1],
        content_type=vedlegg.innholdstype or "application/octet-stream",
    )
    svar["X-Content-Type-Options"] = "nosniff"
    svar["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if tilgang < Tilgang.MEDLEM:
        svar["Cache-Control"] = "public, max-age=300"
    else:
        svar["Cache-Control"] = "private, no-store"
    return svar


# --- The secretariat's start page ---------------------------------------------------------------


@sekretariat_pakrevd
def sekretariat(request: HttpRequest) -> HttpResponse:
    if request.GET.get("organ"):
        # «Ny sak i køen» works without JavaScript: the chosen body comes as a parameter.
        organ = OrganFilter(request.GET).gyldige().get("organ")
        if organ is None:
            raise Http404("Fant ikke organet.")
        return redirect("sak-ny-ko", slug=organ.slug)
    na = timezone.now()
    kommende = (
        Mote.objects.filter(start__gte=na - timezone.timedelta(days=1))
        .exclude(status=Mote.Status.AVLYST)
        .select_related("organ")
        .annotate(antall_saker=Count("saker", filter=Q(saker__type=Sak.Type.SAK)))
        .order_by("start")[:20]
    )
    utkast = (
        Mote.objects.filter(status=Mote.Status.PLANLAGT)
        .select_related("organ")
        .order_by("start")[:20]
    )
    ko = (
        Sak.objects.i_ko()
        .select_related("organ")
        .order_by("organ__rekkefolge", "organ__navn", "opprettet")
    )
    return render(
        request,
        "saker/sekretariat.html",
        {
            "kommende": kommende,
            "utkast": utkast,
            "ko": ko,
            "organer": Organ.objects.aktive(),
            "now": na,
        },
    )


# --- Meetings ---------------------------------------------------------------------------------


@sekretariat_pakrevd
def mote_ny(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = MoteForm(request.POST)
        if form.is_valid():
            try:
                mote = services.mote_opprett(organ=form.cleaned_data["organ"], **form.felter())
            except ValidationError as exc:
                _skjemafeil(form, exc)
            else:
                messages.success(
                    request, "Møtet er opprettet med standardsakene. Legg til sakene nedenfor."
                )
                for annet in mote_services.overlappende_moter(
                    organ=mote.organ, start=mote.start, slutt=mote.slutt, unntatt=mote
                ):
                    messages.warning(
                        request,
                        f"{annet.organ.kortnavn} har et annet møte som overlapper: {annet}. "
                        "Kontroller datoen.",
                    )
                return redirect("saksliste", pk=mote.pk)
    else:
        organ = OrganFilter(request.GET).gyldige().get("organ")
        form = MoteForm(initial={"organ": organ, "offentlig": True})
    return render(request, "saker/mote_skjema.html", {"form": form, "mote": None})


@sekretariat_pakrevd
def mote_rediger(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    if request.method == "POST":
        form = MoteForm(request.POST, mote=mote)
        if form.is_valid():
            felter = form.felter()
            try:
                with transaction.atomic():
                    start, slutt = felter.pop("start"), felter.pop("slutt")
                    if start != mote.start or slutt != mote.slutt:
                        mote = services.mote_flytt(mote=mote, start=start, slutt=slutt)
                    mote_services.mote_update(mote=mote, **felter)
            except ValidationError as exc:
                _skjemafeil(form, exc)
            else:
                messages.success(request, "Møtet er lagret.")
                return redirect(mote)
    else:
        form = MoteForm(mote=mote)
    return render(request, "saker/mote_skjema.html", {"form": form, "mote": mote})


@sekretariat_pakrevd
def moteplan(request: HttpRequest, slug: str) -> HttpResponse:
    organ = get_object_or_404(Organ, slug__iexact=slug)
    if request.method == "POST":
        form = MoteplanForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                datoer = mote_services.tolk_moteplan(d["datoer"], aar=d["aar"])
                moter = services.moteplan_opprett(
                    organ=organ,
                    datoer=datoer,
                    starttid=d["starttid"],
                    sluttid=d["sluttid"],
                    sted=d["sted"],
                )
            except ValidationError as exc:
                for felt, feil in exc.message_dict.items():
                    form.add_error(felt if felt in form.fields else None, feil)
            else:
                messages.success(request, f"{len(moter)} møter er lagt inn for {organ.kortnavn}.")
                return redirect(organ)
    else:
        form = MoteplanForm(initial={"aar": timezone.localdate().year + 1})
    return render(request, "saker/moteplan.html", {"form": form, "organ": organ})


def _meld_utsending(request: HttpRequest, utsending: services.Utsending) -> None:
    """The truth about the e-mails on the page: how many went, who has no address, and each
    failure with its reason."""
    antall = len(utsending.sendt)
    alle = antall + len(utsending.feilet) + len(utsending.uten_epost)
    melding = (
        f"Innkallingen er sendt. Saksnumrene ligger nå fast. "
        f"E-post ble sendt til {antall} av {alle} {'medlem' if alle == 1 else 'medlemmer'}."
    )
    if antall == alle:
        messages.success(request, melding)
    else:
        messages.warning(request, melding)
    for navn, grunn in utsending.feilet:
        messages.error(request, f"E-posten til {navn} ble ikke sendt: {grunn}.")
    if utsending.uten_epost:
        messages.warning(
            request,
            "Fikk ikke e-post fordi e-postadressen mangler: "
            + ", ".join(utsending.uten_epost)
            + ".",
        )


@sekretariat_pakrevd
def innkalling_send(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    if request.method == "POST":
        try:
            services.innkalling_send(mote=mote, varsle=False)
        except ValidationError as exc:
            for melding in exc.messages:
                messages.error(request, melding)
        else:
            # After the commit: the meeting is innkalt whatever the mail server says.
            _meld_utsending(request, services.innkalling_varsle(mote=mote))
            return redirect(mote)
    return render(
        request,
        "saker/send.html",
        {
            "mote": mote,
            "mangler": services.mangler_for_innkalling(mote)
            if mote.status == Mote.Status.PLANLAGT
            else [],
            "liste": saksliste(mote, tilgang=Tilgang.SEKRETARIAT),
        },
    )


@sekretariat_pakrevd
def innkalling_publiser(request: HttpRequest, pk: int) -> HttpResponse:
    """The publication check: exactly what the public will get, then publish."""
    mote = _get_mote(pk)
    if request.method == "POST":
        try:
            if request.POST.get("handling") == "avpubliser":
                mote_services.mote_avpubliser_innkalling(mote=mote)
                messages.success(request, "Innkallingen er ikke lenger publisert.")
            else:
                mote_services.mote_publiser_innkalling(mote=mote, bruker=request.user)
                messages.success(request, "Innkallingen er publisert.")
        except ValidationError as exc:
            for melding in exc.messages:
                messages.error(request, melding)
        return redirect("publiser", pk=mote.pk)
    offentlig = saksliste(mote, tilgang=Tilgang.PUBLIKUM)
    return render(
        request,
        "saker/publiser.html",
        {
            "mote": mote,
            "liste": offentlig,
            "skjermet": [p for p in offentlig.punkter if p.skjermet],
            "skjulte_vedlegg": [
                (p, v)
                for p in saksliste(mote, tilgang=Tilgang.SEKRETARIAT).punkter
                for v in p.vedlegg
                if not v.offentlig or p.sak.unntatt_offentlighet
            ],
            "organ_offentlig": mote.organ.offentlig,
            "synlig": offentlig_synlig(mote),
            "dokumenter": publisering.offentlige_status(mote, innkalling=True, referat=False),
        },
    )


@sekretariat_pakrevd
def mote_avlys(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a meeting: a confirmation page asking for the reason (GET), the cancelling (POST)."""
    mote = _get_mote(pk)
    if request.method == "POST":
        form = AvlysForm(request.POST)
        if form.is_valid():
            try:
                mote_services.mote_avlys(mote=mote, begrunnelse=form.cleaned_data["begrunnelse"])
            except ValidationError as exc:
                _skjemafeil(form, exc)
            else:
                messages.success(request, "Møtet er avlyst.")
                return redirect(mote)
    else:
        form = AvlysForm()
    return render(
        request,
        "saker/mote_avlys.html",
        {"mote": mote, "form": form, "kan_avlyses": mote.status in {"planlagt", "innkalt"}},
        status=400 if form.errors else 200,
    )


@sekretariat_pakrevd
@require_POST
def mote_gjenopprett(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a cancellation while nothing was sent."""
    mote = _get_mote(pk)
    try:
        mote_services.mote_gjenopprett(mote=mote)
    except ValidationError as exc:
        for melding in exc.messages:
            messages.error(request, melding)
    else:
        messages.success(request, "Møtet er gjenopprettet og er planlagt igjen.")
    return redirect(mote)


# --- The agenda editor --------------------------------------------------------------------------


def _editor_kontekst(mote: Mote, **ekstra) -> dict:
    tidligere = (
        Sak.objects.saker()
        .filter(organ=mote.organ, mote__start__lt=mote.start)
        .exclude(mote=mote)
        .select_related("mote")
        .order_by("-mote__start", "rekkefolge")[:50]
    )
    andre_moter = (
        Mote.objects.filter(organ=mote.organ, status=Mote.Status.PLANLAGT)
        .exclude(pk=mote.pk)
        .order_by("start")
    )
    return {
        "mote": mote,
        "liste": saksliste(mote, tilgang=Tilgang.SEKRETARIAT),
        "linjeform": ekstra.pop("linjeform", None) or LinjeForm(),
        "ko": Sak.objects.i_ko().filter(organ=mote.organ).order_by("opprettet"),
        "tidligere": tidligere,
        "andre_moter": andre_moter,
        "redigerbar": mote.status not in {Mote.Status.REFERAT_GODKJENT, Mote.Status.AVLYST},
        **ekstra,
    }


def _editor_html(request: HttpRequest, mote: Mote) -> str:
    """The agenda editor as it stands (no form errors): cached until the data change."""
    return hurtigbuffer.fragment_med_skjema(
        request,
        ("saksliste", mote.pk),
        "saker/partials/saksliste.html",
        lambda: _editor_kontekst(_get_mote(mote.pk)),  # read after the cache's generation
    )


def _editor_svar(request: HttpRequest, mote: Mote, **ekstra) -> HttpResponse:
    mote.refresh_from_db()
    if _hx(request):
        if ekstra:
            return render(
                request, "saker/partials/saksliste.html", _editor_kontekst(mote, **ekstra)
            )
        return HttpResponse(_editor_html(request, mote))
    return redirect("saksliste", pk=mote.pk)


@sekretariat_pakrevd
def saksliste_rediger(request: HttpRequest, pk: int) -> HttpResponse:
    # Reading: the meeting through the cache, the editor a cached fragment that reads it again.
    mote = _get_mote(pk) if request.method == "POST" else _mote_rad(pk)
    if request.method == "POST":
        form = LinjeForm(request.POST)
        feil: list[str] = []
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.sak_create(
                    organ=mote.organ,
                    mote=mote,
                    tittel=d["tittel"],
                    type=d["type"],
                    sakstyper=[d["sakstype"]] if d["sakstype"] and d["type"] == "sak" else [],
                )
            except ValidationError as exc:
                feil = exc.messages
            else:
                if not _hx(request):
                    messages.success(request, f"«{d['tittel']}» er lagt til.")
                return _editor_svar(request, mote)
        kontekst = _editor_kontekst(mote, linjeform=form, feil=feil)
        if _hx(request):
            return render(request, "saker/partials/saksliste.html", kontekst)
        editor = render_to_string("saker/partials/saksliste.html", kontekst, request)
        return render(request, "saker/saksliste.html", {"mote": mote, "editor": editor})
    return render(
        request, "saker/saksliste.html", {"mote": mote, "editor": _editor_html(request, mote)}
    )


def _utfor(request: HttpRequest, mote: Mote, handling) -> HttpResponse:
    """Run an agenda change; a rule it breaks becomes a message, never a 500."""
    try:
        handling()
    except ValidationError as exc:
        if _hx(request):
            return _editor_svar(request, mote, feil=exc.messages)
        for melding in exc.messages:
            messages.error(request, melding)
    return _editor_svar(request, mote)


@sekretariat_pakrevd
@require_POST
def sak_flytt(request: HttpRequest, pk: int) -> HttpResponse:
    sak = _get_sak(pk)
    if sak.mote is None:
        raise Http404
    retning = request.POST.get("retning")
    if retning not in {"opp", "ned"}:
        return _editor_svar(request, sak.mote, feil=["Ukjent retning."])
    return _utfor(request, sak.mote, lambda: services.saksliste_flytt(sak=sak, retning=retning))


@sekretariat_pakrevd
@require_POST
def saksliste_sorter(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    try:
        ids = [int(x) for x in request.POST.getlist("rekkefolge")] or [
            int(x) for x in json.loads(request.POST.get("ids", "[]"))
        ]
    except (ValueError, TypeError, OverflowError, RecursionError):
        # Not a list of ids: a tampered request, or NaN/Infinity/deep nesting in the JSON.
        return _editor_svar(request, mote, feil=["Ugyldig rekkefølge."])
    return _utfor(request, mote, lambda: services.saksliste_sorter(mote=mote, ids=ids))


@sekretariat_pakrevd
def mote_historikk(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's change history, for the secretariat."""
    mote = get_object_or_404(Mote.objects.select_related("organ"), pk=pk)
    return render(
        request,
        "saker/mote_historikk.html",
        {"mote": mote, "historikk": mote_endringslogg(mote)},
    )


@sekretariat_pakrevd
@require_POST
def sak_fjern(request: HttpRequest, pk: int) -> HttpResponse:
    sak = _get_sak(pk)
    if sak.mote is None:
        raise Http404
    return _utfor(request, sak.mote, lambda: services.sak_fjern_fra_mote(sak=sak))


@sekretariat_pakrevd
@require_POST
def sak_plasser(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a sak from the queue on this meeting, or move one from another draft meeting."""
    mote = _get_mote(pk)
    sak = Sak.objects.filter(pk=_id(request.POST.get("sak"))).first()
    if sak is None:
        return _editor_svar(request, mote, feil=["Velg en sak."])
    return _utfor(request, mote, lambda: services.sak_plasser(sak=sak, mote=mote))


@sekretariat_pakrevd
@require_POST
def sak_dupliser(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    sak = Sak.objects.filter(pk=_id(request.POST.get("sak")), organ=mote.organ).first()
    if sak is None:
        return _editor_svar(request, mote, feil=["Velg en sak å kopiere."])
    return _utfor(request, mote, lambda: services.sak_dupliser(sak=sak, mote=mote))


@sekretariat_pakrevd
@require_POST
def sak_flytt_til_mote(request: HttpRequest, pk: int) -> HttpResponse:
    sak = _get_sak(pk)
    if sak.mote is None:
        raise Http404
    fra = sak.mote
    mal = Mote.objects.filter(pk=_id(request.POST.get("mote"))).first()
    if mal is None:
        return _editor_svar(request, fra, feil=["Velg møtet saken skal flyttes til."])
    return _utfor(request, fra, lambda: services.sak_plasser(sak=sak, mote=mal))


# --- One sak ---------------------------------------------------------------------------------


_VEDLEGGFELT = {"tittel": "vedlegg_tittel", "fil": "vedlegg_fil", "url": "vedlegg_url"}


def _lagre_vedlegg(form: SakForm, sak: Sak) -> None:
    d = form.cleaned_data
    if d.get("vedlegg_fil") or d.get("vedlegg_url"):
        try:
            services.vedlegg_legg_til(
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
                {_VEDLEGGFELT.get(felt, felt): feil for felt, feil in exc.error_dict.items()}
            ) from exc


@sekretariat_pakrevd
def sak_ny(request: HttpRequest, pk: int | None = None, slug: str | None = None) -> HttpResponse:
    """A new sak on a meeting's agenda (pk) or in a body's sakskø (slug)."""
    mote = _get_mote(pk) if pk else None
    organ = mote.organ if mote else get_object_or_404(Organ, slug__iexact=slug)
    if request.method == "POST":
        form = SakForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    sak = services.sak_create(
                        organ=organ, mote=mote, ansvar=form.ansvar_liste(), **form.sakfelter()
                    )
                    _lagre_vedlegg(form, sak)
            except ValidationError as exc:
                _skjemafeil(form, exc)
            else:
                messages.success(request, f"Saken «{sak.tittel}» er lagret.")
                return redirect("saksliste", pk=mote.pk) if mote else redirect("sekretariat")
    else:
        form = SakForm(initial={"vedlegg_offentlig": True})
    return render(
        request, "saker/sak_skjema.html", {"form": form, "mote": mote, "organ": organ, "sak": None}
    )


@sekretariat_pakrevd
def sak_rediger(request: HttpRequest, pk: int) -> HttpResponse:
    sak = _get_sak(pk)
    if request.method == "POST":
        form = SakForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    sak = services.sak_update(
                        sak=sak,
                        ansvar=form.ansvar_liste(),
                        sist_sett=form.cleaned_data.get("sist_sett"),
                        **form.sakfelter(),
                    )
                    _lagre_vedlegg(form, sak)
            except services.SakEndretAvAndre as exc:
                form.add_error(None, exc)
                # The next save is a deliberate overwrite of the newer version.
                data = form.data.copy()
                data["sist_sett"] = exc.endret.isoformat()
                form.data = data
            except ValidationError as exc:
                _skjemafeil(form, exc)
            else:
                messages.success(request, f"Saken «{sak.tittel}» er lagret.")
                if "lagre_og_bli" in request.POST:
                    return redirect("sak-rediger", pk=sak.pk)
                return redirect("saksliste", pk=sak.mote_id) if sak.mote_id else redirect(sak)
    else:
        form = SakForm(initial={**SakForm.initial_fra(sak), "vedlegg_offentlig": True})
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


@sekretariat_pakrevd
@require_POST
def vedlegg_slett(request: HttpRequest, pk: int) -> HttpResponse:
    vedlegg = get_object_or_404(Vedlegg.objects.select_related("sak"), pk=pk)
    sak = vedlegg.sak
    try:
        services.vedlegg_slett(vedlegg=vedlegg)
    except ValidationError as exc:
        for melding in exc.messages:
            messages.error(request, melding)
    else:
        messages.success(request, f"Vedlegget «{vedlegg.tittel}» er fjernet.")
    return redirect("sak-rediger", pk=sak.pk)


# --- Import ----------------------------------------------------------------------------------


@sekretariat_pakrevd
def mote_import(request: HttpRequest) -> HttpResponse:
    feil = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                mote = importer(les_json(form.cleaned_data["fil"].read()))
            except ImportFeil as exc:
                if [f.sti for f in exc.feil] == ["$"]:
                    # The file as a whole (not UTF-8, not JSON): said at the field.
                    melding = exc.feil[0].melding
                    form.add_error(
                        "fil", f"{melding[:1].upper()}{melding[1:]}. Ingenting er endret."
                    )
                else:
                    feil = exc.feil
                    form.add_error("fil", "Filen ble ikke importert. Ingenting er endret.")
            else:
                messages.success(request, f"Møtet {mote} er importert.")
                return redirect(mote)
    else:
        form = ImportForm()
    return render(request, "saker/import.html", {"form": form, "feil": feil})
