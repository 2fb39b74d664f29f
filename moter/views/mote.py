"""The meeting page (members, public, secretariat) and the meeting's own life cycle: cancel,
restore, publish the innkalling. The agenda is reached through ``mote.saker`` (moter.visning)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from helsefellesskap import hurtigbuffer
from helsefellesskap.access import sekretariat_pakrevd
from helsefellesskap.models import Nettsted
from moter import access, publisering
from moter import services as mote_services
from moter.access import Tilgang, krev_tilgang
from moter.forms import AvlysForm, ForfallForm, KommentarForm
from moter.models import Mote
from moter.versjoner import mote_side
from moter.views.common import add_form_errors, get_mote, get_mote_cached, messages_from_error
from moter.views.dokumenter import dokumentliste
from moter.visning import oppmoteliste, referat_synlig, saksliste


def _mote_content(mote: Mote, tilgang: Tilgang, vis_referat: bool, liste=None) -> dict:
    """The referat, the innkalling and the documents as the meeting page shows them: the same
    for everybody with the same access, so cached for all but the secretariat (who sees drafts
    change and orders PDFs)."""

    def lag() -> dict:
        # What is cached is read after the versions in its key: the meeting too.
        m = get_mote(mote.pk)
        lest = liste if liste is not None else saksliste(m, tilgang=tilgang)
        context = {
            "mote": m,
            "liste": lest,
            "oppmote": oppmoteliste(m) if vis_referat else None,
            "nettsted": Nettsted.hent(),
            "lenker": True,
        }
        vis_innkalling = access.is_innkalling_shown_in(m, tilgang)
        return {
            "dokumenter": dokumentliste(m, tilgang, lest),
            "referat": render_to_string("moter/partials/mote_referat.html", context)
            if vis_referat
            else "",
            "innkalling": render_to_string("moter/partials/mote_innkalling.html", context)
            if vis_innkalling
            else "",
        }

    if tilgang >= Tilgang.SEKRETARIAT:
        return lag()
    return hurtigbuffer.fragment(
        ("mote", mote.pk, mote.versjon, hurtigbuffer.grunndata(), int(tilgang), vis_referat), lag
    )


# The edition the meeting page names under its heading.
_UTGAVE = {Tilgang.PUBLIKUM: "offentlig", Tilgang.MEDLEM: "medlem"}


@hurtigbuffer.for_anonyme(mote_side)
def mote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the body here, through the cache: what shows the meeting's people is rendered (and
    # cached) by _mote_content, which reads the meeting again with them.
    mote = get_mote_cached(pk)
    tilgang = krev_tilgang(request.user, mote)
    liste = saksliste(mote, tilgang=tilgang) if tilgang >= Tilgang.SEKRETARIAT else None
    vis_referat = referat_synlig(mote, tilgang)
    kan_melde_forfall = access.can_report_forfall(request.user, mote)
    mitt_forfall = (
        mote.deltakere.filter(
            person=getattr(request.user, "person", None), oppmote="forfall"
        ).first()
        if kan_melde_forfall
        else None
    )
    return render(
        request,
        "moter/mote.html",
        {
            "mote": mote,
            "liste": liste,
            "innhold": _mote_content(mote, tilgang, vis_referat, liste),
            "utgave": _UTGAVE.get(tilgang, ""),
            "kan_redigere": tilgang == Tilgang.SEKRETARIAT,
            "vis_referat": vis_referat,
            "kommentarform": KommentarForm(mote=mote)
            if access.can_comment_referat(request.user, mote)
            else None,
            "kan_melde_forfall": kan_melde_forfall,
            "mitt_forfall": mitt_forfall,
            "forfallform": ForfallForm(),
        },
    )


@sekretariat_pakrevd
def innkalling_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The publication check: exactly what the public will get, then publish."""
    mote = get_mote(pk)
    if request.method == "POST":
        try:
            if request.POST.get("handling") == "avpubliser":
                mote_services.innkalling_unpublish(mote=mote)
                messages.success(request, "Innkallingen er ikke lenger publisert.")
            else:
                mote_services.innkalling_publish(mote=mote, bruker=request.user)
                messages.success(request, "Innkallingen er publisert.")
        except ValidationError as exc:
            messages_from_error(request, exc)
        return redirect("publiser", pk=mote.pk)
    offentlig = saksliste(mote, tilgang=Tilgang.PUBLIKUM)
    return render(
        request,
        "moter/publiser.html",
        {
            "mote": mote,
            "liste": offentlig,
            "skjermet": [p for p in offentlig.punkter if p.skjermet],
            "skjulte_vedlegg": [
                (p, v)
                for p in saksliste(mote, tilgang=Tilgang.SEKRETARIAT).punkter
                for v in p.vedlegg
                if not access.is_vedlegg_shown_in(v, p.sak, Tilgang.PUBLIKUM)
            ],
            "organ_offentlig": mote.organ.offentlig,
            "aapen_for_publikum": access.is_open_to_public(request.user, mote),
            "synlig": access.is_mote_public(request.user, mote),
            "dokumenter": publisering.offentlige_status(mote, innkalling=True, referat=False),
        },
    )


@sekretariat_pakrevd
def mote_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a meeting: a confirmation page asking for the reason (GET), the cancelling (POST)."""
    mote = get_mote(pk)
    if request.method == "POST":
        form = AvlysForm(request.POST)
        if form.is_valid():
            try:
                mote_services.mote_cancel(mote=mote, begrunnelse=form.cleaned_data["begrunnelse"])
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, "Møtet er avlyst.")
                return redirect(mote)
    else:
        form = AvlysForm()
    return render(
        request,
        "moter/mote_avlys.html",
        {"mote": mote, "form": form, "kan_avlyses": mote.status in {"planlagt", "innkalt"}},
        status=400 if form.errors else 200,
    )


@sekretariat_pakrevd
@require_POST
def mote_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a cancellation while nothing was sent."""
    mote = get_mote(pk)
    try:
        mote_services.mote_restore(mote=mote)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, "Møtet er gjenopprettet og er planlagt igjen.")
    return redirect(mote)
