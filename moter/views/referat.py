"""The meeting's part of the referat: its status (held, sent for comments, published)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from helsefellesskap.access import organ_manager_required
from moter import access
from moter import services as mote_services
from moter.forms import KommentarfristForm
from moter.views.common import get_mote, messages_from_error


@organ_manager_required
@require_POST
def referat_status(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    access.require_manage_organ(request.user, mote.organ)
    handling = request.POST.get("handling")
    try:
        if handling == "avholdt":
            mote_services.mote_set_avholdt(mote=mote)
            messages.success(request, "Møtet er markert som avholdt.")
        elif handling == "til_kommentar":
            form = KommentarfristForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            mote_services.referat_send_for_comments(mote=mote, frist=form.cleaned_data["frist"])
            messages.success(
                request,
                "Referatet er sendt til medlemmene for kommentarer. De ser utkastet på møtesiden.",
            )
        elif handling == "publiser":
            mote_services.referat_publish(mote=mote, bruker=request.user)
            messages.success(request, "Referatet er publisert.")
        else:
            raise ValidationError("Ukjent handling.")
    except ValidationError as exc:
        messages_from_error(request, exc)
    return redirect("referat", pk=mote.pk)
