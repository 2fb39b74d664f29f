"""The front page: the coming meetings and the latest published innkallinger and referater,
each as its reader may see them (``moter.access.motes_visible``), above the organisation chart.
Here, not in the core, because it lists meetings (the core imports no app)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from helsefellesskap import pagecache
from helsefellesskap.models import today
from helsefellesskap.services import organkart
from moter import access, publication
from moter.models import Dokument, Mote
from moter.versions import forside_page

# How many meetings each list shows.
ANTALL = 8


@dataclass(frozen=True)
class Publisering:
    """One published innkalling or referat, with whether its public PDF is out."""

    mote: Mote
    art: str
    navn: str
    publisert: datetime.datetime
    har_pdf: bool


def _start_of_today() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(today(), datetime.time.min))


def kommende_moter(user) -> list[Mote]:
    """The next meetings, from the start of today, that ``user`` may open (cancelled ones
    too: the page marks them)."""
    return list(
        access.motes_visible(user, Mote.objects.select_related("organ"))
        .filter(start__gte=_start_of_today())
        .order_by("start", "pk")[:ANTALL]
    )


def siste_publiseringer(user) -> list[Publisering]:
    """The latest published innkallinger and referater of the meetings ``user`` may open,
    newest first. The latest ``ANTALL`` publications are among the ``ANTALL`` meetings
    published last (each of those has a publication at least as new as its own), so one query
    reads the meetings and one their public PDFs."""
    moter = list(
        access.motes_visible(user, Mote.objects.select_related("organ"))
        .filter(access.published_q())
        .annotate(
            sist_publisert=Coalesce(
                Greatest("innkalling_publisert", "referat_publisert"),
                "innkalling_publisert",
                "referat_publisert",
            )
        )
        .order_by(F("sist_publisert").desc(), "-pk")[:ANTALL]
    )
    rader: list[tuple[Mote, str, datetime.datetime]] = []
    for m in moter:
        if m.innkalling_publisert:
            rader.append((m, Dokument.Art.INNKALLING, m.innkalling_publisert))
        if m.referat_publisert:
            rader.append((m, Dokument.Art.REFERAT, m.referat_publisert))
    rader.sort(key=lambda r: (r[2], r[0].pk), reverse=True)
    rader = rader[:ANTALL]
    pdf = set(
        Dokument.objects.publiserte()
        .filter(
            mote__in=[m for m, _, _ in rader],
            utgave=Dokument.Edition.OFFENTLIG,
            sak_id=None,
            art__in=[Dokument.Art.INNKALLING, Dokument.Art.REFERAT],
        )
        .values_list("mote_id", "art")
    )
    return [
        Publisering(
            mote=m,
            art=art,
            navn=Dokument.Art(art).label,
            publisert=naar,
            har_pdf=(m.pk, art) in pdf and publication.out_for_publikum(m, art),
        )
        for m, art, naar in rader
    ]


@pagecache.for_anonymous(forside_page)
def forside(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "helsefellesskap/forside.html",
        {
            "kart": organkart(),
            "kommende": kommende_moter(user),
            "publisert": siste_publiseringer(user),
        },
    )
