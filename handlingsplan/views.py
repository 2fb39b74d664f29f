"""The action plan's pages: a year's plan with its innsatsområder and tiltak (filtered by
responsible body and status), a tiltak with its status reports, the saker that treated it and
its funding, the funding overview per grant and per year (with a server-rendered bar chart), and
the secretariat's forms for a status report and for spending. Not cached: the pages are small,
and what they show depends on plans, tiltak, grants and saker alike."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from helsefellesskap.access import AnyUser, sekretariat_required
from helsefellesskap.models import Organ, today
from moter import access as mote_access
from moter.views.common import add_form_errors, form_status

from . import access, services
from .forms import ForbrukForm, PlanFilter, StatusrapportForm
from .models import Forbruk, Handlingsplan, Status, Tildeling, Tilskudd, Tiltak


def plan_current(request: HttpRequest) -> HttpResponse:
    """This year's plan; when there is none (yet) that the reader may see, the latest."""
    planer = Handlingsplan.objects.visible_to(request.user)
    plan = planer.filter(aar=today().year).first() or planer.filter(aar__lt=today().year).first()
    plan = plan or planer.first()
    return _plan_page(request, plan)


def plan_year(request: HttpRequest, aar: int) -> HttpResponse:
    plan = Handlingsplan.objects.visible_to(request.user).filter(aar=aar).first()
    if plan is None:
        raise Http404("Fant ingen handlingsplan for året.")
    return _plan_page(request, plan)


def _plan_page(request: HttpRequest, plan: Handlingsplan | None) -> HttpResponse:
    user = request.user
    filter_ = PlanFilter(request.GET)
    valgt, filterfeil = filter_.valid(), filter_.remarks()
    organ, status = valgt.get("organ"), valgt.get("status")
    omrader: list = []
    organer: list = []
    if plan is not None:
        tiltak = Tiltak.objects.select_related("ansvarlig_organ").order_by("rekkefolge", "pk")
        if organ is not None:
            tiltak = tiltak.filter(ansvarlig_organ=organ)
        if status:
            tiltak = tiltak.filter(status=status)
        omrader = [
            o
            for o in plan.innsatsomrader.prefetch_related(Prefetch("tiltak", queryset=tiltak))
            if o.tiltak.all() or not (organ or status)
        ]
        organer = list(
            Organ.objects.filter(tiltak__innsatsomrade__plan=plan).distinct().order_by("navn")
        )
    return render(
        request,
        "handlingsplan/plan.html",
        {
            "plan": plan,
            "omrader": omrader,
            "organer": organer,
            "statuser": Status.choices,
            "organ": organ,
            "status": status,
            "filterfeil": filterfeil,
            "antall": sum(len(o.tiltak.all()) for o in omrader),
            "aar": Handlingsplan.objects.visible_to(user).values_list("aar", flat=True),
            "vedtatt_i": mote_access.sak_link(user, plan.vedtatt_i) if plan else None,
            "kan_redigere": access.can_manage_handlingsplan(user),
        },
    )


def get_tiltak(user: AnyUser, pk: int) -> Tiltak:
    """The tiltak at ``pk`` if ``user`` may see it (its plan is published, or the user is the
    secretariat); else 404."""
    tiltak = (
        Tiltak.objects.filter(access.tiltak_visible_q(user))
        .select_related("innsatsomrade__plan", "ansvarlig_organ")
        .filter(pk=pk)
        .first()
    )
    if tiltak is None:
        raise Http404("Fant ikke tiltaket.")
    return tiltak


def tiltak_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    tiltak = get_tiltak(user, pk)
    rapporter = tiltak.statusrapporter.select_related("rapportert_i__mote", "rapportert_i__organ")
    tildelinger = services.tildelinger_summer(
        tiltak.tildelinger.select_related("tilskudd").prefetch_related(
            Prefetch("forbruk", queryset=Forbruk.objects.order_by("dato", "pk"))
        )
    ).order_by("aar", "pk")
    return render(
        request,
        "handlingsplan/tiltak.html",
        {
            "tiltak": tiltak,
            "plan": tiltak.innsatsomrade.plan,
            "rapporter": [
                {"r": r, "sak": mote_access.sak_link(user, r.rapportert_i)} for r in rapporter
            ],
            "tildelinger": tildelinger,
            "kontaktpersoner": tiltak.kontaktpersoner.order_by("navn"),
            "kan_redigere": access.can_manage_handlingsplan(user),
        },
    )


def _chart(aarstall: list[services.Aarstall]) -> dict:
    """A horizontal bar chart of granted, allocated and spent per year, as SVG coordinates
    (``VIEWBOX_BREDDE`` units wide: the year, the bar, its amount). Years with nothing to show
    (only grants without an amount) are left to the table."""
    aar_med_tall = [a for a in aarstall if a.innvilget or a.tildelt or a.brukt]
    storst = max([max(a.innvilget, a.tildelt, a.brukt) for a in aar_med_tall] or [0]) or 1
    venstre, bredde, stolpe, steg, luft = 44, 250, 14, 18, 14
    grupper = []
    y = 0
    for a in aar_med_tall:
        stolper = []
        for j, (navn, klasse, verdi) in enumerate(
            [
                ("Innvilget", "innvilget", a.innvilget),
                ("Tildelt", "tildelt", a.tildelt),
                ("Brukt", "brukt", a.brukt),
            ]
        ):
            lengde = bredde * verdi / storst
            stolper.append(
                {
                    "navn": navn,
                    "klasse": klasse,
                    "verdi": verdi,
                    "y": y + j * steg,
                    # Strings: the template would write a float with a decimal comma.
                    "bredde": f"{lengde:.2f}",
                    "tekst_x": f"{venstre + lengde + 4:.2f}",
                    "tekst_y": y + j * steg + stolpe - 3,
                }
            )
        grupper.append({"aar": a.aar, "y": y + stolpe - 3, "stolper": stolper})
        y += 3 * steg + luft
    return {
        "grupper": grupper,
        "hoyde": max(y - luft, steg),
        "stolpe": stolpe,
        "venstre": venstre,
        "bredde": VIEWBOX_BREDDE,
    }


VIEWBOX_BREDDE = 400


def tilskudd_overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    sekretariat = access.can_manage_handlingsplan(user)
    tilskudd = services.tilskudd_summer(
        Tilskudd.objects.select_related("tilsagnsbrev__sak__mote"), None if sekretariat else user
    )
    tildelinger = services.tildelinger_summer(
        Tildeling.objects.filter(access.tildeling_visible_q(user)).select_related(
            "tiltak__innsatsomrade__plan"
        )
    ).order_by("aar", "tiltak__tittel")
    per_tilskudd: dict[int, list] = {}
    for t in tildelinger:
        per_tilskudd.setdefault(t.tilskudd_id, []).append(t)
    rader = [
        {
            "t": t,
            "brev": access.vedlegg_link(user, t.tilsagnsbrev),
            "tildelinger": per_tilskudd.get(t.pk, []),
        }
        for t in tilskudd
    ]
    aarstall = services.per_aar(tilskudd)
    return render(
        request,
        "handlingsplan/tilskudd.html",
        {"rader": rader, "aarstall": aarstall, "diagram": _chart(aarstall)},
    )


@sekretariat_required
def statusrapport_new(request: HttpRequest, pk: int) -> HttpResponse:
    tiltak = get_object_or_404(Tiltak.objects.select_related("innsatsomrade__plan"), pk=pk)
    if request.method == "POST":
        form = StatusrapportForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.statusrapport_add(
                    tiltak=tiltak,
                    dato=d["dato"],
                    status=d["status"],
                    tekst=d["tekst"],
                    rapportert_i=d["rapportert_i"],
                    rapportert_i_tekst=d["rapportert_i_tekst"],
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Statusrapporten er lagret.")
                return redirect(tiltak)
    else:
        form = StatusrapportForm(initial={"dato": today(), "status": tiltak.status})
    return render(
        request,
        "handlingsplan/statusrapport_skjema.html",
        {"form": form, "tiltak": tiltak},
        status=form_status(form),
    )


@sekretariat_required
def forbruk_new(request: HttpRequest, pk: int) -> HttpResponse:
    tiltak = get_object_or_404(Tiltak.objects.select_related("innsatsomrade__plan"), pk=pk)
    tildelinger = tiltak.tildelinger.select_related("tilskudd").order_by("aar", "pk")
    if request.method == "POST":
        form = ForbrukForm(request.POST, tildelinger=tildelinger)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.forbruk_add(
                    tildeling=d["tildeling"], dato=d["dato"], belop=d["belop"], tekst=d["tekst"]
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Forbruket er registrert.")
                return redirect(tiltak)
    else:
        form = ForbrukForm(
            tildelinger=tildelinger,
            initial={"dato": today(), "tildeling": tildelinger.last()},
        )
    return render(
        request,
        "handlingsplan/forbruk_skjema.html",
        {"form": form, "tiltak": tiltak, "har_tildeling": tildelinger.exists()},
        status=form_status(form),
    )
