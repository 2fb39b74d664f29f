"""Pages whose action changes a meeting together with its agenda: creating a meeting (with its
standard items), editing or moving it (a draft agenda is renumbered), the meeting plan of a
year, sending the innkalling (freezes the numbers), and the meeting's history (its saker's
vedlegg and the referat versions too). They call saker's workflows, which call moter's
services; the pages that show only the meeting are in moter.views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from helsefellesskap.access import organ_manager_required
from helsefellesskap.models import Organ
from moter import access, notices
from moter import services as mote_services
from moter.access import Tilgang
from moter.display import saksliste
from moter.forms import MeldingForm, MoteForm, MoteplanForm
from moter.models import Meldingsmal, Mote
from moter.views.common import add_form_errors, get_mote, messages_from_error
from saker import services
from saker.forms import OrganFilter
from saker.history import mote_endringslogg


@organ_manager_required
def mote_new(request: HttpRequest) -> HttpResponse:
    # Only the bodies the user runs are offered (and accepted).
    organer = access.organs_managed(request.user)
    if request.method == "POST":
        form = MoteForm(request.POST, organer=organer)
        if form.is_valid():
            try:
                mote = services.mote_create_with_standard_items(
                    organ=form.cleaned_data["organ"], **form.felter()
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(
                    request, "Møtet er opprettet med standardsakene. Legg til sakene nedenfor."
                )
                for annet in mote_services.moter_overlapping(
                    organ=mote.organ, start=mote.start, slutt=mote.slutt, unntatt=mote
                ):
                    messages.warning(
                        request,
                        f"{annet.organ.kortnavn} har et annet møte som overlapper: {annet}. "
                        "Kontroller datoen.",
                    )
                return redirect("saksliste", pk=mote.pk)
    else:
        organ = OrganFilter(request.GET).valid().get("organ")
        form = MoteForm(initial={"organ": organ, "offentlig": True}, organer=organer)
    return render(request, "saker/mote_skjema.html", {"form": form, "mote": None})


@organ_manager_required
def mote_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    access.require_manage_organ(request.user, mote.organ)
    if request.method == "POST":
        form = MoteForm(request.POST, mote=mote)
        if form.is_valid():
            felter = form.felter()
            try:
                with transaction.atomic():
                    start, slutt = felter.pop("start"), felter.pop("slutt")
                    if start != mote.start or slutt != mote.slutt:
                        mote = services.mote_move_and_renumber(mote=mote, start=start, slutt=slutt)
                    mote_services.mote_update(mote=mote, **felter)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Møtet er lagret.")
                return redirect(mote)
    else:
        form = MoteForm(mote=mote)
    return render(request, "saker/mote_skjema.html", {"form": form, "mote": mote})


@organ_manager_required
def moteplan(request: HttpRequest, slug: str) -> HttpResponse:
    organ = get_object_or_404(Organ, slug__iexact=slug)
    access.require_manage_organ(request.user, organ)
    if request.method == "POST":
        form = MoteplanForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                datoer = mote_services.moteplan_parse(d["datoer"], aar=d["aar"])
                moter = services.moteplan_create_with_standard_items(
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


@organ_manager_required
def innkalling_send(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    access.require_manage_organ(request.user, mote.organ)
    mal = notices.wording_for(mote, Meldingsmal.Art.INNKALLING)
    # A post without the wording's fields sends the body's own wording.
    edited = request.method == "POST" and ("emne" in request.POST or "innledning" in request.POST)
    form = MeldingForm(
        request.POST if edited else None,
        initial={"emne": mal.emne, "innledning": mal.innledning},
    )
    wording = None
    status = 200
    if request.method == "POST":
        if not edited or form.is_valid():
            if edited:
                wording = notices.Wording(
                    form.cleaned_data["emne"], form.cleaned_data["innledning"]
                )
            if request.POST.get("handling") != "forhandsvis":
                try:
                    services.innkalling_send(mote=mote, wording=wording)
                except ValidationError as exc:
                    messages_from_error(request, exc)
                else:
                    messages.success(
                        request,
                        "Innkallingen er sendt. Saksnumrene ligger nå fast. E-postene til "
                        "medlemmene går fra utboksen; under «Utsendinger» ser du hvem som har "
                        "fått den.",
                    )
                    return redirect(mote)
        else:
            status = 400
    return render(
        request,
        "saker/send.html",
        {
            "mote": mote,
            "mangler": services.innkalling_missing(mote)
            if mote.status == Mote.Status.PLANLAGT
            else [],
            "liste": saksliste(mote, tilgang=Tilgang.SEKRETARIAT),
            "form": form,
            "forhandsvisning": notices.innkalling_preview(mote, wording)
            if mote.status == Mote.Status.PLANLAGT
            else None,
        },
        status=status,
    )


@organ_manager_required
def tilleggsinnkalling(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed on the agenda since the innkalling (or the last tilleggsinnkalling), and
    sending it to the members, in the body's wording or as edited here."""
    mote = get_mote(pk)
    access.require_manage_organ(request.user, mote.organ)
    mal = notices.wording_for(mote, Meldingsmal.Art.TILLEGGSINNKALLING)
    form = MeldingForm(
        request.POST if request.method == "POST" else None,
        initial={"emne": mal.emne, "innledning": mal.innledning},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            wording = notices.Wording(form.cleaned_data["emne"], form.cleaned_data["innledning"])
            try:
                endringer = services.tilleggsinnkalling_send(mote=mote, wording=wording)
            except ValidationError as exc:
                messages_from_error(request, exc)
                return redirect("tilleggsinnkalling", pk=mote.pk)
            messages.success(
                request,
                f"Tilleggsinnkallingen er sendt med {len(endringer)} "
                f"{'endring' if len(endringer) == 1 else 'endringer'}. E-postene går fra "
                "utboksen; under «Utsendinger» ser du hvem som har fått den.",
            )
            return redirect(mote)
        status = 400
    return render(
        request,
        "saker/tilleggsinnkalling.html",
        {
            "mote": mote,
            "endringer": services.agenda_changes(mote)
            if mote.status == Mote.Status.INNKALT
            else [],
            "siden": services.since_last_notice(mote),
            "mottakere": len(notices.mote_recipients(mote)),
            "form": form,
        },
        status=status,
    )


@organ_manager_required
def mote_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's change history, for those who run its body."""
    mote = get_object_or_404(Mote.objects.select_related("organ"), pk=pk)
    access.require_manage_organ(request.user, mote.organ)
    return render(
        request,
        "saker/mote_historikk.html",
        {"mote": mote, "historikk": mote_endringslogg(mote)},
    )
