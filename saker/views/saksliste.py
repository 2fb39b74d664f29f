"""The secretariat's agenda editor (saksliste): add, order, move and remove saker."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from helsefellesskap import pagecache
from helsefellesskap.access import organ_manager_required
from moter.access import Tilgang, require_manage_organ
from moter.display import saksliste
from moter.models import Mote
from moter.versions import organets_moter
from moter.views.common import get_mote, get_mote_cached, is_htmx, messages_from_error
from saker import services
from saker.forms import LineForm
from saker.models import Sak
from saker.views.common import get_sak, parse_id


def _editor_context(mote: Mote, **ekstra) -> dict:
    tidligere = (
        Sak.objects.saker()
        .filter(organ=mote.organ, mote__start__lt=mote.start)
        .exclude(mote=mote)
        .select_related("mote")
        .order_by("-mote__start", "rekkefolge")[:50]
    )
    andre_moter = (
        Mote.objects.filter(organ=mote.organ, status=Mote.Status.PLANLAGT)
        .exclude(pk=mote.pk)
        .order_by("start")
    )
    return {
        "mote": mote,
        "liste": saksliste(mote, tilgang=Tilgang.SEKRETARIAT),
        "linjeform": ekstra.pop("linjeform", None) or LineForm(),
        "ko": Sak.objects.in_queue().filter(organ=mote.organ).order_by("opprettet"),
        "tidligere": tidligere,
        "andre_moter": andre_moter,
        "redigerbar": mote.can_change,
        **ekstra,
    }


def _editor_html(request: HttpRequest, mote: Mote) -> str:
    """The agenda editor as it stands (no form errors): cached under the versions of the body's
    meetings (this one, the other planned ones, the earlier saker) and of its sakskø."""
    return pagecache.fragment_with_form(
        request,
        (
            "saksliste",
            mote.pk,
            organets_moter(mote.organ_id),
            pagecache.fingerprint(Sak.objects.in_queue().filter(organ_id=mote.organ_id)),
            pagecache.grunndata(),
        ),
        "saker/partials/saksliste.html",
        lambda: _editor_context(get_mote(mote.pk)),  # read after the versions
    )


def _editor_response(request: HttpRequest, mote: Mote, **ekstra) -> HttpResponse:
    mote.refresh_from_db()
    if is_htmx(request):
        if ekstra:
            return render(request, "saker/partials/saksliste.html", _editor_context(mote, **ekstra))
        return HttpResponse(_editor_html(request, mote))
    return redirect("saksliste", pk=mote.pk)


@organ_manager_required
def saksliste_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # Reading: the meeting through the cache, the editor a cached fragment that reads it again.
    mote = get_mote(pk) if request.method == "POST" else get_mote_cached(pk)
    require_manage_organ(request.user, mote.organ)
    if request.method == "POST":
        form = LineForm(request.POST)
        feil: list[str] = []
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.sak_create(
                    organ=mote.organ,
                    mote=mote,
                    tittel=d["tittel"],
                    type=d["type"],
                    sakstyper=[d["sakstype"]] if d["sakstype"] and d["type"] == "sak" else [],
                )
            except ValidationError as exc:
                feil = exc.messages
            else:
                if not is_htmx(request):
                    messages.success(request, f"«{d['tittel']}» er lagt til.")
                return _editor_response(request, mote)
        context = _editor_context(mote, linjeform=form, feil=feil)
        if is_htmx(request):
            return render(request, "saker/partials/saksliste.html", context)
        editor = render_to_string("saker/partials/saksliste.html", context, request)
        return render(request, "saker/saksliste.html", {"mote": mote, "editor": editor})
    return render(
        request, "saker/saksliste.html", {"mote": mote, "editor": _editor_html(request, mote)}
    )


def _run(request: HttpRequest, mote: Mote, handling) -> HttpResponse:
    """Run an agenda change; a rule it breaks becomes a message, never a 500."""
    try:
        handling()
    except ValidationError as exc:
        if is_htmx(request):
            return _editor_response(request, mote, feil=exc.messages)
        messages_from_error(request, exc)
    return _editor_response(request, mote)


@organ_manager_required
@require_POST
def sak_move(request: HttpRequest, pk: int) -> HttpResponse:
    sak = get_sak(pk)
    require_manage_organ(request.user, sak.organ)
    if sak.mote is None:
        raise Http404
    retning = request.POST.get("retning")
    if retning not in {"opp", "ned"}:
        return _editor_response(request, sak.mote, feil=["Ukjent retning."])
    return _run(request, sak.mote, lambda: services.saksliste_move(sak=sak, retning=retning))


@organ_manager_required
@require_POST
def saksliste_sort(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    require_manage_organ(request.user, mote.organ)
    try:
        ids = [int(x) for x in request.POST.getlist("rekkefolge")] or [
            int(x) for x in json.loads(request.POST.get("ids", "[]"))
        ]
    except (ValueError, TypeError, OverflowError, RecursionError):
        # Not a list of ids: a tampered request, or NaN/Infinity/deep nesting in the JSON.
        return _editor_response(request, mote, feil=["Ugyldig rekkefølge."])
    return _run(request, mote, lambda: services.saksliste_sort(mote=mote, ids=ids))


@organ_manager_required
@require_POST
def sak_remove(request: HttpRequest, pk: int) -> HttpResponse:
    sak = get_sak(pk)
    require_manage_organ(request.user, sak.organ)
    if sak.mote is None:
        raise Http404
    return _run(request, sak.mote, lambda: services.sak_remove_from_mote(sak=sak))


@organ_manager_required
@require_POST
def sak_place(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a sak from the queue on this meeting, or move one from another draft meeting."""
    mote = get_mote(pk)
    require_manage_organ(request.user, mote.organ)
    sak_id = parse_id(request.POST.get("sak"))
    sak = Sak.objects.filter(pk=sak_id).first() if sak_id is not None else None
    if sak is None:
        return _editor_response(request, mote, feil=["Velg en sak."])
    return _run(request, mote, lambda: services.sak_place(sak=sak, mote=mote))


@organ_manager_required
@require_POST
def sak_copy(request: HttpRequest, pk: int) -> HttpResponse:
    mote = get_mote(pk)
    require_manage_organ(request.user, mote.organ)
    sak_id = parse_id(request.POST.get("sak"))
    sak = Sak.objects.filter(pk=sak_id, organ=mote.organ).first() if sak_id is not None else None
    if sak is None:
        return _editor_response(request, mote, feil=["Velg en sak å kopiere."])
    return _run(request, mote, lambda: services.sak_copy(sak=sak, mote=mote))


@organ_manager_required
@require_POST
def sak_move_to_mote(request: HttpRequest, pk: int) -> HttpResponse:
    sak = get_sak(pk)
    require_manage_organ(request.user, sak.organ)
    if sak.mote is None:
        raise Http404
    fra = sak.mote
    template_id = parse_id(request.POST.get("mote"))
    mal = Mote.objects.filter(pk=template_id).first() if template_id is not None else None
    if mal is None:
        return _editor_response(request, fra, feil=["Velg møtet saken skal flyttes til."])
    return _run(request, fra, lambda: services.sak_place(sak=sak, mote=mal))
