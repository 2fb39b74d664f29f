"""The meeting as a calendar event (iCalendar, RFC 5545; the invitation with the methods of
RFC 5546).

One event per meeting, with a UID that stays the same for the meeting's life: the invitation,
a move and a cancellation update the same entry in the member's calendar, and a subscribed feed
(moter/views/kalender.py) follows the same way. ``SEQUENCE`` is ``Mote.kalender_sekvens``
(raised by moter.services when time, place or status change); a cancelled meeting has
``STATUS:CANCELLED``. ``mote_event`` builds the event for both: the e-mail invitation
(``mote_ics``, ``METHOD:REQUEST``/``CANCEL``) and the published calendars (``calendar_ics``,
``METHOD:PUBLISH``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from helsefellesskap.links import absolute_url
from helsefellesskap.models import Nettsted, Person

from .models import Mote

DEFAULT_LENGTH = datetime.timedelta(hours=2)
PRODID = "-//Møteportalen//Helsefellesskap//NO"
FORFALL_SUFFIX = " (forfall meldt)"


def uid(mote: Mote) -> str:
    host = urlsplit(settings.PORTAL_URL).hostname or "moteportalen"
    return f"mote-{mote.pk}@{host}"


def mote_event(
    mote: Mote,
    *,
    detaljer: bool = True,
    digital: bool = True,
    person: Person | None = None,
    forfall: bool = False,
    nettsted: Nettsted | None = None,
) -> Event:
    """The meeting as one VEVENT. ``detaljer``: its name, link and the reason for a
    cancellation; without, what a public møteplan says (a neutral «Møte i SSU», the day, time
    and place). ``digital``: the link to a digital meeting (the members'). ``person``: an
    attendee, who has reported forfall when ``forfall`` (their own calendar)."""
    avlyst = mote.status == Mote.Status.AVLYST
    nettsted = nettsted or Nettsted.get()
    event = Event()
    event.add("uid", uid(mote))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", mote.start)
    event.add("dtend", mote.slutt or mote.start + DEFAULT_LENGTH)
    event.add("sequence", mote.kalender_sekvens)
    event.add("status", "CANCELLED" if avlyst else "CONFIRMED")
    if detaljer:
        summary = f"{mote.display_name} ({mote.organ.kortnavn})"
    else:
        summary = f"Møte i {mote.organ.kortnavn}"
    event.add("summary", summary + (FORFALL_SUFFIX if forfall else ""))
    if mote.sted:
        event.add("location", mote.sted)
    elif digital and mote.digital_lenke:
        event.add("location", mote.digital_lenke)
    beskrivelse = []
    if detaljer:
        lenke = absolute_url(mote.get_absolute_url())
        event.add("url", lenke)
        beskrivelse.append(f"Saksliste og sakspapirer: {lenke}")
        if avlyst and mote.avlyst_begrunnelse:
            beskrivelse.insert(0, f"Møtet er avlyst: {mote.avlyst_begrunnelse}")
    elif avlyst:
        beskrivelse.append("Møtet er avlyst.")
    if digital and mote.digital_lenke:
        beskrivelse.append(f"Digitalt møte: {mote.digital_lenke}")
    if forfall:
        beskrivelse.insert(0, "Du har meldt forfall til dette møtet.")
    if beskrivelse:
        event.add("description", "\n".join(beskrivelse))
    organizer = vCalAddress(f"mailto:{nettsted.epost or settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(nettsted.navn)
    event.add("organizer", organizer)
    if person is not None and person.epost:
        attendee = vCalAddress(f"mailto:{person.epost}")
        attendee.params["cn"] = vText(person.navn)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("DECLINED" if forfall else "NEEDS-ACTION")
        event.add("attendee", attendee)
    return event


def mote_ics(mote: Mote, *, person: Person | None = None) -> str:
    """The invitation (or, for a cancelled meeting, the cancellation) as .ics text."""
    avlyst = mote.status == Mote.Status.AVLYST
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if avlyst else "REQUEST")
    cal.add_component(mote_event(mote, person=person))
    return cal.to_ical().decode()


def calendar_ics(*, navn: str, events: Iterable[Event]) -> bytes:
    """A published calendar (``METHOD:PUBLISH``) of ``events``, named ``navn`` in the reader's
    calendar app, which looks for changes every hour."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", navn)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("x-published-ttl", "PT1H")
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for event in events:
        cal.add_component(event)
    return cal.to_ical()
