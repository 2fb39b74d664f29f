"""The meeting page (members, public, secretariat) and the meeting's own life cycle: cancel,
restore, publish the innkalling. The agenda is reached through ``mote.saker`` (moter.display)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from helsefellesskap import outbox, pagecache
from helsefellesskap.access import organ_manager_required
from helsefellesskap.models import Nettsted
from moter import access, publication
from moter import services as mote_services
from moter.access import Tilgang, require_access
from moter.display import oppmoteliste, referat_visible, saksliste
from moter.forms import AvlysForm, ForfallForm, KommentarForm
from moter.models import Deltaker, Mote
from moter.versions import mote_page
from moter.views.common import add_form_errors, get_mote, get_mote_cached, messages_from_error
from moter.views.dokumenter import dokumentliste


def _mote_content(mote: Mote, tilgang: Tilgang, vis_referat: bool, liste=None) -> dict:
    """The referat, the innkalling and the documents as the meeting page shows them: the same
    for everybody with the same access, so cached for all but the secretariat (who sees drafts
    change and orders PDFs)."""

    def build() -> dict:
        # What is cached is read after the versions in its key: the meeting too.
        m = get_mote(mote.pk)
        read = liste if liste is not None else saksliste(m, tilgang=tilgang)
        context = {
            "mote": m,
            "liste": read,
            "oppmote": oppmoteliste(m) if vis_referat else None,
            "nettsted": Nettsted.get(),
            "lenker": True,
        }
        show_innkalling = access.is_innkalling_shown_in(m, tilgang)
        return {
            "dokumenter": dokumentliste(m, tilgang, read),
            "referat": render_to_string("moter/partials/mote_referat.html", context)
            if vis_referat
            else "",
            "innkalling": render_to_string("moter/partials/mote_innkalling.html", context)
            if show_innkalling
            else "",
        }

    if tilgang >= Tilgang.SEKRETARIAT:
        return build()
    return pagecache.fragment(
        ("mote", mote.pk, mote.versjon, pagecache.grunndata(), int(tilgang), vis_referat), build
    )


# The edition the meeting page names under its heading.
_EDITION = {Tilgang.PUBLIKUM: "offentlig", Tilgang.MEDLEM: "medlem"}


@pagecache.for_anonymous(mote_page)
def mote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the body here, through the cache: what shows the meeting's people is rendered (and
    # cached) by _mote_content, which reads the meeting again with them.
    mote = get_mote_cached(pk)
    tilgang = require_access(request.user, mote)
    liste = saksliste(mote, tilgang=tilgang) if tilgang >= Tilgang.SEKRETARIAT else None
    vis_referat = referat_visible(mote, tilgang)
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
            "utgave": _EDITION.get(tilgang, ""),
            "kan_redigere": tilgang == Tilgang.SEKRETARIAT,
            "vis_referat": vis_referat,
            "kommentarform": KommentarForm(mote=mote)
            if access.can_comment_referat(request.user, mote)
            else None,
            "kan_melde_forfall": kan_melde_forfall,
            "mitt_forfall": mitt_forfall,
            "forfallform": ForfallForm(),
            **(_sekretariat_status(mote) if tilgang == Tilgang.SEKRETARIAT else {}),
        },
    )


def _sekretariat_status(mote: Mote) -> dict:
    """What the secretariat sees before the meeting: the forfall reported, counted, and the
    outbox's status per message and recipient."""
    return {
        "forfall_meldt": list(
            mote.deltakere.filter(oppmote=Deltaker.Oppmote.FORFALL)
            .select_related("person")
            .order_by("person__navn")
        ),
        "utsendinger": outbox.status_for_mote(mote.pk),
    }


@organ_manager_required
def innkalling_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The publication check: exactly what the public will get, then publish."""
    mote = get_mote(pk)
    access.require_manage_organ(request.user, mote.organ)
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
            "dokumenter": publication.offentlige_status(mote, innkalling=True, referat=False),
        },
    )


@organ_manager_required
def mote_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a meeting: a confirmation page asking for the reason (GET), the cancelling (POST)."""
    mote = get_mote(pk)
    access.require_manage_organ(request.user, mote.organ)
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


@organ_manager_required
@require_POST
def mote_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a cancellation while nothing was sent."""
    mote = get_mote(pk)
    access.require_manage_organ(request.user, mote.organ)
    try:
        mote_services.mote_restore(mote=mote)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, "Møtet er gjenopprettet og er planlagt igjen.")
    return redirect(mote)
