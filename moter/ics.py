"""The meeting as a calendar invitation (iCalendar, RFC 5545 with the methods of RFC 5546).

One event per meeting, with a UID that stays the same for the meeting's life: the invitation,
a move and a cancellation update the same entry in the member's calendar. ``SEQUENCE`` is
``Mote.kalender_sekvens`` (raised by moter.services when time, place or status change after the
innkalling went out); a cancellation is ``METHOD:CANCEL`` with ``STATUS:CANCELLED``."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from helsefellesskap.links import absolute_url
from helsefellesskap.models import Nettsted, Person

from .models import Mote

DEFAULT_LENGTH = datetime.timedelta(hours=2)


def uid(mote: Mote) -> str:
    host = urlsplit(settings.PORTAL_URL).hostname or "moteportalen"
    return f"mote-{mote.pk}@{host}"


def mote_ics(mote: Mote, *, person: Person | None = None) -> str:
    """The invitation (or, for a cancelled meeting, the cancellation) as .ics text."""
    avlyst = mote.status == Mote.Status.AVLYST
    nettsted = Nettsted.get()
    cal = Calendar()
    cal.add("prodid", "-//Møteportalen//Helsefellesskap//NO")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if avlyst else "REQUEST")
    event = Event()
    event.add("uid", uid(mote))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", mote.start)
    event.add("dtend", mote.slutt or mote.start + DEFAULT_LENGTH)
    event.add("sequence", mote.kalender_sekvens)
    event.add("status", "CANCELLED" if avlyst else "CONFIRMED")
    event.add("summary", f"{mote.display_name} ({mote.organ.kortnavn})")
    lenke = absolute_url(mote.get_absolute_url())
    event.add("url", lenke)
    if mote.sted:
        event.add("location", mote.sted)
    elif mote.digital_lenke:
        event.add("location", mote.digital_lenke)
    beskrivelse = [f"Saksliste og sakspapirer: {lenke}"]
    if mote.digital_lenke:
        beskrivelse.append(f"Digitalt møte: {mote.digital_lenke}")
    if avlyst and mote.avlyst_begrunnelse:
        beskrivelse.insert(0, f"Møtet er avlyst: {mote.avlyst_begrunnelse}")
    event.add("description", "\n".join(beskrivelse))
    organizer = vCalAddress(f"mailto:{nettsted.epost or settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(nettsted.navn)
    event.add("organizer", organizer)
    if person is not None and person.epost:
        attendee = vCalAddress(f"mailto:{person.epost}")
        attendee.params["cn"] = vText(person.navn)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        event.add("attendee", attendee)
    cal.add_component(event)
    return cal.to_ical().decode()
