"""The objects of the API, after OParl 1.1 (https://oparl.org/spezifikation/): the names of
OParl's fields where OParl has one, a ``type`` with OParl's type URI, and ``id`` as the
object's own address in the API. What the portal has beyond OParl keeps a Norwegian name
(``saksnr`` is OParl's ``number``; ``unntattOffentlighet`` has no OParl field)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

OPARL = "https://schema.oparl.org/1.1/"


class Fil(Schema):
    """OParl File: a published public PDF of a meeting, or a public vedlegg of a sak."""

    id: str = Field(description="Adressen filen lastes ned fra (det samme som accessUrl).")
    type: str = OPARL + "File"
    name: str
    mimeType: str | None = None
    accessUrl: str


class Sakspunkt(Schema):
    """OParl AgendaItem: a line of a meeting's agenda. An exempt sak (unntatt offentlighet)
    shows its number and screened title only."""

    id: str
    type: str = OPARL + "AgendaItem"
    meeting: str
    number: str = Field(description="Saksnummeret (tomt for punkter uten nummer).")
    order: int
    name: str
    public: bool = Field(description="Usann for en sak unntatt offentlighet.")
    resolutionText: str | None = Field(
        None, description="Vedtaket, når referatet er publisert og saken er offentlig."
    )
    auxiliaryFile: list[Fil] = []
    web: str


class MoteKort(Schema):
    """OParl Meeting, as a list shows it."""

    id: str
    type: str = OPARL + "Meeting"
    name: str
    start: str
    end: str | None = None
    location: str | None = Field(None, description="Møtestedet som tekst.")
    cancelled: bool
    organization: list[str]
    web: str


class Mote(MoteKort):
    """OParl Meeting with its agenda and its published public documents."""

    invitation: Fil | None = None
    resultsProtocol: Fil | None = None
    auxiliaryFile: list[Fil] = []
    agendaItem: list[Sakspunkt] = []
    export: str = Field(description="Møtet i formatet mote/1 (offentlig utgave).")


class Organ(Schema):
    """OParl Organization: a body of the helsefellesskap (a public one)."""

    id: str
    type: str = OPARL + "Organization"
    name: str
    shortName: str
    organizationType: str
    classification: str = Field(description="Organtypen som kode, f.eks. «ssu».")
    subOrganizationOf: str | None = Field(None, description="Organet det rapporterer til.")
    meeting: str = Field(description="Listen over organets offentlige møter.")
    web: str


class Sidelenker(Schema):
    first: str
    prev: str | None = None
    next: str | None = None
    last: str


class Sideinfo(Schema):
    totalElements: int
    elementsPerPage: int
    currentPage: int
    totalPages: int


class OrganListe(Schema):
    data: list[Organ]
    pagination: Sideinfo
    links: Sidelenker


class MoteListe(Schema):
    data: list[MoteKort]
    pagination: Sideinfo
    links: Sidelenker


class System(Schema):
    """OParl System: the portal, with the addresses of its lists."""

    id: str
    type: str = OPARL + "System"
    oparlVersion: str = OPARL
    name: str
    website: str
    organization: str = Field(description="Listen over de offentlige organene.")
    meeting: str = Field(description="Listen over de publiserte, offentlige møtene.")
    openapi: str
    documentation: str


class Feil(Schema):
    detail: str


Export = dict[str, Any]
