"""A member reports absence (forfall) from the meeting page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from moter import services as mote_services
from moter.access import Tilgang, require_access
from moter.forms import ForfallForm
from moter.views.common import get_mote, messages_from_error


@require_POST
def forfall_report(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    require_access(request.user, mote, at_least=Tilgang.MEDLEM)
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied("Brukeren din er ikke knyttet til en person.")
    form = ForfallForm(request.POST)
    if form.is_valid():
        try:
            mote_services.forfall_report(
                mote=mote, person=person, merknad=form.cleaned_data["merknad"]
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(
                request, "Forfallet er registrert. Sekretariatet ser det i deltakerlisten."
            )
    return redirect(mote)
