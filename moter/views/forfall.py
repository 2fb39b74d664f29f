"""A member reports absence (forfall): from the meeting page when logged in, or from the signed
link in the innkalling without logging in (moter.forfall)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from moter import notices
from moter import services as mote_services
from moter.access import Tilgang, require_access
from moter.forfall import ForfallLinkError, forfall_link_read
from moter.forms import ForfallForm
from moter.models import Deltaker
from moter.views.common import get_mote, messages_from_error


@require_POST
def forfall_report(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    require_access(request.user, mote, at_least=Tilgang.MEDLEM)
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied("Brukeren din er ikke knyttet til en person.")
    _forfall_apply(request, mote, person, ForfallForm(request.POST))
    return redirect(mote)


def _forfall_apply(request: HttpRequest, mote, person, form: ForfallForm) -> bool:
    """Withdraw or report the forfall as the POST says, with the outcome as a message; False
    when the form has errors (nothing is done)."""
    try:
        if request.POST.get("handling") == "trekk":
            mote_services.forfall_withdraw(mote=mote, person=person)
            messages.success(request, "Forfallet er trukket. Velkommen på møtet!")
            return True
        if not form.is_valid():
            return False
        mote_services.forfall_report(mote=mote, person=person, merknad=form.cleaned_data["merknad"])
        messages.success(request, _forfall_registered(mote))
    except ValidationError as exc:
        messages_from_error(request, exc)
    return True


def _forfall_registered(mote) -> str:
    """The truth about who was told."""
    if notices.forfall_recipients(mote):
        return "Forfallet er registrert, og sekretariatet har fått beskjed på e-post."
    return "Forfallet er registrert. Sekretariatet ser det på møtesiden."


@never_cache
def forfall_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the innkalling: shows the meeting and the member's status (GET), reports or
    withdraws the forfall (POST). Usable again until the meeting starts."""
    try:
        lenke = forfall_link_read(token)
    except ForfallLinkError as exc:
        return render(request, "moter/forfall_lenke.html", {"feil": exc.melding}, status=exc.status)
    mote, person = lenke.mote, lenke.person
    form = ForfallForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _forfall_apply(request, mote, person, form):
            return redirect(request.path)
        status = 400
    forfall = Deltaker.objects.filter(
        mote=mote, person=person, oppmote=Deltaker.Oppmote.FORFALL
    ).first()
    response = render(
        request,
        "moter/forfall_lenke.html",
        {"mote": mote, "person": person, "forfall": forfall, "form": form},
        status=status,
    )
    # The token is in the address: not passed on to other sites, not indexed. (Not
    # «no-referrer»: the browser would then post the form with «Origin: null», which the CSRF
    # check rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response
