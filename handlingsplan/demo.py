"""The demo's action plans, from the seeds: the 2024 plan SSU adopted in sak 2023.39 (23.11.23),
with the innsatsområder the Årsmelding 2023 lists as carried on into 2024 and the status reports
FSU heard on 25.01.24 (saker 2024.2–2024.4); the digital møteserie for fastleger, established
høsten 2025 and evaluated in SSU-sak 19/26 (granted 700 000 kr from the rekrutterings- og
samhandlingstilskudd, spent 808 985 kr); and the grant letters SSU received as referatsaker in
sak 21/26, with the amounts, sources and report deadline their letters give (seed 002), and the
2025 plan's tiltak from the annual reports for 2025 attached to that sak. Where the seeds give a
month or a season and no day, the demo uses the first of the month and says so. Idempotent: a
plan is recognised by its year, an innsatsområde and a tiltak by their titles, a status report
by its tiltak and day, a grant by its source, purpose and year (a 2026 grant letter by purpose
and year: it is brought up to date)."""

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


# Seed 002, the annual reports SSU received as referatsaker in sak 21/26 (07.05.26): FSU's
# årsrapport 2025 (section 2, «Innsatsområder») and Fagutvalg akuttkjeden's (its «Handlingsplan
# 2025» table, and «Oppsummering av aktiviteter i 2025»). Each tiltak gets the report's words as a
# status report of the day SSU heard it, in that sak.
REFERATSAK = ("SSU", "21/26")
HORT = D(2026, 5, 7)

PLAN_2025: list[dict[str, Any]] = [
    {
        "tittel": "Styringsinformasjon",
        "tiltak": [
            {
                "tittel": "Tilgang til styringsinformasjon",
                "arbeidsform": A.ANNET,
                "organ": "FSU",
                "status": S.FULLFORT,
                "rapporter": [
                    (
                        HORT,
                        S.FULLFORT,
                        "FSU har gjennomgått, samlet og publisert aktuelle kilder for "
                        "styringsinformasjon for kommuner, sykehus og Helsefelleskapet på egen "
                        "side på Kompetansebroen.",
                        REFERATSAK,
                    )
                ],
            },
            {
                "tittel": "Oppfølging av samhandlingsforløpet",
                "arbeidsform": A.ANNET,
                "organ": "FSU",
                "status": S.PAGAR,
                "mal": "FSU følger opp indikatorene epikrisetid og reinnleggelser.",
                "rapporter": [
                    (
                        HORT,
                        S.PAGAR,
                        "Epikrisetider er tatt som sak i Kvalitets- og "
                        "pasientsikkerhetsutvalget ved SiV. For reinnleggelser trengs mer "
                        "inngående analyser; følges opp i 2026.",
                        REFERATSAK,
                    )
                ],
            },
        ],
    },
    {
        "tittel": "Kompetanseheving",
        "tiltak": [
            {
                "tittel": "Deltagelse fra kommuner i forbedringsutdanning ved SiV",
                "arbeidsform": A.ANNET,
                "organ": "FSU",
                "status": S.PAGAR,
                "rapporter": [
                    (
                        HORT,
                        S.PAGAR,
                        "5 team fra kommuner deltok høsten 2025; videreføres høsten 2026 etter "
                        "positiv evaluering, i samarbeid mellom USHT og kvalitetsavdelingen SiV.",
                        REFERATSAK,
                    )
                ],
            },
            {
                "tittel": "Felles fagdag for lærlinger",
                "arbeidsform": A.ANNET,
                "organ": "FSU",
                "status": S.PLANLAGT,
                "rapporter": [
                    (
                        HORT,
                        S.PLANLAGT,
                        "Planlegging startet av felles fagdag for lærlinger på sykehuset og i "
                        "kommunene, med gjennomføring høsten 2026.",
                        REFERATSAK,
                    )
                ],
            },
        ],
    },
    {
        "tittel": "Samhandlingsavvik",
        "tiltak": [
            {
                "tittel": "Revitalisert arbeidsgruppe for digitalisering av samhandlingsavvik",
                "arbeidsform": A.ARBEIDSGRUPPE,
                "organ": "AG-AVVIK",
                "status": S.PAGAR,
                "rapporter": [
                    (
                        HORT,
                        S.PAGAR,
                        "Jf. FSU-sak 2025.3: workshop for design av ønsket arbeidsflyt som "
                        "utgangspunkt for leverandørdialog. Sak legges fram for SSU i september "
                        "2026.",
                        REFERATSAK,
                    )
                ],
            },
        ],
    },
    {
        "tittel": "Samhandlingsprosjekter",
        "tiltak": [
            {
                "tittel": "Digital hjemmeoppfølging (DHO) Vestfold",
                "arbeidsform": A.PROSJEKT,
                "organ": "DHO",
                "fra": 2022,
                "status": S.PAGAR,
                "mal": "En bærekraftig modell for digital hjemmeoppfølging, med Larvik som pilot "
                "og spredning i fylket.",
                "rapporter": [
                    (
                        HORT,
                        S.PAGAR,
                        "FSU har fulgt fremdriften ved presentasjoner i møtene. Helsedirektoratet "
                        "har innvilget 1 500 000 kroner i tilskudd for 2026.",
                        REFERATSAK,
                    )
                ],
            },
        ],
    },
    {
        "tittel": "Akuttkjeden",
        "tiltak": [
            {
                "tittel": "Bruk av ØHD-plasser i Vestfold",
                "arbeidsform": A.ARBEIDSGRUPPE,
                "organ": "AG-ØHD",
                "fra": 2024,
                "til": 2025,
                "status": S.FULLFORT,
                "mal": "Reduserer unødvendige innleggelser i sykehus.",
                "rapporter": [
                    (
                        HORT,
                        S.FULLFORT,
                        "På bakgrunn av kartleggingen i 2024 utarbeidet Vestfoldkommunene felles "
                        "kriterier for bruk av ØHD-plasser.",
                        REFERATSAK,
                    )
                ],
            },
            {
                "tittel": "Diagnostisk sløyfe, revidering av prosedyre",
                "arbeidsform": A.ARBEIDSGRUPPE,
                "organ": "AG-SLØYFE",
                "fra": 2024,
                "til": 2025,
                "status": S.FULLFORT,
                "mal": "Prosedyre som er gjennomførbar og nyttig for kommunene og sykehus.",
                "rapporter": [
                    (
                        HORT,
                        S.FULLFORT,
                        "Ferdigstilt og godkjent av SSU i mai 2025; erfaringene med "
                        "implementeringen oppsummeres i 2026.",
                        REFERATSAK,
                    )
                ],
            },
            {
                "tittel": "Bruk av mobil røntgen",
                "arbeidsform": A.ARBEIDSGRUPPE,
                "organ": "AG-RØNTGEN",
                "fra": 2024,
                "til": 2025,
                "status": S.UTSATT,
                "mal": "Reduserer unødvendige innleggelser i sykehus. Oppfølging av utredning.",
                "rapporter": [
                    (
                        HORT,
                        S.UTSATT,
                        "Forslag til organisering og kostnadsoverslag levert SSU innen fristen i "
                        "november 2025; behandlingen ble utsatt til 2026.",
                        REFERATSAK,
                    )
                ],
            },
            {
                "tittel": "KlinObsKommune og samtrening",
                "arbeidsform": A.ARBEIDSGRUPPE,
                "organ": "AG-SAMTRENING",
                "fra": 2024,
                "til": 2025,
                "status": S.PAGAR,
                "mal": "Gode og trygge aktører i akuttkjeden som samhandler og arbeider "
                "kunnskapsbasert.",
                "rapporter": [
                    (
                        HORT,
                        S.PAGAR,
                        "Samtrening gjennomført i Sandefjord og Færder kommune; alle deltakerne "
                        "ønsket at samtrening videreføres som et fast og regelmessig tiltak.",
                        REFERATSAK,
                    )
                ],
            },
        ],
    },
    {
        "tittel": "Oppdrag fra SSU",
        "tiltak": [
            {
                "tittel": "Rutine for forvaltning av rekrutterings- og samhandlingstilskudd",
                "arbeidsform": A.ANNET,
                "organ": "FSU",
                "status": S.FULLFORT,
                "rapporter": [
                    (
                        HORT,
                        S.FULLFORT,
                        "SSU-sak 2025.25: forslag fremlagt SSU i september 2025, vedtatt i "
                        "november 2025.",
                        REFERATSAK,
                    )
                ],
            },
        ],
    },
]

# The grant letters SSU heard as referatsaker in sak 21/26 (seed 002): Helse Sør-Øst's
# tildelingsbrev of 13.02.2026 («"En vei inn" er tildelt kr. 12 000 000») and Helsedirektoratet's
# vedtak of 16.02.2026 («innvilger 1 500 000 kroner i tilskudd til Digital hjemmeoppfølging
# (DHO) Vestfold over statsbudsjettet for 2026»; «Rapporteringsfrist er 01.04 året etter
# tilskuddsmidlene ble tildelt»).
TILSAGN_2026: list[dict[str, Any]] = [
    {
        "formal": "Prosjekt X «Vestfold: En vei inn»",
        "kilde": "Helse Sør-Øst RHF – tilskudd til Prosjekt X",
        "belop": 12_000_000,
        "brev": "Tildelingsbrev Prosjekt X -Vestfold- En vei inn",
        "vilkar": "Tilskuddet utbetales til helseforetaket, og midlene disponeres i samråd med "
        "øvrige prosjekteiere. Prosjekt X skal rapportere i årlig melding for 2026 og levere en "
        "halvårlig statusrapport via Helse Sør-Øst RHF.",
        "rapporteringsfrist": None,
    },
    {
        "formal": "Digital hjemmeoppfølging (DHO) Vestfold",
        "kilde": "Helsedirektoratet – tilrettelegging for å ta i bruk teknologi i den kommunale "
        "helse- og omsorgstjenesten",
        "belop": 1_500_000,
        "brev": "Innvilgelse av tilskudd digital hjemmeoppfølging (DHO) Vestfold",
        "vilkar": "Tilskuddet skal brukes i samsvar med aktivitetsplanen og budsjettet i "
        "søknaden. Rapportering for kalenderåret i Helsedirektoratets tilskuddsportal, og i "
        "tillegg status per 31. mai og 31. oktober.",
        "rapporteringsfrist": D(2027, 4, 1),
        "tiltak": "Digital hjemmeoppfølging (DHO) Vestfold",
    },
]


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


def _tilsagn(rad: dict[str, Any]) -> Tilskudd:
    """A 2026 grant letter, recognised by purpose and year (an older demo database has it with
    the source «Tilsagn lagt fram for SSU som referatsak 21/26» and no amount): brought up to
    what the letter says, saving only what differs."""
    felter = {
        "kilde": rad["kilde"],
        "aar": 2026,
        "belop": rad["belop"],
        "formal": rad["formal"],
        "tilsagnsbrev": _brev(rad["brev"]),
        "vilkar": rad["vilkar"],
        "rapporteringsfrist": rad["rapporteringsfrist"],
    }
    funnet = Tilskudd.objects.filter(formal=rad["formal"], aar=2026).first()
    if funnet is None:
        return services.tilskudd_create(**felter)
    return services.tilskudd_update(tilskudd=funnet, **felter)


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
        beskrivelse="Demoen viser tiltakene sakspapirene i portalen omtaler: innsatsområdene i "
        "årsrapportene for 2025 fra FSU og Fagutvalg for akuttkjeden, og den digitale "
        "møteserien for fastleger. FSU ga innspill til planen høsten 2024.",
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
    for omrade in PLAN_2025:
        o = _omrade(plan_2025, omrade["tittel"])
        for rad in omrade["tiltak"]:
            _tiltak(o, rad)
    for rad in TILSAGN_2026:
        tilsagn = _tilsagn(rad)
        if tiltak_navn := rad.get("tiltak"):
            services.tildeling_set(
                tilskudd=tilsagn,
                tiltak=Tiltak.objects.get(innsatsomrade__plan=plan_2025, tittel=tiltak_navn),
                aar=2026,
                belop=rad["belop"],
                merknad="Hele tilskuddet for 2026.",
            )
    return {
        "planer": Handlingsplan.objects.count(),
        "tiltak": Tiltak.objects.count(),
        "tilskudd": Tilskudd.objects.count(),
    }
