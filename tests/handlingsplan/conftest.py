import datetime

import pytest

from handlingsplan import services
from handlingsplan.models import Arbeidsform, Status


@pytest.fixture
def plan(ssu):
    """The published 2024 plan: two innsatsområder, a tiltak each (one under SSU), and a grant
    of 700 000 kr allocated to the first."""
    plan = services.handlingsplan_create(aar=2024, publisert=True, mandat="Mandat fra PM.")
    eldre = services.innsatsomrade_add(plan=plan, tittel="Skrøpelige eldre og multisyke")
    fastlege = services.innsatsomrade_add(plan=plan, tittel="Fastlegesamarbeid")
    vitality = services.tiltak_create(
        innsatsomrade=eldre,
        tittel="Vitality",
        arbeidsform=Arbeidsform.PROSJEKT,
        status=Status.PAGAR,
        fra_aar=2019,
        til_aar=2024,
    )
    moteserie = services.tiltak_create(
        innsatsomrade=fastlege,
        tittel="Digital møteserie for fastleger",
        arbeidsform=Arbeidsform.NETTVERK,
        ansvarlig_organ=ssu,
        fra_aar=2025,
        til_aar=2026,
    )
    tilskudd = services.tilskudd_create(
        kilde="Helsedirektoratet – rekrutterings- og samhandlingstilskudd",
        aar=2024,
        belop=700_000,
        rapporteringsfrist=datetime.date(2025, 3, 1),
    )
    return {
        "plan": plan,
        "vitality": vitality,
        "moteserie": moteserie,
        "tilskudd": tilskudd,
    }


@pytest.fixture
def utkastplan(db):
    """A draft 2099 plan with a planted tiltak that must never reach the public."""
    plan = services.handlingsplan_create(aar=2099, tittel="Hemmelig planutkast 2099")
    omrade = services.innsatsomrade_add(plan=plan, tittel="Hemmelig innsatsområde")
    tiltak = services.tiltak_create(innsatsomrade=omrade, tittel="Hemmelig utkasttiltak")
    return {"plan": plan, "tiltak": tiltak}
