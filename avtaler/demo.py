"""The demo's agreements: those the seeds name (000: the 2023 revision of the agreements;
001: the partnerskapsavtale signed 15.6.21; 002: SSU 7 May 2026, saker 17/26 and 18/26), with
their versions, the saker that adopted them and their evaluations. Versions are linked to the
demo's saker where the demo has them (SSU 7.5.26); a sak outside the portal (SSU-sak 2025.35) is
named in ``vedtatt_i_tekst``. Where the seeds give a year and no day, the demo says so in the
version's merknad. Idempotent: an agreement is recognised by its slug, a version by its label, an
evaluation by its agreement and description."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from helsefellesskap.models import Organ, Partner
from saker.models import Sak

from . import services
from .models import Art, Avtale, Avtaleversjon, Evaluering

D = datetime.date
LOVGRUNNLAG = "Helse- og omsorgstjenesteloven §§ 6-1 og 6-2, spesialisthelsetjenesteloven § 2-1e"
DATO_ANTATT = "Godkjent i 2023; dagen er ikke oppgitt i sakspapirene, demoen bruker 1.6.2023."

AVTALER: list[dict[str, Any]] = [
    {
        "slug": "partnerskapsavtale",
        "tittel": "Avtale om Helsefellesskap i Vestfold",
        "art": Art.PARTNERSKAPSAVTALE,
        "organ": "PM",
        "signert": D(2021, 6, 15),
        "beskrivelse": "Partnerskapsavtalen som etablerer helsefellesskapet mellom de seks "
        "kommunene og Sykehuset i Vestfold. Avtalen ble underskrevet av partnerne 15.6.21.",
        "versjoner": [
            {
                "versjon": "2021",
                "gjelder_fra": D(2021, 6, 15),
                "tekst": "Avtale om Helsefellesskap i Vestfold mellom Tønsberg, Færder, "
                "Sandefjord, Larvik, Holmestrand og Horten kommuner og Sykehuset i Vestfold HF.",
            }
        ],
    },
    {
        "slug": "overordnet-samarbeidsavtale",
        "tittel": "Overordnet samarbeidsavtale",
        "art": Art.OVERORDNET,
        "overordnet": "partnerskapsavtale",
        "organ": "SSU",
        "beskrivelse": "Den overordnede samarbeidsavtalen mellom Sykehuset i Vestfold og "
        "kommunene. Revidert og godkjent av SiV og kommunestyrene i 2023; revidert på nytt "
        "27.11.25, da samarbeidet om digital samhandling og IKT ble innarbeidet.",
        "versjoner": [
            {
                "versjon": "2023",
                "gjelder_fra": D(2023, 6, 1),
                "vedtatt_i_tekst": "SiV og kommunestyrene (2023)",
                "merknad": DATO_ANTATT,
                "tekst": "Overordnet samarbeidsavtale, revidert 2023.",
            },
            {
                "versjon": "Revidert 2025",
                "gjelder_fra": D(2025, 11, 27),
                "tekst": "Overordnet samarbeidsavtale, revidert 27.11.25. Delavtalen om digital "
                "samhandling og IKT er innarbeidet.",
            },
        ],
    },
    {
        "slug": "helhetlige-pasientforlop",
        "tittel": "Delavtale om helhetlige pasientforløp",
        "art": Art.DELAVTALE,
        "overordnet": "overordnet-samarbeidsavtale",
        "organ": "SSU",
        "beskrivelse": "Erstatter de tidligere delavtalene om partenes ansvar, henvisninger og "
        "innleggelser, utskriving, habilitering og rehabilitering, akuttmedisinsk kjede og "
        "forebygging. Signeres som «XX kommune og SiV» av hver kommune.",
        "versjoner": [
            {
                "versjon": "2025",
                "gjelder_fra": D(2025, 12, 1),
                "vedtatt_i_tekst": "SSU-sak 2025.35",
                "vedtatt_dato": D(2025, 9, 25),
                "tekst": "Delavtale om helhetlige pasientforløp (mal: XX kommune og SiV), "
                "vedtatt i strategisk samarbeidsutvalg i september 2025 (sak 2025.35) med "
                "iverksettelse fra 1. desember 2025.",
            }
        ],
        "evalueringer": [
            {
                "tittel": "Første evaluering",
                "art": Evaluering.Art.EVALUERING,
                "planlagt": D(2026, 5, 7),
                "ansvarlig": "Sekretariatet",
                "sak": ("SSU", "17/26"),
                "utfall": "Delavtalen fungerer i hovedsak etter hensikten; det er ikke behov for "
                "endringer i selve avtalen. Forslag til presiseringer i retningslinjen for "
                "samhandling om innlagte pasienter og til prosess for helhetlig evaluering lagt "
                "fram for SSU.",
            },
            {
                "tittel": "Helhetlig evaluering og revisjon",
                "art": Evaluering.Art.REVISJON,
                "planlagt": D(2026, 11, 27),
                "planlagt_tekst": "Behandles i SSU 27. november 2026",
                "ansvarlig": "Sekretariatet; arbeidsutvalget følger opp fremdriften",
            },
        ],
    },
    {
        "slug": "retningslinje-innlagte-pasienter",
        "tittel": "Retningslinje for samhandling om innlagte pasienter",
        "art": Art.RETNINGSLINJE,
        "overordnet": "helhetlige-pasientforlop",
        "organ": "SSU",
        "beskrivelse": "Vedlegg 1 til delavtale om helhetlige pasientforløp.",
        "versjoner": [
            {
                "versjon": "2025",
                "gjelder_fra": D(2025, 12, 1),
                "vedtatt_i_tekst": "SSU-sak 2025.35",
                "vedtatt_dato": D(2025, 9, 25),
                "tekst": "Retningslinje for samhandling om innlagte pasienter, godkjent sammen "
                "med delavtalen.",
            }
        ],
        "evalueringer": [
            {
                "tittel": "Første evaluering: presiseringer",
                "art": Evaluering.Art.EVALUERING,
                "planlagt": D(2026, 5, 7),
                "ansvarlig": "Sekretariatet",
                "sak": ("SSU", "17/26"),
                "utfall": "Forslag til presiseringer i retningslinjen lagt fram for SSU.",
            },
        ],
    },
    {
        "slug": "digitalisering-og-ikt",
        "tittel": "Delavtale om samarbeid innen digitalisering og IKT",
        "art": Art.DELAVTALE,
        "overordnet": "overordnet-samarbeidsavtale",
        "organ": "SSU",
        "lovgrunnlag": "Helse- og omsorgstjenesteloven §§ 6-1 og 6-2, spesialisthelsetjenesteloven "
        "§ 2-1e, pasientjournalloven §§ 6–9, personvernforordningen, helsenettforskriften, "
        "IKT-sikkerhetsloven, eHelsenormen og nasjonal e-helsestrategi 2023–2030",
        "beskrivelse": "Den opprinnelige avtalen om IKT-samarbeid ble utarbeidet i 2015, og "
        "samarbeidet ble innarbeidet i delavtalen om kompetanse, utdanning og forskning i "
        "2023. Arbeidsutvalget nedsatte en arbeidsgruppe som reviderte delavtalen; ny "
        "delavtale behandles i SSU første halvår 2026.",
        "versjoner": [
            {
                "versjon": "2015",
                "gjelder_til": D(2023, 5, 31),
                "merknad": "Innarbeidet i delavtalen om kompetanse, utdanning og forskning "
                "(1.6.23).",
                "tekst": "Den opprinnelige avtalen om IKT-samarbeid (2015). Teksten er ikke lagt "
                "inn i portalen.",
            },
            {
                "versjon": "2026",
                "gjelder_fra": D(2026, 5, 7),
                "sak": ("SSU", "18/26"),
                "tekst": "Avtalen regulerer samarbeid om utvikling av digitale helsetjenester og "
                "e-helse i helsefellesskapet for å gjennom dette bidra til bedre helsetjenester."
                "\n\nDelavtalen gjelder inntil den sies opp av en av partnerne. Faglig "
                "samarbeidsutvalg skal årlig gjennomgå avtalen med sikte på nødvendige "
                "oppdateringer eller endringer.",
            },
        ],
        "evalueringer": [
            {
                "tittel": "Revisjon i arbeidsgruppe",
                "art": Evaluering.Art.REVISJON,
                "planlagt": D(2026, 5, 7),
                "planlagt_tekst": "Første halvår 2026",
                "ansvarlig": "Arbeidsgruppe nedsatt av arbeidsutvalget",
                "sak": ("SSU", "18/26"),
                "utfall": "Forslag til revidert delavtale lagt fram for SSU.",
            },
            {
                "tittel": "Årlig gjennomgang",
                "art": Evaluering.Art.GJENNOMGANG,
                "planlagt": D(2027, 5, 7),
                "planlagt_tekst": "Årlig, i faglig samarbeidsutvalg",
                "organ_ansvar": "FSU",
            },
        ],
    },
    {
        "slug": "kompetanse-utdanning-og-forskning",
        "tittel": "Delavtale om kompetanse, utdanning og forskning",
        "art": Art.DELAVTALE,
        "overordnet": "overordnet-samarbeidsavtale",
        "organ": "SSU",
        "status": Avtale.Status.REVISJON,
        "beskrivelse": "Revidert og godkjent av SiV og kommunestyrene i 2023, med samarbeidet "
        "om IKT-løsninger innarbeidet. Skal revideres: avsnittet om samarbeid om IKT-løsninger "
        "fjernes når den nye delavtalen om digitalisering og IKT gjelder (SSU-sak 18/26).",
        "versjoner": [
            {
                "versjon": "2023",
                "gjelder_fra": D(2023, 6, 1),
                "vedtatt_i_tekst": "SiV og kommunestyrene (2023)",
                "publisert": D(2025, 3, 31),
                "merknad": "Publisert 31.03.2025.",
                "tekst": "Delavtale om samarbeid om kompetanse, utdanning og forskning (1.6.23), "
                "med avsnitt om samarbeid om IKT-løsninger (elektronisk kommunikasjon av "
                "pasientinformasjon, EPJ).",
            }
        ],
        "evalueringer": [
            {
                "tittel": "Revisjon: avsnittet om IKT-løsninger fjernes",
                "art": Evaluering.Art.REVISJON,
                "planlagt_tekst": "Vedtatt i SSU-sak 18/26, punkt 2; tidspunkt ikke fastsatt",
                "organ_ansvar": "SSU",
            },
        ],
    },
    {
        "slug": "beredskapsplaner",
        "tittel": "Avtale om omforente beredskapsplaner",
        "art": Art.DELAVTALE,
        "overordnet": "overordnet-samarbeidsavtale",
        "organ": "SSU",
        "beskrivelse": "Revidert og godkjent av SiV og kommunestyrene i 2023.",
        "versjoner": [
            {
                "versjon": "2023",
                "gjelder_fra": D(2023, 6, 1),
                "vedtatt_i_tekst": "SiV og kommunestyrene (2023)",
                "merknad": DATO_ANTATT,
                "tekst": "Avtale om omforente beredskapsplaner, revidert 2023.",
            }
        ],
    },
]


def _sak(ref: tuple[str, str] | None) -> Sak | None:
    if ref is None:
        return None
    organ, saksnr = ref
    return Sak.objects.filter(organ__kortnavn=organ, saksnr=saksnr).select_related("mote").first()


def _aware(dag: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(dag.year, dag.month, dag.day, 12))


@transaction.atomic
def demo_avtaler_load() -> dict[str, int]:
    parter = list(Partner.objects.filter(avtalepart=True))
    for rad in AVTALER:
        avtale = Avtale.objects.filter(slug=rad["slug"]).first()
        if avtale is None:
            organ = Organ.objects.filter(kortnavn=rad.get("organ")).first()
            overordnet = Avtale.objects.filter(slug=rad.get("overordnet", "")).first()
            avtale = services.avtale_create(
                slug=rad["slug"],
                tittel=rad["tittel"],
                art=rad["art"],
                overordnet=overordnet,
                ansvarlig_organ=organ,
                lovgrunnlag=rad.get("lovgrunnlag", LOVGRUNNLAG),
                status=rad.get("status", Avtale.Status.VEDTATT),
                beskrivelse=rad["beskrivelse"],
                offentlig=True,
                rekkefolge=AVTALER.index(rad) + 1,
                parter=[(p, rad.get("signert")) for p in parter],
            )
        for v in rad["versjoner"]:
            if Avtaleversjon.objects.filter(avtale=avtale, versjon=v["versjon"]).exists():
                continue
            sak = _sak(v.get("sak"))
            versjon = services.versjon_add(
                avtale=avtale,
                versjon=v["versjon"],
                tekst=v["tekst"],
                gjelder_fra=v.get("gjelder_fra"),
                gjelder_til=v.get("gjelder_til"),
                vedtatt_i_tekst="" if sak else v.get("vedtatt_i_tekst", ""),
                vedtatt_dato=v.get("vedtatt_dato"),
                merknad=v.get("merknad", ""),
                publisert=_aware(v["publisert"]) if v.get("publisert") else True,
            )
            if sak is not None:
                services.versjon_adopt(versjon=versjon, sak=sak)
        for e in rad.get("evalueringer", []):
            if Evaluering.objects.filter(avtale=avtale, tittel=e["tittel"]).exists():
                continue
            evaluering = services.evaluering_plan(
                avtale=avtale,
                art=e["art"],
                tittel=e["tittel"],
                planlagt=e.get("planlagt"),
                planlagt_tekst=e.get("planlagt_tekst", ""),
                ansvarlig_organ=Organ.objects.filter(kortnavn=e.get("organ_ansvar")).first(),
                ansvarlig=e.get("ansvarlig", ""),
            )
            sak = _sak(e.get("sak"))
            if sak is not None:
                services.evaluering_record(
                    evaluering=evaluering, behandlet_i=sak, utfall=e.get("utfall", "")
                )
    return {"avtaler": Avtale.objects.count(), "versjoner": Avtaleversjon.objects.count()}
