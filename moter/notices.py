"""The e-mails about meetings, each through the outbox (helsefellesskap.outbox), in Norwegian,
with an absolute link to the page it concerns: the innkalling (saksliste, the PDF, an .ics
invitation and a forfall link), forfall to the secretariat, cancellation and moved meeting
(an updated .ics).

The texts are templates (templates/epost/<art>.txt and <art>_emne.txt). Nothing exempt
(unntatt offentlighet) goes in a mail: the saksliste shows exempt saker as the public sees them,
and the PDF attached is the members' edition only when it holds nothing exempt (the public
edition otherwise, with a line saying where the rest is read)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import OperationalError as QueueError

from helsefellesskap import outbox
from helsefellesskap.links import absolute_url
from helsefellesskap.models import Epost, Nettsted, Person, Verv

from . import dokumenter, ics
from .access import Tilgang
from .display import saksliste
from .forfall import forfall_url
from .models import Deltaker, Dokument, Meldingsmal, Mote

logger = logging.getLogger(__name__)

A = Epost.Art


# The kinds of message whose text is the body's opening and a link, no saksliste (the
# template page says what the portal adds to each).
WORDING_ONLY_FIELDS = {"avlysning", "flytting", "referat_kommentar", "referat_publisert"}


@dataclass(frozen=True)
class Wording:
    """What the secretariat wrote for a message: the subject (with {møte}, {dato}, {organ})
    and an opening text. Empty: the portal's own."""

    emne: str = ""
    innledning: str = ""


def wording_for(mote: Mote, art: str) -> Wording:
    """The body's wording of a kind of message (``Meldingsmal``), or the portal's."""
    mal = Meldingsmal.objects.filter(organ_id=mote.organ_id, art=art).first()
    return Wording(mal.emne, mal.innledning) if mal else Wording()


def render_message(
    art: str, context: dict, *, mote: Mote | None = None, wording: Wording | None = None
) -> tuple[str, str]:
    """Subject and text of one kind of message, from its templates, with the body's wording
    (or ``wording``, as the secretariat edited it before sending) when there is one."""
    if wording is None:
        wording = wording_for(mote, art) if mote is not None else Wording()
    innledning = wording.innledning.strip()
    if innledning and mote is not None:
        innledning = Meldingsmal.subject_fill(innledning, mote)
    context = {"nettsted": Nettsted.get(), "innledning": innledning, **context}
    tekst = render_to_string(f"epost/{art}.txt", context)
    if wording.emne.strip() and mote is not None:
        emne = Meldingsmal.subject_fill(wording.emne, mote)
    else:
        emne = render_to_string(f"epost/{art}_emne.txt", context)
    return outbox.one_line(emne), tekst.strip() + "\n"


def mote_recipients(mote: Mote) -> list[Person]:
    """Who is called to the meeting: everyone with a verv in the body on the meeting's day."""
    dato = timezone.localtime(mote.start).date()
    personer = {
        v.person_id: v.person
        for v in Verv.objects.filter(organ_id=mote.organ_id).active(dato).select_related("person")
    }
    return sorted(personer.values(), key=lambda p: p.navn)


def _mote_context(mote: Mote) -> dict:
    return {
        "mote": mote,
        "lenke": absolute_url(mote.get_absolute_url()),
        "start": timezone.localtime(mote.start),
        "slutt": timezone.localtime(mote.slutt) if mote.slutt else None,
    }


def _not_queued(personer: list[Person], key: str) -> list[Person]:
    """Those of ``personer`` who have no message with ``<key>:<person id>`` yet."""
    sendt = outbox.queued_before(f"{key}:{p.pk}" for p in personer)
    return [p for p in personer if f"{key}:{p.pk}" not in sendt]


def _queue_each(
    mote: Mote,
    personer: list[Person],
    art: str,
    key: str,
    *,
    context: dict | None = None,
    wording: Wording | None = None,
    forfall_lenke: bool = False,
    kalender: bool = False,
    vedlegg: list[outbox.Attachment] | None = None,
) -> list[Epost]:
    """One message of kind ``art`` about ``mote`` to each person, in one transaction: the key
    is ``<key>:<person id>``; with ``forfall_lenke`` each gets their own forfall link, with
    ``kalender`` their own .ics."""
    wording = wording if wording is not None else wording_for(mote, art)
    ut = []
    with transaction.atomic():
        for person in personer:
            emne, tekst = render_message(
                art,
                {
                    **_mote_context(mote),
                    **(context or {}),
                    "person": person,
                    "forfall_lenke": forfall_url(mote=mote, person=person) if forfall_lenke else "",
                },
                mote=mote,
                wording=wording,
            )
            ut.append(
                outbox.queue(
                    key=f"{key}:{person.pk}",
                    art=art,
                    person=person,
                    emne=emne,
                    tekst=tekst,
                    mote_id=mote.pk,
                    ics=ics.mote_ics(mote, person=person) if kalender else "",
                    vedlegg=vedlegg or (),
                )
            )
    return ut


# --- Innkalling -------------------------------------------------------------------------------


def _innkalling_pdf(mote: Mote, liste) -> tuple[list[outbox.Attachment], str]:
    """The innkalling PDF to attach (members' edition unless it shows something exempt), and
    the link to it when it is too large or could not be made."""
    utgave = (
        Dokument.Edition.OFFENTLIG
        if any(p.skjermet for p in liste.punkter)
        else Dokument.Edition.MEDLEM
    )
    lenke = absolute_url(mote.get_absolute_url()) + "#dokumenter"
    try:
        dok = dokumenter.dokument_order(mote=mote, art=Dokument.Art.INNKALLING, utgave=utgave)
        if dok.status != Dokument.Status.FERDIG:
            dok = dokumenter.dokument_render(dokument_id=dok.pk) or dok
    except dokumenter.DokumentError as exc:
        logger.warning("Innkallingen til møte %s fikk ingen PDF: %s", mote.pk, exc)
        return [], lenke
    if dok.status != Dokument.Status.FERDIG or not dok.fil:
        return [], lenke
    if (dok.storrelse or 0) > settings.EPOST_VEDLEGG_MAKS_MB * 1024 * 1024:
        return [], lenke
    return [outbox.Attachment(navn=dok.filename, sti=dok.fil.name)], ""


def innkalling_notify(*, mote_id: int, wording: Wording | None = None) -> list[Epost]:
    """Queues the innkalling for every member of the body (once per member: running it again,
    as a retried task does, sends nothing twice), in the secretariat's ``wording`` (the body's
    own by default)."""
    mote = Mote.objects.select_related("organ").filter(pk=mote_id).first()
    if mote is None or mote.innkalling_sendt is None:
        return []
    liste = saksliste(mote, tilgang=Tilgang.PUBLIKUM)
    personer = _not_queued(mote_recipients(mote), f"innkalling:{mote.pk}")
    if not personer:
        return []
    vedlegg, pdf_lenke = _innkalling_pdf(mote, liste)
    return _queue_each(
        mote,
        personer,
        A.INNKALLING,
        f"innkalling:{mote.pk}",
        context={
            "liste": liste,
            "skjermet": any(p.skjermet for p in liste.punkter),
            "pdf_lenke": pdf_lenke,
        },
        wording=wording,
        forfall_lenke=True,
        kalender=True,
        vedlegg=vedlegg,
    )


@dataclass(frozen=True)
class Preview:
    """The innkalling as one member will get it, before it is sent, and who gets it."""

    emne: str
    tekst: str
    mottaker: Person | None
    mottakere: int
    uten_adresse: list[Person]


def innkalling_preview(mote: Mote, wording: Wording | None = None) -> Preview:
    personer = mote_recipients(mote)
    med_adresse = [p for p in personer if p.epost]
    person: Person | None = (med_adresse or personer)[0] if personer else None
    liste = saksliste(mote, tilgang=Tilgang.PUBLIKUM)
    emne, tekst = render_message(
        A.INNKALLING,
        {
            **_mote_context(mote),
            "person": person or Person(navn="(mottaker)"),
            "liste": liste,
            "skjermet": any(p.skjermet for p in liste.punkter),
            "pdf_lenke": "",
            # Not a live link: whoever sees the preview must not be able to use it.
            "forfall_lenke": absolute_url("/forfall/") + "(personlig lenke til hver mottaker)",
        },
        mote=mote,
        wording=wording,
    )
    return Preview(emne, tekst, person, len(personer), [p for p in personer if not p.epost])


def innkalling_notify_later(mote_id: int, wording: Wording | None = None) -> None:
    """After the commit that sent the innkalling: the mails are made in the background (the PDF
    is rendered there). A broker that is down makes them here instead, so none is lost."""
    wording = wording or Wording()
    try:
        innkalling_notify_task.delay(mote_id, wording.emne, wording.innledning)
    except QueueError as exc:
        logger.warning("Køen svarer ikke (%s); innkallingen til møte %s lages nå.", exc, mote_id)
        innkalling_notify(mote_id=mote_id, wording=wording if wording != Wording() else None)


# The task sits with the service it calls.
@shared_task(name="moter.notices.innkalling_notify", ignore_result=True, acks_late=True)
def innkalling_notify_task(mote_id: int, emne: str = "", innledning: str = "") -> int:
    wording = Wording(emne, innledning) if emne or innledning else None
    return len(innkalling_notify(mote_id=mote_id, wording=wording))


# --- Tilleggsinnkalling ------------------------------------------------------------------------


def tilleggsinnkalling_notify(
    *, mote_id: int, n: int, endringer: list[str], wording: Wording | None = None
) -> list[Epost]:
    """The n-th tilleggsinnkalling to every member of the body: what changed on the agenda
    (as saker.services.tillegg words it, exempt titles screened), the updated innkalling PDF
    and the forfall link. Once per member and n."""
    mote = Mote.objects.select_related("organ").filter(pk=mote_id).first()
    if mote is None:
        return []
    personer = _not_queued(mote_recipients(mote), f"tilleggsinnkalling:{mote.pk}:{n}")
    if not personer:
        return []
    vedlegg, pdf_lenke = _innkalling_pdf(mote, saksliste(mote, tilgang=Tilgang.PUBLIKUM))
    return _queue_each(
        mote,
        personer,
        A.TILLEGGSINNKALLING,
        f"tilleggsinnkalling:{mote.pk}:{n}",
        context={
            "endringer": endringer,
            "pdf_lenke": pdf_lenke,
            "forfall_ids": set(
                mote.deltakere.filter(oppmote=Deltaker.Oppmote.FORFALL).values_list(
                    "person_id", flat=True
                )
            ),
        },
        wording=wording,
        forfall_lenke=True,
        vedlegg=vedlegg,
    )


def tilleggsinnkalling_notify_later(
    mote_id: int, n: int, endringer: list[str], wording: Wording | None = None
) -> None:
    wording = wording or Wording()
    try:
        tilleggsinnkalling_notify_task.delay(
            mote_id, n, endringer, wording.emne, wording.innledning
        )
    except QueueError as exc:
        logger.warning("Køen svarer ikke (%s); tilleggsinnkallingen lages nå.", exc)
        tilleggsinnkalling_notify(
            mote_id=mote_id,
            n=n,
            endringer=endringer,
            wording=wording if wording != Wording() else None,
        )


@shared_task(name="moter.notices.tilleggsinnkalling_notify", ignore_result=True, acks_late=True)
def tilleggsinnkalling_notify_task(
    mote_id: int, n: int, endringer: list[str], emne: str = "", innledning: str = ""
) -> int:
    wording = Wording(emne, innledning) if emne or innledning else None
    return len(
        tilleggsinnkalling_notify(mote_id=mote_id, n=n, endringer=endringer, wording=wording)
    )


# --- Forfall, cancellation, moved meeting ---------------------------------------------------


def forfall_recipients(mote: Mote) -> list[tuple[Person | None, str]]:
    """Who hears of a forfall, with the address: the meeting's «forfall meldes til»; without
    one (or without an address), the body's secretariat (verv «sekretariat» on the day); without
    that, the secretariat's own address (Nettsted). Empty: nobody can be told by e-mail."""
    mottaker = mote.forfall_meldes_til
    if mottaker is not None and mottaker.epost:
        return [(mottaker, mottaker.epost)]
    dato = timezone.localtime(mote.start).date()
    sekretariat = [
        v.person
        for v in Verv.objects.filter(organ_id=mote.organ_id, rolle=Verv.Rolle.SEKRETARIAT)
        .active(dato)
        .select_related("person")
        if v.person.epost
    ]
    if sekretariat:
        return [(p, p.epost) for p in sorted(sekretariat, key=lambda p: p.navn)]
    epost = Nettsted.get().epost
    return [(None, epost)] if epost else []


def forfall_notify(*, mote: Mote, deltaker: Deltaker) -> list[Epost]:
    """A member reported forfall: those forfall is reported to (``forfall_recipients``) are
    told, and so are the member's varamedlemmer (a verv in force on the day «vara for» the
    member), who may be needed."""
    context = {**_mote_context(mote), "deltaker": deltaker, "person": deltaker.person}
    n = deltaker.history.count()
    ut = []
    emne, tekst = render_message(A.FORFALL, context, wording=Wording())
    for mottaker, til in forfall_recipients(mote):
        ut.append(
            outbox.queue(
                key=f"forfall:{mote.pk}:{deltaker.person_id}:{n}:{til.lower()}",
                art=A.FORFALL,
                person=mottaker,
                til=til,
                emne=emne,
                tekst=tekst,
                mote_id=mote.pk,
            )
        )
    dato = timezone.localtime(mote.start).date()
    varaer = (
        Verv.objects.filter(organ_id=mote.organ_id, vara_for=deltaker.person)
        .active(dato)
        .select_related("person")
    )
    for verv in varaer:
        emne, tekst = render_message(
            "forfall_vara", {**context, "vara": verv.person}, wording=Wording()
        )
        ut.append(
            outbox.queue(
                key=f"forfall-vara:{mote.pk}:{deltaker.person_id}:{verv.person_id}:{n}",
                art=A.FORFALL,
                person=verv.person,
                emne=emne,
                tekst=tekst,
                mote_id=mote.pk,
            )
        )
    return ut


def _innkalte(mote: Mote) -> list[Person]:
    """Those who got the innkalling (an address then), for the messages that follow it."""
    ids = Epost.objects.filter(mote_id=mote.pk, art=A.INNKALLING).values_list(
        "person_id", flat=True
    )
    return list(Person.objects.filter(pk__in=ids).order_by("navn"))


def mote_change_notify(*, mote: Mote, art: str, flyttet_fra: datetime.datetime | None = None):
    """A cancelled or moved meeting: everyone who got the innkalling gets the news and an
    updated calendar entry (same UID, the new SEQUENCE)."""
    return _queue_each(
        mote,
        _innkalte(mote),
        art,
        f"{art}:{mote.pk}:{mote.kalender_sekvens}",
        context={"flyttet_fra": timezone.localtime(flyttet_fra) if flyttet_fra else None},
        kalender=True,
    )


# --- Referat ----------------------------------------------------------------------------------


def referat_kommentar_notify(*, mote: Mote) -> list[Epost]:
    """The referat draft is out for comments: the body's members get the deadline and the link
    (each time it is sent with a new deadline)."""
    return _queue_each(
        mote,
        mote_recipients(mote),
        A.REFERAT_KOMMENTAR,
        f"referat_kommentar:{mote.pk}:{mote.referat_kommentarfrist}",
    )


def referat_publisert_notify(*, mote: Mote) -> list[Epost]:
    """The approved referat is published: the body's members are told, once per version."""
    return _queue_each(
        mote,
        mote_recipients(mote),
        A.REFERAT_PUBLISERT,
        f"referat_publisert:{mote.pk}:{mote.referat_versjon}",
    )


# --- Reminder ---------------------------------------------------------------------------------


def paaminnelser_queue(naa: datetime.datetime | None = None) -> list[Epost]:
    """Reminders for the meetings whose reminder day has come (``Organ.paaminnelse_dager``
    before the start): to everyone who got the innkalling and has not reported forfall. Only
    when the innkalling went out before that day (a late innkalling is its own reminder).
    Run every hour by beat; each reminder goes once."""
    naa = naa or timezone.now()
    ut: list[Epost] = []
    moter = Mote.objects.filter(
        status=Mote.Status.INNKALT,
        start__gt=naa,
        start__lte=naa + datetime.timedelta(days=60),
        innkalling_sendt__isnull=False,
        organ__paaminnelse_dager__isnull=False,
    ).select_related("organ")
    for mote in moter:
        dager = datetime.timedelta(days=mote.organ.paaminnelse_dager or 0)
        if not mote.organ.paaminnelse_dager or naa < mote.start - dager:
            continue
        if mote.innkalling_sendt is None or mote.innkalling_sendt > mote.start - dager:
            continue
        forfall = set(
            mote.deltakere.filter(oppmote=Deltaker.Oppmote.FORFALL).values_list(
                "person_id", flat=True
            )
        )
        ut += _queue_each(
            mote,
            [p for p in _innkalte(mote) if p.pk not in forfall],
            A.PAAMINNELSE,
            f"paaminnelse:{mote.pk}:{mote.kalender_sekvens}",
            forfall_lenke=True,
        )
    return ut


@shared_task(name="moter.notices.paaminnelser", ignore_result=True)
def paaminnelser_task() -> int:
    with transaction.atomic():
        return len(paaminnelser_queue())
