"""Vedlegg of a sak: files or links."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from saker.models import (
    Sak,
    Vedlegg,
)
from saker.services.common import SakError, agenda_check_editable, sak_reload
from saker.uploads import check_vedlegg
from saker.vedleggstekst import tekst_status_ny, vedlegg_tekst_bestill


@transaction.atomic
def vedlegg_add(
    *, sak: Sak, tittel: str, fil=None, url: str = "", offentlig: bool = True, filsjekk=None
) -> Vedlegg:
    """Attach a file (checked by content) or a link to a sak; the text of a PDF or DOCX is read
    for search after commit (``saker.vedleggstekst``)."""
    sak = sak_reload(sak)
    agenda_check_editable(sak.mote)
    if not fil and not url:
        raise ValidationError("Velg en fil eller skriv en lenke.")
    neste = (sak.vedlegg.aggregate(m=Max("rekkefolge"))["m"] or 0) + 1
    vedlegg = Vedlegg(
        sak=sak, tittel=tittel.strip(), url=url, offentlig=offentlig, rekkefolge=neste
    )
    if fil:
        check = filsjekk or check_vedlegg(fil)
        vedlegg.innholdstype, vedlegg.storrelse = check.innholdstype, check.storrelse
        vedlegg.fil.save(fil.name, fil, save=False)
    vedlegg.tekst_status = tekst_status_ny(vedlegg)
    vedlegg.full_clean(exclude=["fil"])
    vedlegg.save()
    vedlegg_tekst_bestill(vedlegg=vedlegg)
    return vedlegg


def vedlegg_delete_check(*, vedlegg: Vedlegg) -> None:
    """Raise SakError when ``vedlegg`` may not be removed (an agenda that cannot change, or a
    published innkalling, whose public documents would still show it)."""
    sak = sak_reload(vedlegg.sak)
    agenda_check_editable(sak.mote)
    if sak.mote is not None and sak.mote.innkalling_publisert is not None:
        raise SakError("Innkallingen er publisert. Trekk publiseringen før du fjerner vedlegg.")


@transaction.atomic
def vedlegg_delete(*, vedlegg: Vedlegg) -> None:
    vedlegg_delete_check(vedlegg=vedlegg)
    fil = vedlegg.fil
    vedlegg.delete()
    if fil:
        transaction.on_commit(lambda: fil.storage.delete(fil.name))
