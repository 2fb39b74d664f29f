"""The demo meetings: the seeds' real meetings (mote/1 files in ``saker/demo_moter``), published
as they were, plus the planned meetings and queued saker of ``demo_moter/planlagte.yaml`` so a new
user sees the editor at work, and a few vedlegg with real files (``demo_moter/vedleggsfiler.yaml``)
whose text search finds."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import yaml
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from helsefellesskap import outbox
from helsefellesskap.models import Organ, Person
from moter.dokumenter import offentlige_publish
from moter.models import Mote
from moter.services import innkalling_publish, referat_publish

from . import services
from .exchange.importing import mote_import_file, organ_find
from .exchange.validate import file_read
from .models import Sak, Saksforbindelse, Vedlegg
from .services import forbindelser
from .uploads import check_vedlegg
from .vedleggstekst import vedlegg_tekst_hent

DEMO_MOTER = Path(__file__).resolve().parent / "demo_moter"


def _exists(data: dict) -> bool:
    organ = organ_find(data["organ"])
    start = datetime.datetime.fromisoformat(data["start"])
    return organ is not None and Mote.objects.filter(organ=organ, start=start).exists()


@transaction.atomic
def demo_moter_load() -> dict[str, int]:
    """Import the seed meetings that are not there yet and publish their innkalling.
    Idempotent: a meeting is recognised by body and start time. They are history: nobody is
    e-mailed about them (``outbox.muted``)."""
    with outbox.muted():
        return _demo_moter_load()


def _demo_moter_load() -> dict[str, int]:
    importert = 0
    for sti in sorted(DEMO_MOTER.glob("*.json")):
        data = file_read(sti)
        if _exists(data):
            _recorded_facts_update(data)
            continue
        mote = mote_import_file(sti)
        if mote.status != Mote.Status.PLANLAGT:
            innkalling_publish(mote=mote)
        if mote.referat_status == Mote.ReferatStatus.GODKJENT:
            referat_publish(mote=mote)
        importert += 1
    # Before the documents: the meeting pack lays the PDF vedlegg in.
    _files_load(_read_yaml(DEMO_MOTER / "vedleggsfiler.yaml"))
    # The public PDFs of what is published: made where missing (an older demo database), and
    # nothing is rendered again when they are current.
    for mote in Mote.objects.filter(
        Q(innkalling_publisert__isnull=False) | Q(referat_publisert__isnull=False)
    ):
        offentlige_publish(mote=mote)

    _planned_load(_read_yaml(DEMO_MOTER / "planlagte.yaml"))
    _links_load(_read_yaml(DEMO_MOTER / "forbindelser.yaml"))
    return {
        "moter": Mote.objects.count(),
        "importert": importert,
        "saker": Sak.objects.saker().count(),
    }


def _recorded_facts_update(data: dict) -> None:
    """A demo database imported before mote/1 carried them gets the facts the files now
    record: the meeting's word for proposal and decision, its signature date and each
    participant's affiliation. Only what differs is saved (idempotent)."""
    organ = organ_find(data["organ"])
    mote = Mote.objects.get(organ=organ, start=datetime.datetime.fromisoformat(data["start"]))
    signert = data.get("signert_dato")
    felter = {
        "vedtaksord": data.get("vedtaksord") or "",
        "signert_dato": datetime.date.fromisoformat(signert) if signert else None,
    }
    endret = [navn for navn, verdi in felter.items() if getattr(mote, navn) != verdi]
    if endret:
        for navn in endret:
            setattr(mote, navn, felter[navn])
        mote._change_reason = "Demodata: opplysninger fra mote/1-filen"
        mote.save(update_fields=endret)
    recorded = {d["person"]: d.get("representerer") or "" for d in data.get("deltakere", [])}
    for deltaker in mote.deltakere.select_related("person"):
        verdi = recorded.get(deltaker.person.navn)
        if verdi is not None and deltaker.representerer != verdi:
            deltaker.representerer = verdi
            deltaker._change_reason = "Demodata: opplysninger fra mote/1-filen"
            deltaker.save(update_fields=["representerer"])


def _links_load(data: list[dict[str, Any]]) -> None:
    """The demo's case paths: links between seed saker, made where missing."""
    for rad in data:
        fra, til = (
            Sak.objects.get(organ__kortnavn=rad[side]["organ"], saksnr=rad[side]["saksnr"])
            for side in ("fra", "til")
        )
        if not Saksforbindelse.objects.filter(fra=fra, til=til).exists():
            forbindelser.saksforbindelse_add(sak=fra, annen=til, retning=f"ut:{rad['type']}")


def _pdf(rad: dict[str, Any]) -> bytes:
    import weasyprint

    avsnitt = "".join(f"<p>{escape(a)}</p>" for a in rad["avsnitt"])
    stil = (
        "@page { size: A4; margin: 2cm } "
        "body { font-family: Carlito, Calibri, sans-serif; font-size: 11pt }"
    )
    html = (
        f'<html lang="nb"><head><title>{escape(rad["tittel"])}</title><style>{stil}</style>'
        f"</head><body><h1>{escape(rad['overskrift'])}</h1>{avsnitt}</body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf()


def _docx(rad: dict[str, Any]) -> bytes:
    import docx

    dokument = docx.Document()
    dokument.add_heading(rad["overskrift"], level=1)
    for avsnitt in rad["avsnitt"]:
        dokument.add_paragraph(avsnitt)
    if rader := rad.get("tabell"):
        tabell = dokument.add_table(rows=len(rader), cols=len(rader[0]))
        for rad_nr, celler in enumerate(rader):
            for kol, tekst in enumerate(celler):
                tabell.cell(rad_nr, kol).text = str(tekst)
    ut = io.BytesIO()
    dokument.save(ut)
    return ut.getvalue()


def _files_load(data: list[dict[str, Any]]) -> None:
    """Files for the demo vedlegg that have none: made, checked as an upload is, and their text
    read at once (not through the queue: the demo is the same with and without a worker)."""
    for rad in data:
        vedlegg = Vedlegg.objects.filter(
            sak__organ__kortnavn=rad["organ"], sak__saksnr=rad["saksnr"], tittel=rad["tittel"]
        ).first()
        if vedlegg is None or vedlegg.fil or vedlegg.url:
            continue
        innhold = _pdf(rad) if rad["format"] == "pdf" else _docx(rad)
        fil = ContentFile(innhold, name=f"{rad['tittel']}.{rad['format']}")
        check = check_vedlegg(fil)
        vedlegg.innholdstype, vedlegg.storrelse = check.innholdstype, check.storrelse
        vedlegg.fil.save(fil.name, fil, save=False)
        vedlegg.tekst_status = Vedlegg.TekstStatus.VENTER
        vedlegg.save()
        vedlegg_tekst_hent(vedlegg_id=vedlegg.pk)


def _read_yaml(sti: Path) -> Any:
    with sti.open(encoding="utf-8") as fil:
        return yaml.safe_load(fil)


def _planned_load(data: dict[str, Any]) -> None:
    """Make the meetings (with the standard items and their saker) and the queued saker that are
    not there yet: a meeting is recognised by body and start, a queued sak by body and title."""
    tz = timezone.get_current_timezone()

    def person(navn: str | None) -> Person | None:
        return Person.objects.filter(navn=navn).first() if navn else None

    for row in data.get("moter", []):
        organ = Organ.objects.get(kortnavn=row["organ"])
        start = row["start"].replace(tzinfo=tz)
        if Mote.objects.filter(organ=organ, start=start).exists():
            continue
        mote = services.mote_create_with_standard_items(
            organ=organ,
            start=start,
            slutt=row["slutt"].replace(tzinfo=tz),
            sted=row.get("sted", ""),
            moteleder=person(row.get("moteleder")),
            referent=person(row.get("referent")),
        )
        for sak in row.get("saker", []):
            services.sak_create(organ=organ, mote=mote, **sak)
    for sak in data.get("saker_i_ko", []):
        organ = Organ.objects.get(kortnavn=sak["organ"])
        if not Sak.objects.in_queue().filter(organ=organ, tittel=sak["tittel"]).exists():
            services.sak_create(**(sak | {"organ": organ}))
