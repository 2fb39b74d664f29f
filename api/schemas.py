"""The objects of the API, after OParl 1.1 (https://oparl.org/spezifikation/): the names of
OParl's fields where OParl has one, a ``type`` with OParl's type URI, and ``id`` as the
object's own address in the API. What the portal has beyond OParl keeps a Norwegian name
(``saksnr`` is OParl's ``number``; ``unntattOffentlighet`` has no OParl field)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

OPARL = "https://schema.oparl.org/1.1/"


class Fil(Schema):
    """OParl File: a published public PDF of a meeting (innkalling, referat, saksdokumenter,
    saksframlegg), or a public vedlegg of a sak (a file, or a link to another site)."""

    id: str = Field(description="Filens adresse i API-et.")
    type: str = OPARL + "File"
    name: str = Field(description="Tittelen.")
    fileName: str | None = Field(None, description="Filnavnet (tomt for en lenke).")
    mimeType: str | None = Field(None, description="Filtypen, f.eks. «application/pdf».")
    size: int | None = Field(None, description="Størrelsen i byte, når den er kjent.")
    date: str | None = Field(None, description="Datoen PDF-en ble publisert.")
    accessUrl: str = Field(description="Adressen filen (eller lenken) åpnes fra på portalen.")
    downloadUrl: str | None = Field(
        None, description="Adressen filen lastes ned fra (tomt for en lenke til et annet nettsted)."
    )
    meeting: str | None = Field(None, description="Møtet PDF-en hører til.")
    paper: str | None = Field(None, description="Saken vedlegget hører til.")


class Sakspunkt(Schema):
    """OParl AgendaItem: a line of a meeting's agenda. An exempt sak (unntatt offentlighet)
    shows its number and screened title only. Its ``id`` is the sak's address (Paper)."""

    id: str = Field(description="Sakens adresse (/api/saker/<id>/), som har de samme feltene.")
    type: str = OPARL + "AgendaItem"
    meeting: str
    number: str = Field(description="Saksnummeret (tomt for punkter uten nummer).")
    order: int = Field(description="Plassen på sakslisten, fra 1.")
    name: str
    public: bool = Field(description="Usann for en sak unntatt offentlighet.")
    resolutionText: str | None = Field(
        None, description="Vedtaket, når referatet er publisert og saken er offentlig."
    )
    auxiliaryFile: list[Fil] = []
    web: str


class Forbindelse(Schema):
    """A link between two saker on the path, as the page «Sakens gang» words it."""

    role: str = Field(description="Forbindelsen, f.eks. «Oppfølging av», «Sendt videre til».")
    paper: str = Field(description="Den andre saken.")
    reference: str | None = Field(None, description="Den andre sakens saksnummer.")
    merknad: str | None = None


class Behandling(Schema):
    """OParl Consultation: one sak on the case's path across bodies (fagutvalg, FSU, SSU,
    Partnerskapsmøtet), as the public page «Sakens gang» shows it."""

    type: str = OPARL + "Consultation"
    paper: str = Field(description="Saken i dette organet.")
    agendaItem: str = Field(description="Punktet på møtets saksliste (samme adresse som saken).")
    meeting: str
    organization: list[str]
    reference: str | None = Field(None, description="Saksnummeret.")
    name: str = Field(description="Tittelen, eller den skjermede tittelen.")
    public: bool = Field(description="Usann for en sak unntatt offentlighet.")
    date: str = Field(description="Møtedatoen.")
    resolutionText: str | None = Field(None, description="Vedtaket, når referatet er publisert.")
    denneSaken: bool = Field(description="Sann for saken selv.")
    forbindelser: list[Forbindelse] = []


class PaperKort(Schema):
    """OParl Paper: a sak as a case document, as a list shows it. An exempt sak (unntatt
    offentlighet) shows its number and screened title only."""

    id: str
    type: str = OPARL + "Paper"
    body: str
    name: str = Field(description="Tittelen, eller den skjermede tittelen.")
    reference: str | None = Field(None, description="Saksnummeret, f.eks. «2024.2» eller «14/26».")
    number: str = Field(description="Saksnummeret (som i AgendaItem).")
    date: str = Field(description="Datoen for møtet saken behandles i.")
    paperType: str | None = Field(None, description="Sakstypene, f.eks. «Orientering/Diskusjon».")
    public: bool = Field(description="Usann for en sak unntatt offentlighet.")
    withdrawn: bool = Field(description="Saken er trukket fra sakslisten.")
    meeting: str
    underDirectionOf: list[str] = Field(description="Organet som behandler saken.")
    resolutionText: str | None = Field(
        None, description="Vedtaket, når referatet er publisert og saken er offentlig."
    )
    auxiliaryFile: list[Fil] = Field([], description="De offentlige vedleggene.")
    web: str


class Paper(PaperKort):
    """OParl Paper with the fields of its line on the agenda (AgendaItem), its published
    saksframlegg and its path across bodies."""

    order: int = Field(description="Plassen på møtets saksliste, fra 1.")
    mainFile: Fil | None = Field(None, description="Saksframlegget, når det er publisert.")
    consultation: list[Behandling] = Field(
        [], description="Sakens gang: sakene i andre organer og møter den er koblet til."
    )


class Verv(Schema):
    """OParl Membership: a person's verv in a public body for a period."""

    type: str = OPARL + "Membership"
    person: str
    organization: str
    role: str = Field(description="Rollen, f.eks. «Leder», «Medlem», «Varamedlem».")
    rolle: str = Field(description="Rollen som kode, f.eks. «leder».")
    startDate: str | None = None
    endDate: str | None = None
    representerer: str | None = Field(None, description="Partneren personen representerer.")


class Person(Schema):
    """OParl Person: a member of a public body, with what the body's page shows."""

    id: str
    type: str = OPARL + "Person"
    body: str
    name: str
    stilling: str | None = None
    membership: list[Verv] = Field(description="Vervene i offentlige organer.")


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
    body: str
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
    body: str
    subOrganizationOf: str | None = Field(None, description="Organet det rapporterer til.")
    startDate: str | None = None
    endDate: str | None = None
    membership: list[Verv] = Field(description="Medlemmene, alle perioder.")
    meeting: str = Field(description="Listen over organets offentlige møter.")
    paper: str = Field(description="Listen over organets offentlige saker.")
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


class PaperListe(Schema):
    data: list[PaperKort]
    pagination: Sideinfo
    links: Sidelenker


class PersonListe(Schema):
    data: list[Person]
    pagination: Sideinfo
    links: Sidelenker


class Body(Schema):
    """OParl Body: the helsefellesskap itself, with the addresses of its lists."""

    id: str
    type: str = OPARL + "Body"
    system: str
    name: str
    shortName: str | None = None
    contactEmail: str | None = Field(None, description="Sekretariatets e-postadresse.")
    address: str | None = None
    classification: str
    website: str
    organization: str = Field(description="Listen over de offentlige organene.")
    person: str = Field(description="Listen over medlemmene i de offentlige organene.")
    meeting: str = Field(description="Listen over de publiserte, offentlige møtene.")
    paper: str = Field(description="Listen over sakene i de publiserte, offentlige møtene.")


class System(Schema):
    """OParl System: the portal, with the addresses of its lists."""

    id: str
    type: str = OPARL + "System"
    oparlVersion: str = OPARL
    name: str
    website: str
    body: str = Field(description="Helsefellesskapet (OParl Body).")
    organization: str = Field(description="Listen over de offentlige organene.")
    person: str = Field(description="Listen over medlemmene i de offentlige organene.")
    meeting: str = Field(description="Listen over de publiserte, offentlige møtene.")
    paper: str = Field(description="Listen over sakene i de publiserte, offentlige møtene.")
    openapi: str
    documentation: str


class Feil(Schema):
    detail: str


Export = dict[str, Any]
