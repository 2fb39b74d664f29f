"""The annual report's pages: the list of reports, a body's report for a year (page and PDF),
the secretariat's form for its texts and publication. Not cached (the page depends on meetings,
saker, referater, plans and members alike); the PDF is kept by the digest of its HTML."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from helsefellesskap.access import AnyUser, organ_manager_required
from helsefellesskap.limits import aar_i_spenn
from helsefellesskap.models import Organ, today
from moter import access as mote_access
from moter import dokumenter
from moter.models import Mote
from moter.views.common import add_form_errors, form_status
from saker.history import LogSource, combined_endringslogg

from .. import access
from ..models import Arsrapport
from . import document, services
from .content import arsrapport_content
from .forms import ArsrapportForm


def _organ_and_year(slug: str, aar: int) -> Organ:
    """The body at ``slug``; 404 for an unknown body or a year outside the portal's years."""
    if not aar_i_spenn(aar):
        raise Http404("Året er utenfor det portalen viser.")
    return get_object_or_404(Organ, slug=slug)


def _visible(user: AnyUser, slug: str, aar: int) -> Arsrapport:
    """The report if ``user`` may see it: those who run the body always (a draft too, also
    before it is saved), others once it is published; else 404."""
    rapport = services.arsrapport_get(organ=_organ_and_year(slug, aar), aar=aar)
    if not access.can_view_arsrapport(user, rapport):
        raise Http404("Fant ingen publisert årsrapport.")
    return rapport


@require_safe
def arsrapport_list(request: HttpRequest) -> HttpResponse:
    """The published reports, and for those who run bodies every year their bodies have
    meetings in, with the state of its report."""
    user = request.user
    rapporter = {
        (r.organ_id, r.aar): r
        for r in Arsrapport.objects.filter(access.arsrapport_visible_q(user)).select_related(
            "organ"
        )
    }
    styrte = list(mote_access.organs_managed(user)) if user.is_authenticated else []
    aar_med_moter = set()
    if styrte:
        for organ_id, start in Mote.objects.filter(organ__in=styrte).values_list(
            "organ_id", "start"
        ):
            aar_med_moter.add((organ_id, timezone.localtime(start).year))
    organer = {o.pk: o for o in styrte} | {r.organ_id: r.organ for r in rapporter.values()}
    rader: dict[int, list] = {}
    for organ_id, aar in sorted(set(rapporter) | aar_med_moter, key=lambda k: -k[1]):
        rader.setdefault(organ_id, []).append(
            {"aar": aar, "rapport": rapporter.get((organ_id, aar))}
        )
    grupper = [
        {"organ": organer[pk], "rader": rader[pk]}
        for pk in sorted(rader, key=lambda pk: (organer[pk].rekkefolge, organer[pk].navn))
    ]
    return render(
        request,
        "handlingsplan/arsrapporter.html",
        {"grupper": grupper, "kan_redigere": bool(styrte), "i_fjor": today().year - 1},
    )


@require_safe
def arsrapport_detail(request: HttpRequest, slug: str, aar: int) -> HttpResponse:
    user = request.user
    rapport = _visible(user, slug, aar)
    if rapport.organ.slug != slug:
        return redirect(rapport, permanent=True)
    kan_redigere = access.can_change_arsrapport(user, rapport)
    historikk = None
    if kan_redigere and rapport.pk:
        historikk = combined_endringslogg(
            LogSource(rapport.history.all(), Arsrapport, emne=lambda p: "Årsrapporten")
        )
    return render(
        request,
        "handlingsplan/arsrapport.html",
        {
            "rapport": rapport,
            "x": arsrapport_content(user=user, organ=rapport.organ, aar=aar),
            "kan_redigere": kan_redigere,
            "historikk": historikk,
            "versjon": len(historikk) if historikk else 0,
            "pdf": False,
        },
    )


@require_safe
def arsrapport_pdf(request: HttpRequest, slug: str, aar: int) -> HttpResponse:
    user = request.user
    rapport = _visible(user, slug, aar)
    laget = document.arsrapport_pdf(
        rapport=rapport, innhold=arsrapport_content(user=user, organ=rapport.organ, aar=aar)
    )
    # An anonymous reader gets the public edition, the same for everybody: a proxy may keep it.
    offentlig = not user.is_authenticated and rapport.publisert is not None
    return dokumenter.pdf_response(
        request, laget, filename=document.filename(rapport), offentlig=offentlig
    )


@organ_manager_required
def arsrapport_edit(request: HttpRequest, slug: str, aar: int) -> HttpResponse:
    organ = _organ_and_year(slug, aar)
    mote_access.require_manage_organ(request.user, organ)
    rapport = services.arsrapport_get(organ=organ, aar=aar)
    if request.method == "POST":
        form = ArsrapportForm(request.POST)
        if form.is_valid():
            try:
                services.arsrapport_save(organ=organ, aar=aar, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Årsrapporten er lagret.")
                return redirect(rapport)
    else:
        form = ArsrapportForm(initial={f: getattr(rapport, f) for f in services.TEKSTFELTER})
    return render(
        request,
        "handlingsplan/arsrapport_skjema.html",
        {"form": form, "rapport": rapport},
        status=form_status(form),
    )


@require_POST
@organ_manager_required
def arsrapport_publish(request: HttpRequest, slug: str, aar: int) -> HttpResponse:
    organ = _organ_and_year(slug, aar)
    mote_access.require_manage_organ(request.user, organ)
    publisert = request.POST.get("handling") != "avpubliser"
    rapport = services.arsrapport_publish(organ=organ, aar=aar, publisert=publisert)
    if publisert:
        messages.success(request, "Årsrapporten er publisert og kan leses av alle.")
    else:
        messages.success(request, "Årsrapporten er trukket tilbake og er igjen et utkast.")
    return redirect(rapport)
