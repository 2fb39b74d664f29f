"""What the API shows: the public edition, decided by the access rules of ``moter.access`` for
an anonymous reader, exactly as the pages decide it. The API is anonymous-only: a logged-in
reader, the secretariat too, gets the same public view.

- the body (OParl Body): the helsefellesskap itself, as the footer of every page shows it
  (``Nettsted``);
- bodies: the public ones (``Organ.offentlig``), with their memberships;
- persons: those with a verv in a public body, with what the body page shows of them (name,
  stilling, role, body, period, the partner they represent); never an e-mail address, a phone
  number, a login or a verv in a body that is not public;
- meetings: those the public may open (``mote_visible_q`` for an anonymous user: innkalling or
  referat published, meeting and body public);
- saker (OParl Paper, each also its line on the agenda, OParl AgendaItem): the public edition of
  the agenda (``moter.display.saksliste`` with ``Tilgang.PUBLIKUM``): an exempt sak by its number
  and screened title only, the public vedlegg of the others, the vedtak once the referat is
  public; the case's path across bodies (OParl Consultation) as the public page «Sakens gang»
  shows it (``saker.services.forbindelser.sakens_gang`` for an anonymous reader);
- files: the public vedlegg (``moter.access.can_download_vedlegg``) and the published public
  PDFs the meeting page offers (``moter.publication.publisert_version``);
- the ``mote/1`` export: the exporter (``saker.exchange.export``) writes everything, for the
  secretariat; here only what the public edition shows is kept (``public_export``)."""

from __future__ import annotations

import datetime
import mimetypes
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from helsefellesskap.models import Nettsted, Organ, Person, Verv
from moter import access, publication
from moter.access import Tilgang
from moter.display import Punkt, referat_visible, saksliste
from moter.models import Dokument, Mote
from saker.exchange.export import mote_export
from saker.models import Sak, Sakstype, Vedlegg
from saker.services.forbindelser import sakens_gang

ANONYM = AnonymousUser()
OPARL = "https://schema.oparl.org/1.1/"

Url = Callable[[str], str]  # a path to the absolute address


def _api(navn: str, *args: Any) -> str:
    return reverse(f"api-1:{navn}", args=list(args))


# --- Body ----------------------------------------------------------------------------------


def body_data(url: Url) -> dict[str, Any]:
    """The helsefellesskap itself, with the addresses of what it holds."""
    nettsted = Nettsted.get()
    return {
        "id": url(_api("api-body")),
        "system": url(_api("api-root")),
        "name": nettsted.navn,
        "shortName": nettsted.kortnavn or None,
        "contactEmail": nettsted.epost or None,
        "address": nettsted.adresselinje or None,
        "classification": "Helsefellesskap",
        "website": url("/"),
        "organization": url(_api("api-organer")),
        "person": url(_api("api-personer")),
        "meeting": url(_api("api-moter")),
        "paper": url(_api("api-saker")),
    }


# --- Organizations, persons and their memberships -------------------------------------------


def _public_verv() -> QuerySet[Verv]:
    """The memberships the body pages show the public: in public bodies, every period (the
    page shows the members on any date)."""
    return Verv.objects.filter(organ__offentlig=True).select_related(
        "person", "organ", "representerer"
    )


_ROLLE_RANK = {rolle: i for i, rolle in enumerate(Verv.ROLLE_REKKEFOLGE)}


def _verv_order(v: Verv) -> tuple:
    """As the body page lists them: by role in the seeds' order, then partner and name."""
    return (
        _ROLLE_RANK.get(v.rolle, 99),
        v.representerer.navn if v.representerer else "\uffff",
        v.person.navn,
        v.fra or datetime.date.min,
        v.pk,
    )


def membership_data(verv: Verv, url: Url) -> dict[str, Any]:
    return {
        "type": OPARL + "Membership",
        "person": url(_api("api-person", verv.person_id)),
        "organization": url(_api("api-organ", verv.organ_id)),
        "role": verv.get_rolle_display(),
        "rolle": verv.rolle,
        "startDate": verv.fra.isoformat() if verv.fra else None,
        "endDate": verv.til.isoformat() if verv.til else None,
        "representerer": verv.representerer.navn if verv.representerer else None,
    }


def organer() -> QuerySet[Organ]:
    return (
        Organ.objects.filter(offentlig=True)
        .select_related("rapporterer_til")
        .prefetch_related(
            Prefetch(
                "verv",
                queryset=Verv.objects.select_related("person", "representerer"),
                to_attr="api_verv",
            )
        )
    )


def organ_data(organ: Organ, url: Url) -> dict[str, Any]:
    over = organ.rapporterer_til
    verv = getattr(organ, "api_verv", None)
    if verv is None:
        verv = list(organ.verv.select_related("person", "representerer"))
    for v in verv:
        v.organ = organ  # read by nothing here but __str__; no query per verv
    return {
        "id": url(_api("api-organ", organ.pk)),
        "name": organ.navn,
        "shortName": organ.kortnavn,
        "organizationType": organ.get_type_display(),
        "classification": organ.type,
        "body": url(_api("api-body")),
        "subOrganizationOf": (
            url(_api("api-organ", over.pk)) if over is not None and over.offentlig else None
        ),
        "startDate": organ.aktiv_fra.isoformat() if organ.aktiv_fra else None,
        "endDate": organ.aktiv_til.isoformat() if organ.aktiv_til else None,
        "membership": [membership_data(v, url) for v in sorted(verv, key=_verv_order)],
        "meeting": url(_api("api-moter") + f"?organ={organ.pk}"),
        "paper": url(_api("api-saker") + f"?organ={organ.pk}"),
        "web": url(organ.get_absolute_url()),
    }


def personer(*, organ: int | None = None) -> QuerySet[Person]:
    """The persons with a verv in a public body (in ``organ``, when given), with their verv in
    public bodies (``api_verv``)."""
    verv = Verv.objects.filter(person=OuterRef("pk"), organ__offentlig=True)
    if organ is not None:
        verv = verv.filter(organ_id=organ)
    return (
        Person.objects.filter(Exists(verv))
        .prefetch_related(Prefetch("verv", queryset=_public_verv(), to_attr="api_verv"))
        .order_by("navn", "pk")
    )


def person_data(person: Person, url: Url) -> dict[str, Any]:
    """What the body pages show of a person: nothing more (no e-mail, phone or workplace)."""
    verv = sorted(person.api_verv, key=_verv_order)  # type: ignore[attr-defined]  # personer()
    return {
        "id": url(_api("api-person", person.pk)),
        "type": OPARL + "Person",
        "body": url(_api("api-body")),
        "name": person.navn,
        "stilling": person.stilling or None,
        "membership": [membership_data(v, url) for v in verv],
    }


# --- Meetings --------------------------------------------------------------------------------


def moter() -> QuerySet[Mote]:
    return (
        Mote.objects.filter(access.mote_visible_q(ANONYM))
        .select_related("organ")
        .order_by("-start", "-pk")
    )


def mote_kort(mote: Mote, url: Url) -> dict[str, Any]:
    return {
        "id": url(_api("api-mote", mote.pk)),
        "name": mote.display_name,
        "start": mote.start.isoformat(),
        "end": mote.slutt.isoformat() if mote.slutt else None,
        "location": mote.sted or None,
        "cancelled": mote.status == Mote.Status.AVLYST,
        "organization": [url(_api("api-organ", mote.organ_id))] if mote.organ.offentlig else [],
        "web": url(mote.get_absolute_url()),
    }


# --- Files -----------------------------------------------------------------------------------

DOKUMENT_ARTER = (Dokument.Art.INNKALLING, Dokument.Art.REFERAT, Dokument.Art.SAKSDOKUMENTER)


def dokument_fil(mote: Mote, art: str, sak: Sak | None, url: Url) -> dict[str, Any] | None:
    """The published public version of a document, as the meeting page offers it (None when
    the public may not download it now)."""
    sak_id = sak.pk if sak is not None else None
    dok = publication.publisert_version(mote=mote, art=art, sak_id=sak_id)
    if dok is None:
        return None
    sti = reverse("dokument", args=[mote.pk, art]) + (f"?sak={sak_id}" if sak_id else "")
    navn = str(Dokument.Art(art).label)
    if sak is not None:
        navn = f"{navn} sak {sak.saksnr}".strip()
        api_id = _api("api-fil-saksframlegg", sak.pk)
    else:
        api_id = _api("api-fil-dokument", mote.pk, art)
    return {
        "id": url(api_id),
        "name": navn,
        "fileName": f"{art}-{mote.pk}" + (f"-{sak_id}" if sak_id else "") + ".pdf",
        "mimeType": "application/pdf",
        "size": dok.storrelse,
        "date": timezone.localtime(dok.publisert).date().isoformat() if dok.publisert else None,
        "accessUrl": url(sti),
        "downloadUrl": url(sti),
        "meeting": url(_api("api-mote", mote.pk)),
    }


def vedlegg_fil(vedlegg: Vedlegg, url: Url) -> dict[str, Any]:
    """A public vedlegg: a file in the portal, or a link to another site (no download)."""
    adresse = url(vedlegg.get_absolute_url())
    if vedlegg.fil:
        mime = vedlegg.innholdstype or mimetypes.guess_type(vedlegg.fil.name)[0]
        filnavn: str | None = posixpath.basename(vedlegg.fil.name)
    else:
        mime, filnavn = None, None
    return {
        "id": url(_api("api-fil-vedlegg", vedlegg.pk)),
        "name": vedlegg.tittel,
        "fileName": filnavn,
        "mimeType": mime,
        "size": vedlegg.storrelse if vedlegg.fil else None,
        "accessUrl": adresse,
        "downloadUrl": adresse if vedlegg.fil else None,
        "paper": url(_api("api-sak", vedlegg.sak_id)),
    }


def vedlegg() -> QuerySet[Vedlegg]:
    """The vedlegg the public may download (``can_download_vedlegg``'s filter)."""
    return Vedlegg.objects.filter(access.vedlegg_downloadable_q(ANONYM)).select_related(
        "sak__mote__organ"
    )


# --- Saker: Paper, with its line on the agenda (AgendaItem) and its path (Consultation) ------


def saker() -> QuerySet[Sak]:
    return Sak.objects.filter(access.sak_visible_q(ANONYM)).select_related("mote__organ", "organ")


def papers() -> QuerySet[Sak]:
    """The numbered saker of the meetings the public may open, newest meeting first, each with
    its vedlegg (``api_vedlegg``; the public ones are chosen by the edition rule)."""
    return (
        saker()
        .filter(type=Sak.Type.SAK)
        .prefetch_related(
            Prefetch("vedlegg", queryset=Vedlegg.objects.all(), to_attr="api_vedlegg")
        )
        .order_by("-mote__start", "-mote_id", "rekkefolge", "pk")
    )


_SAKSTYPER = dict(Sakstype.choices)


def paper_kort(sak: Sak, url: Url, *, vedlegg: list[Vedlegg] | None = None) -> dict[str, Any]:
    """The sak as a list shows it: what the public edition of its agenda line shows."""
    mote = sak.mote
    assert mote is not None  # saker() holds saker of visible meetings only
    skjermet = access.is_sak_screened_in(sak, Tilgang.PUBLIKUM)
    if vedlegg is None:
        vedlegg = getattr(sak, "api_vedlegg", None)
        if vedlegg is None:
            vedlegg = list(sak.vedlegg.all())
    synlige = [v for v in vedlegg if access.is_vedlegg_shown_in(v, sak, Tilgang.PUBLIKUM)]
    vedtak = None
    if not skjermet and referat_visible(mote, Tilgang.PUBLIKUM) and sak.vedtak:
        vedtak = sak.vedtak
    typer = [] if skjermet else [_SAKSTYPER.get(t, t) for t in sak.sakstyper]
    return {
        "id": url(_api("api-sak", sak.pk)),
        "type": OPARL + "Paper",
        "body": url(_api("api-body")),
        "name": sak.offentlig_display_title if skjermet else sak.tittel,
        "reference": sak.saksnr or None,
        "number": sak.saksnr,
        "date": timezone.localtime(mote.start).date().isoformat(),
        "paperType": "/".join(typer) or None,
        "public": not skjermet,
        "withdrawn": sak.trukket,
        "meeting": url(_api("api-mote", mote.pk)),
        "underDirectionOf": (
            [url(_api("api-organ", mote.organ_id))] if mote.organ.offentlig else []
        ),
        "resolutionText": vedtak,
        "auxiliaryFile": [vedlegg_fil(v, url) for v in synlige],
        "web": url(sak.get_absolute_url()),
    }


def sakspunkt_data(mote: Mote, punkt: Punkt, order: int, url: Url) -> dict[str, Any]:
    """A line of the meeting's agenda (OParl AgendaItem), inline in the meeting: its ``id`` is
    the address of the sak (Paper), which carries the same fields."""
    sak = punkt.sak
    sak.mote = mote
    data = paper_kort(sak, url, vedlegg=punkt.vedlegg)
    return {
        "id": data["id"],
        "type": OPARL + "AgendaItem",
        "meeting": data["meeting"],
        "number": sak.saksnr,
        "order": order,
        "name": punkt.tittel,
        "public": not punkt.skjermet,
        "resolutionText": data["resolutionText"],
        "auxiliaryFile": data["auxiliaryFile"],
        "web": data["web"],
    }


def public_agenda(mote: Mote) -> list[Punkt]:
    """The agenda of the public edition."""
    return saksliste(mote, tilgang=Tilgang.PUBLIKUM).punkter


def mote_data(mote: Mote, url: Url) -> dict[str, Any]:
    punkter = public_agenda(mote)
    filer: dict[str, dict[str, Any]] = {}
    sakdokumenter = []
    saker_ = {p.sak.pk: p.sak for p in punkter}
    for art, sak_id in publication.offentlige_dokumenter(mote):
        fil = dokument_fil(mote, art, saker_.get(sak_id) if sak_id else None, url)
        if fil is None:
            continue
        if sak_id is None:
            filer[art] = fil
        else:
            sakdokumenter.append(fil)
    andre = [f for art, f in filer.items() if art not in {Dokument.Art.INNKALLING, "referat"}]
    return {
        **mote_kort(mote, url),
        "body": url(_api("api-body")),
        "invitation": filer.get(Dokument.Art.INNKALLING),
        "resultsProtocol": filer.get(Dokument.Art.REFERAT),
        "auxiliaryFile": andre + sakdokumenter,
        "agendaItem": [sakspunkt_data(mote, p, i, url) for i, p in enumerate(punkter, 1)],
        "export": url(_api("api-mote-json", mote.pk)),
    }


def consultations(sak: Sak, url: Url) -> list[dict[str, Any]]:
    """The case's path across bodies (OParl Consultation), oldest first, as the public page
    «Sakens gang» shows it: only saker the public may open, an exempt one by its number and
    screened title, a link only when both its saker are shown, the vedtak once the referat is
    public."""
    ut = []
    for ledd in sakens_gang(sak, ANONYM):
        s = ledd.sak
        assert s.mote is not None  # the public sees no sak in the sakskø
        ut.append(
            {
                "type": OPARL + "Consultation",
                "paper": url(_api("api-sak", s.pk)),
                "agendaItem": url(_api("api-sak", s.pk)),
                "meeting": url(_api("api-mote", s.mote_id)),
                "organization": [url(_api("api-organ", s.mote.organ_id))],
                "reference": s.saksnr or None,
                "name": ledd.tittel,
                "public": not ledd.skjermet,
                "date": timezone.localtime(s.mote.start).date().isoformat(),
                "resolutionText": s.vedtak if ledd.vis_vedtak else None,
                "denneSaken": s.pk == sak.pk,
                "forbindelser": [
                    {
                        "role": navn,
                        "paper": url(_api("api-sak", annen.pk)),
                        "reference": annen.saksnr or None,
                        "merknad": f.merknad or None,
                    }
                    for navn, annen, f in ledd.forbindelser
                ],
            }
        )
    return ut


def sak_data(sak: Sak, url: Url) -> dict[str, Any] | None:
    """The sak (Paper) with the fields of its agenda line (AgendaItem), its saksframlegg and its
    path; None when it is not on the public agenda."""
    mote = sak.mote
    assert mote is not None  # saker() holds saker of visible meetings only
    for i, punkt in enumerate(public_agenda(mote), 1):
        if punkt.sak.pk == sak.pk:
            punkt.sak.mote = mote
            data = paper_kort(punkt.sak, url, vedlegg=punkt.vedlegg)
            data["order"] = i
            data["mainFile"] = (
                dokument_fil(mote, Dokument.Art.SAKSFRAMLEGG, punkt.sak, url)
                if not punkt.skjermet and sak.type == Sak.Type.SAK and sak.saksnr
                else None
            )
            data["consultation"] = consultations(sak, url)
            return data
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


class ExportChanged(Exception):
    """The agenda changed between the export's two reads on every try."""


EXPORT_TRIES = 3

# Called between the two reads of each try with the try's number (0, 1, ...): the tests change
# the agenda there, as a secretariat's save at that moment would.
between_reads: Callable[[int], None] | None = None


@contextmanager
def _snapshot() -> Iterator[None]:
    """Both reads of the export in one snapshot of the database: a REPEATABLE READ, READ ONLY
    transaction on PostgreSQL, so nobody's save in between can make them disagree. Inside a
    transaction already (or on SQLite) the reads share the caller's view, and the comparison in
    ``public_export`` catches what changed."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _same_agenda(rader: list[dict[str, Any]], punkter: list[Punkt]) -> bool:
    """The full export's saker are the public agenda's lines, one for one."""
    return len(rader) == len(punkter) and all(
        rad.get("saksnr", "") == p.sak.saksnr
        and rad.get("tittel") == p.sak.tittel
        and bool(rad.get("unntatt_offentlighet")) == bool(p.sak.unntatt_offentlighet)
        for rad, p in zip(rader, punkter, strict=True)
    )


def public_export(mote: Mote, url: Url) -> dict[str, Any] | None:
    """``mote/1`` of a meeting the public may open, as the public edition shows it: an
    exempt sak by its number and screened title, only public vedlegg (by title and their address
    in the portal), the referat's protocol and vedtak and the attendance once the referat is
    public. None when the meeting is no longer public.

    The full export and the public agenda are two reads; they must describe the same agenda.
    Read in one snapshot (``_snapshot``) they do; where that is not possible, a try whose reads
    disagree (a sak added, moved, renamed or made exempt in between) is thrown away and made
    again, and after ``EXPORT_TRIES`` tries ``ExportChanged`` (the view answers 503)."""
    for forsok in range(EXPORT_TRIES):
        with _snapshot():
            naa = Mote.objects.select_related("organ").filter(pk=mote.pk).first()
            if naa is None or not access.is_mote_public(ANONYM, naa):
                return None
            full = mote_export(naa)
            if between_reads is not None:
                between_reads(forsok)
            punkter = public_agenda(naa)
            referat = referat_visible(naa, Tilgang.PUBLIKUM)
        if _same_agenda(full["saker"], punkter):
            return _public_edition(full, punkter, referat, url)
    raise ExportChanged("Sakslisten endret seg under eksporten.")


def _public_edition(
    full: dict[str, Any], punkter: list[Punkt], referat: bool, url: Url
) -> dict[str, Any]:
    data = {k: full[k] for k in _MOTE_KEYS if k in full}
    if referat and "deltakere" in full:
        data["deltakere"] = [{k: d[k] for k in _DELTAKER_KEYS if k in d} for d in full["deltakere"]]
    saker_ut = []
    for punkt, rad in zip(punkter, full["saker"], strict=True):
        sak = punkt.sak
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
