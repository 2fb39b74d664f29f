"""Export of one meeting as ``mote/1``: a pure read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone

from helsefellesskap.models import Person
from moter.models import Deltaker, Mote
from saker.models import Oppfolging, Sak


def _person(p: Person | None) -> str | None:
    return p.navn if p is not None else None


def _drop_empty(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, "", [], False)}


def mote_export(mote: Mote) -> dict:
    """The meeting as ``mote/1``; empty and default values are left out."""
    mote = Mote.objects.select_related("organ", "moteleder", "referent", "forfall_meldes_til").get(
        pk=mote.pk
    )
    data: dict[str, Any] = {
        "format": "mote/1",
        "organ": mote.organ.kortnavn,
        "tittel": mote.tittel,
        "start": timezone.localtime(mote.start).isoformat(),
        "slutt": timezone.localtime(mote.slutt).isoformat() if mote.slutt else None,
        "sted": mote.sted,
        "digital_lenke": mote.digital_lenke,
        "til": mote.til,
        "moteleder": _person(mote.moteleder),
        "referent": _person(mote.referent),
        "forfall_meldes_til": _person(mote.forfall_meldes_til),
        "status": mote.status,
    }
    data = _drop_empty(data)
    if not mote.offentlig:
        data["offentlig"] = False
    if mote.signert_dato:
        data["signert_dato"] = mote.signert_dato.isoformat()
    if mote.vedtaksord:
        data["vedtaksord"] = mote.vedtaksord
    if mote.referat_godkjent and mote.status == Mote.Status.REFERAT_GODKJENT:
        data["referat_godkjent"] = timezone.localtime(mote.referat_godkjent).date().isoformat()
    deltakere = [
        _drop_empty(
            {
                "person": d.person.navn,
                "rolle": d.rolle,
                "oppmote": d.oppmote if d.oppmote != Deltaker.Oppmote.INVITERT else None,
                "moter_for": _person(d.moter_for),
                "representerer": d.representerer,
                "merknad": d.merknad,
            }
        )
        for d in mote.deltakere.select_related("person", "moter_for")
    ]
    if deltakere:
        data["deltakere"] = deltakere
    saker = (
        mote.saker.order_by("rekkefolge", "pk")
        .select_related("saksbehandler")
        .prefetch_related("ansvar__person", "vedlegg", "oppfolginger__ansvarlig")
    )
    data["saker"] = [_sak_export(s) for s in saker]
    return data


def _sak_export(s: Sak) -> dict:
    punkt = _drop_empty(
        {
            "type": s.type if s.type != Sak.Type.SAK else None,
            "saksnr": s.saksnr,
            "sakstyper": list(s.sakstyper),
            "tittel": s.tittel,
            "arkivsaksid": s.arkivsaksid,
            "saksbehandler": _person(s.saksbehandler),
            "hensikt": s.hensikt,
            "faktagrunnlag": s.faktagrunnlag,
            "vurdering": s.vurdering,
            "forslag_til_vedtak": s.forslag_til_vedtak,
            "protokoll": s.protokoll,
            "vedtak": s.vedtak,
            "unntatt_offentlighet": s.unntatt_offentlighet,
            "hjemmel": s.hjemmel,
            "offentlig_tittel": s.offentlig_tittel,
        }
    )
    # Keep the order of keys close to the schema's for readable files.
    ansvar = [str(a) for a in s.ansvar.all()]
    if ansvar:
        punkt["ansvar"] = ansvar
    oppfolging = [
        _drop_empty(
            {
                "beskrivelse": o.beskrivelse,
                "ansvarlig": _person(o.ansvarlig),
                "frist": o.frist.isoformat() if o.frist else None,
                "status": o.status if o.status != Oppfolging.Status.APEN else None,
            }
        )
        for o in s.oppfolginger.all()
    ]
    if oppfolging:
        punkt["oppfolging"] = oppfolging
    vedlegg = []
    for v in s.vedlegg.all():
        row = _drop_empty(
            {
                "tittel": v.tittel,
                "fil": f"vedlegg/{v.pk}-{Path(v.fil.name).name}" if v.fil else None,
                "url": v.url,
            }
        )
        if not v.offentlig:
            row["offentlig"] = False
        vedlegg.append(row)
    if vedlegg:
        punkt["vedlegg"] = vedlegg
    return punkt
