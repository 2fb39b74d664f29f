"""Demo data of Helsefellesskapet i Vestfold, taken from the real documents in ``seeds/``.

Pure data, no Django imports: ``helsefellesskap.demo.demo_load`` writes it to the database.
The seed files are referred to by their number:

* seed 000 – SSU innkalling 29.02.24 (with saksframlegg 2024.6, 2024.7, 2024.9), SSU referat
  23.11.23, FSU referat 25.01.24 and the årsmelding 2023 of the helsefellesskap;
* seed 001 – SSU's letter on Nasjonal helse- og sykehusplan 2024–2027 (late 2021, signed by the
  SSU leader);
* seed 002 – SSU saksdokumenter 07.05.2026 (saker 14/26–21/26 with their attachments:
  årsrapporter 2025 of FSU, Fagutvalg akuttkjeden and Samhandlingsforum psykisk helse og rus);
* seed 003 – the FSU årsrapport 2024 (FSU sak 2024.20), with FSU's mandate.

Conventions:

* Partners, bodies and persons are referred to by their natural keys: ``Partner.navn``,
  ``Organ.kortnavn`` and ``Person.navn``.
* In VERV, ``fra``/``til`` are optional (missing = open-ended, i.e. "since before the seeds" or
  "still going"); ``representerer`` is required (``None`` where a person represents no single
  partner, e.g. the secretariat "for kommunene") and ``merknad`` is optional.
* Where the seeds give only a month, a date is the first (or last) day of that month; a plan
  period such as "2024-2025" runs from 1 January to 31 December. A start known only by its year
  or season is left empty; the few end dates that had to be inferred say so in a comment.
"""

from datetime import date

# Partner names used many times below.
TONSBERG = "Tønsberg kommune"
FAERDER = "Færder kommune"
SANDEFJORD = "Sandefjord kommune"
LARVIK = "Larvik kommune"
HOLMESTRAND = "Holmestrand kommune"
HORTEN = "Horten kommune"
SIV = "Sykehuset i Vestfold HF"
BRUKERUTVALGET_SIV = "Brukerutvalget ved Sykehuset i Vestfold"
USHT = "Utviklingssenter for sykehjem og hjemmetjenester Vestfold"

# The new structure of the helsefellesskap (FSU, fagutvalg under FSU) started in August 2023
# (seed 003, FSU årsrapport 2024: "Ny struktur ... ble iverksatt august 2023").
NY_STRUKTUR = date(2023, 8, 1)

# ---------------------------------------------------------------------------------------------
# PARTNERE
# ---------------------------------------------------------------------------------------------

PARTNERE: list[dict] = [
    # The parties to the agreement (seed 002, sak 18/26: "Sykehuset i Vestfold HF og kommunene
    # Tønsberg, Færder, Sandefjord, Larvik, Holmestrand og Horten er likeverdige partnere").
    {"navn": TONSBERG, "kortnavn": "Tønsberg", "type": "kommune", "avtalepart": True},
    {"navn": FAERDER, "kortnavn": "Færder", "type": "kommune", "avtalepart": True},
    {"navn": SANDEFJORD, "kortnavn": "Sandefjord", "type": "kommune", "avtalepart": True},
    {"navn": LARVIK, "kortnavn": "Larvik", "type": "kommune", "avtalepart": True},
    {"navn": HOLMESTRAND, "kortnavn": "Holmestrand", "type": "kommune", "avtalepart": True},
    {"navn": HORTEN, "kortnavn": "Horten", "type": "kommune", "avtalepart": True},
    {"navn": SIV, "kortnavn": "SiV", "type": "helseforetak", "avtalepart": True},
    # The regional health authority: grants (Prosjekt X tildelingsbrev, seed 002) and
    # "Ansvar og myndighet ligger hos HSØ" (SSU referat 23.11.23, sak 2023.44).
    {"navn": "Helse Sør-Øst RHF", "kortnavn": "HSØ", "type": "helseforetak", "avtalepart": False},
    # Employees' organisations in SSU (SSU referat 23.11.23: "Tom Ole Øhren, Legeforeningen",
    # "Unni Kiøsterud Tufte, NSF") and KS (seed 001 question 5; "KS møtet 22. november 2023").
    {
        "navn": "Den norske legeforening",
        "kortnavn": "Legeforeningen",
        "type": "arbeidsliv",
        "avtalepart": False,
    },
    {
        "navn": "Norsk Sykepleierforbund",
        "kortnavn": "NSF",
        "type": "arbeidsliv",
        "avtalepart": False,
    },
    {
        "navn": "KS – kommunesektorens organisasjon",
        "kortnavn": "KS",
        "type": "arbeidsliv",
        "avtalepart": False,
    },
    # User organisations: FSU årsrapport 2024 ("Brukerrepresentant Pensjonistforbundet Tore
    # Haukvik erstattes av Rut-Solvei Arheim fra Brukerutvalget ved SiV"), Fagutvalg akuttkjeden
    # 2025 ("Kristine Lindhøy, Sykehuset i Vestfold, Brukerutvalget").
    {
        "navn": "Pensjonistforbundet",
        "kortnavn": "",
        "type": "brukerorganisasjon",
        "avtalepart": False,
    },
    {
        "navn": BRUKERUTVALGET_SIV,
        "kortnavn": "Brukerutvalget SiV",
        "type": "brukerorganisasjon",
        "avtalepart": False,
    },
    # Education, research and competence (årsmelding 2023 and FSU årsrapport 2024: "USN,
    # Utviklingssenteret for sykehjem og hjemmetjenester (USHT) og Kompetansebroen er deltagende
    # i FSU"; Fagutvalg akuttkjeden 2025: "USHT-V").
    {
        "navn": "Universitetet i Sørøst-Norge",
        "kortnavn": "USN",
        "type": "utdanning",
        "avtalepart": False,
    },
    {"navn": USHT, "kortnavn": "USHT Vestfold", "type": "utdanning", "avtalepart": False},
    {"navn": "Kompetansebroen", "kortnavn": "", "type": "utdanning", "avtalepart": False},
    # Public authorities named in the seeds: Statsforvalteren (seed 001; "tilsyn fra
    # Statsforvalter", akuttkjeden 2025), Vestfold fylkeskommune (reference list of the ambulant
    # røntgen report), Helsedirektoratet (DHO grant 2026, "HDIR veileder"), the ministry (seed 001
    # "brev 21. september 2021 fra Helse- og omsorgsdepartementet") and Helsetilsynet (FSU
    # årsrapport 2024: "Helsetilsynets tilsynsoppfølging").
    {
        "navn": "Statsforvalteren i Vestfold og Telemark",
        "kortnavn": "Statsforvalteren",
        "type": "offentlig",
        "avtalepart": False,
    },
    {
        "navn": "Vestfold fylkeskommune",
        "kortnavn": "Fylkeskommunen",
        "type": "offentlig",
        "avtalepart": False,
    },
    {"navn": "Helsedirektoratet", "kortnavn": "Hdir", "type": "offentlig", "avtalepart": False},
    {
        "navn": "Helse- og omsorgsdepartementet",
        "kortnavn": "HOD",
        "type": "offentlig",
        "avtalepart": False,
    },
    {
        "navn": "Statens helsetilsyn",
        "kortnavn": "Helsetilsynet",
        "type": "offentlig",
        "avtalepart": False,
    },
    # Inter-municipal ICT bodies in the working group on the ICT delavtale (seed 002, sak 18/26:
    # "Sigurd Strand, Jarlsberg-IKT", "Elisabeth Sørensen, Digi-TV"; "Digi-TV (v/Skien kommune)").
    {"navn": "Jarlsberg IKT", "kortnavn": "", "type": "offentlig", "avtalepart": False},
    {"navn": "Digi-TV", "kortnavn": "", "type": "offentlig", "avtalepart": False},
]

# ---------------------------------------------------------------------------------------------
# ORGANER
# ---------------------------------------------------------------------------------------------
#
# Saksnummerformat: a body has one format, the one it numbers new saker in. SSU's newest
# documents (2026) use "14/26" ({nr}/{aa}); its 2023–2024 documents used "2024.2", and those
# imported meetings keep their numbers as written. FSU's and PM's documents use "2024.2"
# ({aar}.{nr}). The Arbeidsutvalget is prepared by the same secretariat that writes the 2026 style,
# so it gets "{nr}/{aa}" too.
#
# Fagutvalg IKT is left out on purpose: SSU decided to establish it in 2023 (seed 000 sak 2024.8
# "Fagutvalg IT samarbeid er ikke etablert"; seed 002 sak 18/26 "Faglig samarbeidsutvalg for IKT
# vedtatt i 2023, er ikke opprettet"), and the model has no status for a body that is decided but
# not yet established, so it would show as active.

ORGANER: list[dict] = [
    # The three levels (årsmelding 2023: "organisert på tre nivåer ... PM, SSU, FSU").
    # PM composition: seed 001 question 1; conference part and 2024 lead: saksframlegg 2024.7
    # quoting PM sak 2023.9; 2026 møteleder: seed 002, sak 16/26. Agreement signed 15.6.21.
    {
        "kortnavn": "PM",
        "slug": "pm",
        "navn": "Partnerskapsmøtet",
        "type": "partnerskapsmote",
        "rapporterer_til": None,
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 10,
        "aktiv_fra": date(2021, 6, 15),
        "mandat": (
            "Partnerskapsmøtet er Helsefellesskapets øverste nivå og møtes én gang i året. "
            "Det består av ordfører og kommunedirektør fra hver kommune i opptaksområdet, "
            "styreleder og administrerende direktør for helseforetaket, samt to representanter "
            "for fastlegene og to representanter for brukerne i opptaksområdet.\n\n"
            "Partnerskapsmøtet godkjenner den årlige handlingsplanen som strategisk "
            "samarbeidsutvalg utarbeider, og behandler Helsefellesskapets strategi.\n\n"
            "Fra 2024 innledes møtet med en konferansedel, og målgruppen er utvidet med "
            "helsepolitikere og ledere (PM-sak 2023.9). Horten ledet Partnerskapsmøtet i 2024; "
            "i 2026 er styreleder i Sykehuset i Vestfold møteleder."
        ),
    },
    # SSU composition: seed 001 question 1; tasks: årsmelding 2023 (section 3, Vitality and
    # Ung Arena+); meeting places: SSU referat 23.11.23, sak 2023.41.
    {
        "kortnavn": "SSU",
        "slug": "ssu",
        "navn": "Strategisk samarbeidsutvalg",
        "type": "strategisk",
        "rapporterer_til": "PM",
        "saksnummerformat": "{nr}/{aa}",
        "offentlig": True,
        "rekkefolge": 20,
        "aktiv_fra": date(2021, 6, 15),
        "mandat": (
            "Strategisk samarbeidsutvalg består av kommunalsjef helse fra hver kommune, "
            "klinikksjef fra fem klinikker i SiV, fag- og samhandlingsdirektør fra SiV, to "
            "fastleger, én kommuneoverlege, to brukerrepresentanter og to representanter fra "
            "ansattes organisasjoner.\n\n"
            "SSU utarbeider en årlig handlingsplan for Helsefellesskapet som godkjennes av "
            "Partnerskapsmøtet, og følger opp arbeidet i Faglig samarbeidsutvalg, fagutvalg, "
            "prosjekter og arbeidsgrupper. Saker av strategisk og økonomisk betydning for "
            "partnerne skal alltid behandles i SSU. SSU er styringsgruppe for prosjektene "
            "Vitality og Ung Arena+.\n\n"
            "Møtene holdes vekselvis i SiV og i en av kommunene (SSU-sak 2023.41)."
        ),
    },
    # FSU: mandate quoted from the FSU årsrapport 2024 (seed 003); started August 2023 when it
    # replaced FSU-KT (årsmelding 2023, section 3); revised mandate from November 2024 (FSU
    # årsrapport 2025, seed 002).
    {
        "kortnavn": "FSU",
        "slug": "fsu",
        "navn": "Faglig samarbeidsutvalg",
        "type": "faglig",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 30,
        "aktiv_fra": NY_STRUKTUR,
        "mandat": (
            "Fagutvalget skal være et rådgivende organ for SSU når det gjelder helsefaglige "
            "vurderinger og anbefalinger angående utvikling av tjenestene og ansattes kompetanse "
            "på alle områder i helse- og omsorgstjenesten i kommunene og sykehuset i Vestfold.\n\n"
            "Faglig samarbeidsutvalg skal:\n"
            "- utføre oppgaver i henhold til årlig handlingsplan for Helsefellesskapet, herunder "
            "avholde årlig samarbeidskonferanse\n"
            "- komme med forslag til utvikling av nødvendige tjenestemodeller og prosedyrer\n"
            "- følge opp og operasjonalisere aktuelle nasjonale styringsdokumenter\n"
            "- vedta saker av faglig karakter innenfor rammene til Helsefellesskapet\n"
            "- følge opp samhandlingsforløpet ved hjelp av kvantitative og kvalitative "
            "målemetoder\n"
            "- gjennomgå sammenstilt aggregert informasjon om samhandlingsavvik\n"
            "- følge opp arbeid i fagutvalg, prosjekter og arbeidsgrupper\n"
            "- saksforberede saker til SSU og partnerskapsmøter.\n\n"
            "FSU består av representanter for sykehuset og kommunene samt brukere og fastlegene. "
            "Representantene fra kommunene og sykehuset bør ha en tilknytning til egen "
            "virksomhets øverste ledelse. Utviklingssenteret for hjemmetjenester og sykehjem, "
            "Universitetet i Sørøst-Norge (USN) og Kompetansebroen innkalles og deltar ved behov. "
            "Ledelsen av FSU rullerer årlig mellom sykehuset og kommunene.\n\n"
            "Fagutvalg, arbeidsgrupper og prosjekter rapporterer til FSU, med unntak av Fagutvalg "
            "for HR-samarbeid. FSU avgjør hvilke saker som skal løftes til SSU. Mandatet ble "
            "revidert i november 2024."
        ),
    },
    # Fagutvalg HR: SSU referat 23.11.23, sak 2023.37 ("Rapportering fra fagutvalg HR vil være i
    # direkte linje til SSU"; first meeting 29 September 2023); årsmelding 2023, section 5.
    {
        "kortnavn": "FU-HR",
        "slug": "fu-hr",
        "navn": "Fagutvalg for HR-samarbeid",
        "type": "fagutvalg",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 35,
        "aktiv_fra": date(2023, 9, 29),
        "mandat": (
            "Fagutvalg for HR-ansvarlige i kommunene og i SiV. Både kommunene og sykehuset "
            "erfarer store utfordringer med å rekruttere og beholde helsepersonell, og da spesielt "
            "sykepleiere. Hensikten er å redusere uønskede konsekvenser av å rekruttere og beholde "
            "ansatte i samme arbeidsmarked, og samtidig styrke den samlede kompetansen og det "
            "fremtidige samarbeidet.\n\n"
            "Fagutvalget er et fast utvalg med regelmessige møter. Første møte ble holdt "
            "29. september 2023. Fagutvalget rapporterer direkte til SSU (SSU-sak 2023.37), og "
            "mandatet ble lagt frem for godkjenning i SSU 29. februar 2024."
        ),
    },
    # Arbeidsutvalget: "arbeidsgruppe i regi av AU" (SSU referat 23.11.23, sak 2023.40);
    # "Arbeidsutvalget for SSU nedsetter en arbeidsgruppe" (seed 002, sak 18/26); "Arbeidsutvalget
    # gis ansvar for å følge opp fremdrift" (sak 17/26); PM saksliste (sak 16/26).
    {
        "kortnavn": "AU",
        "slug": "au",
        "navn": "Arbeidsutvalget",
        "type": "arbeidsutvalg",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{nr}/{aa}",
        "offentlig": False,
        "rekkefolge": 40,
        "mandat": (
            "Arbeidsutvalget for strategisk samarbeidsutvalg forbereder saker til SSU og "
            "Partnerskapsmøtet, følger opp fremdriften i oppdrag fra SSU og nedsetter "
            "arbeidsgrupper, blant annet arbeidsgruppen for ny delavtale om helhetlige "
            "pasientforløp (2023) og arbeidsgruppen som reviderte delavtalen om digitalisering og "
            "IKT (SSU-sak 2025/36)."
        ),
    },
    # FSU Barn, unge og familier: seed 002, årsrapport 2025 of the Samhandlingsforum ("Da
    # Helsefelleskapet i 2025 opprettet Faglig samarbeidsutvalg Barn, unge og familier").
    # Its reporting line is not in the seeds; like the other faglige samarbeidsutvalg: SSU.
    {
        "kortnavn": "FSU-BUF",
        "slug": "fsu-buf",
        "navn": "Faglig samarbeidsutvalg barn, unge og familier",
        "type": "faglig",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 45,
        "mandat": (
            "Faglig samarbeidsutvalg for samhandling om tjenester til barn, unge og familier, "
            "opprettet av Helsefellesskapet i 2025."
        ),
    },
    # Samhandlingsforum: seed 002, "Årsrapport 2025 Samhandlingsforum for ledere psykisk helse og
    # rus i Vestfold" (established 2024; "etter mandat fra SSU"; reported to SSU as referatsak).
    {
        "kortnavn": "FORUM-PHR",
        "slug": "forum-phr",
        "navn": "Samhandlingsforum for ledere i psykisk helse og rus i Vestfold",
        "type": "forum",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 50,
        "mandat": (
            "Samhandlingsforum for ledere i psykisk helse og rus i Vestfold ble etablert i 2024 av "
            "Helsefellesskapet i Vestfold. Forumet har som intensjon å være et faglig "
            "samarbeidsutvalg satt sammen av ledere fra kommunene og spesialisthelsetjenesten i "
            "Vestfold med likeverdig myndighetsnivå: virksomhets- og enhetsledere for psykisk "
            "helse og avhengighet i kommunene og avdelingssjefer i Klinikk psykisk helse og "
            "avhengighet i SiV. Forumet fraviker de andre faglige samarbeidsutvalgene ved ikke å "
            "ha brukerrepresentant."
        ),
    },
    # Operative samhandlingsmøter: seed 000, saksframlegg SSU 2024.9.
    {
        "kortnavn": "DRIFTSMØTE",
        "slug": "driftsmote",
        "navn": "Operative samhandlingsmøter ved krevende drift",
        "type": "forum",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 55,
        "mandat": (
            "Operative samhandlingsmøter under krevende driftssituasjoner for SiV og/eller "
            "kommunene (økt innstrøm, overliggere, krevende bemanningssituasjon). Målet er "
            "gjensidige oppdateringer på driftssituasjonen for å kunne iverksette tiltak for best "
            "mulig pasientflyt og ressursutnyttelse, og opprettholde pasientsikkerheten og "
            "forsvarlige tjenester. Møtene ledes av samhandlingssjef i SiV; deltakere er primært "
            "kommunalsjefer og klinikksjefer.\n\n"
            "Gjennomført ukentlig på Teams fra slutten av november 2023 til midten av januar 2024. "
            "Møtene videreføres i krevende driftssituasjoner og i forkant av ferieperioder og "
            "høytider (SSU-sak 2024.9)."
        ),
    },
    # Fagutvalg akuttkjeden: årsmelding 2023, section 4 (renamed August 2023); årsrapport 2025
    # (seed 002); mandate approved by FSU 25.01.24 (FSU referat, sak 2024.2).
    {
        "kortnavn": "FU-AKUTT",
        "slug": "fu-akutt",
        "navn": "Fagutvalg for akuttkjeden",
        "type": "fagutvalg",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 60,
        "mandat": (
            "Fagutvalget arbeider med utvikling og koordinering innen akutte helsetjenester og "
            "akuttkjeden. Målet er å sikre innbyggerne i Vestfold tilgang til faglig forsvarlige "
            "helsetjenester, både på og utenfor sykehus, og ved behov for øyeblikkelig hjelp. "
            "Akuttkjeden består av medisinsk nødmeldetjeneste, ambulansetjenesten, akuttmottak i "
            "spesialisthelsetjenesten, kommunal legevakt, fastlegetjenesten, øyeblikkelig hjelp "
            "døgnplasser, kommunalt helsepersonell i vakt, akutthjelper i kommunen samt "
            "psykososialt støttearbeid ved akutte hendelser.\n\n"
            "Etablert i 2022 som «Faglig samarbeidsutvalg for akuttkjeden»; fra august 2023 "
            "«Fagutvalg for akuttkjeden» under Faglig samarbeidsutvalg. Fagutvalget er et fast "
            "utvalg som kan ha ulike satsningsområder. Mandatet ble godkjent av FSU "
            "25. januar 2024."
        ),
    },
    # Fagutvalg for fastleger: SSU referat 23.11.23, sak 2023.42 (composition); årsmelding 2023,
    # section 6; "Fagutvalget for fastlegetjenesten" (seed 002, sak 19/26).
    {
        "kortnavn": "FU-FASTLEGE",
        "slug": "fu-fastlege",
        "navn": "Fagutvalg for fastleger",
        "type": "fagutvalg",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 65,
        "aktiv_fra": date(2023, 11, 23),
        "mandat": (
            "Fagutvalget skal konkretisere hvordan Helsefellesskapet kan bidra med tiltak for å "
            "fremme stabilitet, kompetanse, kvalitet og god samlet ressursutnyttelse i "
            "fastlegeordningen, og foreslå tiltak for at anbefalinger om samarbeid blir kjent, "
            "implementert og praktisert.\n\n"
            "Opprettet av SSU 23. november 2023 (sak 2023.42). Fagutvalget består av "
            "2 representanter fra samhandlingslegene (tidligere PKO), 3 fastleger valgt av "
            "fastlegene selv, 3 representanter fra kommunene med linjelederansvar for fastlegene "
            "og 2 representanter fra Sykehuset i Vestfold med linjelederansvar."
        ),
    },
    # Projects: årsmelding 2023 (sections 1 and 2), seed 001 question 3, FSU referat 25.01.24
    # (sak 2024.4), FSU årsrapport 2025 (DHO), Prosjekt X tildelingsbrev and DHO grant (seed 002).
    {
        "kortnavn": "Vitality",
        "slug": "vitality",
        "navn": "Vitality – integrerte helsetjenester",
        "type": "prosjekt",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 70,
        "mandat": (
            "Samhandlings- og utviklingsprosjekt mellom kommunene og sykehuset om integrerte "
            "helsetjenester for eldre innbyggere. Tidlig identifisering av skrøpelighet skal gi "
            "forebyggende og tilpasset behandling og oppfølging: forsterket oppfølging etter "
            "utskrivning fra sykehus og helsestasjon for eldre med utvidet kartlegging.\n\n"
            "Utredet fra høsten 2019; tiltakene startet i samarbeid mellom Larvik kommune og SiV i "
            "2022, ble utvidet til Sandefjord (vår 2023) og Horten (høst 2023), og Færder, "
            "Tønsberg og Holmestrand starter i 2024. SSU er styringsgruppe."
        ),
    },
    {
        "kortnavn": "Ung Arena+",
        "slug": "ung-arena",
        "navn": "Ung Arena+ Vestfold",
        "type": "prosjekt",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 72,
        "mandat": (
            "Tjenesteinnovasjonsprosjekt i regi av Helsefellesskapet: et lavterskeltilbud for "
            "ungdom og unge voksne 13–25 år med risiko for psykiske lidelser, psykososiale "
            "problemer og rusproblemer, der forebyggende tilbud, kommunale helse- og "
            "velferdstjenester og spesialisthelsetjenester samarbeider sømløst og "
            "samlokalisert.\n\n"
            "Partnerskap mellom SiV og Tønsberg og Larvik kommuner. Tønsberg er pilotkommune og "
            "fikk høsten 2023 et fysisk lokale sentralt i byen. SSU er styringsgruppe."
        ),
    },
    {
        "kortnavn": "DHO",
        "slug": "dho",
        "navn": "Digital hjemmeoppfølging (DHO) Vestfold",
        "type": "prosjekt",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 74,
        "mandat": (
            "Prosjektet digital hjemmeoppfølging fikk tildelt midler høsten 2022. Larvik kommune "
            "er pilot, og erfaringene derfra skal ligge til grunn for spredning i fylket. Målet er "
            "en bærekraftig modell for digital hjemmeoppfølging som en naturlig del av tjenestene. "
            "Brukere, fastlegene, øvrig kommunal helsetjeneste og SiV deltar. Helsedirektoratet "
            "innvilget 1 500 000 kroner i tilskudd for 2026."
        ),
    },
    {
        "kortnavn": "Prosjekt X",
        "slug": "prosjekt-x",
        "navn": "Prosjekt X «Vestfold: En vei inn»",
        "type": "prosjekt",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 76,
        "mandat": (
            "Helse Sør-Øst RHF har tildelt prosjektet 12 000 000 kroner i tilskudd for 2026 "
            "(tildelingsbrev 13. februar 2026). Tilskuddet utbetales til Sykehuset i Vestfold og "
            "disponeres i samråd med øvrige prosjekteiere. Prosjektet rapporterer i årlig melding "
            "og leverer halvårlig statusrapport via Helse Sør-Øst."
        ),
    },
    # Working groups under FSU: FSU referat 25.01.24 (sak 2024.3), SSU innkalling 29.02.24 (saker
    # 2024.3 and 2024.4), årsmelding 2023 (sections 2, 3 and 8), FSU årsrapport 2024 (møte 2. mai)
    # and 2025 (samhandlingsavvik).
    {
        "kortnavn": "AG-SPISEFORSTYRRELSER",
        "slug": "ag-spiseforstyrrelser",
        "navn": "Arbeidsgruppe for barn og unge med spiseforstyrrelser",
        "type": "arbeidsgruppe",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 80,
        "aktiv_til": date(2023, 12, 31),
        "mandat": (
            "Arbeidsgruppen har gjennomgått utrednings- og oppfølgingstilbud i kommunene og i BUPA "
            "med utgangspunkt i Nasjonalt pasientforløp ved spiseforstyrrelser hos barn og unge "
            "under 23 år. Tre forbedringspunkter: visualisering av pasientforløpet (flytskjema), "
            "prosedyre for overføring av pasienter med alvorlig spiseforstyrrelse fra SiV til "
            "kommunen, og bedre bruk av elektroniske meldinger (PLO). Arbeidet ble avsluttet i "
            "desember 2023 og sluttrapporten lagt frem for SSU 29. februar 2024 (sak 2024.3)."
        ),
    },
    {
        "kortnavn": "AG-RUS-TVANG",
        "slug": "ag-rus-tvang",
        "navn": (
            "Arbeidsgruppe pasienter med langvarige psykiske lidelser og rusavhengighet, med og "
            "uten tvang"
        ),
        "type": "arbeidsgruppe",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 81,
        "aktiv_til": date(2023, 11, 30),
        "mandat": (
            "Samarbeid, ansvars- og oppgavefordeling for pasienter med langvarige psykiske "
            "lidelser og rusavhengighet, både personer som er omfattet av lov om tvungent psykisk "
            "helsevern og personer som ikke er det, herunder pasientforløp for tvungent psykisk "
            "helsevern uten døgnopphold og for legemiddelassistert rusbehandling. Mandatet ble "
            "utviklet høsten 2022 etter dialog med Klinikk psykisk helse og avhengighet. Arbeidet "
            "ble avsluttet i november 2023 og sluttrapporten lagt frem for SSU 29. februar 2024 "
            "(sak 2024.4)."
        ),
    },
    # "forventet avsluttet høsten 2024" (årsmelding 2023, section 8): ended by the end of 2024.
    {
        "kortnavn": "AG-KREFT",
        "slug": "ag-kreft",
        "navn": "Arbeidsgrupper pasientforløp «Hjem for pasienter med kreft»",
        "type": "arbeidsgruppe",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 82,
        "aktiv_til": date(2024, 12, 31),
        "mandat": (
            "En kommunal arbeidsgruppe og en arbeidsgruppe fra sykehuset arbeider parallelt med å "
            "ivareta føringene i Nasjonalt pasientforløp «Hjem for pasienter med kreft», knyttet "
            "sammen til et helhetlig forløp. Arbeidet er pilotert med enkelte diagnosegrupper og "
            "skal utvides etter en plan; det var ventet avsluttet høsten 2024."
        ),
    },
    {
        "kortnavn": "AG-AVVIK",
        "slug": "ag-avvik",
        "navn": "Arbeidsgruppe samhandlingsavvik",
        "type": "arbeidsgruppe",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 83,
        "mandat": (
            "Arbeidsgruppe under Faglig samarbeidsutvalg som ser på bedre utnyttelse av dagens "
            "muligheter for registrering og behandling av samhandlingsavvik, og som følger "
            "prosjektet om digitale avviksmeldinger i Helsefellesskapet i Agder. Arbeidsgruppen "
            "ble revitalisert i 2025 (FSU-sak 2025.3) og har holdt workshop om ønsket arbeidsflyt "
            "som utgangspunkt for leverandørdialog. Sak legges frem for SSU i september 2026."
        ),
    },
    {
        "kortnavn": "AG-REHAB",
        "slug": "ag-rehab",
        "navn": "Arbeidsgruppe samarbeid om rehabilitering",
        "type": "arbeidsgruppe",
        "rapporterer_til": "FSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 84,
        "aktiv_fra": date(2024, 5, 2),
        "mandat": (
            "Arbeidsgruppe nedsatt av FSU 2. mai 2024 for å vurdere alternative former for "
            "organisering av samarbeidet om rehabilitering og om helhetlige og sammenhengende "
            "pasientforløp. I Vestfold er det to nettverk: Fagnettverk rehabilitering og Nettverk "
            "for koordinerende enheter."
        ),
    },
    # Working groups under AU: SSU referat 23.11.23 (sak 2023.40), seed 002 (saker 17/26, 18/26).
    # The delavtale was adopted in SSU 25.09.25 (sak 2025.35), which ended the group's task.
    {
        "kortnavn": "AG-DELAVTALE-HPF",
        "slug": "ag-delavtale-hpf",
        "navn": "Arbeidsgruppe delavtale om helhetlige pasientforløp",
        "type": "arbeidsgruppe",
        "rapporterer_til": "AU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 85,
        "aktiv_fra": date(2023, 10, 27),
        "aktiv_til": date(2025, 9, 25),
        "mandat": (
            "Arbeidsgruppe i regi av arbeidsutvalget for ny delavtale om helhetlige "
            "pasientforløp, bestående av klinikksjefer/samhandlingssjef og kommunalsjefer. SiV "
            "utarbeider revisjonsutkast som kommunene gir innspill til. Første møte ble holdt "
            "27. oktober 2023. Delavtalen ble vedtatt i SSU i september 2025 (sak 2025.35) med "
            "iverksettelse 1. desember 2025."
        ),
    },
    {
        "kortnavn": "AG-DELAVTALE-IKT",
        "slug": "ag-delavtale-ikt",
        "navn": "Arbeidsgruppe delavtale om digitalisering og IKT",
        "type": "arbeidsgruppe",
        "rapporterer_til": "AU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 86,
        "aktiv_fra": date(2025, 9, 25),
        "mandat": (
            "Arbeidsgruppe nedsatt av arbeidsutvalget for SSU med representanter fra kommuner og "
            "sykehus for å revidere delavtale om samarbeid om digitalisering og IKT lokalt "
            "(SSU-sak 2025/36, 25.09.25). Forslag til revidert delavtale ble behandlet i SSU "
            "7. mai 2026 (sak 18/26)."
        ),
    },
    # Working groups under Fagutvalg akuttkjeden: its handlingsplan 2025 (periods "2024-2025")
    # and årsrapport 2025 (seed 002); FSU referat 25.01.24 ("arbeidsgruppe som ser på utnyttelse
    # av ØHD-plasser og bruk av mobilt rtg"). ØHD and diagnostisk sløyfe delivered in 2024–2025;
    # ambulant røntgen (SSU case postponed to 2026) and samtrening go on.
    {
        "kortnavn": "AG-ØHD",
        "slug": "ag-ohd",
        "navn": "Arbeidsgruppe bruk av ØHD-plasser i Vestfold",
        "type": "arbeidsgruppe",
        "rapporterer_til": "FU-AKUTT",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 87,
        "aktiv_fra": date(2024, 1, 1),
        "aktiv_til": date(2025, 12, 31),
        "mandat": (
            "Arbeidsgruppe fra Fagutvalg for akuttkjeden som kartla bruken av øyeblikkelig hjelp "
            "døgnplasser (ØHD) i Vestfold, for å redusere unødvendige innleggelser i sykehus. "
            "Kartleggingen ga grunnlag for felles kriterier for bruk av ØHD-plasser, utarbeidet "
            "av Vestfoldkommunene i 2025."
        ),
    },
    {
        "kortnavn": "AG-SLØYFE",
        "slug": "ag-sloyfe",
        "navn": "Arbeidsgruppe diagnostisk sløyfe",
        "type": "arbeidsgruppe",
        "rapporterer_til": "FU-AKUTT",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 88,
        "aktiv_fra": date(2024, 1, 1),
        "aktiv_til": date(2025, 12, 31),
        "mandat": (
            "Revidering av prosedyren for diagnostisk sløyfe, slik at den blir gjennomførbar og "
            "nyttig for kommunene og sykehuset. Prosedyren ble godkjent av SSU i mai 2025."
        ),
    },
    {
        "kortnavn": "AG-RØNTGEN",
        "slug": "ag-rontgen",
        "navn": "Arbeidsgruppe ambulant røntgen",
        "type": "arbeidsgruppe",
        "rapporterer_til": "FU-AKUTT",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 89,
        "aktiv_fra": date(2024, 1, 1),
        "mandat": (
            "Bestilling fra SSU i mai 2025: Fagutvalg akuttkjeden leder en arbeidsgruppe med "
            "deltagere fra kommuner og sykehus, som utarbeider forslag til videre organisering, "
            "kostnader og finansiering av ambulant røntgen. Saken ble levert SSU i november 2025; "
            "behandlingen ble utsatt til 2026."
        ),
    },
    {
        "kortnavn": "AG-SAMTRENING",
        "slug": "ag-samtrening",
        "navn": "Arbeidsgruppe KlinObsKommune og samtrening",
        "type": "arbeidsgruppe",
        "rapporterer_til": "FU-AKUTT",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 90,
        "aktiv_fra": date(2024, 1, 1),
        "mandat": (
            "Samtrening mellom aktørene i akuttkjeden – hjemmetjeneste, sykehjem, legetjeneste, "
            "legevakt og ambulansetjeneste – slik at pasienter i den akutte behandlingskjeden får "
            "riktig behandling og ivaretas på riktig og mest effektive omsorgsnivå. Samtrening er "
            "gjennomført i Sandefjord og, fra høsten 2025, i Færder kommune."
        ),
    },
    # Working group under the Samhandlingsforum (seed 002, its årsrapport 2025).
    {
        "kortnavn": "AG-OVERGANGSBOLIGER",
        "slug": "ag-overgangsboliger",
        "navn": "Arbeidsgruppe overgangsboliger",
        "type": "arbeidsgruppe",
        "rapporterer_til": "FORUM-PHR",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": False,
        "rekkefolge": 91,
        "mandat": (
            "Arbeidsgruppe med representanter fra Samhandlingsforum for ledere i psykisk helse og "
            "rus, etablert i 2025 etter mandat fra SSU. Arbeidsgruppen har utarbeidet forslag til "
            "et mer spisset mandat for godkjenning i SSU."
        ),
    },
    # The faglige samarbeidsutvalg of the first structure (seed 001 question 1; årsmelding 2023
    # "Modell for helsefellesskapet frem til september 2023"), replaced in August 2023.
    {
        "kortnavn": "FSU-KT",
        "slug": "fsu-kt",
        "navn": "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        "type": "faglig",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 95,
        "aktiv_til": date(2023, 7, 31),
        "mandat": (
            "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling erstattet det tidligere "
            "kvalitetsutvalget og kompetanseutvalget, med nye temaer som innovasjon, teknologi og "
            "digitalisering i et samhandlingsperspektiv. Den største delen av arbeidet i 2023 var "
            "revidering av samarbeidsavtalene mellom SiV og kommunene. Erstattet av Faglig "
            "samarbeidsutvalg (FSU) i august 2023."
        ),
    },
    {
        "kortnavn": "FSU-BU",
        "slug": "fsu-bu",
        "navn": "Faglig samarbeidsutvalg for barn og unge / psykisk helse og rus",
        "type": "faglig",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 96,
        "aktiv_til": date(2023, 7, 31),
        "mandat": (
            "Målgruppene barn og unge og personer med alvorlige psykiske lidelser og "
            "rusproblemer var i perioden 2020–2023 slått sammen i dette utvalget, der prosjektet "
            "Ung Arena+ Vestfold var hovedsatsningen. Erstattet av ny struktur med Faglig "
            "samarbeidsutvalg, fagutvalg og prosjekter i august 2023."
        ),
    },
    {
        "kortnavn": "FSU-ELDRE",
        "slug": "fsu-eldre",
        "navn": "Faglig samarbeidsutvalg for skrøpelige eldre og pasienter med kroniske sykdommer",
        "type": "faglig",
        "rapporterer_til": "SSU",
        "saksnummerformat": "{aar}.{nr}",
        "offentlig": True,
        "rekkefolge": 97,
        "aktiv_til": date(2023, 7, 31),
        "mandat": (
            "Målgruppene skrøpelige eldre og pasienter med kroniske sykdommer var i perioden "
            "2020–2023 slått sammen i dette utvalget. Hovedsatsningen var prosjektet Vitality – "
            "integrerte helsetjenester. Erstattet av ny struktur med Faglig samarbeidsutvalg, "
            "fagutvalg og prosjekter i august 2023."
        ),
    },
]

# ---------------------------------------------------------------------------------------------
# PERSONER
# ---------------------------------------------------------------------------------------------
#
# Spelling variants merged (the most frequent or fullest form is kept):
# "Erik Nordberg" (4x, SSU innkalling 29.02.24) / "Erik Norberg" (1x, SSU referat 23.11.23);
# "Maj Irmeli Rehell Øistad" / "May Irmeli Øistad" / "Irmeli Rehell Øistad";
# "Trine Søndergaard Skov" / "Trine Søndergaard" / "Trine S. Skov";
# "Marthe Wang-Hansen" (2x) / "Marte W. Hansen"; "Kari Marthinsen" / "Kari Martinsen";
# "Siri Cathrine Ottesen" / "Siri C. Ottesen" / "Siri Ottesen".
# Not merged: "Kristine Lindhjem" (kreftkoordinator SiV, 2024) and "Kristine Lindhøy"
# (Brukerutvalget, Fagutvalg akuttkjeden 2025) – different surnames and roles.
# First names only ("Anita" in SSU referat 23.11.23) cannot be made into persons.

PERSONER: list[dict] = [
    # SSU referat 23.11.23 and innkalling 29.02.24.
    {"navn": "Frode Hestnes", "stilling": "kommunalsjef Mestring og helse", "partner": TONSBERG},
    {"navn": "Guro Winsvold", "stilling": "", "partner": None},
    {"navn": "Tom Ole Øhren", "stilling": "", "partner": "Den norske legeforening"},
    {"navn": "Unni Kiøsterud Tufte", "stilling": "", "partner": "Norsk Sykepleierforbund"},
    {"navn": "Gro Elisabeth Aasland", "stilling": "klinikksjef KFMR", "partner": SIV},
    {
        "navn": "Erik Nordberg",
        "stilling": "klinikksjef Prehospital, samhandlingssjef",
        "partner": SIV,
    },
    {"navn": "Christian Reissig", "stilling": "klinikksjef KPR", "partner": SIV},
    {"navn": "Siri Vedel Hammer", "stilling": "", "partner": SIV},
    {"navn": "Geir Dunseth", "stilling": "fastlege", "partner": None},
    {"navn": "Janne K. Aase Hansen", "stilling": "", "partner": None},
    {"navn": "Bente Krauss", "stilling": "", "partner": None},
    {"navn": "Liv Ristvedt", "stilling": "", "partner": None},
    # The secretariat: SSU referat 23.11.23 ("Rannveig Velken, kommunene; Sissel Andreassen,
    # kommunene; Runar Danielsen, SiV"); FSU årsrapport 2024 ("Sissel Andreassen fra Horten");
    # Fagutvalg akuttkjeden 2025 ("Rannveig Velken, Sykehuset i Vestfold, Sekretariat
    # Helsefelleskapet"); seed 002 saksframlegg 2026 (saksbehandlere; "forfall meldes til Hilde
    # Kari Maugesten, hilde.kari.maugesten@faerder.kommune.no").
    {"navn": "Runar Danielsen", "stilling": "sekretariatet i Helsefellesskapet", "partner": SIV},
    {"navn": "Rannveig Velken", "stilling": "sekretariatet i Helsefellesskapet", "partner": SIV},
    {
        "navn": "Sissel Andreassen",
        "stilling": "sekretariatet i Helsefellesskapet",
        "partner": HORTEN,
    },
    {
        "navn": "Sunniva Dahl Thorsen",
        "stilling": "sekretariatet i Helsefellesskapet",
        "partner": None,
    },
    {
        "navn": "Hilde Kari Maugesten",
        "stilling": "sekretariatet i Helsefellesskapet",
        "partner": FAERDER,
        "epost": "hilde.kari.maugesten@faerder.kommune.no",
    },
    # Partnerskapsmøtet: saksframlegg SSU 2024.7 ("Gro Herheim, kommunedirektør, Larvik") and
    # seed 002, sak 16/26 ("Møteleder: Per Christian Voss, styreleder Sykehuset i Vestfold").
    {"navn": "Gro Herheim", "stilling": "kommunedirektør", "partner": LARVIK},
    {"navn": "Per Christian Voss", "stilling": "styreleder", "partner": SIV},
    # FSU referat 25.01.24 (Til stede) and FSU årsrapport 2024. The seeds do not say whom the
    # members without a partner represent.
    {"navn": "Trine Lislebø Inglis", "stilling": "", "partner": None},
    {"navn": "Nina Klevan", "stilling": "", "partner": None},
    {"navn": "Marit Dale Petersen", "stilling": "", "partner": None},
    {"navn": "Anne Grethe Sneeggen", "stilling": "", "partner": None},
    {"navn": "Michelle Schubert Amundsen", "stilling": "", "partner": None},
    {"navn": "Camilla Bjørlin", "stilling": "", "partner": None},
    {"navn": "Tore Haukvik", "stilling": "brukerrepresentant", "partner": "Pensjonistforbundet"},
    {"navn": "Rut-Solvei Arheim", "stilling": "brukerrepresentant", "partner": BRUKERUTVALGET_SIV},
    {"navn": "Trine Søndergaard Skov", "stilling": "redaktør", "partner": "Kompetansebroen"},
    # Presenters and guests in FSU 25.01.24 (saker 2024.1, 2024.3, 2024.4, Eventuelt).
    {"navn": "John Harald Holmlund", "stilling": "analyseavdelingen", "partner": SIV},
    {"navn": "Maria Vandbakk-Ruther", "stilling": "smittevernseksjonen", "partner": SIV},
    {"navn": "Kristine Lindhjem", "stilling": "kreftkoordinator", "partner": SIV},
    {
        "navn": "Maj Irmeli Rehell Øistad",
        "stilling": "fagsjef, Klinikk psykisk helse og avhengighet",
        "partner": SIV,
    },
    {"navn": "Kari Marthinsen", "stilling": "prosjektleder Ung Arena+", "partner": None},
    {"navn": "Marthe Wang-Hansen", "stilling": "prosjektleder Vitality", "partner": None},
    # Fagutvalg akuttkjeden, deltakere 2025 (seed 002, årsrapport 2025).
    {
        "navn": "Henriette Ruud",
        "stilling": "rådgiver, Utviklingssenter for sykehjem og hjemmetjenester Vestfold",
        "partner": USHT,
    },
    {
        "navn": "Siri Cathrine Ottesen",
        "stilling": "spesialrådgiver, Akuttsenteret",
        "partner": SIV,
    },
    {"navn": "Silje Tønnesen", "stilling": "hjemmetjenesten", "partner": FAERDER},
    {
        "navn": "Birgitte Larsen",
        "stilling": "psykisk helsetjeneste for voksne",
        "partner": HOLMESTRAND,
    },
    {"navn": "Christine Kristiansen", "stilling": "legevakt", "partner": HORTEN},
    {"navn": "Monica Hammari", "stilling": "institusjon", "partner": LARVIK},
    {
        "navn": "Carlo David Schebesta",
        "stilling": "fastlege, Fastlegekontor Svarstad",
        "partner": LARVIK,
    },
    {
        "navn": "Frida Sofie Doksrød",
        "stilling": "kommuneoverlege kliniske tjenester",
        "partner": SANDEFJORD,
    },
    {
        "navn": "Gunn Heidi Schrøder",
        "stilling": "avdelingsleder, Sandefjord Medisinske Senter (ØHD)",
        "partner": SANDEFJORD,
    },
    {"navn": "Per-Kristian Jensen", "stilling": "Tønsberg-regionen legevakt", "partner": TONSBERG},
    {"navn": "Kristine Lindhøy", "stilling": "Brukerutvalget", "partner": BRUKERUTVALGET_SIV},
    {"navn": "Christoffer Strandly", "stilling": "AMK", "partner": SIV},
    {"navn": "Trond Magnus Solås", "stilling": "AMK", "partner": SIV},
    {"navn": "Sondre Hasvold", "stilling": "Psykisk helse og avhengighet", "partner": SIV},
    {
        "navn": "Per Nicolai Robertsen",
        "stilling": "seksjonsleder ortopedi, Kirurgisk klinikk",
        "partner": SIV,
    },
    {"navn": "Lizeth Lind Jørgensen", "stilling": "Samhandlingsenheten", "partner": SIV},
    {"navn": "Renate Solstad", "stilling": "Samhandlingsenheten", "partner": SIV},
    # Arbeidsgruppe ambulant røntgen and samtrening in Færder (akuttkjeden årsrapport 2025).
    {"navn": "Jermund Bakke", "stilling": "seksjonsleder radiologi", "partner": SIV},
    {"navn": "Erik Gustavsen", "stilling": "seksjonsleder Prehospital", "partner": SIV},
    {"navn": "Markus Stamnes Wuller", "stilling": "Tønsberg ambulansestasjon", "partner": SIV},
    {"navn": "Charlotte A. Takle", "stilling": "Smidsrød helsehus", "partner": FAERDER},
    {"navn": "Mia Stange", "stilling": "Smidsrød helsehus", "partner": FAERDER},
    {"navn": "Janne Gjevre Bakk", "stilling": "hjemmetjenesten", "partner": FAERDER},
    # Samhandlingsforum psykisk helse og rus, deltagere 2025 (seed 002).
    {
        "navn": "Even Thornquist",
        "stilling": "virksomhetsleder/enhetsleder psykisk helse og avhengighet",
        "partner": HOLMESTRAND,
    },
    {
        "navn": "Marianne Ødegård",
        "stilling": "virksomhetsleder/enhetsleder psykisk helse og avhengighet",
        "partner": HORTEN,
    },
    {
        "navn": "Ingrid Weltzien",
        "stilling": "virksomhetsleder/enhetsleder psykisk helse og avhengighet",
        "partner": HORTEN,
    },
    {
        "navn": "Lena Sjølie",
        "stilling": "virksomhetsleder/enhetsleder psykisk helse og avhengighet",
        "partner": FAERDER,
    },
    {
        "navn": "Therese Offerdahl",
        "stilling": "virksomhetsleder/enhetsleder psykisk helse og avhengighet",
        "partner": TONSBERG,
    },
    {
        "navn": "Tore Lyse",
        "stilling": "virksomhetsleder/enhetsleder psykisk helse og avhengighet",
        "partner": SANDEFJORD,
    },
    {
        "navn": "Aase Kristin Smith-Vestad",
        "stilling": "virksomhetsleder/enhetsleder psykisk helse og avhengighet",
        "partner": LARVIK,
    },
    {"navn": "Terje Wårheim", "stilling": "avdelingssjef, Autismeavdelingen", "partner": SIV},
    {
        "navn": "Eileen Christine Lund",
        "stilling": "avdelingssjef, Barne- og ungdomspsykiatrisk avdeling",
        "partner": SIV,
    },
    {"navn": "Mette Camilla Moen", "stilling": "avdelingssjef, DPS Vestfold", "partner": SIV},
    {
        "navn": "Jørgen Strand",
        "stilling": "avdelingssjef, Psykiatrisk sykehusavdeling",
        "partner": SIV,
    },
    {
        "navn": "Richard Øvereng Skog",
        "stilling": "avdelingssjef, Avdeling for rus og avhengighet",
        "partner": SIV,
    },
    {"navn": "Cathrine Foynes", "stilling": "", "partner": FAERDER},
    {"navn": "Tone Langerud", "stilling": "", "partner": LARVIK},
    {"navn": "Christine Berge", "stilling": "", "partner": HOLMESTRAND},
    {"navn": "Linda Jakobsen", "stilling": "", "partner": HORTEN},
    {"navn": "Thomas Gangsø Bolstad", "stilling": "", "partner": HORTEN},
    # Arbeidsgruppe delavtale digitalisering og IKT (seed 002, sak 18/26).
    {"navn": "Sigurd Strand", "stilling": "", "partner": "Jarlsberg IKT"},
    {"navn": "Elisabeth Sørensen", "stilling": "", "partner": "Digi-TV"},
    {
        "navn": "Øyvind Rødland",
        "stilling": "informasjonssikkerhetsansvarlig",
        "partner": SANDEFJORD,
    },
    {"navn": "Nina Håkonsen Liljebäck", "stilling": "", "partner": SIV},
    {"navn": "Espen Skalvik", "stilling": "", "partner": SIV},
]

# ---------------------------------------------------------------------------------------------
# VERV
# ---------------------------------------------------------------------------------------------

VERV: list[dict] = [
    # --- PM. Per Christian Voss leads the 2026 meeting (sak 16/26); he stays a member before and
    # after. Gro Herheim as kommunedirektør (PM composition, seed 001; saksframlegg 2024.7).
    {"person": "Gro Herheim", "organ": "PM", "rolle": "medlem", "representerer": LARVIK},
    {
        "person": "Per Christian Voss",
        "organ": "PM",
        "rolle": "medlem",
        "representerer": SIV,
        "til": date(2025, 12, 31),
    },
    {
        "person": "Per Christian Voss",
        "organ": "PM",
        "rolle": "leder",
        "representerer": SIV,
        "fra": date(2026, 1, 1),
        "til": date(2026, 12, 31),
        "merknad": "Møteleder for partnerskapsmøtet 2026 (SSU-sak 16/26)",
    },
    {
        "person": "Per Christian Voss",
        "organ": "PM",
        "rolle": "medlem",
        "representerer": SIV,
        "fra": date(2027, 1, 1),
    },
    # --- SSU leadership. Frode Hestnes signed as "leder strategisk samarbeidsutvalg" (seed 001)
    # and chaired 23.11.23; Guro Winsvold chairs from the first 2024 meeting (innkalling
    # 29.02.24), although sak 2023.41 had named Frode Hestnes møteleder for 2024.
    {
        "person": "Frode Hestnes",
        "organ": "SSU",
        "rolle": "leder",
        "representerer": TONSBERG,
        "til": date(2023, 12, 31),
    },
    {
        "person": "Frode Hestnes",
        "organ": "SSU",
        "rolle": "medlem",
        "representerer": TONSBERG,
        "fra": date(2024, 1, 1),
    },
    {
        "person": "Guro Winsvold",
        "organ": "SSU",
        "rolle": "leder",
        "representerer": None,
        "fra": date(2024, 1, 1),
        "merknad": "Møteleder fra SSU 29.02.24",
    },
    # --- SSU faste medlemmer (SSU referat 23.11.23) and members who take cases in 2023–2024.
    {
        "person": "Tom Ole Øhren",
        "organ": "SSU",
        "rolle": "medlem",
        "representerer": "Den norske legeforening",
    },
    {
        "person": "Unni Kiøsterud Tufte",
        "organ": "SSU",
        "rolle": "medlem",
        "representerer": "Norsk Sykepleierforbund",
    },
    {"person": "Gro Elisabeth Aasland", "organ": "SSU", "rolle": "medlem", "representerer": SIV},
    {"person": "Erik Nordberg", "organ": "SSU", "rolle": "medlem", "representerer": SIV},
    {"person": "Christian Reissig", "organ": "SSU", "rolle": "medlem", "representerer": SIV},
    # "Siri Vedel Hammer tar saken opp med fagdirektør" (sak 2023.44).
    {"person": "Siri Vedel Hammer", "organ": "SSU", "rolle": "medlem", "representerer": SIV},
    # Ansvar for sak 2023.42; "Fastlegerepresentant i SSU starter prosess med å rekruttere".
    {
        "person": "Geir Dunseth",
        "organ": "SSU",
        "rolle": "medlem",
        "representerer": None,
        "merknad": "Fastlegerepresentant",
    },
    # --- SSU secretariat 2023–2024 (referat 23.11.23; referent Runar Danielsen) and 2026
    # (saksbehandlere in the saksframlegg 14/26–21/26).
    {
        "person": "Runar Danielsen",
        "organ": "SSU",
        "rolle": "sekretariat",
        "representerer": SIV,
        "merknad": "Referent",
    },
    {
        "person": "Rannveig Velken",
        "organ": "SSU",
        "rolle": "sekretariat",
        "representerer": None,
        "merknad": "For kommunene",
    },
    {
        "person": "Sissel Andreassen",
        "organ": "SSU",
        "rolle": "sekretariat",
        "representerer": None,
        "merknad": "For kommunene",
    },
    {
        "person": "Sunniva Dahl Thorsen",
        "organ": "SSU",
        "rolle": "sekretariat",
        "representerer": None,
        "fra": date(2026, 1, 1),
        "merknad": "Saksbehandler",
    },
    {
        "person": "Hilde Kari Maugesten",
        "organ": "SSU",
        "rolle": "sekretariat",
        "representerer": FAERDER,
        "fra": date(2026, 1, 1),
        "merknad": "Saksbehandler; forfall meldes til henne",
    },
    # --- FSU leadership: "Etter omorganisering august 2023 har kommunene, ved Sissel Andreassen
    # fra Horten ledet utvalget med Runar Danielsen, SiV som nestleder" (FSU årsrapport 2024);
    # "Ledelse ved SiV fra feb. 25" (FSU årsrapport 2025 – the new leaders are not named).
    {
        "person": "Sissel Andreassen",
        "organ": "FSU",
        "rolle": "leder",
        "representerer": HORTEN,
        "fra": NY_STRUKTUR,
        "til": date(2025, 1, 31),
        "merknad": "Ledelsen rullerer årlig mellom kommunene og sykehuset",
    },
    {
        "person": "Runar Danielsen",
        "organ": "FSU",
        "rolle": "nestleder",
        "representerer": SIV,
        "fra": NY_STRUKTUR,
        "til": date(2025, 1, 31),
    },
    # --- FSU members present 25.01.24 (FSU referat). Representation is not in the seeds.
    {
        "person": "Trine Lislebø Inglis",
        "organ": "FSU",
        "rolle": "medlem",
        "representerer": None,
        "fra": NY_STRUKTUR,
    },
    {
        "person": "Nina Klevan",
        "organ": "FSU",
        "rolle": "medlem",
        "representerer": None,
        "fra": NY_STRUKTUR,
    },
    {
        "person": "Marit Dale Petersen",
        "organ": "FSU",
        "rolle": "medlem",
        "representerer": None,
        "fra": NY_STRUKTUR,
    },
    {
        "person": "Anne Grethe Sneeggen",
        "organ": "FSU",
        "rolle": "medlem",
        "representerer": None,
        "fra": NY_STRUKTUR,
    },
    {
        "person": "Michelle Schubert Amundsen",
        "organ": "FSU",
        "rolle": "medlem",
        "representerer": None,
        "fra": NY_STRUKTUR,
    },
    {
        "person": "Camilla Bjørlin",
        "organ": "FSU",
        "rolle": "medlem",
        "representerer": None,
        "fra": NY_STRUKTUR,
    },
    {
        "person": "Geir Dunseth",
        "organ": "FSU",
        "rolle": "medlem",
        "representerer": None,
        "fra": NY_STRUKTUR,
        "merknad": "Fastlegerepresentant",
    },
    # User representative: "Brukerrepresentant Pensjonistforbundet Tore Haukvik erstattes av
    # Rut-Solvei Arheim fra Brukerutvalget ved SiV" (FSU årsrapport 2024, for 2025); the same
    # user and Kompetansebroen representatives since FSU-KT.
    {
        "person": "Tore Haukvik",
        "organ": "FSU-KT",
        "rolle": "brukerrepresentant",
        "representerer": "Pensjonistforbundet",
        "til": date(2023, 7, 31),
    },
    {
        "person": "Tore Haukvik",
        "organ": "FSU",
        "rolle": "brukerrepresentant",
        "representerer": "Pensjonistforbundet",
        "fra": NY_STRUKTUR,
        "til": date(2024, 12, 31),
    },
    {
        "person": "Rut-Solvei Arheim",
        "organ": "FSU",
        "rolle": "brukerrepresentant",
        "representerer": BRUKERUTVALGET_SIV,
        "fra": date(2025, 1, 1),
    },
    {
        "person": "Trine Søndergaard Skov",
        "organ": "FSU-KT",
        "rolle": "observator",
        "representerer": "Kompetansebroen",
        "til": date(2023, 7, 31),
    },
    {
        "person": "Trine Søndergaard Skov",
        "organ": "FSU",
        "rolle": "observator",
        "representerer": "Kompetansebroen",
        "fra": NY_STRUKTUR,
        "merknad": "Kompetansebroen deltar ved behov",
    },
    {
        "person": "Rannveig Velken",
        "organ": "FSU",
        "rolle": "sekretariat",
        "representerer": None,
        "fra": NY_STRUKTUR,
    },
    # --- Fagutvalg HR: "Fagutvalg HR: Bente Krauss orienterer" (SSU innkalling 29.02.24).
    {
        "person": "Bente Krauss",
        "organ": "FU-HR",
        "rolle": "medlem",
        "representerer": None,
        "merknad": "Orienterte SSU om fagutvalget 29.02.24",
    },
    # --- Fagutvalg fastleger: "Geir og Janne orienterer om fremdrift" (SSU 29.02.24, sak 2024.8).
    {
        "person": "Geir Dunseth",
        "organ": "FU-FASTLEGE",
        "rolle": "medlem",
        "representerer": None,
        "merknad": "Orienterte SSU om fremdriften 29.02.24",
    },
    {
        "person": "Janne K. Aase Hansen",
        "organ": "FU-FASTLEGE",
        "rolle": "medlem",
        "representerer": None,
        "merknad": "Orienterte SSU om fremdriften 29.02.24",
    },
    # --- Fagutvalg akuttkjeden, deltakere 2025 (årsrapport 2025; start dates not in the seeds).
    {"person": "Henriette Ruud", "organ": "FU-AKUTT", "rolle": "leder", "representerer": USHT},
    {
        "person": "Siri Cathrine Ottesen",
        "organ": "FU-AKUTT",
        "rolle": "nestleder",
        "representerer": SIV,
    },
    {"person": "Silje Tønnesen", "organ": "FU-AKUTT", "rolle": "medlem", "representerer": FAERDER},
    {
        "person": "Birgitte Larsen",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": HOLMESTRAND,
    },
    {
        "person": "Christine Kristiansen",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": HORTEN,
    },
    {"person": "Monica Hammari", "organ": "FU-AKUTT", "rolle": "medlem", "representerer": LARVIK},
    {
        "person": "Carlo David Schebesta",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": LARVIK,
    },
    {
        "person": "Frida Sofie Doksrød",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": SANDEFJORD,
    },
    {
        "person": "Gunn Heidi Schrøder",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": SANDEFJORD,
    },
    {
        "person": "Per-Kristian Jensen",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": TONSBERG,
    },
    {"person": "Sondre Hasvold", "organ": "FU-AKUTT", "rolle": "medlem", "representerer": SIV},
    {
        "person": "Per Nicolai Robertsen",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": SIV,
    },
    {
        "person": "Lizeth Lind Jørgensen",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": SIV,
    },
    {"person": "Renate Solstad", "organ": "FU-AKUTT", "rolle": "medlem", "representerer": SIV},
    # "Christoffer Strandly/ Trond Magnus Solås, Sykehuset i Vestfold, AMK": one seat, two names.
    {
        "person": "Christoffer Strandly",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": SIV,
        "merknad": "AMK, deler plassen med Trond Magnus Solås",
    },
    {
        "person": "Trond Magnus Solås",
        "organ": "FU-AKUTT",
        "rolle": "medlem",
        "representerer": SIV,
        "merknad": "AMK, deler plassen med Christoffer Strandly",
    },
    {
        "person": "Kristine Lindhøy",
        "organ": "FU-AKUTT",
        "rolle": "brukerrepresentant",
        "representerer": BRUKERUTVALGET_SIV,
    },
    {
        "person": "Rannveig Velken",
        "organ": "FU-AKUTT",
        "rolle": "sekretariat",
        "representerer": SIV,
    },
    # --- Arbeidsgruppe ambulant røntgen, set up after SSU's bestilling in May 2025.
    {
        "person": "Henriette Ruud",
        "organ": "AG-RØNTGEN",
        "rolle": "leder",
        "representerer": USHT,
        "fra": date(2025, 5, 1),
        "merknad": "Leder arbeidsgruppen sammen med Siri Cathrine Ottesen",
    },
    {
        "person": "Siri Cathrine Ottesen",
        "organ": "AG-RØNTGEN",
        "rolle": "leder",
        "representerer": SIV,
        "fra": date(2025, 5, 1),
        "merknad": "Leder arbeidsgruppen sammen med Henriette Ruud",
    },
    {
        "person": "Jermund Bakke",
        "organ": "AG-RØNTGEN",
        "rolle": "medlem",
        "representerer": SIV,
        "fra": date(2025, 5, 1),
    },
    {
        "person": "Erik Gustavsen",
        "organ": "AG-RØNTGEN",
        "rolle": "medlem",
        "representerer": SIV,
        "fra": date(2025, 5, 1),
    },
    {
        "person": "Per Nicolai Robertsen",
        "organ": "AG-RØNTGEN",
        "rolle": "medlem",
        "representerer": SIV,
        "fra": date(2025, 5, 1),
    },
    {
        "person": "Gunn Heidi Schrøder",
        "organ": "AG-RØNTGEN",
        "rolle": "medlem",
        "representerer": SANDEFJORD,
        "fra": date(2025, 5, 1),
    },
    # --- Samtrening in Færder, autumn 2025 ("Arbeidsgruppe: Ledet av Henriette Ruud").
    {
        "person": "Henriette Ruud",
        "organ": "AG-SAMTRENING",
        "rolle": "leder",
        "representerer": USHT,
    },
    {
        "person": "Markus Stamnes Wuller",
        "organ": "AG-SAMTRENING",
        "rolle": "medlem",
        "representerer": SIV,
        "merknad": "Samtrening i Færder kommune",
    },
    {
        "person": "Charlotte A. Takle",
        "organ": "AG-SAMTRENING",
        "rolle": "medlem",
        "representerer": FAERDER,
        "merknad": "Samtrening i Færder kommune",
    },
    {
        "person": "Mia Stange",
        "organ": "AG-SAMTRENING",
        "rolle": "medlem",
        "representerer": FAERDER,
        "merknad": "Samtrening i Færder kommune",
    },
    {
        "person": "Janne Gjevre Bakk",
        "organ": "AG-SAMTRENING",
        "rolle": "medlem",
        "representerer": FAERDER,
        "merknad": "Samtrening i Færder kommune",
    },
    # --- Samhandlingsforum psykisk helse og rus, deltagere 2025; the children's services were
    # invited in 2025 only ("besluttet ikke lenger å inkludere som faste medlemmer fra
    # barnesiden"), and Irmeli Rehell Øistad has the "sekretærfunksjon".
    {
        "person": "Even Thornquist",
        "organ": "FORUM-PHR",
        "rolle": "medlem",
        "representerer": HOLMESTRAND,
    },
    {
        "person": "Marianne Ødegård",
        "organ": "FORUM-PHR",
        "rolle": "medlem",
        "representerer": HORTEN,
    },
    {"person": "Ingrid Weltzien", "organ": "FORUM-PHR", "rolle": "medlem", "representerer": HORTEN},
    {"person": "Lena Sjølie", "organ": "FORUM-PHR", "rolle": "medlem", "representerer": FAERDER},
    {
        "person": "Therese Offerdahl",
        "organ": "FORUM-PHR",
        "rolle": "medlem",
        "representerer": TONSBERG,
    },
    {"person": "Tore Lyse", "organ": "FORUM-PHR", "rolle": "medlem", "representerer": SANDEFJORD},
    {
        "person": "Aase Kristin Smith-Vestad",
        "organ": "FORUM-PHR",
        "rolle": "medlem",
        "representerer": LARVIK,
    },
    {"person": "Terje Wårheim", "organ": "FORUM-PHR", "rolle": "medlem", "representerer": SIV},
    {
        "person": "Eileen Christine Lund",
        "organ": "FORUM-PHR",
        "rolle": "medlem",
        "representerer": SIV,
    },
    {"person": "Mette Camilla Moen", "organ": "FORUM-PHR", "rolle": "medlem", "representerer": SIV},
    {"person": "Jørgen Strand", "organ": "FORUM-PHR", "rolle": "medlem", "representerer": SIV},
    {
        "person": "Richard Øvereng Skog",
        "organ": "FORUM-PHR",
        "rolle": "medlem",
        "representerer": SIV,
    },
    {
        "person": "Maj Irmeli Rehell Øistad",
        "organ": "FORUM-PHR",
        "rolle": "sekretariat",
        "representerer": SIV,
        "merknad": "Sekretærfunksjon",
    },
    {
        "person": "Cathrine Foynes",
        "organ": "FORUM-PHR",
        "rolle": "observator",
        "representerer": FAERDER,
        "fra": date(2025, 1, 1),
        "til": date(2025, 12, 31),
        "merknad": "Invitert fra barnesiden i kommunene i 2025",
    },
    {
        "person": "Tone Langerud",
        "organ": "FORUM-PHR",
        "rolle": "observator",
        "representerer": LARVIK,
        "fra": date(2025, 1, 1),
        "til": date(2025, 12, 31),
        "merknad": "Invitert fra barnesiden i kommunene i 2025",
    },
    {
        "person": "Christine Berge",
        "organ": "FORUM-PHR",
        "rolle": "observator",
        "representerer": HOLMESTRAND,
        "fra": date(2025, 1, 1),
        "til": date(2025, 12, 31),
        "merknad": "Invitert fra barnesiden i kommunene i 2025",
    },
    {
        "person": "Linda Jakobsen",
        "organ": "FORUM-PHR",
        "rolle": "observator",
        "representerer": HORTEN,
        "fra": date(2025, 1, 1),
        "til": date(2025, 12, 31),
        "merknad": "Invitert fra barnesiden i kommunene i 2025",
    },
    {
        "person": "Thomas Gangsø Bolstad",
        "organ": "FORUM-PHR",
        "rolle": "observator",
        "representerer": HORTEN,
        "fra": date(2025, 1, 1),
        "til": date(2025, 12, 31),
        "merknad": "Invitert fra barnesiden i kommunene i 2025",
    },
    # --- Working groups that ended in 2023 (FSU referat 25.01.24, sak 2024.3: "Rannveig Velken
    # som har ledet siste del av arbeidsgruppeperioden", "May Irmeli Øistad som har ledet
    # arbeidsgruppen"); Liv Ristvedt presented the spiseforstyrrelser report in SSU (sak 2024.3).
    {
        "person": "Rannveig Velken",
        "organ": "AG-SPISEFORSTYRRELSER",
        "rolle": "leder",
        "representerer": None,
        "til": date(2023, 12, 31),
        "merknad": "Ledet siste del av arbeidsgruppeperioden",
    },
    {
        "person": "Liv Ristvedt",
        "organ": "AG-SPISEFORSTYRRELSER",
        "rolle": "medlem",
        "representerer": None,
        "til": date(2023, 12, 31),
    },
    {
        "person": "Maj Irmeli Rehell Øistad",
        "organ": "AG-RUS-TVANG",
        "rolle": "leder",
        "representerer": SIV,
        "til": date(2023, 11, 30),
    },
    # --- Arbeidsgruppe delavtale digitalisering og IKT (seed 002, sak 18/26).
    {
        "person": "Sigurd Strand",
        "organ": "AG-DELAVTALE-IKT",
        "rolle": "medlem",
        "representerer": "Jarlsberg IKT",
        "fra": date(2025, 9, 25),
    },
    {
        "person": "Elisabeth Sørensen",
        "organ": "AG-DELAVTALE-IKT",
        "rolle": "medlem",
        "representerer": "Digi-TV",
        "fra": date(2025, 9, 25),
    },
    {
        "person": "Øyvind Rødland",
        "organ": "AG-DELAVTALE-IKT",
        "rolle": "medlem",
        "representerer": SANDEFJORD,
        "fra": date(2025, 9, 25),
    },
    {
        "person": "Nina Håkonsen Liljebäck",
        "organ": "AG-DELAVTALE-IKT",
        "rolle": "medlem",
        "representerer": SIV,
        "fra": date(2025, 9, 25),
    },
    {
        "person": "Espen Skalvik",
        "organ": "AG-DELAVTALE-IKT",
        "rolle": "medlem",
        "representerer": SIV,
        "fra": date(2025, 9, 25),
    },
    # --- Projects and forums: prosjektledere (FSU referat 25.01.24, sak 2024.4), the contact for
    # Prosjekt X (tildelingsbrev 13.02.2026), and the samhandlingssjef who leads the operative
    # meetings (saksframlegg 2024.9; Erik Nordberg is "klinikksjef Prehospital, samhandlingssjef").
    {
        "person": "Marthe Wang-Hansen",
        "organ": "Vitality",
        "rolle": "leder",
        "representerer": None,
        "merknad": "Prosjektleder",
    },
    {
        "person": "Kari Marthinsen",
        "organ": "Ung Arena+",
        "rolle": "leder",
        "representerer": None,
        "merknad": "Prosjektleder",
    },
    {
        "person": "Christian Reissig",
        "organ": "Prosjekt X",
        "rolle": "medlem",
        "representerer": SIV,
        "merknad": "Kontaktperson for prosjektet ved Sykehuset i Vestfold",
    },
    {
        "person": "Erik Nordberg",
        "organ": "DRIFTSMØTE",
        "rolle": "leder",
        "representerer": SIV,
        "merknad": "Samhandlingssjef i SiV",
    },
]

# ---------------------------------------------------------------------------------------------
# DEMO_BRUKERE
# ---------------------------------------------------------------------------------------------
#
# Three logins for the demo. "medlem" is Tom Ole Øhren, listed among "SSU faste medlemmer" in the
# SSU referat 23.11.23, with an open-ended membership: a member on 29.02.24 and today.

DEMO_BRUKERE: list[dict] = [
    {
        "brukernavn": "admin",
        "passord": "demo-admin",
        "beskrivelse": "administrator",
        "superbruker": True,
        "sekretariat": False,
        "person": None,
    },
    {
        "brukernavn": "sekretariat",
        "passord": "demo-sekretariat",
        "beskrivelse": "sekretariat",
        "superbruker": False,
        "sekretariat": True,
        "person": "Runar Danielsen",
    },
    {
        "brukernavn": "medlem",
        "passord": "demo-medlem",
        "beskrivelse": "medlem av SSU",
        "superbruker": False,
        "sekretariat": False,
        "person": "Tom Ole Øhren",
    },
]

# ---------------------------------------------------------------------------------------------
# NETTSTED
# ---------------------------------------------------------------------------------------------
#
# The seeds give no postal or e-mail address of the secretariat (only a personal address for
# forfall, and SiV's own postal address), and sign saksframlegg "Tønsberg, 29. april 2026 /
# Sekretariatet" (seed 002).

NETTSTED: dict = {
    "navn": "Helsefellesskapet i Vestfold",
    "kortnavn": "Helsefellesskapet",
    "adresselinje": "Sekretariatet, Helsefellesskapet i Vestfold",
    "sted": "Tønsberg",
    "epost": "",
}
