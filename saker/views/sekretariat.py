"""The secretariat's start page: the meetings, drafts and sakskø of the bodies the user runs
(all of them for the central secretariat)."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from helsefellesskap.access import organ_manager_required
from helsefellesskap.models import Organ
from moter import access
from moter.models import Mote
from saker.forms import OrganFilter
from saker.models import Sak


@organ_manager_required
def sekretariat(request: HttpRequest) -> HttpResponse:
    if request.GET.get("organ"):
        # «Ny sak i køen» works without JavaScript: the chosen body comes as a parameter.
        organ = OrganFilter(request.GET).valid().get("organ")
        if organ is None:
            raise Http404("Fant ikke organet.")
        return redirect("sak-ny-ko", slug=organ.slug)
    naa = timezone.now()
    styrte = access.managed_q(request.user)
    kommende = (
        Mote.objects.filter(styrte, start__gte=naa - datetime.timedelta(days=1))
        .exclude(status=Mote.Status.AVLYST)
        .select_related("organ")
        .annotate(count_saker=Count("saker", filter=Q(saker__type=Sak.Type.SAK)))
        .order_by("start")[:20]
    )
    utkast = (
        Mote.objects.filter(styrte, status=Mote.Status.PLANLAGT)
        .select_related("organ")
        .order_by("start")[:20]
    )
    ko = (
        Sak.objects.in_queue()
        .filter(styrte)
        .select_related("organ")
        .order_by("organ__rekkefolge", "organ__navn", "opprettet")
    )
    return render(
        request,
        "saker/sekretariat.html",
        {
            "kommende": kommende,
            "utkast": utkast,
            "ko": ko,
            "organer": access.organs_managed(request.user, Organ.objects.active()),
            "now": naa,
            "paneler": panels(request),
        },
    )


def panels(request: HttpRequest) -> list[dict]:
    """The panels the apps built on saker add to the start page (avtaler: the evaluations due).
    Found through each AppConfig's ``sekretariat_panel(request)``, as ``manage.py demo`` finds
    ``demo_load``: saker may not import those apps (the import contract), and a template tag
    registered by them would make this page's template depend on them being installed. Each
    panel is a dict with ``mal``, the template to include with the panel as ``panel``."""
    paneler = []
    for config in apps.get_app_configs():
        hook = getattr(config, "sekretariat_panel", None)
        if hook is not None:
            panel = hook(request)
            if panel:
                paneler.append(panel)
    return paneler
