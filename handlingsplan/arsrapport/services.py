"""The annual report's writes: the secretariat's texts (the row is made when they are first
saved) and publication. Every write in a transaction, validated by the model's rules and
recorded by simple-history, so the draft's versions are its history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from helsefellesskap.models import Nettsted, Organ

from ..models import ARSRAPPORT_TEKST_MAX, Arsrapport

TEKSTFELTER = ("tittel", *Arsrapport.TEXT_FIELDS)


def default_texts(*, organ: Organ, aar: int) -> dict[str, str]:
    """The draft's texts before the secretariat writes its own, following the seeds' annual
    reports (Årsmelding 2023, FSU's årsrapport 2024): where the sections come from and what
    they cover; the facts themselves are in the tables the report draws from the data."""
    nettsted = Nettsted.get().navn
    navn, kort = organ.navn, organ.kortnavn
    over = organ.rapporterer_til
    om = organ.mandat.strip() or (
        f"{navn} ({kort}) er et organ i {nettsted}. Mandatet beskriver utvalgets oppgaver, "
        "sammensetning og hvordan det rapporterer."
    )
    if over is not None and not organ.mandat.strip():
        om += f" Utvalget rapporterer til {over.navn} ({over.kortnavn})."
    return {
        "tittel": f"Årsrapport {aar} {navn} ({kort})",
        "innledning": (
            f"Dette er årsrapporten for {navn} ({kort}) i {nettsted} for {aar}. Den gir en "
            "oversikt over møtene som er holdt, sakene som er behandlet og vedtakene som er "
            "fattet, status for tiltakene i handlingsplanen og hvem som har vært medlemmer.\n\n"
            "Mandat, innkalling og referat fra møtene er tilgjengelig i Møteportalen."
        ),
        "om_organet": om,
        "moter_tekst": (
            f"Møtene i {aar} er listet under med datoene de ble holdt, og deretter sakene som "
            "ble behandlet i hvert møte med vedtak eller konklusjon."
        ),
        "tiltak_tekst": (
            f"Tiltakene i handlingsplanen for {aar} som {kort} og organene under har ansvar "
            "for, med status ved utgangen av året og statusrapportene som er gitt."
        ),
        "veien_videre": (
            f"Arbeidet videreføres i {aar + 1} i tråd med handlingsplanen for {aar + 1} og "
            "mandatet."
        ),
    }


def arsrapport_get(*, organ: Organ, aar: int) -> Arsrapport:
    """The body's report for the year; when none is saved yet, an unsaved one with the
    default texts (a GET writes nothing)."""
    rapport = Arsrapport.objects.filter(organ=organ, aar=aar).first()
    if rapport is None:
        rapport = Arsrapport(organ=organ, aar=aar, **default_texts(organ=organ, aar=aar))
    rapport.organ = organ
    return rapport


def _check_lengths(tekster: dict[str, str]) -> None:
    feil = {
        navn: f"Teksten kan ikke være lengre enn {ARSRAPPORT_TEKST_MAX} tegn "
        f"(den har {len(verdi)})."
        for navn, verdi in tekster.items()
        if navn in Arsrapport.TEXT_FIELDS and len(verdi) > ARSRAPPORT_TEKST_MAX
    }
    if feil:
        raise ValidationError(feil)


@transaction.atomic
def arsrapport_save(*, organ: Organ, aar: int, **tekster: str) -> Arsrapport:
    """Save the report's title and text sections (``TEKSTFELTER``), making the row the first
    time. A save that changes nothing records no new version; line breaks are stored as LF."""
    ukjent = set(tekster) - set(TEKSTFELTER)
    if ukjent:
        raise TypeError(f"Unknown fields: {sorted(ukjent)}")
    # A browser posts a textarea's line breaks as CRLF: compared as stored (LF), an untouched
    # section is unchanged and gets no new version.
    tekster = {k: v.replace("\r\n", "\n").replace("\r", "\n").strip() for k, v in tekster.items()}
    _check_lengths(tekster)
    rapport = Arsrapport.objects.select_for_update().filter(organ=organ, aar=aar).first()
    ny = rapport is None
    if rapport is None:
        rapport = Arsrapport(organ=organ, aar=aar, **default_texts(organ=organ, aar=aar))
    endret = [k for k, v in tekster.items() if getattr(rapport, k) != v]
    if not ny and not endret:
        return rapport
    for k in endret:
        setattr(rapport, k, tekster[k])
    rapport.full_clean()
    rapport._change_reason = "Utkast opprettet" if ny else "Tekst endret"
    rapport.save()
    return rapport


@transaction.atomic
def arsrapport_publish(*, organ: Organ, aar: int, publisert: bool = True) -> Arsrapport:
    """Publish the report (for everybody, each reader seeing what they may of it), or take it
    back to a draft. The texts as they are then are the published version (its history row)."""
    rapport = Arsrapport.objects.select_for_update().filter(organ=organ, aar=aar).first()
    if rapport is None:
        rapport = Arsrapport(organ=organ, aar=aar, **default_texts(organ=organ, aar=aar))
        rapport.full_clean()
    if (rapport.publisert is not None) == publisert and rapport.pk:
        return rapport
    rapport.publisert = timezone.now() if publisert else None
    rapport._change_reason = "Publisert" if publisert else "Tilbake til utkast"
    rapport.save()
    return rapport
