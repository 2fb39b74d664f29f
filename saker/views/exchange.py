"""Import of a meeting in the mote/1 format."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from helsefellesskap.access import organ_manager_required
from moter import access
from saker.exchange import importing
from saker.exchange.validate import ImportRejected, json_read
from saker.forms import ImportForm


@organ_manager_required
def mote_import(request: HttpRequest) -> HttpResponse:
    feil = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                mote = importing.mote_import(
                    json_read(form.cleaned_data["fil"].read()),
                    organ_allowed=lambda organ: access.can_manage_organ(request.user, organ),
                )
            except ImportRejected as exc:
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
