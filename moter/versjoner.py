"""The versions that key the cached meeting, body and list pages (``hurtigbuffer``),
each read from the database in one small query before the page reads what it shows.

- a meeting's page and a sak's page: the meeting's ``versjon`` (raised by every write to the
  meeting, its saker and what hangs on them, and the meetings linked by «referat for») and the
  master-data version;
- a body's page and the agenda editor: the master-data version and the ids and versions of the
  body's meetings (``hurtigbuffer.fingeravtrykk``); the editor also those of the body's
  sakskø;
- the vedtak register: the master-data version and the ids and versions of all meetings;
- the front page: the master-data version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from helsefellesskap import hurtigbuffer
from helsefellesskap.models import Organ

from .models import Mote

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _MedGrunndata(TypedDict):
    grunndata_versjon: int | None


def mote_med_versjon(pk: int, *related: str) -> Mote | None:
    """The meeting with its body (and ``related``), its version and the master-data version
    (kept for the rest of the request), in one query."""
    mote = (
        Mote.objects.select_related("organ", *related)
        .annotate(grunndata_versjon=hurtigbuffer.grunndata_subquery())
        .filter(pk=pk)
        .first()
    )
    if mote is not None:
        hurtigbuffer.husk_grunndata(mote.grunndata_versjon)
    return mote


def mote_side(request, pk: int) -> tuple | None:
    """A meeting's page: its version and the master data's."""
    rad = (
        Mote.objects.filter(pk=pk)
        .annotate(grunndata_versjon=hurtigbuffer.grunndata_subquery())
        .values_list("versjon", "grunndata_versjon")
        .first()
    )
    return None if rad is None else ("mote", pk, *rad)


def sak_side(request, pk: int) -> tuple | None:
    """A sak's page: its meeting's version (every change to a sak raises it) and the master
    data's. A sak in no meeting (the secretariat's sakskø) is not cached."""
    rad = (
        Mote.objects.filter(saker__pk=pk)
        .annotate(grunndata_versjon=hurtigbuffer.grunndata_subquery())
        .values_list("pk", "versjon", "grunndata_versjon")
        .first()
    )
    return None if rad is None else ("sak", pk, *rad)


def organ_med_versjon(slug: str) -> WithAnnotations[Organ, _MedGrunndata] | None:
    """The body by its address, with the master-data version (kept for the request)."""
    organ = (
        Organ.objects.filter(slug__iexact=slug)
        .annotate(grunndata_versjon=hurtigbuffer.grunndata_subquery())
        .first()
    )
    if organ is not None:
        hurtigbuffer.husk_grunndata(organ.grunndata_versjon)
    return organ


def organets_moter(organ_id: int) -> str:
    """The version of a body's list of meetings."""
    return hurtigbuffer.fingeravtrykk(Mote.objects.filter(organ_id=organ_id))


def organ_side(request, slug: str) -> tuple | None:
    """A body's page: the master data and the body's meetings."""
    organ = organ_med_versjon(slug)
    if organ is None:
        return None
    return ("organ", organ.pk, organ.grunndata_versjon, organets_moter(organ.pk))


def alle_moter(request, *args, **kwargs) -> tuple:
    """A page that lists from every meeting (the vedtak register)."""
    return (
        "alle",
        hurtigbuffer.grunndata(),
        hurtigbuffer.fingeravtrykk(Mote.objects.all()),
    )
