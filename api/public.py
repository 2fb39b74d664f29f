"""What the API shows: the public edition, decided by the access rules of ``moter.access`` for
an anonymous reader, exactly as the pages decide it. The API is anonymous-only: a logged-in
reader, the secretariat too, gets the same public view.

- bodies: the public ones (``Organ.offentlig``);
- meetings: those the public may open (``mote_visible_q`` for an anonymous user: innkalling or
  referat published, meeting and body public);
- agenda items: the public edition of the agenda (``moter.display.saksliste`` with
  ``Tilgang.PUBLIKUM``): an exempt sak by its number and screened title only, the public
  vedlegg of the others, the vedtak once the referat is public;
- files: the published public PDFs the meeting page offers (``moter.publication``);
- the ``mote/1`` export: the exporter (``saker.exchange.export``) writes everything, for the
  secretariat; here only what the public edition shows is kept (``public_export``)."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse

from helsefellesskap.models import Organ
from moter import access, publication
from moter.access import Tilgang
from moter.display import Punkt, referat_visible, saksliste
from moter.models import Dokument, Mote
from saker.exchange.export import mote_export
from saker.models import Sak

ANONYM = AnonymousUser()

Url = Callable[[str], str]  # a path to the absolute address


def organer() -> QuerySet[Organ]:
    return Organ.objects.filter(offentlig=True).select_related("rapporterer_til")


def moter() -> QuerySet[Mote]:
    return (
        Mote.objects.filter(access.mote_visible_q(ANONYM))
        .select_related("organ")
        .order_by("-start", "-pk")
    )


def saker() -> QuerySet[Sak]:
    return Sak.objects.filter(access.sak_visible_q(ANONYM)).select_related("mote__organ")


def organ_data(organ: Organ, url: Url) -> dict[str, Any]:
    over = organ.rapporterer_til
    return {
        "id": url(reverse("api-1:api-organ", args=[organ.pk])),
        "name": organ.navn,
        "shortName": organ.kortnavn,
        "organizationType": organ.get_type_display(),
        "classification": organ.type,
        "subOrganizationOf": (
            url(reverse("api-1:api-organ", args=[over.pk]))
            if over is not None and over.offentlig
            else None
        ),
        "meeting": url(reverse("api-1:api-moter") + f"?organ={organ.pk}"),
        "web": url(organ.get_absolute_url()),
    }


def mote_kort(mote: Mote, url: Url) -> dict[str, Any]:
    return {
        "id": url(reverse("api-1:api-mote", args=[mote.pk])),
        "name": mote.display_name,
        "start": mote.start.isoformat(),
        "end": mote.slutt.isoformat() if mote.slutt else None,
        "location": mote.sted or None,
        "cancelled": mote.status == Mote.Status.AVLYST,
        "organization": [url(reverse("api-1:api-organ", args=[mote.organ_id]))]
        if mote.organ.offentlig
        else [],
        "web": url(mote.get_absolute_url()),
    }


def _dokument_fil(mote: Mote, art: str, sak_id: int | None, url: Url) -> dict[str, Any] | None:
    """The published public version of a document, as the meeting page offers it."""
    dok = publication.publisert_version(mote=mote, art=art, sak_id=sak_id)
    if dok is None:
        return None
    sti = reverse("dokument", args=[mote.pk, art]) + (f"?sak={sak_id}" if sak_id else "")
    navn = Dokument.Art(art).label
    return {
        "id": url(sti),
        "name": navn,
        "mimeType": "application/pdf",
        "accessUrl": url(sti),
    }


def _vedlegg_fil(vedlegg: Any, url: Url) -> dict[str, Any]:
    adresse = url(vedlegg.get_absolute_url())
    mime = mimetypes.guess_type(vedlegg.fil.name)[0] if vedlegg.fil else None
    return {"id": adresse, "name": vedlegg.tittel, "mimeType": mime, "accessUrl": adresse}


def sakspunkt_data(mote: Mote, punkt: Punkt, order: int, url: Url) -> dict[str, Any]:
    sak = punkt.sak
    vedtak = None
    if not punkt.skjermet and referat_visible(mote, Tilgang.PUBLIKUM) and sak.vedtak:
        vedtak = sak.vedtak
    return {
        "id": url(reverse("api-1:api-sak", args=[sak.pk])),
        "meeting": url(reverse("api-1:api-mote", args=[mote.pk])),
        "number": sak.saksnr,
        "order": order,
        "name": punkt.tittel,
        "public": not punkt.skjermet,
        "resolutionText": vedtak,
        "auxiliaryFile": [_vedlegg_fil(v, url) for v in punkt.vedlegg],
        "web": url(sak.get_absolute_url()),
    }


def public_agenda(mote: Mote) -> list[Punkt]:
    """The agenda of the public edition."""
    return saksliste(mote, tilgang=Tilgang.PUBLIKUM).punkter


def mote_data(mote: Mote, url: Url) -> dict[str, Any]:
    punkter = public_agenda(mote)
    filer: dict[str, dict[str, Any]] = {}
    sakdokumenter = []
    for art, sak_id in publication.offentlige_dokumenter(mote):
        fil = _dokument_fil(mote, art, sak_id, url)
        if fil is None:
            continue
        if sak_id is None:
            filer[art] = fil
        else:
            sakdokumenter.append(fil)
    andre = [f for art, f in filer.items() if art not in {Dokument.Art.INNKALLING, "referat"}]
    return {
        **mote_kort(mote, url),
        "invitation": filer.get(Dokument.Art.INNKALLING),
        "resultsProtocol": filer.get(Dokument.Art.REFERAT),
        "auxiliaryFile": andre + sakdokumenter,
        "agendaItem": [sakspunkt_data(mote, p, i, url) for i, p in enumerate(punkter, 1)],
        "export": url(reverse("api-1:api-mote-json", args=[mote.pk])),
    }


def sak_data(sak: Sak, url: Url) -> dict[str, Any] | None:
    mote = sak.mote
    assert mote is not None  # saker() holds saker of visible meetings only
    for i, punkt in enumerate(public_agenda(mote), 1):
        if punkt.sak.pk == sak.pk:
            return sakspunkt_data(mote, punkt, i, url)
    return None


# --- The mote/1 export, public edition -----------------------------------------------------

# What the public edition shows of the meeting and of an open sak; the rest of the export
# (the digital meeting link, remarks on attendance, follow-ups, the exempt saker's texts and
# the non-public vedlegg) stays with the secretariat.
_MOTE_KEYS = (
    "format",
    "organ",
    "tittel",
    "start",
    "slutt",
    "sted",
    "til",
    "moteleder",
    "referent",
    "forfall_meldes_til",
    "status",
)
_SAK_KEYS = (
    "type",
    "saksnr",
    "sakstyper",
    "tittel",
    "arkivsaksid",
    "saksbehandler",
    "hensikt",
    "faktagrunnlag",
    "vurdering",
    "forslag_til_vedtak",
    "ansvar",
)
_REFERAT_KEYS = ("protokoll", "vedtak")
_DELTAKER_KEYS = ("person", "rolle", "oppmote", "moter_for")


def public_export(mote: Mote, url: Url) -> dict[str, Any]:
    """``mote/1`` of a meeting the public may open, as the public edition shows it: an
    exempt sak by its number and screened title, only public vedlegg (by title and their address
    in the portal), the referat's protocol and vedtak and
    the attendance once the referat is public."""
    full = mote_export(mote)
    punkter = public_agenda(mote)
    if len(punkter) != len(full["saker"]):  # the agenda changed between the two reads
        raise RuntimeError("Sakslisten endret seg under eksporten.")
    referat = referat_visible(mote, Tilgang.PUBLIKUM)
    data = {k: full[k] for k in _MOTE_KEYS if k in full}
    if referat and "deltakere" in full:
        data["deltakere"] = [{k: d[k] for k in _DELTAKER_KEYS if k in d} for d in full["deltakere"]]
    saker_ut = []
    for punkt, rad in zip(punkter, full["saker"], strict=True):
        sak = punkt.sak
        if rad.get("saksnr", "") != sak.saksnr:
            raise RuntimeError("Sakslisten endret seg under eksporten.")
        if punkt.skjermet:
            saker_ut.append(
                {
                    "saksnr": sak.saksnr,
                    "tittel": sak.offentlig_display_title,
                    "unntatt_offentlighet": True,
                }
            )
            continue
        ut = {k: rad[k] for k in _SAK_KEYS if k in rad}
        if referat:
            ut.update({k: rad[k] for k in _REFERAT_KEYS if k in rad})
        vedlegg = [{"tittel": v.tittel, "url": url(v.get_absolute_url())} for v in punkt.vedlegg]
        if vedlegg:
            ut["vedlegg"] = vedlegg
        saker_ut.append(ut)
    data["saker"] = saker_ut
    return data
