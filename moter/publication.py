"""What the public gets of a meeting's documents, and keeping it true.

Publishing the innkalling releases its public documents (the innkalling, one saksframlegg per
public sak, the saksdokumenter); publishing the referat releases the public referat. Documents not
rendered yet are ordered then, and each is published as soon as its version is finished.

After that the public documents follow the content on their own, as the public web page does:

- every version remembers what public content it shows (``Dokument.innhold``: the agenda lines,
  the saker shown with their text, the public vedlegg);
- when public content shrinks (a sak made exempt, withdrawn or taken off the agenda, a vedlegg
  removed or made non-public, the meeting or its body made non-public, the publication withdrawn),
  the published versions that show it are withdrawn in the same transaction
  (``offentlige_check``, called on every save and delete through ``saker.signals``), and a
  new version is ordered;
- when it grows or changes, a new version is ordered, and the old one stays out until it is ready;
- a finished public version of something that is published is published at once
  (``moter.dokumenter.dokument_render``), provided it still shows nothing that has stopped being
  public.

The download checks once more (``publisert_version``): a version that shows anything that is no
longer public is never served, whatever path the change took (a bulk update, a shell).

Services:

- ``offentlige_publiser(*, mote, bruker=None) -> list[Dokument]``: release what is published now.
- ``offentlige_trekk(*, mote, grunn, arter=None) -> int``: withdraw the published versions.
- ``offentlige_kontroller(*, mote_id) -> list[Dokument]``: withdraw what shows more than is public.
- ``publisert_versjon(*, mote, art, sak_id=None) -> Dokument | None``: what the public downloads.
- ``offentlige_status(mote, *, som_publisert) -> list[Dokumentstatus]``: the check page's list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from helsefellesskap import pagecache

from . import access
from .access import Tilgang
from .display import Content, content_for, saksliste
from .models import Dokument, Mote

Art, Edition, Status = Dokument.Art, Dokument.Edition, Dokument.Status

# What each document belongs to: the innkalling's publication or the referat's.
MOTEDOKUMENTER = (Art.INNKALLING, Art.SAKSDOKUMENTER, Art.REFERAT)


def part_publisert(mote: Mote, art: str) -> bool:
    """Whether the part of the meeting a document belongs to is published."""
    if art == Art.REFERAT:
        return mote.referat_publisert is not None
    return mote.innkalling_publisert is not None


def out_for_publikum(mote: Mote, art: str) -> bool:
    """The document's part is published, and the meeting and its body are public."""
    return part_publisert(mote, art) and access.is_open_to_public(None, mote)


# --- What a version shows -----------------------------------------------------------------------


def offentlig_content(mote: Mote, *, sak_id: int | None = None) -> Content:
    """What of the meeting the public may see now (the public edition of its agenda)."""
    return content_for(saksliste(mote, tilgang=Tilgang.PUBLIKUM), sak_id=sak_id)


def _missing(mote: Mote, dok: Dokument, naa: Content | None = None) -> list[str]:
    """Why ``dok`` may not be out to the public any more (empty: it may)."""
    if not part_publisert(mote, dok.art):
        return ["publiseringen er trukket"]
    if not access.is_open_to_public(None, mote):
        return ["møtet er ikke lenger offentlig"]
    shows = Content.from_json(dok.innhold)
    if shows is None:
        return ["versjonen er laget før innholdet ble registrert"]
    if naa is None:
        naa = offentlig_content(mote)
    if dok.sak_id is not None:
        naa = naa.for_sak(dok.sak_id)
    return naa.mangler(shows)


# --- Releasing and withdrawing ------------------------------------------------------------------


def offentlige_dokumenter(
    mote: Mote, *, innkalling: bool | None = None, referat: bool | None = None
) -> list[tuple[str, int | None]]:
    """The public documents that go out (art, sak id): with the innkalling its saksframlegg
    (one per sak shown with its content) and the saksdokumenter; with the referat the referat.
    ``innkalling``/``referat``: as if that part were (True) or were not (False) published."""
    if innkalling is None:
        innkalling = mote.innkalling_publisert is not None
    if referat is None:
        referat = mote.referat_publisert is not None
    if not access.is_open_to_public(None, mote):
        return []
    ut: list[tuple[str, int | None]] = []
    if innkalling and mote.status not in {Mote.Status.PLANLAGT, Mote.Status.AVLYST}:
        ut.append((Art.INNKALLING, None))
        for punkt in saksliste(mote, tilgang=Tilgang.PUBLIKUM).punkter:
            sak = punkt.sak
            if sak.type == "sak" and sak.saksnr and not punkt.skjermet and not sak.trukket:
                ut.append((Art.SAKSFRAMLEGG, sak.pk))
        ut.append((Art.SAKSDOKUMENTER, None))
    if referat and mote.referat_status == Mote.ReferatStatus.GODKJENT:
        ut.append((Art.REFERAT, None))
    return ut


def publish_if_allowed(dok: Dokument, *, mote: Mote | None = None) -> Dokument:
    """Publishes a finished public version when its part is out to the public and it shows
    nothing that has stopped being public; otherwise leaves it as it is."""
    mote = mote or dok.mote
    if dok.utgave != Edition.OFFENTLIG or dok.status != Status.FERDIG:
        return dok
    if dok.publisert is not None and dok.trukket is None:
        return dok
    if _missing(mote, dok):
        return dok
    dok.publisert = timezone.now()
    dok.trukket = None
    dok.trukket_grunn = ""
    dok._change_reason = "Publisert"
    dok.save(update_fields=["publisert", "trukket", "trukket_grunn"])
    return dok


def _withdraw(dok: Dokument, reason: str) -> None:
    dok.trukket = timezone.now()
    dok.trukket_grunn = reason[:300]
    dok._change_reason = f"Trukket tilbake: {reason}"[:100]
    dok.save(update_fields=["trukket", "trukket_grunn"])


def _publiserte(mote: Mote):
    return Dokument.objects.filter(mote=mote, utgave=Edition.OFFENTLIG).publiserte()


@transaction.atomic
def offentlige_withdraw(*, mote: Mote, reason: str, kinds: list[str] | None = None) -> int:
    """Withdraws every published public version (of ``kinds``, or all)."""
    qs = _publiserte(mote)
    if kinds is not None:
        qs = qs.filter(art__in=kinds)
    trukket = 0
    for dok in qs.select_for_update():
        _withdraw(dok, reason)
        trukket += 1
    return trukket


def offentlige_check(*, mote_id: int) -> list[Dokument]:
    """Withdraws, in the caller's transaction, every published public version that shows
    something no longer public, and orders new versions (after commit). Cheap when nothing of
    the meeting is published: one query."""
    publiserte = list(
        Dokument.objects.filter(mote_id=mote_id, utgave=Edition.OFFENTLIG)
        .publiserte()
        .select_related("mote__organ")
    )
    if not publiserte:
        return []
    mote = publiserte[0].mote
    naa = offentlig_content(mote)
    trukket = []
    for dok in publiserte:
        reasons = _missing(mote, dok, naa)
        if reasons:
            _withdraw(dok, "; ".join(reasons))
            trukket.append(dok)
    # Every version of a withdrawn document goes: an older one may show text since changed.
    for dok in trukket:
        for older in _publiserte(mote).filter(art=dok.art, sak_id=dok.sak_id):
            _withdraw(older, dok.trukket_grunn)
    return trukket


# --- What the public downloads ------------------------------------------------------------------


def publisert_version(
    *, mote: Mote, art: str, sak_id: int | None = None, naa: Content | None = None
) -> Dokument | None:
    """The version the public downloads: the newest published one, if its part is out to the
    public and it shows nothing that is no longer public (checked again here, so no change
    however made lets a withdrawn byte out). ``naa``: the meeting's public content, when the
    caller has just read it (the public meeting page shows that edition itself)."""
    if not out_for_publikum(mote, art):
        return None
    dok = (
        Dokument.objects.for_edition(mote=mote, art=art, utgave=Edition.OFFENTLIG, sak_id=sak_id)
        .publiserte()
        .first()
    )
    if dok is None:
        return None
    if naa is None:
        # The meeting's public content, cached under the meeting's version as it is now (read
        # here: the caller's copy may predate its own changes) and the master data's.
        versjon = Mote.objects.filter(pk=mote.pk).values_list("versjon", flat=True).first()
        naa = pagecache.fragment(
            ("offentlig-innhold", mote.pk, versjon, pagecache.grunndata()),
            lambda: offentlig_content(Mote.objects.select_related("organ").get(pk=mote.pk)),
        )
    return None if _missing(mote, dok, naa) else dok


# --- The check page -----------------------------------------------------------------------------


@dataclass
class Dokumentstatus:
    art: str
    sak_id: int | None
    navn: str
    publisert: Dokument | None  # the version out now
    siste: Dokument | None  # the newest version whatever its state
    current: bool  # the newest finished version shows the current content

    @property
    def state(self) -> str:
        siste = self.siste
        if self.publisert is not None and self.current:
            return "publisert"
        if siste is not None and siste.status in {Status.VENTER, Status.LAGER}:
            return "lages"
        if siste is not None and siste.status == Status.FEILET:
            return "feilet"
        if self.publisert is not None:
            return "endret"
        return "ikke_laget"


def offentlige_status(
    mote: Mote, *, innkalling: bool | None = None, referat: bool | None = None
) -> list[Dokumentstatus]:
    """Each public document that goes out with its published version and the state of its
    newest one. ``innkalling``/``referat``: as in ``offentlige_dokumenter`` (True: as if that
    part were published now, for the page that publishes it)."""
    liste = offentlige_dokumenter(mote, innkalling=innkalling, referat=referat)
    versjoner = list(
        Dokument.objects.filter(mote=mote, utgave=Edition.OFFENTLIG).order_by("-versjon")
    )
    navn = {
        p.sak.pk: f"Saksframlegg {p.sak.saksnr} {p.tittel}"
        for p in saksliste(mote, tilgang=Tilgang.PUBLIKUM).punkter
    }
    rader = []
    for art, sak_id in liste:
        own = [d for d in versjoner if d.art == art and d.sak_id == sak_id]
        siste = own[0] if own else None
        ferdig = next((d for d in own if d.status == Status.FERDIG), None)
        publisert = next(
            (d for d in own if d.is_ferdig and d.publisert and d.trukket is None), None
        )
        rader.append(
            Dokumentstatus(
                art=art,
                sak_id=sak_id,
                navn=navn.get(sak_id, "") if sak_id else Art(art).label,
                publisert=publisert,
                siste=siste,
                current=ferdig is not None and publisert is not None and ferdig == publisert,
            )
        )
    return rader
