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

from helsefellesskap.access import sekretariat_required
from helsefellesskap.models import Organ
from moter import services as mote_services
from moter.access import Tilgang
from moter.display import saksliste
from moter.forms import MoteForm, MoteplanForm
from moter.models import Mote
from moter.views.common import add_form_errors, get_mote, messages_from_error
from saker import services
from saker.forms import OrganFilter
from saker.history import mote_endringslogg


@sekretariat_required
def mote_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = MoteForm(request.POST)
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
        form = MoteForm(initial={"organ": organ, "offentlig": True})
    return render(request, "saker/mote_skjema.html", {"form": form, "mote": None})


@sekretariat_required
def mote_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
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


@sekretariat_required
def moteplan(request: HttpRequest, slug: str) -> HttpResponse:
    organ = get_object_or_404(Organ, slug__iexact=slug)
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


@sekretariat_required
def innkalling_send(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    if request.method == "POST":
        try:
            services.innkalling_send(mote=mote)
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(
                request,
                "Innkallingen er sendt. Saksnumrene ligger nå fast. E-postene til medlemmene "
                "går fra utboksen; under «Utsendinger» ser du hvem som har fått den.",
            )
            return redirect(mote)
    return render(
        request,
        "saker/send.html",
        {
            "mote": mote,
            "mangler": services.innkalling_missing(mote)
            if mote.status == Mote.Status.PLANLAGT
            else [],
            "liste": saksliste(mote, tilgang=Tilgang.SEKRETARIAT),
        },
    )


@sekretariat_required
def mote_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's change history, for the secretariat."""
    mote = get_object_or_404(Mote.objects.select_related("organ"), pk=pk)
    return render(
        request,
        "saker/mote_historikk.html",
        {"mote": mote, "historikk": mote_endringslogg(mote)},
    )
