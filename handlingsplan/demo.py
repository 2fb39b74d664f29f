"""The demo's action plans, from the seeds: the 2024 plan SSU adopted in sak 2023.39 (23.11.23),
with the innsatsområder the Årsmelding 2023 lists as carried on into 2024 and the status reports
FSU heard on 25.01.24 (saker 2024.2–2024.4); the digital møteserie for fastleger, established
høsten 2025 and evaluated in SSU-sak 19/26 (granted 700 000 kr from the rekrutterings- og
samhandlingstilskudd, spent 808 985 kr); and the grant letters SSU received as referatsaker in
sak 21/26 (their amounts are not in the sakspapirer, so the demo leaves them blank). Where the
seeds give a month or a season and no day, the demo uses the first of the month and says so.
Idempotent: a plan is recognised by its year, an innsatsområde and a tiltak by their titles, a
status report by its tiltak and day, a grant by its source, purpose and year."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from helsefellesskap.models import Organ
from saker.models import Sak, Vedlegg

from . import services
from .models import (
    Arbeidsform,
    Forbruk,
    Handlingsplan,
    Innsatsomrade,
    Status,
    Statusrapport,
    Tilskudd,
    Tiltak,
)

D = datetime.date
A = Arbeidsform
S = Status
TILSKUDD = "Helsedirektoratet – rekrutterings- og samhandlingstilskudd"

PLAN_2024: list[dict[str, Any]] = [
    {
        "tittel": "Skrøpelige eldre og personer med flere kroniske lidelser",
        "tiltak": [
            {
                "tittel": "Vitality – integrerte helsetjenester",
                "arbeidsform": A.PROSJEKT,
                "organ": "Vitality",
                "fra": 2019,
                "status": S.PAGAR,
                "mal": "Et bedre tilbud til pasienter som er i ferd med å utvikle skrøpelighet, "
                "med forebyggende tiltak i en tidlig fase. Spres fra Larvik til alle "
                "Vestfold-kommunene.",
                "rapporter": [
                    (
                        D(2024, 1, 25),
                        S.PAGAR,
                        "Prosjektleder orienterte om fremdriften: de tre siste kommunene, "
                        "Færder, Tønsberg og Holmestrand, starter opp i løpet av våren 2024. Da "
                        "er alle Vestfold-kommunene med i prosjektet.",
                        ("FSU", "2024.4"),
                    )
                ],
            },
            {
                "tittel": "Digital hjemmeoppfølging (DHO)",
                "arbeidsform": A.PROSJEKT,
                "organ": "DHO",
                "fra": 2022,
                "status": S.PAGAR,
                "mal": "En bærekraftig modell for digital hjemmeoppfølging, med Larvik som pilot "
                "og spredning i fylket.",
            },
        ],
    },
    {
        "tittel": "Barn og unge og psykisk helse",
        "tiltak": [
            {
                "tittel": "Ung Arena+",
                "arbeidsform": A.PROSJEKT,
                "organ": "Ung Arena+",
                "status": S.PAGAR,
                "mal": "Et lavterskeltilbud for ungdom, pilotert i Tønsberg.",
                "rapporter": [
                    (
                        D(2024, 1, 25),
                        S.PAGAR,
                        "Prosjektleder orienterte om fremdriften: prosjektet piloteres i "
                        "Tønsberg, der et fysisk møtested for ungdom åpnes i vår.",
                        ("FSU", "2024.4"),
                    )
                ],
            },
            {
                "tittel": "Arbeidsgruppe barn og unge med spiseforstyrrelser",
                "arbeidsform": A.ARBEIDSGRUPPE,
                "organ": "AG-SPISEFORSTYRRELSER",
                "til": 2024,
                "status": S.AVSLUTTET,
                "rapporter": [
                    (
                        D(2024, 1, 25),
                        S.FULLFORT,
                        "Sluttrapport: visualisering av pasientforløpet, prosedyre for "
                        "overføring til kommunen og bedre bruk av elektroniske meldinger.",
                        ("FSU", "2024.3"),
                    ),
                    (
                        D(2024, 2, 29),
                        S.AVSLUTTET,
                        "Arbeidsgruppen avsluttes; den avsluttende rapporten legges fram for SSU.",
                        ("SSU", "2024.3"),
                    ),
                ],
            },
        ],
    },
    {
        "tittel": "Personer med alvorlige psykiske lidelser og rusproblemer",
        "tiltak": [
            {
                "tittel": "Arbeidsgruppe pasienter med langvarig psykisk lidelse og "
                "rusproblematikk, med og uten tvang",
                "arbeidsform": A.ARBEIDSGRUPPE,
                "organ": "AG-RUS-TVANG",
                "til": 2024,
                "status": S.AVSLUTTET,
                "rapporter": [
                    (
                        D(2024, 1, 25),
                        S.FULLFORT,
                        "Arbeidet ble avsluttet i november 2023, se rapporten. SSU orienteres "
                        "om resultatene.",
                        ("FSU", "2024.3"),
                    ),
                    (
                        D(2024, 2, 29),
                        S.AVSLUTTET,
                        "Avsluttende arbeidsgrupperapport lagt fram for SSU.",
                        ("SSU", "2024.4"),
                    ),
                ],
            }
        ],
    },
    {
        "tittel": "Akuttkjeden",
        "tiltak": [
            {
                "tittel": "Fagutvalg for akuttkjeden: færre unødvendige innleggelser",
                "arbeidsform": A.FAGUTVALG,
                "organ": "FU-AKUTT",
                "status": S.PAGAR,
                "mal": "Tiltak som kan redusere unødvendige innleggelser i sykehus; bruk av "
                "mobil røntgen og bruk av ØHD utredes i 2024.",
                "rapporter": [
                    (
                        D(2024, 1, 25),
                        S.PAGAR,
                        "En arbeidsgruppe ser på utnyttelse av ØHD-plasser og bruk av mobilt "
                        "røntgen. FSU godkjente mandatet for fagutvalget.",
                        ("FSU", "2024.2"),
                    )
                ],
            }
        ],
    },
    {
        "tittel": "Samhandling, kvalitet og styringsdata",
        "tiltak": [
            {
                "tittel": "Samhandlingsavvik",
                "arbeidsform": A.ARBEIDSGRUPPE,
                "organ": "AG-AVVIK",
                "status": S.PAGAR,
                "mal": "Bedre registrering og behandling av samhandlingsavvik; de første "
                "forbedringstiltakene iverksettes i januar 2024.",
                "rapporter": [
                    (
                        D(2024, 1, 25),
                        S.PAGAR,
                        "Internt forbedringsarbeid i SiV for å behandle samhandlingsavvik "
                        "elektronisk piloteres i Prehospital klinikk. For elektronisk "
                        "avviksmelding mellom kommuner og sykehus avventes prosjektet i "
                        "Helsefellesskapet i Agder.",
                        ("FSU", "2024.2"),
                    )
                ],
            },
            {
                "tittel": "Styringsdata for utvikling og oppfølging av tjenestene",
                "arbeidsform": A.ANNET,
                "organ": "FSU",
                "status": S.PAGAR,
                "mal": "Felles styringsdata for å identifisere utfordringer, følge utviklingen "
                "og evaluere tiltak.",
                "rapporter": [
                    (
                        D(2024, 2, 29),
                        S.PAGAR,
                        "Samhandlingsdata og styringsinformasjon, ytterligere konkretisering.",
                        ("SSU", "2024.6"),
                    )
                ],
            },
        ],
    },
    {
        "tittel": "Fastlegesamarbeid og rekruttering",
        "tiltak": [
            {
                "tittel": "Fagutvalg for fastleger",
                "arbeidsform": A.FAGUTVALG,
                "organ": "FU-FASTLEGE",
                "fra": 2024,
                "status": S.PAGAR,
                "mal": "Hvordan Helsefellesskapet kan bidra med tiltak for å fremme stabilitet, "
                "kompetanse, kvalitet og god samlet ressursutnyttelse i fastlegeordningen.",
                "rapporter": [
                    (
                        D(2023, 11, 23),
                        S.PLANLAGT,
                        "SSU vedtok å etablere fagutvalget.",
                        ("SSU", "2023.42"),
                    ),
                    (
                        D(2024, 1, 25),
                        S.PAGAR,
                        "Fastlegene må enes om tre fastleger som skal representere dem før "
                        "utvalget kommer i gang.",
                        ("FSU", "2024.2"),
                    ),
                ],
            },
            {
                "tittel": "Fagutvalg for HR-samarbeid",
                "arbeidsform": A.FAGUTVALG,
                "organ": "FU-HR",
                "fra": 2023,
                "status": S.PAGAR,
                "rapporter": [
                    (
                        D(2024, 1, 25),
                        S.PAGAR,
                        "Oppstart; fagutvalget rapporterer direkte til SSU.",
                        ("FSU", "2024.2"),
                    )
                ],
            },
        ],
    },
]

MOTESERIE = {
    "tittel": "Digital møteserie for fastleger",
    "arbeidsform": A.NETTVERK,
    "organ": "FU-FASTLEGE",
    "fra": 2025,
    "til": 2026,
    "status": S.PAGAR,
    "mal": "Styrke samhandling og kompetansedeling mellom fastleger og sykehus. Et tidsavgrenset "
    "utprøvingstiltak høsten 2025 og våren 2026; samhandlingslegene etablerer og gjennomfører "
    "møteserien.",
    "rapporter": [
        (
            D(2026, 5, 7),
            S.PAGAR,
            "Evalueringen viser høy måloppnåelse, stabil og høy deltakelse og gode "
            "tilbakemeldinger. Bevilget 700 000 kr; regnskapet viser en samlet kostnad på "
            "808 985 kr, et merforbruk på 108 985 kr. Videreføring ut 2026 foreslås, med inntil "
            "850 000 kr i 2026.",
            ("SSU", "19/26"),
        )
    ],
}


def _sak(ref: tuple[str, str] | None) -> Sak | None:
    if ref is None:
        return None
    organ, saksnr = ref
    return Sak.objects.filter(organ__kortnavn=organ, saksnr=saksnr).first()


def _plan(aar: int, **felter) -> Handlingsplan:
    plan = Handlingsplan.objects.filter(aar=aar).first()
    return plan or services.handlingsplan_create(aar=aar, publisert=True, **felter)


def _omrade(plan: Handlingsplan, tittel: str) -> Innsatsomrade:
    return plan.innsatsomrader.filter(tittel=tittel).first() or services.innsatsomrade_add(
        plan=plan, tittel=tittel
    )


def _tiltak(omrade: Innsatsomrade, rad: dict) -> Tiltak:
    tiltak = omrade.tiltak.filter(tittel=rad["tittel"]).first()
    if tiltak is None:
        tiltak = services.tiltak_create(
            innsatsomrade=omrade,
            tittel=rad["tittel"],
            mal=rad.get("mal", ""),
            arbeidsform=rad["arbeidsform"],
            ansvarlig_organ=Organ.objects.filter(kortnavn=rad.get("organ")).first(),
            fra_aar=rad.get("fra"),
            til_aar=rad.get("til"),
            status=S.PLANLAGT if rad.get("rapporter") else rad["status"],
        )
    for dato, status, tekst, ref in rad.get("rapporter", []):
        if not Statusrapport.objects.filter(tiltak=tiltak, dato=dato).exists():
            sak = _sak(ref)
            services.statusrapport_add(
                tiltak=tiltak,
                dato=dato,
                status=status,
                tekst=tekst,
                rapportert_i=sak,
                rapportert_i_tekst="" if sak else f"{ref[0]}-sak {ref[1]}",
            )
    return tiltak


def _tilskudd(*, kilde: str, formal: str, aar: int, **felter) -> Tilskudd:
    funnet = Tilskudd.objects.filter(kilde=kilde, formal=formal, aar=aar).first()
    return funnet or services.tilskudd_create(kilde=kilde, formal=formal, aar=aar, **felter)


def _brev(tittel: str) -> Vedlegg | None:
    return Vedlegg.objects.filter(tittel=tittel, sak__organ__kortnavn="SSU").first()


@transaction.atomic
def demo_handlingsplan_load() -> dict[str, int]:
    plan = _plan(
        2024,
        tittel="Handlingsplan for Helsefellesskapet 2024",
        vedtatt_i=_sak(("SSU", "2023.39")),
        mandat="Strategisk samarbeidsutvalg utarbeider en årlig handlingsplan for "
        "Helsefellesskapet. Planen for 2024 ble behandlet med mulighet for innspill i "
        "kommunenes Lederforum, i DLG ved sykehuset og i Faglig samarbeidsutvalg, og godkjent "
        "i SSU 23. november 2023. Flere tiltak fra handlingsplanen 2021–2022 er langsiktige og "
        "videreført.",
    )
    for omrade in PLAN_2024:
        o = _omrade(plan, omrade["tittel"])
        for rad in omrade["tiltak"]:
            _tiltak(o, rad)

    plan_2025 = _plan(
        2025,
        tittel="Handlingsplan for Helsefellesskapet 2025",
        beskrivelse="Demoen viser bare tiltaket sakspapirene i portalen omtaler; FSU ga innspill "
        "til planen høsten 2024.",
    )
    moteserie = _tiltak(_omrade(plan_2025, "Fastlegesamarbeid og rekruttering"), MOTESERIE)

    tilskudd = _tilskudd(
        kilde=TILSKUDD,
        formal="Digital møteserie for fastleger",
        aar=2025,
        belop=700_000,
        vilkar="Midlene brukes til praksiskompensasjon for næringsdrivende fastleger (takst "
        "14/14d i normaltariffen). Tiltaket skal evalueres før eventuell videreføring.",
    )
    tildeling = services.tildeling_set(
        tilskudd=tilskudd,
        tiltak=moteserie,
        aar=2025,
        belop=700_000,
        merknad="Høsten 2025 og våren 2026.",
    )
    if not Forbruk.objects.filter(tildeling=tildeling).exists():
        services.forbruk_add(
            tildeling=tildeling,
            dato=D(2026, 4, 1),
            belop=808_985,
            tekst="Praksiskompensasjon høsten 2025 og våren 2026 (samlet regnskap; "
            "dagen er ikke oppgitt i sakspapirene)",
        )
    for formal, brev in [
        ("Prosjekt X «Vestfold: En vei inn»", "Tildelingsbrev Prosjekt X -Vestfold- En vei inn"),
        (
            "Digital hjemmeoppfølging (DHO) Vestfold",
            "Innvilgelse av tilskudd digital hjemmeoppfølging (DHO) Vestfold",
        ),
    ]:
        _tilskudd(
            kilde="Tilsagn lagt fram for SSU som referatsak 21/26",
            formal=formal,
            aar=2026,
            tilsagnsbrev=_brev(brev),
        )
    return {
        "planer": Handlingsplan.objects.count(),
        "tiltak": Tiltak.objects.count(),
        "tilskudd": Tilskudd.objects.count(),
    }
