"""Reading the agreements: the register (a tree of those in force), one agreement, one version's
text or file, and the secretariat's list of evaluations due. Not cached: the register is small,
and what it shows depends on agreements, versions, evaluations and saker alike; the public pages
are revalidated by the digest of what they show (``pagecache.revalidated_by_content``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from helsefellesskap.access import AnyUser, sekretariat_required
from helsefellesskap.models import today
from helsefellesskap.pagecache import revalidated_by_content
from moter import access as mote_access
from saker.history import LogSource, combined_endringslogg

from .. import access
from ..models import Avtale, Avtalepart, Avtaleversjon, Evaluering

DUE_WITHIN = datetime.timedelta(days=92)  # «the next three months»


@dataclass
class Node:
    """One agreement as the register shows it, with its agreements under it."""

    avtale: Avtale
    versjon: Avtaleversjon | None
    sak: dict | None
    neste_evaluering: Evaluering | None
    barn: list[Node] = field(default_factory=list)
    etterfolger: Avtale | None = None  # the successor, when the reader may see it


def _evaluering_order(e: Evaluering) -> tuple:
    return (e.planlagt is None, e.planlagt or datetime.date.max, e.pk)


def next_evaluation(evalueringer) -> Evaluering | None:
    planlagte = [e for e in evalueringer if e.status == Evaluering.Status.PLANLAGT]
    return min(planlagte, key=_evaluering_order, default=None)


def visible_avtaler(user: AnyUser):
    """The agreements ``user`` may see, with the versions they may see, each version's sak
    and meeting, and the evaluations."""
    versjoner = (
        Avtaleversjon.objects.filter(access.versjon_visible_q(user))
        .select_related("vedtatt_i__mote", "vedtatt_i__organ")
        .order_by("-gjelder_fra", "-pk")
    )
    return (
        Avtale.objects.filter(access.avtale_visible_q(user))
        .select_related("ansvarlig_organ", "overordnet", "erstattet_av")
        .prefetch_related(
            Prefetch("versjoner", queryset=versjoner),
            Prefetch(
                "evalueringer",
                queryset=Evaluering.objects.select_related(
                    "behandlet_i__mote", "behandlet_i__organ"
                ),
            ),
        )
    )


def _node(user: AnyUser, avtale: Avtale) -> Node:
    versjoner = list(avtale.versjoner.all())
    versjon = avtale.current_version(versjoner)
    return Node(
        avtale=avtale,
        versjon=versjon,
        sak=mote_access.sak_link(user, versjon.vedtatt_i) if versjon else None,
        neste_evaluering=next_evaluation(avtale.evalueringer.all()),
    )


def register_tree(user: AnyUser) -> dict[str, list[Node]]:
    """The register's sections: the agreements in force as a tree (an agreement under its
    parent when the parent is in force and visible too), those being prepared, and those
    ended or replaced."""
    avtaler = list(visible_avtaler(user))
    noder = {a.pk: _node(user, a) for a in avtaler}
    gjeldende: list[Node] = []
    under_arbeid: list[Node] = []
    avsluttet: list[Node] = []
    for a in avtaler:
        node = noder[a.pk]
        if a.status in Avtale.ENDED:
            if a.erstattet_av_id in noder:
                node.etterfolger = noder[a.erstattet_av_id].avtale
            avsluttet.append(node)
        elif not a.in_force:
            under_arbeid.append(node)
        elif a.overordnet_id in noder and noder[a.overordnet_id].avtale.in_force:
            noder[a.overordnet_id].barn.append(node)
        else:
            gjeldende.append(node)
    return {"gjeldende": gjeldende, "under_arbeid": under_arbeid, "avsluttet": avsluttet}


@revalidated_by_content
def avtale_register(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "avtaler/register.html",
        {**register_tree(request.user), "kan_redigere": access.can_manage_avtaler(request.user)},
    )


def get_avtale(user: AnyUser, slug: str) -> Avtale:
    """The agreement at ``/avtaler/<slug>/`` if ``user`` may see it; else 404."""
    avtale = visible_avtaler(user).filter(slug=slug).first()
    if avtale is None:
        raise Http404("Fant ikke avtalen.")
    return avtale


@revalidated_by_content
def avtale_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    avtale = get_avtale(user, slug)
    versjoner = list(avtale.versjoner.all())
    gjeldende = avtale.current_version(versjoner)
    synlige = Avtale.objects.filter(access.avtale_visible_q(user))
    evalueringer = sorted(avtale.evalueringer.all(), key=_evaluering_order)
    return render(
        request,
        "avtaler/avtale.html",
        {
            "avtale": avtale,
            "parter": avtale.avtaleparter.select_related("partner"),
            "versjoner": [
                {
                    "versjon": v,
                    "gjeldende": v == gjeldende,
                    "sak": mote_access.sak_link(user, v.vedtatt_i),
                }
                for v in versjoner
            ],
            "gjeldende": gjeldende,
            "planlagte": [
                {"e": e, "sak": mote_access.sak_link(user, e.behandlet_i)}
                for e in evalueringer
                if e.status == Evaluering.Status.PLANLAGT
            ],
            "gjennomforte": [
                {"e": e, "sak": mote_access.sak_link(user, e.behandlet_i)}
                for e in reversed(evalueringer)
                if e.status == Evaluering.Status.GJENNOMFORT
            ],
            "overordnet": synlige.filter(pk=avtale.overordnet_id).first(),
            "underavtaler": synlige.filter(overordnet=avtale),
            "erstattet_av": synlige.filter(pk=avtale.erstattet_av_id).first(),
            "erstatter": synlige.filter(erstattet_av=avtale),
            "kan_redigere": access.can_manage_avtaler(user),
            "historikk": avtale_endringslogg(avtale) if access.can_manage_avtaler(user) else None,
        },
    )


def avtale_endringslogg(avtale: Avtale):
    """The agreement's history field by field, with its versions (removed ones too), parties
    and evaluations: the secretariat sees what changed, by whom and when."""
    return combined_endringslogg(
        LogSource(avtale.history.all(), Avtale, emne=lambda p: "Avtalen"),
        LogSource(
            Avtaleversjon.history.filter(avtale_id=avtale.pk),
            Avtaleversjon,
            emne=lambda p: f"Versjon {p.versjon}",
        ),
        LogSource(
            Avtalepart.history.filter(avtale_id=avtale.pk).select_related("partner"),
            Avtalepart,
            emne=lambda p: f"Part {p.partner}",
            opprettet="Lagt til",
        ),
        LogSource(
            Evaluering.history.filter(avtale_id=avtale.pk),
            Evaluering,
            emne=lambda p: p.tittel or p.get_art_display(),
            opprettet="Planlagt",
        ),
    )


def _get_versjon(request: HttpRequest, pk: int) -> Avtaleversjon:
    versjon = get_object_or_404(
        Avtaleversjon.objects.select_related("avtale", "vedtatt_i__mote", "vedtatt_i__organ"),
        pk=pk,
    )
    if not access.can_view_versjon(request.user, versjon):
        raise Http404("Fant ikke avtaleversjonen.")
    return versjon


def versjon_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version's text, printable, with its file."""
    versjon = _get_versjon(request, pk)
    return render(
        request,
        "avtaler/versjon.html",
        {
            "versjon": versjon,
            "avtale": versjon.avtale,
            "sak": mote_access.sak_link(request.user, versjon.vedtatt_i),
            "gjeldende": versjon.in_force,
        },
    )


def versjon_file(request: HttpRequest, pk: int) -> FileResponse:
    versjon = _get_versjon(request, pk)
    if not versjon.fil:
        raise Http404("Versjonen har ingen fil.")
    try:
        fil = versjon.fil.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Filen finnes ikke lenger.") from exc
    response = FileResponse(
        fil,
        as_attachment=versjon.innholdstype != "application/pdf",
        filename=versjon.fil.name.rsplit("/", 1)[-1],
        content_type=versjon.innholdstype or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    published = versjon.publisert is not None and versjon.avtale.offentlig
    response["Cache-Control"] = "public, max-age=300" if published else "private, no-store"
    return response


def evaluations_due() -> dict:
    """The planned evaluations by when they fall due: overdue, within three months, without a
    fixed date, later (the secretariat's list and its start page)."""
    dag = today()
    planlagte = Evaluering.objects.filter(status=Evaluering.Status.PLANLAGT).select_related(
        "avtale", "ansvarlig_organ"
    )
    return {
        "forfalt": planlagte.filter(planlagt__lt=dag).order_by("planlagt"),
        "kommende": planlagte.filter(planlagt__gte=dag, planlagt__lte=dag + DUE_WITHIN).order_by(
            "planlagt"
        ),
        "uten_dato": planlagte.filter(planlagt__isnull=True).order_by("avtale__tittel"),
        "senere": planlagte.filter(planlagt__gt=dag + DUE_WITHIN).order_by("planlagt"),
        "dag": dag,
    }


@sekretariat_required
def evalueringer_due(request: HttpRequest) -> HttpResponse:
    """The evaluations the secretariat must prepare: overdue, due within three months, and
    those planned without a fixed date."""
    return render(request, "avtaler/evalueringer.html", evaluations_due())
