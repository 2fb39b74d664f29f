"""The secretariat's forms: an agreement, a new version, publishing it, an evaluation, and the
link from a sak to the version its vedtak adopted. A form with errors comes back with 400,
everything typed kept and each error at its field."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from helsefellesskap.access import sekretariat_required
from moter.views.common import add_form_errors, form_status
from saker.views.common import get_sak

from .. import services
from ..forms import AvtaleForm, EvalueringForm, KnyttForm, VersjonForm
from ..models import Avtale, Avtaleversjon, Evaluering


def _avtale_save(form: AvtaleForm, avtale: Avtale | None) -> Avtale:
    with transaction.atomic():
        if avtale is None:
            avtale = services.avtale_create(**form.avtalefelter())
        else:
            avtale = services.avtale_update(avtale=avtale, **form.avtalefelter())
        valgt = dict(form.parter())
        for part in avtale.avtaleparter.select_related("partner"):
            if part.partner not in valgt:
                services.avtalepart_remove(avtale=avtale, partner=part.partner)
        for partner, signert in valgt.items():
            services.avtalepart_set(avtale=avtale, partner=partner, signert=signert)
    return avtale


@sekretariat_required
def avtale_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    avtale = get_object_or_404(Avtale, slug=slug) if slug else None
    if request.method == "POST":
        form = AvtaleForm(request.POST, avtale=avtale)
        if form.is_valid():
            try:
                avtale = _avtale_save(form, avtale)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Avtalen «{avtale.tittel}» er lagret.")
                return redirect(avtale)
    else:
        initial = AvtaleForm.initial_from(avtale) if avtale else {"offentlig": True}
        form = AvtaleForm(initial=initial, avtale=avtale)
    return render(
        request,
        "avtaler/avtale_skjema.html",
        {"form": form, "avtale": avtale},
        status=form_status(form),
    )


@sekretariat_required
def versjon_new(request: HttpRequest, slug: str) -> HttpResponse:
    avtale = get_object_or_404(Avtale, slug=slug)
    if request.method == "POST":
        form = VersjonForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                versjon = services.versjon_add(
                    avtale=avtale,
                    versjon=d["versjon"],
                    tekst=d["tekst"],
                    fil=d.get("fil"),
                    filsjekk=getattr(form, "filsjekk", None),
                    gjelder_fra=d["gjelder_fra"],
                    gjelder_til=d["gjelder_til"],
                    vedtatt_i=d.get("vedtatt_i"),
                    vedtatt_i_tekst=d["vedtatt_i_tekst"],
                    vedtatt_dato=d["vedtatt_dato"],
                    publisert=d["publisert"],
                    merknad=d["merknad"],
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Versjon {versjon.versjon} er lagt til.")
                return redirect(avtale)
    else:
        form = VersjonForm()
    return render(
        request,
        "avtaler/versjon_skjema.html",
        {"form": form, "avtale": avtale},
        status=form_status(form),
    )


@sekretariat_required
def versjon_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a version: its period (the one-in-force rule checked again), the sak that adopted
    it, its text or file."""
    versjon = get_object_or_404(Avtaleversjon.objects.select_related("avtale"), pk=pk)
    avtale = versjon.avtale
    if request.method == "POST":
        form = VersjonForm(request.POST, request.FILES, versjon=versjon)
        if form.is_valid():
            felter = form.versjonfelter()
            sak, dato = felter.pop("vedtatt_i"), felter["vedtatt_dato"]
            try:
                with transaction.atomic():
                    versjon = services.versjon_update(
                        versjon=versjon,
                        fil=form.cleaned_data.get("fil"),
                        filsjekk=getattr(form, "filsjekk", None),
                        felter=felter,
                    )
                    if sak != versjon.vedtatt_i:
                        services.versjon_adopt(versjon=versjon, sak=sak, vedtatt_dato=dato)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Versjon {versjon.versjon} er lagret.")
                return redirect(avtale)
    else:
        form = VersjonForm(initial=VersjonForm.initial_from(versjon), versjon=versjon)
    return render(
        request,
        "avtaler/versjon_skjema.html",
        {"form": form, "avtale": avtale, "versjon": versjon},
        status=form_status(form),
    )


@sekretariat_required
@require_POST
def versjon_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an unpublished version; a published one is refused with the reason."""
    versjon = get_object_or_404(Avtaleversjon.objects.select_related("avtale"), pk=pk)
    avtale = versjon.avtale
    try:
        services.versjon_remove(versjon=versjon)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("avtaleversjon-rediger", pk=pk)
    messages.success(request, f"Versjon {versjon.versjon} er fjernet.")
    return redirect(avtale)


@sekretariat_required
@require_POST
def versjon_publish(request: HttpRequest, pk: int) -> HttpResponse:
    versjon = get_object_or_404(Avtaleversjon.objects.select_related("avtale"), pk=pk)
    services.versjon_publish(versjon=versjon)
    messages.success(request, f"Versjon {versjon.versjon} er publisert.")
    return redirect(versjon.avtale)


@sekretariat_required
def evaluering_form(
    request: HttpRequest, slug: str | None = None, pk: int | None = None
) -> HttpResponse:
    """Plan an evaluation of the agreement at ``slug``, or change the one at ``pk`` (record
    that it was held, the sak that treated it, its outcome)."""
    evaluering = get_object_or_404(Evaluering, pk=pk) if pk else None
    avtale = evaluering.avtale if evaluering else get_object_or_404(Avtale, slug=slug)
    if request.method == "POST":
        form = EvalueringForm(request.POST)
        if form.is_valid():
            try:
                if evaluering is None:
                    felter = form.felter()
                    status, sak, utfall = (
                        felter.pop(k) for k in ("status", "behandlet_i", "utfall")
                    )
                    with transaction.atomic():
                        evaluering = services.evaluering_plan(avtale=avtale, **felter)
                        if status == Evaluering.Status.GJENNOMFORT or sak or utfall:
                            services.evaluering_update(
                                evaluering=evaluering, status=status, behandlet_i=sak, utfall=utfall
                            )
                else:
                    services.evaluering_update(evaluering=evaluering, **form.felter())
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Evalueringen er lagret.")
                return redirect(avtale)
    else:
        initial = EvalueringForm.initial_from(evaluering) if evaluering else {}
        if evaluering is None:
            initial = {"ansvarlig_organ": avtale.ansvarlig_organ_id, "status": "planlagt"}
        form = EvalueringForm(initial=initial)
    return render(
        request,
        "avtaler/evaluering_skjema.html",
        {"form": form, "avtale": avtale, "evaluering": evaluering},
        status=form_status(form),
    )


@sekretariat_required
def sak_knytt(request: HttpRequest, pk: int) -> HttpResponse:
    """From a sak's page: «denne saken vedtar versjon X av avtale Y», or «denne saken starter
    revisjon av avtale Y»."""
    sak = get_sak(pk)
    if request.method == "POST":
        form = KnyttForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if d["handling"] == KnyttForm.REVISJON:
                    revisjon = services.revisjon_start(
                        avtale=d["avtale"],
                        sak=sak,
                        planlagt=d["planlagt"],
                        planlagt_tekst=d["planlagt_tekst"],
                    )
                    melding = f"Saken starter nå revisjon av «{revisjon.avtale}»."
                else:
                    versjon = services.versjon_adopt(versjon=d["versjon"], sak=sak)
                    melding = f"Saken vedtar nå versjon {versjon.versjon} av «{versjon.avtale}»."
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, melding)
                return redirect(sak)
    else:
        form = KnyttForm()
    return render(
        request,
        "avtaler/sak_knytt.html",
        {
            "form": form,
            "sak": sak,
            "knyttet": sak.avtaleversjoner.select_related("avtale"),
            "revisjoner": sak.avtaleevalueringer.filter(
                art=Evaluering.Art.REVISJON, status=Evaluering.Status.PLANLAGT
            ).select_related("avtale"),
        },
        status=form_status(form),
    )
