"""PDF documents on the pages: download the edition the reader may have, order a new version
(secretariat, with a status fragment that htmx polls), and a PNG preview of the first page."""

from __future__ import annotations

import posixpath
import shutil
import subprocess
from pathlib import Path

from django.contrib.auth.views import redirect_to_login
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from helsefellesskap.access import organ_manager_required
from helsefellesskap.storage import local_copy
from moter import access, dokumenter, publication
from moter.access import Tilgang, require_access
from moter.display import Saksliste, content_for, referat_visible
from moter.models import Dokument, Mote

Art, Edition, Status = Dokument.Art, Dokument.Edition, Dokument.Status


def _mote(pk: int) -> Mote:
    return get_object_or_404(Mote.objects.select_related("organ"), pk=pk)


def _art(art: str) -> str:
    if art not in Art.values:
        raise Http404("Ukjent dokument.")
    return art


def _sak_id(request: HttpRequest, mote: Mote, art: str) -> int | None:
    """The sak of a saksframlegg, which must be a numbered sak of this meeting (404 otherwise);
    ``sak`` means nothing for the other documents and is ignored there."""
    if art != Art.SAKSFRAMLEGG:
        return None
    verdi = request.GET.get("sak") or request.POST.get("sak") or ""
    if not verdi.isascii() or not verdi.isdigit() or len(verdi) > 18:
        raise Http404("Velg saken saksframlegget gjelder.")
    if not mote.saker.filter(pk=int(verdi), type="sak").exists():
        raise Http404("Saken står ikke på dette møtet.")
    return int(verdi)


def _edition_for(request: HttpRequest, tilgang: Tilgang) -> str:
    """Readers get the edition they may have; the secretariat may ask for either
    (``moter.access.document_edition``)."""
    return access.document_edition(tilgang, request.GET.get("utgave") or request.POST.get("utgave"))


def _can_read(mote: Mote, art: str, tilgang: Tilgang) -> bool:
    if art == Art.REFERAT:
        return referat_visible(mote, tilgang)
    if tilgang < Tilgang.MEDLEM:
        return publication.part_publisert(mote, art)
    # A draft's documents are the secretariat's, as the draft is.
    return tilgang == Tilgang.SEKRETARIAT or not access.is_draft(None, mote)


def _find(mote: Mote, art: str, utgave: str, sak_id: int | None, tilgang: Tilgang, naa=None):
    """The version this reader downloads: of the public edition the published one (the
    secretariat: the newest, to check it before it goes out); of the members' the newest.
    ``naa``: the meeting's public content, if the caller has it (publisering.Innhold)."""
    if utgave == Edition.OFFENTLIG and tilgang < Tilgang.SEKRETARIAT:
        return publication.publisert_version(mote=mote, art=art, sak_id=sak_id, naa=naa)
    return dokumenter.last_dokument(mote=mote, art=art, utgave=utgave, sak_id=sak_id)


def _response_with_file(
    request: HttpRequest, dok: Dokument, *, offentlig: bool
) -> HttpResponseBase:
    # Public files may be kept by a proxy only if it asks again each time (no-cache): a
    # withdrawn version then answers 404 at once. Other editions are for this reader only.
    cache_control = "public, no-cache" if offentlig else "private, no-store"
    etag = f'"{dok.sha256}"'
    if dok.sha256 and etag in request.headers.get("If-None-Match", ""):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        try:
            fil = dok.fil.open("rb")
        except FileNotFoundError as exc:
            raise Http404("Filen finnes ikke lenger.") from exc
        response = FileResponse(
            fil, content_type="application/pdf", filename=Path(dok.fil.name).name
        )
        response["X-Content-Type-Options"] = "nosniff"
    if dok.sha256:
        response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


def dokument_download(request: HttpRequest, pk: int, art: str) -> HttpResponseBase:
    """The PDF this reader may have. Never writes: a document that is not made yet is ordered
    with the page's «Lag PDF» (POST), and the public gets only what is published."""
    mote = _mote(pk)
    art = _art(art)
    tilgang = require_access(request.user, mote)
    if not _can_read(mote, art, tilgang):
        raise Http404("Dokumentet er ikke tilgjengelig.")
    utgave = _edition_for(request, tilgang)
    sak_id = _sak_id(request, mote, art)
    dok = _find(mote, art, utgave, sak_id, tilgang)
    if dok is not None:
        return _response_with_file(request, dok, offentlig=utgave == Edition.OFFENTLIG)
    if tilgang < Tilgang.MEDLEM or (utgave == Edition.OFFENTLIG and tilgang < Tilgang.SEKRETARIAT):
        raise Http404("PDF-en er ikke publisert ennå.")
    context = _status_context(mote, art, utgave, sak_id)
    return render(request, "moter/dokument_venter.html", {**context, "kan_bestille": True})


def _status_context(
    mote: Mote, art: str, utgave: str, sak_id: int | None, versjoner: list[Dokument] | None = None
) -> dict:
    """The state of one edition. ``versjoner``: that edition's versions, newest first, when the
    caller has loaded them already (the meeting page shows six editions from one query)."""
    if versjoner is None:
        versjoner = list(
            Dokument.objects.for_edition(mote=mote, art=art, utgave=utgave, sak_id=sak_id)
        )
    siste = versjoner[0] if versjoner else None
    ferdige = [d for d in versjoner if d.status == Status.FERDIG]
    ferdig = ferdige[0] if ferdige else None
    publisert = next((d for d in ferdige if d.publisert and d.trukket is None), None)
    return {
        "mote": mote,
        "art": art,
        "art_navn": Art(art).label,
        "utgave": utgave,
        "utgave_navn": Edition(utgave).label,
        "sak_id": sak_id,
        "siste": siste,
        "ferdig": ferdig,
        "publisert": publisert,
        "arbeider": siste is not None and siste.status in {Status.VENTER, Status.LAGER},
    }


@require_POST
def dokument_order(request: HttpRequest, pk: int, art: str) -> HttpResponse:
    """«Lag PDF»: order the document; unchanged content returns the existing version at once
    (so ordering again makes no new rows). Members order their own edition; the public
    documents are made by publishing."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mote = _mote(pk)
    art = _art(art)
    tilgang = require_access(request.user, mote, at_least=Tilgang.MEDLEM)
    if not _can_read(mote, art, tilgang):
        raise Http404("Dokumentet er ikke tilgjengelig.")
    utgave = access.document_edition_to_order(
        tilgang, request.GET.get("utgave") or request.POST.get("utgave")
    )
    sak_id = _sak_id(request, mote, art)
    feil = ""
    try:
        dokumenter.dokument_order(
            mote=mote, art=art, utgave=utgave, sak_id=sak_id, bruker=request.user
        )
    except dokumenter.DokumentError as exc:
        feil = str(exc)
    context = {
        **_status_context(mote, art, utgave, sak_id),
        "feil": feil,
        "kan_publisere": tilgang == Tilgang.SEKRETARIAT,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "moter/partials/dokumentstatus.html", context)
    if tilgang < Tilgang.SEKRETARIAT:
        return render(request, "moter/dokument_venter.html", {**context, "kan_bestille": True})
    return redirect(f"{mote.get_absolute_url()}#dokumenter")


def dokument_status(request: HttpRequest, pk: int, art: str) -> HttpResponse:
    """The status fragment: the secretariat's «Lag PDF», and members waiting for a download."""
    mote = _mote(pk)
    art = _art(art)
    tilgang = require_access(request.user, mote, at_least=Tilgang.MEDLEM)
    if not _can_read(mote, art, tilgang):
        raise Http404
    context = _status_context(
        mote, art, _edition_for(request, tilgang), _sak_id(request, mote, art)
    )
    context["kan_publisere"] = tilgang == Tilgang.SEKRETARIAT
    return render(request, "moter/partials/dokumentstatus.html", context)


@organ_manager_required
@require_POST
def dokument_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """«Publiser versjon N»: a finished public version that did not go out by itself (made
    before the meeting was published, or withdrawn and still allowed)."""
    dok = get_object_or_404(Dokument.objects.select_related("mote__organ"), pk=pk)
    access.require_manage_organ(request.user, dok.mote.organ)
    if dok.utgave != Edition.OFFENTLIG or not publication.part_publisert(dok.mote, dok.art):
        raise Http404("Bare den offentlige utgaven av noe som er publisert, kan publiseres.")
    feil = ""
    try:
        dokumenter.dokument_publish(dokument=dok)
    except dokumenter.DokumentError as exc:
        feil = str(exc)
    context = {
        **_status_context(dok.mote, dok.art, dok.utgave, dok.sak_id),
        "kan_publisere": True,
        "feil": feil,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "moter/partials/dokumentstatus.html", context)
    return redirect(f"{dok.mote.get_absolute_url()}#dokumenter")


def _first_page_png(dok: Dokument) -> bytes:
    """The first page of a finished PDF as a PNG, made with pdftoppm from a copy of the stored
    file on this machine."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise Http404("Forhåndsvisning krever poppler-utils (pdftoppm).")
    with local_copy(dok.fil.storage, dok.fil.name) as pdf:
        ut = pdf.with_name("side1")
        subprocess.run(  # noqa: S603 - fixed program, paths we made
            [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(ut)],
            check=True,
            timeout=30,
            capture_output=True,
        )
        return ut.with_suffix(".png").read_bytes()


def dokument_preview(request: HttpRequest, pk: int) -> FileResponse:
    """PNG of the first page: made once per version with pdftoppm and kept beside the PDF."""
    dok = get_object_or_404(Dokument.objects.select_related("mote__organ"), pk=pk)
    tilgang = require_access(request.user, dok.mote)
    if tilgang < Tilgang.SEKRETARIAT:
        # Readers see previews of what they may download, nothing else.
        editions = access.document_editions(tilgang)
        if not _can_read(dok.mote, dok.art, tilgang) or dok not in [
            _find(dok.mote, dok.art, u, dok.sak_id, tilgang) for u in editions
        ]:
            raise Http404
    if dok.status != Status.FERDIG or not dok.fil:
        raise Http404
    storage = dok.fil.storage
    png = f"{posixpath.splitext(dok.fil.name)[0]}.side1.png"
    try:
        fil = storage.open(png, "rb")
    except FileNotFoundError:
        fil = ContentFile(_first_page_png(dok), name=png)
        stored = storage.save(png, fil)
        if stored != png:  # another request made it meanwhile: keep theirs
            storage.delete(stored)
        fil.seek(0)
    response = FileResponse(fil, content_type="image/png")
    offentlig = dok.utgave == Edition.OFFENTLIG and tilgang < Tilgang.MEDLEM
    response["Cache-Control"] = "public, no-cache" if offentlig else "private, no-store"
    return response


def dokumentliste(mote: Mote, tilgang: Tilgang, liste: Saksliste | None = None) -> list[dict]:
    """The documents on the meeting page: for readers the downloads they may have; for the
    secretariat every edition with its state and «Lag PDF». ``liste``: the agenda as this
    reader sees it, read for the page already (the public edition is what a published
    document is checked against)."""
    naa = content_for(liste) if liste is not None and liste.offentlig_edition else None
    rader = []
    alle = (
        list(mote.dokumenter.filter(sak_id__isnull=True).order_by("-versjon"))
        if tilgang == Tilgang.SEKRETARIAT
        else []
    )
    for art in (Art.INNKALLING, Art.SAKSDOKUMENTER, Art.REFERAT):
        if not _can_read(mote, art, tilgang):
            continue
        if tilgang == Tilgang.SEKRETARIAT:
            for utgave in (Edition.MEDLEM, Edition.OFFENTLIG):
                versjoner = [d for d in alle if d.art == art and d.utgave == utgave]
                rader.append(
                    {**_status_context(mote, art, utgave, None, versjoner), "kan_publisere": True}
                )
            continue
        lesers = access.document_edition(tilgang, None)
        if tilgang < Tilgang.MEDLEM and _find(mote, art, lesers, None, tilgang, naa) is None:
            continue
        rader.append({"art": art, "art_navn": Art(art).label, "utgave": lesers})
    return rader
