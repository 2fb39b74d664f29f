"""Attendance, referat, follow-ups and the vedtak register.

The referent goes through the agenda sak by sak on one page; every text field autosaves
(htmx), and the browser keeps a copy of unsaved text so nothing typed is lost."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from helsefellesskap import hurtigbuffer
from helsefellesskap.access import er_sekretariat, sekretariat_pakrevd
from helsefellesskap.models import Organ, Person
from moter import publisering
from moter import services as mote_services
from moter.access import Tilgang, krev_tilgang
from moter.forms import OppmoteForm
from moter.models import Deltaker, Mote
from moter.versjoner import alle_moter
from moter.visning import oppmoteliste, saksliste

from . import services
from .forms import (
    EndringForm,
    EventueltForm,
    ForfallForm,
    GjestForm,
    GodkjennForm,
    InhabilForm,
    KommentarForm,
    KommentarfristForm,
    OppfolgingFilter,
    OppfolgingForm,
    ReferatSakForm,
    RettForm,
    VedtakFilter,
)
from .models import Oppfolging, Sak
from .views import _get_mote, _get_sak, _hx, _skjemafeil


def _feil_til_meldinger(request: HttpRequest, exc: ValidationError) -> None:
    for melding in exc.messages:
        messages.error(request, melding)


def _begrunnelse(request: HttpRequest, prefix: str) -> str:
    """The reason a form on a locked referat sends (EndringForm with ``prefix``)."""
    return request.POST.get(f"{prefix}-begrunnelse", "")


def _referat_kontekst(mote: Mote, bundet: dict | None = None) -> dict:
    """``bundet``: submitted forms to show again with their errors and the user's input, by
    their name in the context («eventuelt», «endring_oppmote», «oppfolging<sak id>» …)."""
    bundet = bundet or {}
    liste = saksliste(mote, tilgang=Tilgang.SEKRETARIAT)
    deltakere = list(mote.deltakere.select_related("person", "moter_for").order_by("rekkefolge"))
    personer = Person.objects.filter(pk__in=[d.person_id for d in deltakere]).order_by("navn")
    skjema = []
    for punkt in liste.punkter:
        sak = punkt.sak
        if sak.type != Sak.Type.SAK or sak.trukket:
            continue
        initial = {"protokoll": sak.protokoll, "vedtak": sak.vedtak or sak.forslag_til_vedtak}
        skjema.append(
            {
                "punkt": punkt,
                "sak": sak,
                "form": bundet.get(f"sak{sak.pk}")
                or (RettForm if mote.referat_last else ReferatSakForm)(sak=sak, initial=initial),
                "oppfolging": bundet.get(f"oppfolging{sak.pk}") or OppfolgingForm(sak=sak),
                "inhabil": bundet.get(f"inhabil{sak.pk}")
                or InhabilForm(sak=sak, personer=personer),
                "endring_oppfolging": bundet.get(f"endring_oppfolging{sak.pk}")
                or EndringForm(prefix=f"oppf{sak.pk}-endring"),
                "endring_inhabil": bundet.get(f"endring_inhabil{sak.pk}")
                or EndringForm(prefix=f"inhabil{sak.pk}-endring"),
                "forhandsutfylt": not sak.vedtak and bool(sak.forslag_til_vedtak),
            }
        )
    return {
        "mote": mote,
        "liste": liste,
        "skjema": skjema,
        "deltakere": deltakere,
        "oppmote_valg": Deltaker.Oppmote.choices,
        "personer_i_organet": personer,
        "oppmote": oppmoteliste(mote),
        "gjest": bundet.get("gjest") or GjestForm(),
        "eventuelt": bundet.get("eventuelt") or EventueltForm(),
        "endring_oppmote": bundet.get("endring_oppmote") or EndringForm(prefix="oppmote"),
        "endring_foreslaa": bundet.get("endring_foreslaa") or EndringForm(prefix="foreslaa"),
        "endring_gjest": bundet.get("endring_gjest") or EndringForm(prefix="gjest-endring"),
        "endring_eventuelt": bundet.get("endring_eventuelt")
        or EndringForm(prefix="eventuelt-endring"),
        "referatdokumenter": publisering.offentlige_status(mote, innkalling=False, referat=True),
        "fristform": KommentarfristForm(
            initial={"frist": timezone.localdate() + timezone.timedelta(days=7)}
        ),
        "kommentarer": mote.referatkommentarer.select_related("forfatter__person", "sak"),
        "versjoner": mote.referatversjoner.select_related("av__person"),
        "kan_starte": mote.status in {Mote.Status.INNKALT, Mote.Status.AVHOLDT},
    }


def _referatside_med_feil(
    request: HttpRequest,
    mote: Mote,
    exc: ValidationError | None,
    *,
    skjema: tuple[str, object] | None = None,
    endring: tuple[str, EndringForm],
    endringsfelt: str = "begrunnelse",
    **ekstra,
) -> HttpResponse:
    """The referat page again (400) with the submitted form and its reason form: the service's
    errors at the fields they name (``endringsfelt`` is the service's name for the reason),
    what names no field at the top; the user's input kept."""
    endringsnavn, endringsform = endring
    if mote.referat_last:
        endringsform.is_valid()
    bundet = {endringsnavn: endringsform}
    if skjema is not None:
        bundet[skjema[0]] = skjema[1]
    if exc is not None:
        feil = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
        for felt, liste in feil.items():
            if felt == endringsfelt and mote.referat_last:
                if not endringsform.has_error("begrunnelse"):
                    endringsform.add_error("begrunnelse", liste)
            elif skjema is not None and felt in skjema[1].fields:
                skjema[1].add_error(felt, liste)
            else:
                for melding in ValidationError(liste).messages:
                    messages.error(request, melding)
    return render(
        request,
        "saker/referat.html",
        _referat_kontekst(mote, bundet=bundet, **ekstra),
        status=400,
    )


@sekretariat_pakrevd
def referat_rediger(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    if mote.status in {Mote.Status.PLANLAGT, Mote.Status.AVLYST}:
        messages.info(request, "Referatet kan skrives når innkallingen er sendt.")
        return redirect(mote)
    return render(request, "saker/referat.html", _referat_kontekst(mote))


@sekretariat_pakrevd
@require_POST
def referat_sak_lagre(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave (htmx) or plain save of one sak's møtebehandling and vedtak. A save over a text
    someone saved after this one was loaded is refused, and the user's text is kept."""
    sak = _get_sak(pk)
    if sak.mote is None:
        raise Http404
    låst = sak.mote.referat_last
    form = (RettForm if låst else ReferatSakForm)(request.POST, sak=sak)
    feil = ""
    konflikt = None
    tjenestefeil: ValidationError | None = None
    if form.is_valid():
        try:
            if låst:
                sak = services.referat_rett(
                    sak=sak,
                    protokoll=form.cleaned_data["protokoll"],
                    vedtak=form.cleaned_data["vedtak"],
                    begrunnelse=form.cleaned_data["begrunnelse"],
                    av=request.user,
                    sist_sett=form.sett_sist(),
                )
            else:
                sak = services.referat_lagre(
                    sak=sak,
                    protokoll=form.cleaned_data["protokoll"],
                    vedtak=form.cleaned_data["vedtak"],
                    sist_sett=form.sett_sist(),
                )
        except services.SakEndretAvAndre as exc:
            feil, konflikt, tjenestefeil = " ".join(exc.messages), exc.endret, exc
        except ValidationError as exc:
            feil, tjenestefeil = " ".join(exc.messages), exc
    else:
        feil = " ".join(e for errs in form.errors.values() for e in errs)
    if _hx(request):
        return render(
            request,
            "saker/partials/lagret.html",
            {
                "sak": sak,
                "feil": feil,
                "konflikt": konflikt,
                "prefix": form.prefix,
                "sist_sett": None if feil else sak.endret,
                "tid": timezone.localtime(),
            },
            status=200,
        )
    if feil:
        # The page again, with the user's text in the form and the message at it.
        if konflikt is not None:
            # The next save overwrites the newer text on purpose.
            data = form.data.copy()
            data[form.add_prefix("sist_sett")] = konflikt.isoformat()
            data.pop(form.add_prefix("overskriv"), None)
            form.data = data
        if tjenestefeil is not None:
            _skjemafeil(form, tjenestefeil)
        return render(
            request,
            "saker/referat.html",
            _referat_kontekst(sak.mote, bundet={f"sak{sak.pk}": form}),
            status=409 if konflikt is not None else 400,
        )
    messages.success(request, f"Sak {sak.saksnr} er lagret.")
    return redirect(f"{sak.mote.get_absolute_url()}referat/#referat-{sak.pk}")


def _lagre_skjema(
    request: HttpRequest,
    mote: Mote,
    *,
    navn: str,
    form,
    prefix: str,
    lagre,
    endringsfelt: str = "begrunnelse",
):
    """One form of the referat page with its reason form (EndringForm ``prefix``; context name
    «endring_<navn>»): ``lagre(cleaned_data, begrunnelse)`` when the form is valid. Returns
    (what ``lagre`` returned, None), or (None, the referat page again with the errors)."""
    skjema = (navn, form)
    endring = (f"endring_{navn}", EndringForm(request.POST, prefix=prefix))
    if not form.is_valid():
        return None, _referatside_med_feil(request, mote, None, skjema=skjema, endring=endring)
    try:
        return lagre(form.cleaned_data, _begrunnelse(request, prefix)), None
    except ValidationError as exc:
        return None, _referatside_med_feil(
            request, mote, exc, skjema=skjema, endring=endring, endringsfelt=endringsfelt
        )


def _lagre_oppmote(request: HttpRequest, mote: Mote) -> tuple[dict[str, list[str]], list[Deltaker]]:
    """Save the attendance table as posted, all or nothing (on a locked referat with the reason
    of the «oppmote» EndringForm, as one new version): the errors per input name, and the rows
    that changed."""
    feil: dict[str, list[str]] = {}
    endringer = []
    for d in mote.deltakere.select_related("person"):
        data = OppmoteForm.data_for(request.POST, d.pk)
        if data is None:
            continue
        form = OppmoteForm(data)
        if form.is_valid():
            endringer.append(mote_services.Oppmoteendring(deltaker_id=d.pk, **form.cleaned_data))
        for felt, meldinger in form.errors.items():
            feil[f"{felt}-{d.pk}"] = [
                f"{d.person.navn}, {form.fields[felt].label.lower()}: {m}" for m in meldinger
            ]
    if feil:
        return feil, []
    try:
        endret = mote_services.oppmote_lagre(
            mote=mote,
            endringer=endringer,
            begrunnelse=_begrunnelse(request, "oppmote"),
            av=request.user,
        )
    except ValidationError as exc:
        return (exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}), []
    return {}, endret


def _oppmote_ikke_lagret(request: HttpRequest, mote: Mote, feil: dict[str, list[str]]):
    """Nothing was saved: say why at each input (the reason at its own field), with what was
    typed still there."""
    meldinger = [m for ms in feil.values() for m in ms]
    if _hx(request):
        # Said where the autosave reports, not left for the next page.
        return render(
            request,
            "saker/partials/lagret.html",
            {"feil": " ".join(meldinger), "tid": timezone.localtime(), "hva": "Oppmøtet"},
        )
    endring = EndringForm(request.POST, prefix="oppmote")
    if mote.referat_last:
        endring.is_valid()
        if "begrunnelse" in feil and not endring.has_error("begrunnelse"):
            endring.add_error("begrunnelse", feil["begrunnelse"])
    kontekst = _referat_kontekst(mote, bundet={"endring_oppmote": endring})
    for d in kontekst["deltakere"]:
        data = OppmoteForm.data_for(request.POST, d.pk)
        if data is None:
            continue
        ren = OppmoteForm(data)
        ren.full_clean()  # the typed values without control characters, valid or not
        d.merknad = ren.data["merknad"]
        if ren.data["oppmote"] in Deltaker.Oppmote.values:
            d.oppmote = ren.data["oppmote"]
        d.moter_for_id = (
            ren.cleaned_data["moter_for"].pk if ren.cleaned_data.get("moter_for") else None
        )
        d.feil = {
            felt: " ".join(feil[f"{felt}-{d.pk}"])
            for felt in OppmoteForm.base_fields
            if f"{felt}-{d.pk}" in feil
        }
    andre = [m for felt, ms in feil.items() if felt != "begrunnelse" for m in ms]
    if andre:
        messages.error(request, "Oppmøtet ble ikke lagret: " + " ".join(andre))
    return render(request, "saker/referat.html", kontekst, status=400)


@sekretariat_pakrevd
@require_POST
def referat_deltakere(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    handling = request.POST.get("handling")
    if handling == "foreslaa":
        try:
            nye = mote_services.deltakere_foreslaa(
                mote=mote, begrunnelse=_begrunnelse(request, "foreslaa"), av=request.user
            )
        except ValidationError as exc:
            return _referatside_med_feil(
                request,
                mote,
                exc,
                endring=("endring_foreslaa", EndringForm(request.POST, prefix="foreslaa")),
            )
        messages.success(
            request, f"{len(nye)} deltakere er lagt til fra vervene i {mote.organ.kortnavn}."
        )
        return redirect(f"{mote.get_absolute_url()}referat/#oppmote")
    if handling == "gjest":
        gjest, feil = _lagre_skjema(
            request,
            mote,
            navn="gjest",
            form=GjestForm(request.POST),
            prefix="gjest-endring",
            lagre=lambda data, begrunnelse: mote_services.gjest_legg_til(
                mote=mote, **data, begrunnelse=begrunnelse, av=request.user
            ),
        )
        if feil:
            return feil
        messages.success(request, f"{gjest.person.navn} er lagt til.")
        return redirect(f"{mote.get_absolute_url()}referat/#oppmote")

    # The attendance table: all of it, or nothing.
    feil, endret = _lagre_oppmote(request, mote)
    if feil:
        return _oppmote_ikke_lagret(request, mote, feil)
    if _hx(request):
        return render(
            request,
            "saker/partials/lagret.html",
            {"feil": "", "tid": timezone.localtime(), "hva": "Oppmøtet"},
        )
    if endret and mote.referat_last:
        mote.refresh_from_db()
        messages.success(
            request, f"Oppmøtet er lagret som versjon {mote.referat_versjon} av referatet."
        )
    else:
        messages.success(request, "Oppmøtet er lagret.")
    return redirect(f"{mote.get_absolute_url()}referat/#oppmote")


@sekretariat_pakrevd
@require_POST
def referat_status(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    handling = request.POST.get("handling")
    try:
        if handling == "avholdt":
            mote_services.mote_marker_avholdt(mote=mote)
            messages.success(request, "Møtet er markert som avholdt.")
        elif handling == "til_kommentar":
            form = KommentarfristForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            mote_services.referat_send_til_kommentar(mote=mote, frist=form.cleaned_data["frist"])
            messages.success(
                request,
                "Referatet er sendt til medlemmene for kommentarer. De ser utkastet på møtesiden.",
            )
        elif handling == "publiser":
            mote_services.referat_publiser(mote=mote, bruker=request.user)
            messages.success(request, "Referatet er publisert.")
        else:
            raise ValidationError("Ukjent handling.")
    except ValidationError as exc:
        _feil_til_meldinger(request, exc)
    return redirect("referat", pk=mote.pk)


@sekretariat_pakrevd
def referat_godkjenn(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve the earlier meeting's referat from its «Referat fra forrige møte» sak: a page
    that shows the warnings and asks for confirmation (GET), and the approval (POST)."""
    sak = _get_sak(pk)
    if sak.mote is None:
        raise Http404("Saken står ikke på noe møte.")
    if sak.referat_for is None:
        raise Http404("Saken godkjenner ikke noe referat.")
    tilbake = f"{sak.mote.get_absolute_url()}referat/#referat-{sak.pk}"
    if request.method == "POST":
        form = GodkjennForm(request.POST)
        if form.is_valid():
            try:
                tidligere = services.referat_godkjenn(
                    referatsak=sak,
                    av=request.user,
                    bekreftet=form.cleaned_data["bekreftet"],
                    overstyring=form.cleaned_data["overstyring"],
                )
            except ValidationError as exc:
                _skjemafeil(form, exc)
            else:
                messages.success(
                    request,
                    f"Referatet fra {tidligere} er godkjent og låst. Det kan nå publiseres.",
                )
                return redirect(tilbake)
    else:
        form = GodkjennForm()
    return render(
        request,
        "saker/referat_godkjenn.html",
        {
            "sak": sak,
            "mote": sak.mote,
            "tidligere": sak.referat_for,
            "form": form,
            "advarsler": services.referat_godkjenning_advarsler(sak),
            "avholdt": sak.mote.status == Mote.Status.AVHOLDT,
            "kan_godkjennes": sak.mote.status in {Mote.Status.INNKALT, Mote.Status.AVHOLDT},
            "tilbake": tilbake,
        },
        status=400 if form.errors else 200,
    )


@sekretariat_pakrevd
@require_POST
def referat_eventuelt(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    sak, feil = _lagre_skjema(
        request,
        mote,
        navn="eventuelt",
        form=EventueltForm(request.POST),
        prefix="eventuelt-endring",
        lagre=lambda data, begrunnelse: services.eventuelt_legg_til(
            mote=mote, **data, begrunnelse=begrunnelse, av=request.user
        ),
    )
    if feil:
        return feil
    messages.success(request, f"Sak {sak.saksnr} «{sak.tittel}» er lagt til under Eventuelt.")
    return redirect(f"{mote.get_absolute_url()}referat/#referat-{sak.pk}")


@sekretariat_pakrevd
@require_POST
def oppfolging_ny(request: HttpRequest, pk: int) -> HttpResponse:
    sak = _get_sak(pk)
    if sak.mote is None:
        raise Http404("Saken står ikke på noe møte.")
    _, feil = _lagre_skjema(
        request,
        sak.mote,
        navn=f"oppfolging{sak.pk}",
        form=OppfolgingForm(request.POST, sak=sak),
        prefix=f"oppf{sak.pk}-endring",
        lagre=lambda data, begrunnelse: services.oppfolging_legg_til(
            sak=sak, **data, begrunnelse=begrunnelse, av=request.user
        ),
    )
    if feil:
        return feil
    messages.success(request, "Oppfølgingspunktet er lagt til.")
    return redirect(f"{sak.mote.get_absolute_url()}referat/#referat-{sak.pk}")


@sekretariat_pakrevd
@require_POST
def inhabil_ny(request: HttpRequest, pk: int) -> HttpResponse:
    sak = _get_sak(pk)
    if sak.mote is None:
        raise Http404("Saken står ikke på noe møte.")
    personer = Person.objects.filter(deltakelser__mote=sak.mote)
    inhabil, feil = _lagre_skjema(
        request,
        sak.mote,
        navn=f"inhabil{sak.pk}",
        form=InhabilForm(request.POST, sak=sak, personer=personer),
        prefix=f"inhabil{sak.pk}-endring",
        lagre=lambda data, begrunnelse: services.inhabilitet_registrer(
            sak=sak, **data, endring_begrunnelse=begrunnelse, av=request.user
        ),
        endringsfelt="endring_begrunnelse",
    )
    if feil:
        return feil
    messages.success(request, f"{inhabil.person.navn} er registrert som inhabil.")
    return redirect(f"{sak.mote.get_absolute_url()}referat/#referat-{sak.pk}")


# --- Members ----------------------------------------------------------------------------------


@require_POST
def referat_kommentar(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    krev_tilgang(request.user, mote, minst=Tilgang.MEDLEM)
    form = KommentarForm(request.POST, mote=mote)
    if form.is_valid():
        try:
            services.referat_kommenter(
                mote=mote,
                forfatter=request.user,
                tekst=form.cleaned_data["tekst"],
                sak=form.cleaned_data["sak"],
            )
        except ValidationError as exc:
            _feil_til_meldinger(request, exc)
        else:
            messages.success(request, "Takk! Kommentaren er sendt til sekretariatet.")
    else:
        messages.error(request, "Skriv en kommentar før du sender.")
    return redirect(f"{mote.get_absolute_url()}#referat")


@require_POST
def forfall(request: HttpRequest, pk: int) -> HttpResponse:
    mote = _get_mote(pk)
    krev_tilgang(request.user, mote, minst=Tilgang.MEDLEM)
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied("Brukeren din er ikke knyttet til en person.")
    form = ForfallForm(request.POST)
    if form.is_valid():
        try:
            mote_services.forfall_meld(
                mote=mote, person=person, merknad=form.cleaned_data["merknad"]
            )
        except ValidationError as exc:
            _feil_til_meldinger(request, exc)
        else:
            messages.success(
                request, "Forfallet er registrert. Sekretariatet ser det i deltakerlisten."
            )
    return redirect(mote)


# --- Follow-ups and the vedtak register -----------------------------------------------------------


def _filter(request: HttpRequest, skjema=VedtakFilter) -> tuple[dict, list[str]]:
    """The list's filters that are valid, and a Norwegian line for each one left out."""
    filter_ = skjema(request.GET)
    return filter_.gyldige(), filter_.merknader()


@hurtigbuffer.for_anonyme(alle_moter)
def vedtak_register(request: HttpRequest) -> HttpResponse:
    valgt, filterfeil = _filter(request)
    aar, organ = valgt.get("aar"), valgt.get("organ")
    qs = Sak.objects.referat_lesbare_for(request.user).exclude(vedtak="")
    alle_aar = sorted({d.year for d in qs.dates("mote__start", "year")}, reverse=True)
    if aar:
        qs = qs.filter(mote__start__year=aar)
    if organ:
        qs = qs.filter(organ=organ)
    saker = list(
        qs.select_related("mote", "organ")
        .prefetch_related("oppfolginger")
        .order_by("-mote__start", "rekkefolge")[:500]
    )
    rader = [
        {"sak": sak, "skjermet": sak.skjermet, "oppfolginger": list(sak.oppfolginger.all())}
        for sak in saker
    ]
    return render(
        request,
        "saker/vedtak.html",
        {
            "rader": rader,
            "aar": aar,
            "organ": organ,
            "alle_aar": alle_aar,
            "organer": Organ.objects.filter(
                pk__in=Sak.objects.referat_lesbare_for(request.user)
                .exclude(vedtak="")
                .values("organ_id")
            ),
            "avgrenset": len(saker) == 500,
            "filterfeil": filterfeil,
        },
    )


def oppfolging_liste(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    valgt, filterfeil = _filter(request, OppfolgingFilter)
    aar, organ, status = valgt.get("aar"), valgt.get("organ"), valgt.get("status", "")
    # What the vedtak register screens (an exempt sak read only in the public edition) is not
    # listed here at all: a follow-up row is all content.
    qs = Oppfolging.objects.filter(
        sak__in=Sak.objects.referat_lesbare_for(request.user).filter(skjermet=False)
    )
    if aar:
        qs = qs.filter(sak__mote__start__year=aar)
    if organ:
        qs = qs.filter(sak__organ=organ)
    if status:
        qs = qs.filter(status=status)
    rader = (
        qs.distinct()
        .select_related("sak__mote__organ", "ansvarlig")
        .order_by("status", "frist", "pk")
    )
    return render(
        request,
        "saker/oppfolging.html",
        {
            "rader": rader[:500],
            "aar": aar,
            "organ": organ,
            "status": status,
            "statusvalg": Oppfolging.Status.choices,
            "organer": Organ.objects.aktive(),
            "kan_endre": er_sekretariat(request.user),
            "idag": timezone.localdate(),
            "filterfeil": filterfeil,
        },
    )


@sekretariat_pakrevd
@require_POST
def oppfolging_status(request: HttpRequest, pk: int) -> HttpResponse:
    oppfolging = get_object_or_404(Oppfolging, pk=pk)
    try:
        services.oppfolging_sett_status(oppfolging=oppfolging, status=request.POST.get("status"))
    except ValidationError as exc:
        _feil_til_meldinger(request, exc)
    else:
        messages.success(request, "Statusen er oppdatert.")
    neste = request.POST.get("neste", "")
    if not url_has_allowed_host_and_scheme(neste, allowed_hosts={request.get_host()}):
        neste = "/oppfolging/"
    return redirect(neste)
