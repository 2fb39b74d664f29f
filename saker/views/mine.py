"""«Mine møter» (/mine/): a member's own page. The next meetings of their bodies with their own
forfall status, the referater out for comments, their follow-ups, and what changed since their
previous login. In saker because the follow-ups are saker's; the meetings are read through the
access rules of ``moter.access``, so the page lists nothing its reader could not open.

Read only, in a handful of queries whatever the number of meetings: each section is one query
(what the reader's own attendance is, whether an innkalling PDF exists and what a meeting was at
the previous login are subqueries of it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from helsefellesskap import access as user_access
from helsefellesskap.login import previous_login
from helsefellesskap.templatetags.hf import clock, long_date
from moter import access
from moter.models import Deltaker, Dokument, Mote
from saker.models import Oppfolging, Sak

# Enough for the coming months of a member of several bodies; the body pages have the rest.
MOTER_LIMIT = 12
REFERAT_LIMIT = 20
OPPFOLGING_LIMIT = 100
ENDRINGER_LIMIT = 30


@dataclass
class MoteRad:
    """One of the next meetings, as the page shows it."""

    mote: Mote
    status: str  # «Avlyst», «Du har meldt forfall», «Du er innkalt», «Innkalling ikke sendt ennå»
    status_farge: str
    innkalling_pdf: bool
    kan_melde_forfall: bool


@dataclass
class ReferatRad:
    mote: Mote
    frist_passert: bool
    kan_kommentere: bool


@dataclass
class EndretRad:
    mote: Mote
    endringer: list[str] = field(default_factory=list)


def _start_of(dag: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time()))


def _next_moter(user, person, mine: Q, idag: datetime.date) -> list[MoteRad]:
    """The meetings from today on of the bodies the reader is a member of on the meeting's day,
    that the reader may open (a draft only to the secretariat), cancelled ones included: a
    member wants to know that the meeting is off."""
    moter = (
        Mote.objects.filter(mine, access.mote_visible_q(user), start__gte=_start_of(idag))
        .select_related("organ")
        .annotate(
            mitt_oppmote=Subquery(
                Deltaker.objects.filter(mote=OuterRef("pk"), person=person).values("oppmote")[:1]
            ),
            har_innkalling_pdf=Exists(
                Dokument.objects.ferdige().filter(
                    mote=OuterRef("pk"),
                    art=Dokument.Art.INNKALLING,
                    utgave=Dokument.Edition.MEDLEM,
                    sak_id__isnull=True,
                )
            ),
        )
        .order_by("start", "pk")[:MOTER_LIMIT]
    )
    rader = []
    for mote in moter:
        forfall = mote.mitt_oppmote == Deltaker.Oppmote.FORFALL
        if mote.status == Mote.Status.AVLYST:
            status, farge = "Avlyst", "danger"
        elif forfall:
            status, farge = "Du har meldt forfall", "warning"
        elif mote.innkalling_sendt:
            status, farge = "Du er innkalt", "success"
        else:
            status, farge = "Innkalling ikke sendt ennå", "neutral"
        tilgang = access.mote_tilgang(user, mote)
        rader.append(
            MoteRad(
                mote=mote,
                status=status,
                status_farge=farge,
                # The members' edition, which the meeting page's link gives a member; shown
                # once a version is made (the meeting page orders one).
                innkalling_pdf=mote.har_innkalling_pdf
                and access.is_innkalling_shown_in(mote, tilgang)
                and not access.is_draft(user, mote),
                kan_melde_forfall=not forfall and access.can_report_forfall(user, mote),
            )
        )
    return rader


def _referater(user, mine: Q, idag: datetime.date) -> list[ReferatRad]:
    """The referater of the reader's meetings that are out for comments, soonest deadline
    first."""
    moter = (
        Mote.objects.filter(
            mine, access.vedtak_readable_q(user), referat_status=Mote.ReferatStatus.TIL_KOMMENTAR
        )
        .select_related("organ")
        .order_by(F("referat_kommentarfrist").asc(nulls_last=True), "start", "pk")[:REFERAT_LIMIT]
    )
    return [
        ReferatRad(
            mote=mote,
            frist_passert=mote.referat_kommentarfrist is not None
            and mote.referat_kommentarfrist < idag,
            kan_kommentere=access.can_comment_referat(user, mote),
        )
        for mote in moter
    ]


def _oppfolginger(user, person) -> list[Oppfolging]:
    """The open follow-ups the reader is responsible for, by deadline, among those the
    follow-up list shows the reader (a follow-up of a referat not yet sent, or of an exempt sak
    the reader gets only the public edition of, is not listed: its text is the content)."""
    return list(
        Oppfolging.objects.filter(ansvarlig=person)
        .exclude(status=Oppfolging.Status.FULLFORT)
        .filter(sak__in=Sak.objects.referat_readable_for(user).filter(skjermet=False))
        .select_related("sak__mote__organ")
        .order_by(F("frist").asc(nulls_last=True), "pk")[:OPPFOLGING_LIMIT]
    )


def _as_of(felt: str, siden: datetime.datetime) -> Subquery:
    """The meeting's ``felt`` as it was at ``siden`` (its history; None for a meeting made
    after)."""
    historikk = Mote.history.model.objects.filter(id=OuterRef("pk"), history_date__lte=siden)
    return Subquery(historikk.order_by("-history_date", "-history_id").values(felt)[:1])


def _changes(user, mine: Q, siden: datetime.datetime) -> list[EndretRad]:
    """What happened to the reader's meetings since ``siden`` (the previous login): innkalling
    sent or published, referat sent for comments, approved or published, meeting cancelled or
    moved. The newest first."""
    etter = (
        Q(innkalling_sendt__gt=siden)
        | Q(innkalling_publisert__gt=siden)
        | Q(referat_sendt_til_kommentar__gt=siden)
        | Q(referat_godkjent__gt=siden)
        | Q(referat_publisert__gt=siden)
        | Q(endret__gt=siden, status=Mote.Status.AVLYST)
        | Q(endret__gt=siden, flyttet_fra__isnull=False)
    )
    moter = (
        Mote.objects.filter(mine, access.mote_visible_q(user))
        .filter(etter)
        .select_related("organ")
        .annotate(status_da=_as_of("status", siden), start_da=_as_of("start", siden))
        .order_by("-endret", "-pk")[:ENDRINGER_LIMIT]
    )
    rader = []
    for mote in moter:
        endringer = []
        # Cancelled since: not cancelled then (or not made yet: an innkalling sent and
        # cancelled since is both).
        if mote.status == Mote.Status.AVLYST and mote.status_da != Mote.Status.AVLYST:
            endringer.append("Møtet er avlyst.")
        # Moved since: a meeting made since was never anywhere else to its reader.
        if mote.start_da is not None and mote.start_da != mote.start:
            endringer.append(
                f"Møtet er flyttet fra {_when(mote.start_da)} til {_when(mote.start)}."
            )
        if mote.innkalling_sendt and mote.innkalling_sendt > siden:
            endringer.append(f"Innkallingen ble sendt {_day(mote.innkalling_sendt)}.")
        if mote.innkalling_publisert and mote.innkalling_publisert > siden:
            endringer.append(f"Innkallingen ble publisert {_day(mote.innkalling_publisert)}.")
        if mote.referat_sendt_til_kommentar and mote.referat_sendt_til_kommentar > siden:
            tekst = f"Referatet ble sendt til kommentar {_day(mote.referat_sendt_til_kommentar)}"
            if (
                mote.referat_kommentarfrist
                and mote.referat_status == Mote.ReferatStatus.TIL_KOMMENTAR
            ):
                tekst += f", med frist {_day(mote.referat_kommentarfrist)}"
            endringer.append(tekst + ".")
        if mote.referat_godkjent and mote.referat_godkjent > siden:
            endringer.append(f"Referatet ble godkjent {_day(mote.referat_godkjent)}.")
        if mote.referat_publisert and mote.referat_publisert > siden:
            endringer.append(f"Referatet ble publisert {_day(mote.referat_publisert)}.")
        if endringer:
            rader.append(EndretRad(mote=mote, endringer=endringer))
    return rader


def _day(verdi: datetime.date | datetime.datetime) -> str:
    return long_date(verdi)


def _when(verdi: datetime.datetime) -> str:
    return f"{long_date(verdi)} kl. {clock(verdi)}"


def mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = getattr(user, "person", None)
    if person is None:
        return render(request, "saker/mine.html", {"person": None})
    idag = timezone.localdate()
    mine_q = user_access.member_on_day_q(user)
    forrige = previous_login(request)
    return render(
        request,
        "saker/mine.html",
        {
            "person": person,
            "medlem_naa": bool(user_access.member_organ_ids(user, idag)),
            "moter": _next_moter(user, person, mine_q, idag),
            "referater": _referater(user, mine_q, idag),
            "oppfolginger": _oppfolginger(user, person),
            "idag": idag,
            "forrige": forrige,
            "endringer": _changes(user, mine_q, forrige.at) if forrige.at else [],
        },
    )
