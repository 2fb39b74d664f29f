"""The demo's annual report draft: SSU 2024, with texts in the words of the seeds' Årsmelding
2023 (seed 000) and FSU's årsrapport 2024 (seed 003). The tables come from the demo's meetings,
saker, plan and members. Idempotent: an existing report is left as it is."""

from __future__ import annotations

from helsefellesskap.models import Organ

from ..models import Arsrapport
from . import services

SSU_2024 = {
    "tittel": "Årsmelding 2024 Strategisk samarbeidsutvalg (SSU)",
    "innledning": (
        "Nasjonal helse- og samhandlingsplan 2024–2027 ble lagt fram våren 2024 og gir retning "
        "og rammer for samarbeidet mellom den kommunale helse- og omsorgstjenesten og "
        "spesialisthelsetjenesten. Helsefellesskapene er en arena for strukturert og "
        "forpliktende samarbeid, men er ikke et eget forvaltningsnivå.\n\n"
        "Helsefellesskapet prioriterer pasientgruppene:\n"
        "- Personer med alvorlige psykiske lidelser og rusproblemer\n"
        "- Skrøpelige eldre\n"
        "- Barn og unge\n"
        "- Personer med flere kroniske lidelser\n\n"
        "Mandat, innkalling og referat fra møtene er tilgjengelig i Møteportalen."
    ),
    "moter_tekst": (
        "Styringsdata for utvikling og oppfølging av tjenestene var et gjennomgående tema i "
        "2024: SSU ble presentert samhandlingsdata om henvisninger og ø-hjelpsinnleggelser, "
        "skrøpelige eldre og overbehandling, og medlemmene fulgte opp med forslag til tiltak."
    ),
    "tiltak_tekst": (
        "Flere av tiltakene i handlingsplanen er langsiktige og videreført fra handlingsplanen "
        "2021–2022. Arbeidsgruppene for barn og unge med spiseforstyrrelser og for pasienter "
        "med langvarige psykiske lidelser og rusavhengighet ble avsluttet i overgangen "
        "2023–2024, og rapportene ble lagt fram for FSU og SSU."
    ),
    "veien_videre": (
        "Handlingsplan for 2025 bygger på innspillene fra FSU høsten 2024. Fagutvalg for "
        "fastleger skal konkretisere hvordan Helsefellesskapet kan bidra til stabilitet i "
        "fastlegeordningen, og forslag til nytt mandat for FSU legges fram for SSU."
    ),
}


def demo_arsrapport_load() -> int:
    """The SSU 2024 draft; returns the number of reports."""
    ssu = Organ.objects.filter(kortnavn="SSU").first()
    if ssu is not None and not Arsrapport.objects.filter(organ=ssu, aar=2024).exists():
        services.arsrapport_save(organ=ssu, aar=2024, **SSU_2024)
    return Arsrapport.objects.count()
