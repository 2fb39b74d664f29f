"""A body's e-mail templates: the subject and opening text of each kind of message, for those
who run the body (Meldingsmal). Empty fields give the portal's own wording."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from helsefellesskap.access import organ_manager_required
from helsefellesskap.models import Organ
from moter import access
from moter import services as mote_services
from moter.forms import MeldingForm
from moter.models import Meldingsmal


@organ_manager_required
def organ_meldinger(request: HttpRequest, slug: str) -> HttpResponse:
    organ = get_object_or_404(Organ, slug=slug)
    access.require_manage_organ(request.user, organ)
    maler = {m.art: m for m in Meldingsmal.objects.filter(organ=organ)}
    posted = request.POST.get("art") if request.method == "POST" else None
    skjema = []
    status = 200
    for art, navn in Meldingsmal.Art.choices:
        mal = maler.get(art)
        initial = {"emne": mal.emne, "innledning": mal.innledning} if mal else {}
        form = MeldingForm(request.POST if posted == art else None, initial=initial, prefix=art)
        if posted == art:
            if form.is_valid():
                mote_services.meldingsmal_save(organ=organ, art=art, **form.cleaned_data)
                messages.success(request, f"Malen for «{navn.lower()}» er lagret.")
                return redirect(f"{request.path}#mal-{art}")
            status = 400
        skjema.append({"art": art, "navn": navn, "form": form, "egen": mal is not None})
    return render(
        request, "moter/meldinger.html", {"organ": organ, "skjema": skjema}, status=status
    )
