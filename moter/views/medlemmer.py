"""A body's members page, for those who run the body (``moter.access.can_manage_organ``): its
verv by role, who lacks an address or a login, and the actions on them: add a member, edit a
person, change or end a verv, a new period, invite, deactivate and activate a login. The
services are the core's (``helsefellesskap.members``, ``helsefellesskap.accounts``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from helsefellesskap import accounts, members
from helsefellesskap.models import Organ, Person, Verv, today
from moter import access
from moter import services as mote_services
from moter.forms import PeriodeForm, PersonForm, VervEditForm, VervEndForm, VervForm
from moter.views.common import add_form_errors, messages_from_error


def organ_manager_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The pages of a body's members: anonymous users go to the login page, others who may not
    run the body (``can_manage_organ``) get 403. The view gets the body."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        organ = get_object_or_404(Organ, slug=slug)
        if not access.can_manage_organ(request.user, organ):
            raise PermissionDenied("Bare sekretariatet for organet har tilgang til denne siden.")
        return view(request, organ, *args, **kwargs)

    return wrapper


def _user(request: HttpRequest) -> User:
    # Behind organ_manager_required: a logged-in user.
    assert isinstance(request.user, User)
    return request.user


def _person_in(organ: Organ, pk: int) -> Person:
    """A person with a verv (any time) in the body: the body's secretariat acts on no one else."""
    person = get_object_or_404(Person.objects.select_related("bruker"), pk=pk)
    if not Verv.objects.filter(organ=organ, person=person).exists():
        raise PermissionDenied("Personen har ikke verv i dette organet.")
    return person


def _to_list(organ: Organ) -> HttpResponse:
    return redirect("organ-medlemmer", slug=organ.slug)


@dataclass(frozen=True)
class Rad:
    """One verv on the members page, with its person's login."""

    verv: Verv
    konto: accounts.Kontostatus
    # «Send invitasjon»: not on the rows of a verv that has ended.
    kan_invitere: bool = False


@organ_manager_required
def medlemmer_list(request: HttpRequest, organ: Organ) -> HttpResponse:
    oversikt = members.medlemsoversikt(organ=organ)
    alle = [*oversikt.current, *oversikt.fremtidige, *oversikt.tidligere]
    invitert = accounts.invitations_latest(person_ids={v.person_id for v in alle})
    brukere = {v.person.bruker_id for v in alle if v.person.bruker_id is not None}
    beskyttet = accounts.protected_user_ids(brukere) | {request.user.pk}
    status = {
        v.person_id: accounts.kontostatus(
            v.person, invitert.get(v.person_id), beskyttet=v.person.bruker_id in beskyttet
        )
        for v in alle
    }
    current = {v.person_id: status[v.person_id] for v in oversikt.current}

    def rader(verv: list[Verv], *, ended: bool = False) -> list[Rad]:
        return [
            Rad(v, status[v.person_id], kan_invitere=status[v.person_id].can_invite and not ended)
            for v in verv
        ]

    return render(
        request,
        "moter/medlemmer.html",
        {
            "organ": organ,
            "grupper": [(g.rolle_navn, rader(g.verv)) for g in oversikt.grupper],
            "fremtidige": rader(oversikt.fremtidige),
            "tidligere": rader(oversikt.tidligere, ended=True),
            "antall": len(current),
            "uten_epost": sum(s.mangler_epost for s in current.values()),
            "uten_innlogging": sum(s.uten_innlogging for s in current.values()),
            "aldri_innlogget": sum(s.aldri_innlogget for s in current.values()),
            "deaktivert": sum(s.deaktivert for s in current.values()),
            "idag": today(),
        },
    )


@organ_manager_required
def verv_new(request: HttpRequest, organ: Organ) -> HttpResponse:
    """«Legg til medlem»: a registered person or a new one, with a verv; the person and the verv
    are saved together or not at all. An address another person has offers that person."""
    existing: Person | None = None
    if request.method == "POST":
        data: QueryDict = request.POST
        if bruk := data.get("bruk_person"):
            # «Bruk Kari Nordmann»: the person the address belongs to, in place of a new one.
            data = data.copy()
            data["person"] = bruk
            for navn in VervForm.NEW_PERSON_FIELDS:
                data[navn] = ""
        form = VervForm(data, organ=organ)
        if form.is_valid():
            d = form.cleaned_data
            try:
                with transaction.atomic():
                    person = d["person"] or members.person_create(
                        navn=d["navn"],
                        epost=d["epost"],
                        partner=d["partner"],
                        stilling=d["stilling"],
                    )
                    verv = members.verv_create(
                        person=person,
                        organ=organ,
                        rolle=d["rolle"],
                        # «Tomt: samme som arbeidsstedet.»
                        representerer=d["representerer"] or person.partner,
                        fra=d["fra"],
                        til=d["til"],
                        merknad=d["merknad"],
                        vara_for=d["vara_for"],
                    )
            except ValidationError as exc:
                # Before the error takes the address out of cleaned_data.
                existing = None if d["person"] else members.person_with_epost(d["epost"])
                add_form_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"{person.navn} er lagt til som {verv.get_rolle_display().lower()} i "
                    f"{organ.kortnavn} fra {verv.fra:%d.%m.%y}.",
                )
                if d["inviter"]:
                    _invite(request, person)
                return _to_list(organ)
    else:
        form = VervForm(organ=organ)
    return render(
        request,
        "moter/medlem_ny.html",
        {"organ": organ, "form": form, "eksisterende": existing},
        status=400 if form.errors else 200,
    )


def _invite(request: HttpRequest, person: Person) -> None:
    """Sends the invitation when the person can get one, and says what happened."""
    person = Person.objects.select_related("bruker").get(pk=person.pk)
    status = accounts.kontostatus(person)
    if not status.can_invite:
        if status.mangler_epost:
            messages.warning(
                request, f"{person.navn} har ingen e-postadresse og fikk ingen invitasjon."
            )
        return
    try:
        accounts.invitation_send(person=person, av=_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, f"Invitasjonen sendes til {person.epost}.")


@organ_manager_required
def person_edit(request: HttpRequest, organ: Organ, pk: int) -> HttpResponse:
    """«Rediger» a person with a verv (any time) in the body: name, address, title, workplace
    and phone. Anybody else is not found here."""
    person = get_object_or_404(
        Person.objects.select_related("partner").filter(verv__organ=organ).distinct(), pk=pk
    )
    if request.method == "POST":
        form = PersonForm(request.POST, person=person)
        if form.is_valid():
            try:
                person = members.person_update(person=person, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Endringene for {person.navn} er lagret.")
                return _to_list(organ)
    else:
        form = PersonForm(person=person)
    return render(
        request,
        "moter/person_rediger.html",
        {"organ": organ, "person": person, "form": form},
        status=400 if form.errors else 200,
    )


@organ_manager_required
def verv_end(request: HttpRequest, organ: Organ, pk: int) -> HttpResponse:
    """«Avslutt verv»: a confirmation with the last day (GET), the ending (POST)."""
    verv = get_object_or_404(
        Verv.objects.select_related("person", "organ", "representerer"), pk=pk, organ=organ
    )
    if request.method == "POST":
        form = VervEndForm(request.POST)
        if form.is_valid():
            try:
                verv = members.verv_end(
                    verv=verv,
                    til=form.cleaned_data["til"],
                    siste_mote=mote_services.last_meeting_day(person=verv.person, organ=organ),
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Vervet til {verv.person.navn} som {verv.get_rolle_display().lower()} "
                    f"slutter {verv.til:%d.%m.%y}.",
                )
                return _to_list(organ)
    else:
        form = VervEndForm()
    return render(
        request,
        "moter/verv_avslutt.html",
        {"organ": organ, "verv": verv, "form": form},
        status=400 if form.errors else 200,
    )


@organ_manager_required
def verv_edit(request: HttpRequest, organ: Organ, pk: int) -> HttpResponse:
    """«Endre verv»: role, partner, period, note and «vara for» of one verv, ended or not."""
    verv = get_object_or_404(
        Verv.objects.select_related("person", "organ", "representerer"), pk=pk, organ=organ
    )
    if request.method == "POST":
        form = VervEditForm(request.POST, verv=verv)
        if form.is_valid():
            try:
                verv = members.verv_update(
                    verv=verv,
                    meeting_days=mote_services.meeting_days(person=verv.person, organ=organ),
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Vervet til {verv.person.navn} er lagret.")
                return _to_list(organ)
    else:
        form = VervEditForm(verv=verv)
    return render(
        request,
        "moter/verv_endre.html",
        {"organ": organ, "verv": verv, "form": form},
        status=400 if form.errors else 200,
    )


@organ_manager_required
def periode_new(request: HttpRequest, organ: Organ) -> HttpResponse:
    """«Ny periode»: the current verv end the day before the new period, and those who go on
    get new verv with the role chosen per row, all in one transaction."""
    verv = members.medlemsoversikt(organ=organ).current
    if request.method == "POST":
        form = PeriodeForm(request.POST, verv=verv)
        if form.is_valid():
            try:
                nye = members.verv_new_period(
                    organ=organ, fra=form.cleaned_data["fra"], roller=form.roller()
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Ny periode fra {form.cleaned_data['fra']:%d.%m.%y}: {len(nye)} verv "
                    f"videreført, {len(verv) - len(nye)} avsluttet.",
                )
                return _to_list(organ)
    else:
        form = PeriodeForm(verv=verv)
    return render(
        request,
        "moter/ny_periode.html",
        {"organ": organ, "form": form},
        status=400 if form.errors else 200,
    )


@organ_manager_required
@require_POST
def person_invite(request: HttpRequest, organ: Organ, pk: int) -> HttpResponse:
    person = _person_in(organ, pk)
    if not Verv.objects.filter(organ=organ, person=person).exclude(til__lt=today()).exists():
        # The page offers no invitation on the rows of a verv that has ended.
        messages.error(
            request, f"Vervet til {person.navn} i {organ.kortnavn} er avsluttet: ingen invitasjon."
        )
        return _to_list(organ)
    try:
        accounts.invitation_send(person=person, av=_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, f"Invitasjonen til {person.navn} sendes til {person.epost}.")
    return _to_list(organ)


def _account_change(request: HttpRequest, organ: Organ, pk: int, change, done: str):
    """Deactivate or activate a member's login, with the service's refusal as a message."""
    person = _person_in(organ, pk)
    try:
        change(person=person, av=_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, done.format(navn=person.navn))
    return _to_list(organ)


@organ_manager_required
@require_POST
def person_deactivate(request: HttpRequest, organ: Organ, pk: int) -> HttpResponse:
    return _account_change(
        request,
        organ,
        pk,
        accounts.user_deactivate,
        "Innloggingen til {navn} er deaktivert. Personen og vervene er som før.",
    )


@organ_manager_required
@require_POST
def person_activate(request: HttpRequest, organ: Organ, pk: int) -> HttpResponse:
    return _account_change(
        request, organ, pk, accounts.user_activate, "Innloggingen til {navn} virker igjen."
    )
