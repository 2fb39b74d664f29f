"""The action plan's pages: a year's plan with its innsatsområder and tiltak (filtered by
responsible body and status), a tiltak with its status reports, the saker that treated it and
its funding, the funding overview per grant and per year (with a server-rendered bar chart), and
the plan as a PDF, and the secretariat's forms (a plan, an innsatsområde, a tiltak, a grant with
its letter, an allocation, a status report, spending). Not cached: the pages are small, and what
they show depends on plans, tiltak, grants and saker alike (the handlingsplan tables carry no
version of their own); as /avtaler/, the public pages are revalidated by the digest of what they
show (``pagecache.revalidated_by_content``: an unchanged page answers ``304 Not Modified``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from helsefellesskap.access import AnyUser, sekretariat_required
from helsefellesskap.models import Organ, today
from helsefellesskap.pagecache import revalidated_by_content
from moter import access as mote_access
from moter import dokumenter
from moter.views.common import add_form_errors, form_status

from . import access, services
from .forms import (
    ForbrukForm,
    InnsatsomradeForm,
    PlanFilter,
    PlanForm,
    StatusrapportForm,
    TildelingForm,
    TilskuddForm,
    TiltakForm,
)
from .models import Forbruk, Handlingsplan, Innsatsomrade, Status, Tildeling, Tilskudd, Tiltak
from .templatetags.hp import kroner


@revalidated_by_content
def plan_current(request: HttpRequest) -> HttpResponse:
    """This year's plan; when there is none (yet) that the reader may see, the latest."""
    planer = Handlingsplan.objects.visible_to(request.user)
    plan = planer.filter(aar=today().year).first() or planer.filter(aar__lt=today().year).first()
    plan = plan or planer.first()
    return _plan_page(request, plan)


@revalidated_by_content
def plan_year(request: HttpRequest, aar: int) -> HttpResponse:
    plan = Handlingsplan.objects.visible_to(request.user).filter(aar=aar).first()
    if plan is None:
        raise Http404("Fant ingen handlingsplan for året.")
    return _plan_page(request, plan)


def plan_omrader(plan: Handlingsplan, *, organ: Organ | None = None, status: str | None = None):
    """The plan's innsatsområder, each with its tiltak (only those of ``organ`` and ``status``
    when given; an innsatsområde with none of them is then left out)."""
    tiltak = Tiltak.objects.select_related("ansvarlig_organ").order_by("rekkefolge", "pk")
    if organ is not None:
        tiltak = tiltak.filter(ansvarlig_organ=organ)
    if status:
        tiltak = tiltak.filter(status=status)
    return [
        o
        for o in plan.innsatsomrader.prefetch_related(Prefetch("tiltak", queryset=tiltak))
        if o.tiltak.all() or not (organ or status)
    ]


def _plan_page(request: HttpRequest, plan: Handlingsplan | None) -> HttpResponse:
    user = request.user
    filter_ = PlanFilter(request.GET)
    valgt, filterfeil = filter_.valid(), filter_.remarks()
    organ, status = valgt.get("organ"), valgt.get("status")
    omrader: list = []
    organer: list = []
    if plan is not None:
        omrader = plan_omrader(plan, organ=organ, status=status)
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


# The plan as a PDF ------------------------------------------------------------------------------


def plan_pdf_html(plan: Handlingsplan) -> str:
    """The plan in the house style of the meeting documents (``moter/dokumenter/pdf.html``),
    as the public reads it: a published plan holds nothing the public may not see; the sak
    that adopted it is named only when the public may see that sak."""
    context = dokumenter.page_context()
    dag = today()
    utgave = "offentlig utgave" if plan.publisert else "utkast"
    return render_to_string(
        "moter/dokumenter/pdf.html",
        {
            **context,
            "innhold": "handlingsplan/plan_innhold.html",
            "art": "handlingsplan",
            "tittel": str(plan),
            "emne": f"Innsatsområder og tiltak i handlingsplanen for {plan.aar}",
            "forfatter": context["nettsted"].navn,
            "organ_navn": "",
            "bunntekst": f"{plan} per {dag:%d.%m.%Y} · {utgave}",
            "plan": plan,
            "omrader": plan_omrader(plan),
            "vedtatt_i": mote_access.sak_link(AnonymousUser(), plan.vedtatt_i),
            "dag": dag,
            "pdf": True,
        },
    )


@require_safe
def plan_pdf(request: HttpRequest, aar: int) -> HttpResponse:
    """The year's plan as PDF: a published plan for everybody (the same file for all, with an
    ETag and ``304 Not Modified``); a draft for the secretariat alone, kept by no cache."""
    plan = Handlingsplan.objects.visible_to(request.user).filter(aar=aar).first()
    if plan is None:
        raise Http404("Fant ingen handlingsplan for året.")
    filename = f"handlingsplan-{plan.aar}.pdf"
    pdf = dokumenter.html_pdf_cached(
        html=plan_pdf_html(plan),
        tittel=str(plan),
        forfatter="",
        filename=filename,
        key="handlingsplan-pdf",
    )
    return dokumenter.pdf_response(
        request, pdf, filename=filename, offentlig=plan.publisert is not None
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


@revalidated_by_content
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


@revalidated_by_content
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
        {
            "rader": rader,
            "aarstall": aarstall,
            "diagram": _chart(aarstall),
            "kan_redigere": sekretariat,
        },
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


# The secretariat's forms ---------------------------------------------------------------------


def _form_page(request: HttpRequest, form, tittel: str, tilbake: str, **context) -> HttpResponse:
    """The one template of the plan's forms: its fields in order, each error at its field."""
    return render(
        request,
        "handlingsplan/skjema.html",
        {"form": form, "tittel": tittel, "tilbake": tilbake, **context},
        status=form_status(form),
    )


@sekretariat_required
def plan_form(request: HttpRequest, aar: int | None = None) -> HttpResponse:
    """A new year's plan, or (``aar``) a change to one; publishing while it is a draft."""
    plan = get_object_or_404(Handlingsplan, aar=aar) if aar is not None else None
    if request.method == "POST":
        form = PlanForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                with transaction.atomic():
                    if plan is None:
                        plan = services.handlingsplan_create(**form.felter())
                    else:
                        plan = services.handlingsplan_update(plan=plan, **form.felter())
                    if form.cleaned_data.get("publiser"):
                        plan = services.handlingsplan_publish(plan=plan)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"«{plan}» er lagret.")
                return redirect(plan)
    else:
        initial = PlanForm.initial_from(plan) if plan else {"aar": today().year + 1}
        form = PlanForm(initial=initial, plan=plan)
    return _form_page(
        request,
        form,
        f"Endre {plan}" if plan else "Ny handlingsplan",
        plan.get_absolute_url() if plan else reverse("handlingsplan"),
        plan=plan,
        knapp="Lagre planen",
    )


@sekretariat_required
def innsatsomrade_form(
    request: HttpRequest, aar: int | None = None, pk: int | None = None
) -> HttpResponse:
    """A new innsatsområde in the plan of ``aar``, or a change to the one at ``pk``."""
    omrade = get_object_or_404(Innsatsomrade.objects.select_related("plan"), pk=pk) if pk else None
    plan = omrade.plan if omrade else get_object_or_404(Handlingsplan, aar=aar)
    if request.method == "POST":
        form = InnsatsomradeForm(request.POST)
        if form.is_valid():
            try:
                if omrade is None:
                    omrade = services.innsatsomrade_add(plan=plan, **form.felter())
                else:
                    felter = form.felter()
                    if felter["rekkefolge"] is None:
                        felter["rekkefolge"] = omrade.rekkefolge
                    omrade = services.innsatsomrade_update(omrade=omrade, **felter)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Innsatsområdet «{omrade.tittel}» er lagret.")
                return redirect(f"{plan.get_absolute_url()}#omrade-{omrade.pk}")
    else:
        form = InnsatsomradeForm(initial=InnsatsomradeForm.initial_from(omrade) if omrade else {})
    return _form_page(
        request,
        form,
        f"Endre innsatsområdet «{omrade.tittel}»" if omrade else "Nytt innsatsområde",
        plan.get_absolute_url(),
        plan=plan,
        knapp="Lagre innsatsområdet",
    )


@sekretariat_required
def tiltak_form(request: HttpRequest, omrade: int | None = None, pk: int | None = None):
    """A new tiltak in the innsatsområde ``omrade``, or a change to the tiltak at ``pk``."""
    tiltak = (
        get_object_or_404(Tiltak.objects.select_related("innsatsomrade__plan"), pk=pk)
        if pk
        else None
    )
    innsatsomrade = (
        tiltak.innsatsomrade
        if tiltak
        else get_object_or_404(Innsatsomrade.objects.select_related("plan"), pk=omrade)
    )
    plan = innsatsomrade.plan
    if request.method == "POST":
        form = TiltakForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                if tiltak is None:
                    tiltak = services.tiltak_create(**form.felter())
                else:
                    tiltak = services.tiltak_update(tiltak=tiltak, **form.felter())
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Tiltaket «{tiltak.tittel}» er lagret.")
                return redirect(tiltak)
    else:
        initial = (
            TiltakForm.initial_from(tiltak)
            if tiltak
            else {"innsatsomrade": innsatsomrade, "fra_aar": plan.aar, "til_aar": plan.aar}
        )
        form = TiltakForm(initial=initial, plan=plan)
    return _form_page(
        request,
        form,
        f"Endre tiltaket «{tiltak.tittel}»" if tiltak else "Nytt tiltak",
        tiltak.get_absolute_url() if tiltak else plan.get_absolute_url(),
        plan=plan,
        tiltak=tiltak,
        knapp="Lagre tiltaket",
    )


@sekretariat_required
def tilskudd_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new grant or a change to one, with its letter: a vedlegg in the portal, or a file
    uploaded to the sak it came to (in the same transaction as the grant)."""
    tilskudd = get_object_or_404(Tilskudd, pk=pk) if pk else None
    if request.method == "POST":
        form = TilskuddForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                with transaction.atomic():
                    felter = form.felter()
                    if d.get("brev_fil"):
                        felter["tilsagnsbrev"] = services.tilsagnsbrev_upload(
                            sak=d["brev_sak"],
                            fil=d["brev_fil"],
                            tittel=f"Tilsagnsbrev {d['kilde']} {d['aar']}"[:300],
                            offentlig=d["brev_offentlig"],
                            filsjekk=getattr(form, "filsjekk", None),
                        )
                    if tilskudd is None:
                        tilskudd = services.tilskudd_create(**felter)
                    else:
                        tilskudd = services.tilskudd_update(tilskudd=tilskudd, **felter)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, f"Tilskuddet «{tilskudd}» er lagret.")
                return redirect(f"{reverse('tilskudd')}#tilskudd-{tilskudd.pk}")
    else:
        initial = TilskuddForm.initial_from(tilskudd) if tilskudd else {"aar": today().year}
        form = TilskuddForm(initial=initial)
    return _form_page(
        request,
        form,
        f"Endre tilskuddet «{tilskudd}»" if tilskudd else "Nytt tilskudd",
        reverse("tilskudd"),
        knapp="Lagre tilskuddet",
        filer=True,
    )


@sekretariat_required
def tildeling_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocate part of a grant to the tiltak at ``pk`` for a year (the same grant and year
    again changes that allocation). Above what was granted is allowed, with a warning."""
    tiltak = get_object_or_404(Tiltak.objects.select_related("innsatsomrade__plan"), pk=pk)
    plan = tiltak.innsatsomrade.plan
    if request.method == "POST":
        form = TildelingForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.tildeling_set(tiltak=tiltak, **d)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Tildelingen er lagret.")
                over = services.tildeling_overtildelt(tilskudd=d["tilskudd"])
                if over:
                    messages.warning(
                        request,
                        f"Det er nå tildelt {kroner(over)} mer enn innvilget fra "
                        f"«{d['tilskudd']}».",
                    )
                return redirect(tiltak)
    else:
        initial: dict = {"aar": plan.aar}
        valgt = request.GET.get("tildeling", "")
        # An allocation of this tiltak to change (from its page); anything else: a new one.
        endre = (
            tiltak.tildelinger.filter(pk=int(valgt)).first()
            if valgt.isdigit() and len(valgt) < 10
            else None
        )
        if endre is not None:
            initial = {
                "tilskudd": endre.tilskudd,
                "aar": endre.aar,
                "belop": endre.belop,
                "merknad": endre.merknad,
            }
        form = TildelingForm(initial=initial)
    return _form_page(
        request,
        form,
        f"Tildel midler til «{tiltak.tittel}»",
        tiltak.get_absolute_url(),
        plan=plan,
        tiltak=tiltak,
        knapp="Lagre tildelingen",
        tilskudd=services.tilskudd_summer(Tilskudd.objects.all()),
    )
