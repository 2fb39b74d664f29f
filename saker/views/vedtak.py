"""The vedtak register and the follow-up list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from helsefellesskap import pagecache
from helsefellesskap.access import organ_manager_required
from helsefellesskap.models import Organ
from moter import access
from moter.versions import published_referater
from moter.views.common import messages_from_error
from saker import services
from saker.forms import OppfolgingFilter, VedtakFilter
from saker.models import Oppfolging, Sak


def _filter(request: HttpRequest, skjema=VedtakFilter) -> tuple[dict, list[str]]:
    """The list's filters that are valid, and a Norwegian line for each one left out."""
    filter_ = skjema(request.GET)
    return filter_.valid(), filter_.remarks()


@pagecache.for_anonymous(published_referater)
def vedtak_register(request: HttpRequest) -> HttpResponse:
    chosen, filterfeil = _filter(request)
    aar, organ = chosen.get("aar"), chosen.get("organ")
    qs = Sak.objects.referat_readable_for(request.user).exclude(vedtak="")
    alle_aar = sorted({d.year for d in qs.dates("mote__start", "year")}, reverse=True)
    if aar:
        qs = qs.filter(mote__start__year=aar)
    if organ:
        qs = qs.filter(organ=organ)
    saker = list(
        qs.select_related("mote", "organ")
        .prefetch_related("oppfolginger")
        .order_by("-mote__start", "rekkefolge")[:500]
    )
    rader = [
        {"sak": sak, "skjermet": sak.skjermet, "oppfolginger": list(sak.oppfolginger.all())}
        for sak in saker
    ]
    return render(
        request,
        "saker/vedtak.html",
        {
            "rader": rader,
            "aar": aar,
            "organ": organ,
            "alle_aar": alle_aar,
            "organer": Organ.objects.filter(
                pk__in=Sak.objects.referat_readable_for(request.user)
                .exclude(vedtak="")
                .values("organ_id")
            ),
            "avgrenset": len(saker) == 500,
            "filterfeil": filterfeil,
        },
    )


def oppfolging_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    chosen, filterfeil = _filter(request, OppfolgingFilter)
    aar, organ, status = chosen.get("aar"), chosen.get("organ"), chosen.get("status", "")
    # What the vedtak register screens (an exempt sak read only in the public edition) is not
    # listed here at all: a follow-up row is all content.
    qs = Oppfolging.objects.filter(
        sak__in=Sak.objects.referat_readable_for(request.user).filter(skjermet=False)
    )
    if aar:
        qs = qs.filter(sak__mote__start__year=aar)
    if organ:
        qs = qs.filter(sak__organ=organ)
    if status:
        qs = qs.filter(status=status)
    rader = (
        qs.distinct()
        .select_related("sak__mote__organ", "ansvarlig")
        .order_by("status", "frist", "pk")
    )
    return render(
        request,
        "saker/oppfolging.html",
        {
            # Each row with whether the user may set its status: those who run its body.
            "rader": [(o, access.can_manage_mote(request.user, o.sak.mote)) for o in rader[:500]],
            "aar": aar,
            "organ": organ,
            "status": status,
            "statusvalg": Oppfolging.Status.choices,
            "organer": Organ.objects.active(),
            "idag": timezone.localdate(),
            "filterfeil": filterfeil,
        },
    )


@organ_manager_required
@require_POST
def oppfolging_status(request: HttpRequest, pk: int) -> HttpResponse:
    oppfolging = get_object_or_404(Oppfolging.objects.select_related("sak__organ"), pk=pk)
    access.require_manage_organ(request.user, oppfolging.sak.organ)
    try:
        services.oppfolging_set_status(oppfolging=oppfolging, status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, "Statusen er oppdatert.")
    neste = request.POST.get("neste", "")
    if not url_has_allowed_host_and_scheme(neste, allowed_hosts={request.get_host()}):
        neste = "/oppfolging/"
    return redirect(neste)
