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
CHANGES_LIMIT = 30


@dataclass
class MoteRow:
    """One of the next meetings, as the page shows it."""

    mote: Mote
    status: str  # «Avlyst», «Du har meldt forfall», «Du er innkalt», «Innkalling ikke sendt ennå»
    status_color: str
    innkalling_pdf: bool
    can_report_forfall: bool


@dataclass
class ReferatRow:
    mote: Mote
    frist_passed: bool
    can_comment: bool


@dataclass
class MoteChanges:
    mote: Mote
    changes: list[str] = field(default_factory=list)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _next_moter(user, person, mine: Q, today: datetime.date) -> list[MoteRow]:
    """The meetings from today on of the bodies the reader is a member of on the meeting's day,
    that the reader may open (a draft only to the secretariat), cancelled ones included: a
    member wants to know that the meeting is off."""
    moter = (
        Mote.objects.filter(mine, access.mote_visible_q(user), start__gte=_start_of(today))
        .select_related("organ")
        .annotate(
            own_oppmote=Subquery(
                Deltaker.objects.filter(mote=OuterRef("pk"), person=person).values("oppmote")[:1]
            ),
            has_innkalling_pdf=Exists(
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
    rows = []
    for mote in moter:
        forfall = mote.own_oppmote == Deltaker.Oppmote.FORFALL
        if mote.status == Mote.Status.AVLYST:
            status, color = "Avlyst", "danger"
        elif forfall:
            status, color = "Du har meldt forfall", "warning"
        elif mote.innkalling_sendt:
            status, color = "Du er innkalt", "success"
        else:
            status, color = "Innkalling ikke sendt ennå", "neutral"
        tilgang = access.mote_tilgang(user, mote)
        rows.append(
            MoteRow(
                mote=mote,
                status=status,
                status_color=color,
                # The members' edition, which the meeting page's link gives a member; shown
                # once a version is made (the meeting page orders one).
                innkalling_pdf=mote.has_innkalling_pdf
                and access.is_innkalling_shown_in(mote, tilgang)
                # A draft's documents are the secretariat's, as the draft is.
                and (tilgang == access.Tilgang.SEKRETARIAT or not access.is_draft(user, mote)),
                can_report_forfall=not forfall and access.can_report_forfall(user, mote),
            )
        )
    return rows


def _referater(user, mine: Q, today: datetime.date) -> list[ReferatRow]:
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
        ReferatRow(
            mote=mote,
            frist_passed=mote.referat_kommentarfrist is not None
            and mote.referat_kommentarfrist < today,
            can_comment=access.can_comment_referat(user, mote),
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


def _as_of(field_name: str, since: datetime.datetime) -> Subquery:
    """The meeting's ``field_name`` as it was at ``since``, from its history (None for a
    meeting made after)."""
    history = Mote.history.model.objects.filter(id=OuterRef("pk"), history_date__lte=since)
    return Subquery(history.order_by("-history_date", "-history_id").values(field_name)[:1])


def _changes(user, mine: Q, since: datetime.datetime) -> list[MoteChanges]:
    """What happened to the reader's meetings since ``since`` (the previous login): innkalling
    sent or published, referat sent for comments, approved or published, meeting cancelled or
    moved. The newest first."""
    changed = (
        Q(innkalling_sendt__gt=since)
        | Q(innkalling_publisert__gt=since)
        | Q(referat_sendt_til_kommentar__gt=since)
        | Q(referat_godkjent__gt=since)
        | Q(referat_publisert__gt=since)
        | Q(endret__gt=since, status=Mote.Status.AVLYST)
        | Q(endret__gt=since, flyttet_fra__isnull=False)
    )
    moter = (
        Mote.objects.filter(mine, access.mote_visible_q(user))
        .filter(changed)
        .select_related("organ")
        .annotate(status_then=_as_of("status", since), start_then=_as_of("start", since))
        .order_by("-endret", "-pk")[:CHANGES_LIMIT]
    )
    rows = []
    for mote in moter:
        changes = []
        # Cancelled since: not cancelled then (or not made yet: an innkalling sent and
        # cancelled since is both).
        if mote.status == Mote.Status.AVLYST and mote.status_then != Mote.Status.AVLYST:
            changes.append("Møtet er avlyst.")
        # Moved since: a meeting made since was never anywhere else to its reader.
        if mote.start_then is not None and mote.start_then != mote.start:
            changes.append(
                f"Møtet er flyttet fra {_when(mote.start_then)} til {_when(mote.start)}."
            )
        if mote.innkalling_sendt and mote.innkalling_sendt > since:
            changes.append(f"Innkallingen ble sendt {long_date(mote.innkalling_sendt)}.")
        if mote.innkalling_publisert and mote.innkalling_publisert > since:
            changes.append(f"Innkallingen ble publisert {long_date(mote.innkalling_publisert)}.")
        if mote.referat_sendt_til_kommentar and mote.referat_sendt_til_kommentar > since:
            sendt = long_date(mote.referat_sendt_til_kommentar)
            text = f"Referatet ble sendt til kommentar {sendt}"
            if (
                mote.referat_kommentarfrist
                and mote.referat_status == Mote.ReferatStatus.TIL_KOMMENTAR
            ):
                text += f", med frist {long_date(mote.referat_kommentarfrist)}"
            changes.append(text + ".")
        if mote.referat_godkjent and mote.referat_godkjent > since:
            changes.append(f"Referatet ble godkjent {long_date(mote.referat_godkjent)}.")
        if mote.referat_publisert and mote.referat_publisert > since:
            changes.append(f"Referatet ble publisert {long_date(mote.referat_publisert)}.")
        if changes:
            rows.append(MoteChanges(mote=mote, changes=changes))
    return rows


def _when(value: datetime.datetime) -> str:
    """«7. mai 2026 kl. 13.00»"""
    return f"{long_date(value)} kl. {clock(value)}"


def member_page(request: HttpRequest) -> HttpResponse:
    """«Mine møter». A login without a person gets the page with a word on why it is empty."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = getattr(user, "person", None)
    if person is None:
        return render(request, "saker/mine.html", {"person": None})
    today = timezone.localdate()
    mine = user_access.member_on_day_q(user)
    previous = previous_login(request)
    return render(
        request,
        "saker/mine.html",
        {
            "person": person,
            "medlem_naa": bool(user_access.member_organ_ids(user, today)),
            "moter": _next_moter(user, person, mine, today),
            "referater": _referater(user, mine, today),
            "oppfolginger": _oppfolginger(user, person),
            "idag": today,
            "forrige": previous,
            "endringer": _changes(user, mine, previous.at) if previous.at else [],
        },
    )
