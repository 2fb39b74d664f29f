"""The referat page: the referent goes through the agenda sak by sak; every text field
autosaves (htmx), and the browser keeps a copy of unsaved text so nothing typed is lost.
The page holds the attendance too (one page for the referent), so its forms are here."""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from helsefellesskap.access import organ_manager_required
from helsefellesskap.models import Person
from moter import publication
from moter import services as mote_services
from moter.access import Tilgang, require_access, require_manage_organ
from moter.display import oppmoteliste, saksliste
from moter.forms import KommentarForm, KommentarfristForm, OppmoteForm
from moter.models import Deltaker, Mote
from moter.views.common import add_form_errors, get_mote, is_htmx, messages_from_error
from saker import services
from saker.forms import (
    ChangeForm,
    EventueltForm,
    GjestForm,
    GodkjennForm,
    InhabilForm,
    OppfolgingForm,
    ReferatSakForm,
    RettForm,
)
from saker.models import Sak
from saker.views.common import get_sak


def _reason(request: HttpRequest, prefix: str) -> str:
    """The reason a form on a locked referat sends (EndringForm with ``prefix``)."""
    return request.POST.get(f"{prefix}-begrunnelse", "")


def _deltakende_personer(mote: Mote):
    return Person.objects.filter(deltakelser__mote=mote).order_by("navn")


def _referat_context(mote: Mote, bound: dict | None = None) -> dict:
    """``bound``: submitted forms to show again with their errors and the user's input, by
    their name in the context («eventuelt», «endring_oppmote», «oppfolging<sak id>» …)."""
    bound = bound or {}
    liste = saksliste(mote, tilgang=Tilgang.SEKRETARIAT)
    deltakere = list(mote.deltakere.select_related("person", "moter_for").order_by("rekkefolge"))
    personer = Person.objects.filter(pk__in=[d.person_id for d in deltakere]).order_by("navn")
    skjema = []
    for punkt in liste.punkter:
        sak = punkt.sak
        # Every line something can be recorded on: the saker, and the unnumbered lines
        # («Godkjenning av innkalling og dagsorden», «Evaluering av møtet»), which the referat
        # shows once something is (moter.display.Punkt.in_referat); not pauses.
        if sak.type == Sak.Type.PAUSE or sak.trukket:
            continue
        initial = {"protokoll": sak.protokoll, "vedtak": sak.vedtak or sak.forslag_til_vedtak}
        skjema.append(
            {
                "punkt": punkt,
                "sak": sak,
                "form": bound.get(f"sak{sak.pk}")
                or (RettForm if mote.referat_last else ReferatSakForm)(sak=sak, initial=initial),
                "oppfolging": bound.get(f"oppfolging{sak.pk}") or OppfolgingForm(sak=sak),
                "inhabil": bound.get(f"inhabil{sak.pk}") or InhabilForm(sak=sak, personer=personer),
                "endring_oppfolging": bound.get(f"endring_oppfolging{sak.pk}")
                or ChangeForm(prefix=f"oppf{sak.pk}-endring"),
                "endring_inhabil": bound.get(f"endring_inhabil{sak.pk}")
                or ChangeForm(prefix=f"inhabil{sak.pk}-endring"),
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
        "gjest": bound.get("gjest") or GjestForm(personer=personer),
        "eventuelt": bound.get("eventuelt") or EventueltForm(),
        "endring_oppmote": bound.get("endring_oppmote") or ChangeForm(prefix="oppmote"),
        "endring_foreslaa": bound.get("endring_foreslaa") or ChangeForm(prefix="foreslaa"),
        "endring_gjest": bound.get("endring_gjest") or ChangeForm(prefix="gjest-endring"),
        "endring_eventuelt": bound.get("endring_eventuelt")
        or ChangeForm(prefix="eventuelt-endring"),
        "referatdokumenter": publication.offentlige_status(mote, innkalling=False, referat=True),
        "fristform": KommentarfristForm(
            initial={"frist": timezone.localdate() + datetime.timedelta(days=7)}
        ),
        "kommentarer": mote.referatkommentarer.select_related("forfatter__person", "sak"),
        "versjoner": mote.referatversjoner.select_related("av__person"),
        "kan_starte": mote.status in {Mote.Status.INNKALT, Mote.Status.AVHOLDT},
    }


def _referat_page_with_errors(
    request: HttpRequest,
    mote: Mote,
    exc: ValidationError | None,
    *,
    skjema: tuple[str, forms.Form] | None = None,
    change: tuple[str, ChangeForm],
    change_field: str = "begrunnelse",
    **ekstra,
) -> HttpResponse:
    """The referat page again (400) with the submitted form and its reason form: the service's
    errors at the fields they name (``change_field`` is the service's name for the reason),
    what names no field at the top; the user's input kept."""
    endringsnavn, change_form = change
    if mote.referat_last:
        change_form.is_valid()
    bound: dict[str, forms.Form] = {endringsnavn: change_form}
    if skjema is not None:
        bound[skjema[0]] = skjema[1]
    if exc is not None:
        feil: dict[str | None, list[ValidationError]] = (
            dict(exc.error_dict.items()) if hasattr(exc, "error_dict") else {None: exc.error_list}
        )
        for felt, liste in feil.items():
            if felt == change_field and mote.referat_last:
                if not change_form.has_error("begrunnelse"):
                    change_form.add_error("begrunnelse", liste)
            elif skjema is not None and felt in skjema[1].fields:
                skjema[1].add_error(felt, liste)
            else:
                for melding in ValidationError(liste).messages:
                    messages.error(request, melding)
    return render(
        request,
        "saker/referat.html",
        _referat_context(mote, bound=bound, **ekstra),
        status=400,
    )


@organ_manager_required
def referat_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    require_manage_organ(request.user, mote.organ)
    if mote.status in {Mote.Status.PLANLAGT, Mote.Status.AVLYST}:
        messages.info(request, "Referatet kan skrives når innkallingen er sendt.")
        return redirect(mote)
    return render(request, "saker/referat.html", _referat_context(mote))


@organ_manager_required
@require_POST
def referat_sak_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave (htmx) or plain save of one sak's møtebehandling and vedtak. A save over a text
    someone saved after this one was loaded is refused, and the user's text is kept."""
    sak = get_sak(pk)
    require_manage_organ(request.user, sak.organ)
    if sak.mote is None or sak.type == Sak.Type.PAUSE:
        raise Http404("En pause har ikke noe referat.")
    locked = sak.mote.referat_last
    form = (RettForm if locked else ReferatSakForm)(request.POST, sak=sak)
    feil = ""
    konflikt = None
    service_error: ValidationError | None = None
    if form.is_valid():
        try:
            if locked:
                sak = services.referat_correct(
                    sak=sak,
                    protokoll=form.cleaned_data["protokoll"],
                    vedtak=form.cleaned_data["vedtak"],
                    begrunnelse=form.cleaned_data["begrunnelse"],
                    av=request.user,
                    sist_sett=form.set_last(),
                )
            else:
                sak = services.referat_save(
                    sak=sak,
                    protokoll=form.cleaned_data["protokoll"],
                    vedtak=form.cleaned_data["vedtak"],
                    sist_sett=form.set_last(),
                )
        except services.SakChangedByOther as exc:
            feil, konflikt, service_error = " ".join(exc.messages), exc.endret, exc
        except ValidationError as exc:
            feil, service_error = " ".join(exc.messages), exc
    else:
        feil = " ".join(str(e) for errs in form.errors.values() for e in errs)
    mote = sak.mote
    assert mote is not None  # checked above; saving the referat keeps the sak on its meeting
    if is_htmx(request):
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
            data = cast(QueryDict, form.data).copy()  # bound to request.POST
            data[form.add_prefix("sist_sett")] = konflikt.isoformat()
            data.pop(form.add_prefix("overskriv"), None)
            form.data = data
        if service_error is not None:
            add_form_errors(form, service_error)
        return render(
            request,
            "saker/referat.html",
            _referat_context(mote, bound={f"sak{sak.pk}": form}),
            status=409 if konflikt is not None else 400,
        )
    messages.success(
        request, f"Sak {sak.saksnr} er lagret." if sak.saksnr else f"«{sak.tittel}» er lagret."
    )
    return redirect(f"{mote.get_absolute_url()}referat/#referat-{sak.pk}")


def _form_save(
    request: HttpRequest,
    mote: Mote,
    *,
    navn: str,
    form,
    prefix: str,
    lagre,
    change_field: str = "begrunnelse",
):
    """One form of the referat page with its reason form (EndringForm ``prefix``; context name
    «endring_<navn>»): ``lagre(cleaned_data, begrunnelse)`` when the form is valid. Returns
    (what ``lagre`` returned, None), or (None, the referat page again with the errors)."""
    skjema = (navn, form)
    change = (f"endring_{navn}", ChangeForm(request.POST, prefix=prefix))
    if not form.is_valid():
        return None, _referat_page_with_errors(request, mote, None, skjema=skjema, change=change)
    try:
        return lagre(form.cleaned_data, _reason(request, prefix)), None
    except ValidationError as exc:
        return None, _referat_page_with_errors(
            request, mote, exc, skjema=skjema, change=change, change_field=change_field
        )


def _oppmote_save(
    request: HttpRequest, mote: Mote, *, rest_present: bool = False
) -> tuple[dict[str, list[str]], list[Deltaker]]:
    """Save the attendance table as posted, all or nothing (on a locked referat with the reason
    of the «oppmote» EndringForm, as one new version): the errors per input name, and the rows
    that changed."""
    feil: dict[str, list[str]] = {}
    changes = []
    for d in mote.deltakere.select_related("person"):
        data = OppmoteForm.data_for(request.POST, d.pk)
        if data is None:
            continue
        form = OppmoteForm(data)
        if form.is_valid():
            changes.append(mote_services.Oppmoteendring(deltaker_id=d.pk, **form.cleaned_data))
        for felt, meldinger in form.errors.items():
            feil[f"{felt}-{d.pk}"] = [
                f"{d.person.navn}, {str(form.fields[felt].label).lower()}: {m}" for m in meldinger
            ]
    if feil:
        return feil, []
    try:
        endret = mote_services.oppmote_save(
            mote=mote,
            changes=changes,
            rest_present=rest_present,
            begrunnelse=_reason(request, "oppmote"),
            av=request.user,
        )
    except ValidationError as exc:
        return (exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}), []
    return {}, endret


def _oppmote_not_saved(request: HttpRequest, mote: Mote, feil: dict[str, list[str]]):
    """Nothing was saved: say why at each input (the reason at its own field), with what was
    typed still there."""
    meldinger = [m for ms in feil.values() for m in ms]
    if is_htmx(request):
        # Said where the autosave reports, not left for the next page.
        return render(
            request,
            "saker/partials/lagret.html",
            {"feil": " ".join(meldinger), "tid": timezone.localtime(), "hva": "Oppmøtet"},
        )
    change = ChangeForm(request.POST, prefix="oppmote")
    if mote.referat_last:
        change.is_valid()
        if "begrunnelse" in feil and not change.has_error("begrunnelse"):
            change.add_error("begrunnelse", feil["begrunnelse"])
    context = _referat_context(mote, bound={"endring_oppmote": change})
    for d in context["deltakere"]:
        data = OppmoteForm.data_for(request.POST, d.pk)
        if data is None:
            continue
        plain = OppmoteForm(data)
        plain.full_clean()  # the typed values without control characters, valid or not
        d.merknad = plain.data["merknad"]
        if plain.data["oppmote"] in Deltaker.Oppmote.values:
            d.oppmote = plain.data["oppmote"]
        d.moter_for_id = (
            plain.cleaned_data["moter_for"].pk if plain.cleaned_data.get("moter_for") else None
        )
        d.feil = {
            felt: " ".join(feil[f"{felt}-{d.pk}"])
            for felt in OppmoteForm.base_fields
            if f"{felt}-{d.pk}" in feil
        }
    second = [m for felt, ms in feil.items() if felt != "begrunnelse" for m in ms]
    if second:
        messages.error(request, "Oppmøtet ble ikke lagret: " + " ".join(second))
    return render(request, "saker/referat.html", context, status=400)


@organ_manager_required
def referat_deltakere(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    require_manage_organ(request.user, mote.organ)
    if request.method != "POST":
        # An error page is shown at this address (the form's input kept); going back to it or
        # opening it again leads to the referat's attendance, not to an error.
        return redirect(f"{mote.get_absolute_url()}referat/#oppmote")
    handling = request.POST.get("handling")
    if handling == "foreslaa":
        try:
            nye = mote_services.deltakere_propose(
                mote=mote, begrunnelse=_reason(request, "foreslaa"), av=request.user
            )
        except ValidationError as exc:
            return _referat_page_with_errors(
                request,
                mote,
                exc,
                change=("endring_foreslaa", ChangeForm(request.POST, prefix="foreslaa")),
            )
        messages.success(
            request, f"{len(nye)} deltakere er lagt til fra vervene i {mote.organ.kortnavn}."
        )
        return redirect(f"{mote.get_absolute_url()}referat/#oppmote")
    if handling == "gjest":
        gjest, feil = _form_save(
            request,
            mote,
            navn="gjest",
            form=GjestForm(request.POST, personer=_deltakende_personer(mote)),
            prefix="gjest-endring",
            lagre=lambda data, begrunnelse: mote_services.gjest_add(
                mote=mote, **data, begrunnelse=begrunnelse, av=request.user
            ),
        )
        if feil:
            return feil
        messages.success(request, f"{gjest.person.navn} er lagt til.")
        return redirect(f"{mote.get_absolute_url()}referat/#oppmote")

    # The attendance table: all of it, or nothing («Alle andre til stede»: and the rest).
    feil, endret = _oppmote_save(request, mote, rest_present=handling == "alle_tilstede")
    if feil:
        return _oppmote_not_saved(request, mote, feil)
    if is_htmx(request):
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


@organ_manager_required
def referat_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve the earlier meeting's referat from its «Referat fra forrige møte» sak: a page
    that shows the warnings and asks for confirmation (GET), and the approval (POST)."""
    sak = get_sak(pk)
    require_manage_organ(request.user, sak.organ)
    if sak.mote is None:
        raise Http404("Saken står ikke på noe møte.")
    if sak.referat_for is None:
        raise Http404("Saken godkjenner ikke noe referat.")
    tilbake = f"{sak.mote.get_absolute_url()}referat/#referat-{sak.pk}"
    if request.method == "POST":
        form = GodkjennForm(request.POST)
        if form.is_valid():
            try:
                tidligere = services.referat_approve(
                    referatsak=sak,
                    av=request.user,
                    bekreftet=form.cleaned_data["bekreftet"],
                    overstyring=form.cleaned_data["overstyring"],
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
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
            "advarsler": services.referat_approval_warnings(sak),
            "avholdt": sak.mote.status == Mote.Status.AVHOLDT,
            "kan_godkjennes": sak.mote.status in {Mote.Status.INNKALT, Mote.Status.AVHOLDT},
            "tilbake": tilbake,
        },
        status=400 if form.errors else 200,
    )


@organ_manager_required
@require_POST
def referat_eventuelt(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    require_manage_organ(request.user, mote.organ)
    sak, feil = _form_save(
        request,
        mote,
        navn="eventuelt",
        form=EventueltForm(request.POST),
        prefix="eventuelt-endring",
        lagre=lambda data, begrunnelse: services.eventuelt_add(
            mote=mote, **data, begrunnelse=begrunnelse, av=request.user
        ),
    )
    if feil:
        return feil
    messages.success(request, f"Sak {sak.saksnr} «{sak.tittel}» er lagt til under Eventuelt.")
    return redirect(f"{mote.get_absolute_url()}referat/#referat-{sak.pk}")


@organ_manager_required
@require_POST
def oppfolging_new(request: HttpRequest, pk: int) -> HttpResponse:
    sak = get_sak(pk)
    require_manage_organ(request.user, sak.organ)
    if sak.mote is None:
        raise Http404("Saken står ikke på noe møte.")
    _, feil = _form_save(
        request,
        sak.mote,
        navn=f"oppfolging{sak.pk}",
        form=OppfolgingForm(request.POST, sak=sak),
        prefix=f"oppf{sak.pk}-endring",
        lagre=lambda data, begrunnelse: services.oppfolging_add(
            sak=sak, **data, begrunnelse=begrunnelse, av=request.user
        ),
    )
    if feil:
        return feil
    messages.success(request, "Oppfølgingspunktet er lagt til.")
    return redirect(f"{sak.mote.get_absolute_url()}referat/#referat-{sak.pk}")


@organ_manager_required
@require_POST
def inhabil_new(request: HttpRequest, pk: int) -> HttpResponse:
    sak = get_sak(pk)
    require_manage_organ(request.user, sak.organ)
    if sak.mote is None:
        raise Http404("Saken står ikke på noe møte.")
    personer = Person.objects.filter(deltakelser__mote=sak.mote)
    inhabil, feil = _form_save(
        request,
        sak.mote,
        navn=f"inhabil{sak.pk}",
        form=InhabilForm(request.POST, sak=sak, personer=personer),
        prefix=f"inhabil{sak.pk}-endring",
        lagre=lambda data, begrunnelse: services.inhabilitet_add(
            sak=sak, **data, endring_begrunnelse=begrunnelse, av=request.user
        ),
        change_field="endring_begrunnelse",
    )
    if feil:
        return feil
    messages.success(request, f"{inhabil.person.navn} er registrert som inhabil.")
    return redirect(f"{sak.mote.get_absolute_url()}referat/#referat-{sak.pk}")


@require_POST
def referat_comment(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    require_access(request.user, mote, at_least=Tilgang.MEDLEM)
    form = KommentarForm(request.POST, mote=mote)
    if form.is_valid():
        try:
            services.referat_comment(
                mote=mote,
                forfatter=request.user,
                tekst=form.cleaned_data["tekst"],
                sak=form.cleaned_data["sak"],
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, "Takk! Kommentaren er sendt til sekretariatet.")
    else:
        messages.error(request, "Skriv en kommentar før du sender.")
    return redirect(f"{mote.get_absolute_url()}#referat")
