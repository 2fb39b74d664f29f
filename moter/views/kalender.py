"""Calendars to subscribe to (iCalendar, moter/ics.py): all bodies (``/kalender/``), one body
(``/kalender/<slug>.ics``), a member's own meetings at a secret address
(``/kalender/personlig/<nokkel>.ics``) and one meeting (``/mote/<pk>/kalender.ics``, «Legg til
i kalender»).

What a calendar shows its reader: the meetings they may open (``moter.access.can_view_mote``)
with their names and links, and the møteplan of the public bodies: that a public meeting takes
place, when and where, as a neutral «Møte i SSU» once it is planned, with nothing of its agenda
(never a draft's title). A cancelled meeting stays, ``STATUS:CANCELLED``; a moved one keeps its
UID with a higher SEQUENCE, so calendar apps follow. The window is a year back and two ahead.

The personal feed is read by calendar apps without a login: its address carries a random key
(``Kalendernokkel``) made by a POST on the page ``/kalender/personlig/`` (linked from «Mine
møter») and replaced by the next POST, which revokes the old address. A random key stored in
the database, rather than a signed user id, because it can be revoked on its own (without
touching the password or the site's secret) and says nothing about whose it is. Nothing here
writes on a GET."""

from __future__ import annotations

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_http_methods, require_safe

from helsefellesskap import access as user_access
from helsefellesskap.access import AnyUser
from helsefellesskap.links import absolute_url
from helsefellesskap.models import Nettsted, Organ
from moter import access, ics
from moter import services as mote_services
from moter.access import Tilgang, require_access
from moter.models import Deltaker, Kalendernokkel, Mote
from moter.views.common import get_mote

BACK = datetime.timedelta(days=365)
AHEAD = datetime.timedelta(days=2 * 365)
NOKKEL_MAX = Kalendernokkel._meta.get_field("nokkel").max_length or 64
NOKKEL_FORM = re.compile(r"[A-Za-z0-9_-]+")  # as secrets.token_urlsafe makes them
MAX_AGE = 15 * 60  # seconds: calendar apps look every hour; a proxy may keep it a quarter


def _window() -> Q:
    naa = timezone.now()
    return Q(start__gte=naa - BACK, start__lte=naa + AHEAD)


def _response(innhold: bytes, filnavn: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(innhold, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filnavn}"'
    if private:
        patch_cache_control(response, private=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def _events(
    user: AnyUser, moter: list[Mote], *, person=None, forfall: frozenset[int] = frozenset()
):
    """Each meeting as ``user`` may see it: in full when they may open it, else as the public
    møteplan shows it (the caller selected only such meetings)."""
    nettsted = Nettsted.get()
    synlige = set(
        access.motes_visible(user, Mote.objects.filter(pk__in=[m.pk for m in moter])).values_list(
            "pk", flat=True
        )
    )
    for mote in moter:
        full = mote.pk in synlige
        digital = full and access.mote_tilgang(user, mote) >= Tilgang.MEDLEM
        yield ics.mote_event(
            mote,
            detaljer=full,
            digital=digital,
            person=person,
            forfall=mote.pk in forfall,
            nettsted=nettsted,
        )


def _listed(user: AnyUser, qs) -> list[Mote]:
    """The meetings of ``qs`` a calendar shows ``user``: those they may open, and the public
    bodies' møteplan."""
    return list(
        qs.filter(_window())
        .filter(access.mote_visible_q(user) | access.open_to_public_q())
        .select_related("organ")
        .order_by("start")
    )


@require_safe
def kalender_all(request: HttpRequest) -> HttpResponse:
    moter = _listed(request.user, Mote.objects.all())
    navn = f"Møter – {Nettsted.get().navn}"
    innhold = ics.calendar_ics(navn=navn, events=_events(request.user, moter))
    return _response(innhold, "moter.ics", private=request.user.is_authenticated)


@require_safe
def kalender_organ(request: HttpRequest, slug: str) -> HttpResponse:
    organ = Organ.objects.filter(slug=slug).first()
    if organ is None:
        raise Http404("Fant ikke organet.")
    moter = _listed(request.user, Mote.objects.filter(organ=organ))
    innhold = ics.calendar_ics(
        navn=f"Møter i {organ.kortnavn}", events=_events(request.user, moter)
    )
    return _response(innhold, f"moter-{organ.slug}.ics", private=request.user.is_authenticated)


@require_safe
def kalender_personlig(request: HttpRequest, nokkel: str) -> HttpResponse:
    """The meetings of the bodies the key's owner is a member of on each meeting's day, with
    their own forfall marked («(forfall meldt)», their attendance DECLINED)."""
    if not NOKKEL_FORM.fullmatch(nokkel) or len(nokkel) > NOKKEL_MAX:
        raise Http404("Fant ikke kalenderen.")
    key = (
        Kalendernokkel.objects.filter(nokkel=nokkel, bruker__is_active=True)
        .select_related("bruker")
        .first()
    )
    if key is None:
        raise Http404("Fant ikke kalenderen.")
    user: User = key.bruker
    person = getattr(user, "person", None)
    moter = _listed(user, Mote.objects.filter(user_access.member_on_day_q(user)))
    forfall = (
        frozenset(
            Deltaker.objects.filter(
                person=person, mote__in=[m.pk for m in moter], oppmote=Deltaker.Oppmote.FORFALL
            ).values_list("mote_id", flat=True)
        )
        if person is not None
        else frozenset()
    )
    innhold = ics.calendar_ics(
        navn="Mine møter", events=_events(user, moter, person=person, forfall=forfall)
    )
    return _response(innhold, "mine-moter.ics", private=True)


@require_safe
def mote_kalender(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting, for «Legg til i kalender»: for those who may open the meeting page."""
    mote = get_mote(pk)
    tilgang = require_access(request.user, mote)
    event = ics.mote_event(mote, digital=tilgang >= Tilgang.MEDLEM)
    innhold = ics.calendar_ics(navn=f"{mote.organ.kortnavn} {mote}", events=[event])
    return _response(
        innhold, f"mote-{mote.organ.slug}-{mote.pk}.ics", private=request.user.is_authenticated
    )


@require_http_methods(["GET", "POST"])
@login_required
def kalender_lenke(request: HttpRequest) -> HttpResponse:
    """The page with the address of the personal feed, and the POST that makes a new one."""
    assert isinstance(request.user, User)  # login_required
    if request.method == "POST":
        mote_services.kalendernokkel_renew(bruker=request.user)
        messages.success(request, "Ny kalenderlenke er laget. Den gamle lenken virker ikke lenger.")
        return redirect("kalender-personlig-lenke")
    key = Kalendernokkel.objects.filter(bruker=request.user).first()
    adresse = absolute_url(reverse("kalender-personlig", args=[key.nokkel])) if key else ""
    return render(
        request,
        "moter/kalender_lenke.html",
        {"adresse": adresse, "opprettet": key.opprettet if key else None},
    )
