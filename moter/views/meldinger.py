"""A body's e-mail templates: the subject and opening text of each kind of message, for those
who run the body (Meldingsmal), all on one form. Empty fields give the portal's own wording,
which the page shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from helsefellesskap import outbox
from helsefellesskap.access import organ_manager_required
from helsefellesskap.models import Nettsted, Organ
from moter import access
from moter import services as mote_services
from moter.forms import MeldingForm
from moter.models import Meldingsmal, Mote
from moter.notices import WORDING_ONLY_FIELDS


@dataclass
class Rad:
    """One kind of message on the page."""

    art: str
    navn: str
    form: MeldingForm
    egen: bool
    standard: str
    bare_tekst: bool


def _default_subject(organ: Organ, art: str) -> str:
    """The portal's own subject, for a meeting of the body today (an example)."""
    eksempel = Mote(organ=organ, start=timezone.now())
    context = {
        "mote": eksempel,
        "start": timezone.localtime(eksempel.start),
        "nettsted": Nettsted.get(),
    }
    return outbox.one_line(render_to_string(f"epost/{art}_emne.txt", context))


@organ_manager_required
def organ_meldinger(request: HttpRequest, slug: str) -> HttpResponse:
    organ = get_object_or_404(Organ, slug=slug)
    access.require_manage_organ(request.user, organ)
    maler = {m.art: m for m in Meldingsmal.objects.filter(organ=organ)}
    data = request.POST if request.method == "POST" else None
    skjema = []
    for art, navn in Meldingsmal.Art.choices:
        mal = maler.get(art)
        initial = {"emne": mal.emne, "innledning": mal.innledning} if mal else {}
        form = MeldingForm(data, initial=initial, prefix=art)
        skjema.append(
            Rad(
                art=art,
                navn=navn,
                form=form,
                egen=mal is not None,
                standard=_default_subject(organ, art),
                bare_tekst=art in WORDING_ONLY_FIELDS,
            )
        )
    if data is not None:
        if all(s.form.is_valid() for s in skjema):
            with transaction.atomic():
                for s in skjema:
                    mote_services.meldingsmal_save(organ=organ, art=s.art, **s.form.cleaned_data)
            messages.success(request, "E-postmalene er lagret.")
            return redirect(request.path)
        feil = [
            (s.form[navn].auto_id, f"{s.navn}, {s.form.fields[navn].label}", melding)
            for s in skjema
            for navn, meldinger in s.form.errors.items()
            for melding in meldinger
        ]
        return render(
            request,
            "moter/meldinger.html",
            {"organ": organ, "skjema": skjema, "feil": feil},
            status=400,
        )
    return render(request, "moter/meldinger.html", {"organ": organ, "skjema": skjema})
