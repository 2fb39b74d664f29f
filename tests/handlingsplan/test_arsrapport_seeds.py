"""The demo's annual report drafts beside the seeds' annual reports (issue 15, «Done when»): the
SSU 2024 and FSU 2024 drafts, as the page and as ``pdftotext`` of the PDF, hold the facts of the
Årsmelding 2023 (seed 000) and FSU's Årsrapport 2024 (seed 003) that the data can give; and a new
user can follow a demo tiltak from the plan to the sak that reported on it and to its funding.

The seeds (``../shared/seeds/``) are not in the repository: each seed text compared against is
quoted here with the file and line it comes from. Seed 003 is FSU's Årsrapport 2024; seed 000
lines 855-1420 the Årsmelding 2023; seed 002 lines 1390-1510 the 2026 grant letters. Where our
wording knowingly differs (a heading's case, a date with its year), the comment says so and only
the part that should agree is compared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.support.dokumenter import pdftotext_raw

pytestmark = pytest.mark.django_db

SEED_000 = "000_b0bf8f5c62c34dff.txt"
SEED_002 = "002_0cf7ce344ca6f989.txt"
SEED_003 = "003_0cb398a9c62b914e.txt"


def fold(tekst: str) -> str:
    """Whitespace (a line break in the PDF, a tab in the seed) folded to one space."""
    return re.sub(r"\s+", " ", tekst.replace("\u00a0", " ")).strip()


def _page_text(response) -> str:
    assert response.status_code == 200
    return fold(re.sub(r"<[^>]+>", " ", response.content.decode()))


def _pdf_text(response, sti: Path) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    innhold = b"".join(response.streaming_content) if response.streaming else response.content
    sti.write_bytes(innhold)
    ut = "\n".join(pdftotext_raw(sti))
    # A word the PDF hyphenates at a line's end is joined again.
    return fold(re.sub(r"(\w)-\n(\w)", r"\1\2", ut))


@pytest.fixture
def sekretariat(demo) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="sekretariat"))
    return client


@pytest.fixture
def utkast(sekretariat, tmp_path):
    """The page and the PDF text of a demo draft, as the secretariat sees them."""

    def hent(slug: str, aar: int) -> dict[str, str]:
        side = _page_text(sekretariat.get(f"/arsrapport/{slug}/{aar}/"))
        pdf = _pdf_text(
            sekretariat.get(f"/arsrapport/{slug}/{aar}/arsrapport.pdf"),
            tmp_path / f"{slug}-{aar}.pdf",
        )
        return {"side": side, "pdf": pdf}

    return hent


# --- FSU 2024: seed 003, FSU's own Årsrapport 2024 ------------------------------------------------

FSU_2024_FAKTA = [
    # «I 2024 er det avholdt fire møter i FSU.» (seed 003, line 83); ours goes on with the count of
    # saker, so the sentence is compared without its full stop.
    "I 2024 er det avholdt fire møter i FSU",
    # The meetings, each with «Saker i møte <dag>» (seed 003, lines 85, 119, 170, 203); ours adds
    # the year after the month.
    "Saker i møte 25. januar",  # seed 003, line 85
    "Saker i møte 2. mai",  # seed 003, line 119
    "Saker i møte 5. september",  # seed 003, line 170
    "Saker i møte 7. november",  # seed 003, line 203
    # What they treated.
    "Orientering om Nasjonal helse og samhandlingsplan 2024-2027",  # seed 003, line 121
    "Gruppearbeid «FSU i praksis»",  # seed 003, line 123
    "Samarbeid om rehabilitering",  # seed 003, line 158
    "Innspill til handlingsplan Helsefellesskapet 2025",  # seed 003, line 166
    "Samarbeid om habilitering",  # seed 003, line 172
    "Utkast handlingsplan 2025",  # seed 003, line 182
    "SiV presenterer forslag til nye samhandlingsskjema for uønskede hendelser",  # line 205
    "Årsrapport FSU 2024",  # seed 003, line 207
    "Helsefellesskapets handlingsplan 2025",  # seed 003, line 209
    "Valg av leder, nestleder og brukerrepresentant",  # seed 003, line 214
    # The conclusions the report gives.
    "Det nedsettes en arbeidsgruppe for vurdering av alternative former for organisering av "
    "samarbeidet om helhetlige og sammenhengende pasientforløp",  # seed 003, lines 160-164
    "Sekretariatet formidler kontaktinformasjon til kommunenes Tjenesteledernettverk "
    "Habilitering",  # seed 003, lines 174-176
    "Sekretariatet fremmer sak for SSU",  # seed 003, line 196
    "Brukerrepresentant Pensjonistforbundet Tore Haukvik erstattes av Rut-Solvei Arheim",  # 219
    # The saker of 25 January that reported on the plan: «Statusrapportering fra pågående
    # samhandlingsprosjekter ... Ung Arena + og Vitality» (seed 003, lines 99-101): the tiltak
    # table names them (the seed writes «Ung Arena +», the plan «Ung Arena+»).
    "Vitality",
    "Ung Arena+",
    # The mandate: «et rådgivende organ for SSU» (seed 003, line 16).
    "rådgivende organ for SSU",
]

# «Etter omorganisering august 2023 har kommunene, ved Sissel Andreassen fra Horten ledet
# utvalget med Runar Danielsen, SiV som nestleder.» (seed 003, lines 215-216): the Organisering
# section names the leader and deputy with whom they represent.
FSU_2024_LEDELSE = [
    "Leder: Sissel Andreassen, Horten kommune",
    "Nestleder: Runar Danielsen, Sykehuset i Vestfold HF",
]


@pytest.mark.parametrize("utgave", ["side", "pdf"])
def test_fsu_2024_draft_holds_the_facts_of_fsus_own_report(utkast, utgave):
    tekst = utkast("fsu", 2024)[utgave]
    # «Årsrapport 2024 Faglig Samarbeidsutvalg (FSU)» (seed 003, line 5): our title writes the
    # body's name as registered, «Faglig samarbeidsutvalg».
    assert "Årsrapport 2024 Faglig samarbeidsutvalg (FSU)" in tekst
    mangler = [fakta for fakta in FSU_2024_FAKTA + FSU_2024_LEDELSE if fold(fakta) not in tekst]
    assert not mangler
    assert "Organisering" in tekst
    over = "Faglig samarbeidsutvalg (FSU) rapporterer til Strategisk samarbeidsutvalg (SSU)"
    assert over in tekst


# --- SSU 2024: seed 000, the Årsmelding 2023 ------------------------------------------------------

SSU_2024_FAKTA = [
    # «Helsefelleskapet er organisert på tre nivåer ...: Partnerskapsmøtet (PM), Strategisk
    # samarbeidsutvalg (SSU), Faglig samarbeidsutvalg (FSU)» (seed 000, lines 941-947): the
    # Organisering section says whom SSU reports to and which bodies report to it.
    "Strategisk samarbeidsutvalg (SSU) rapporterer til Partnerskapsmøtet (PM)",
    "Faglig samarbeidsutvalg (FSU)",
    # «Unntaket er fagutvalg for HR samarbeid som rapporterer direkte til SSU.» (seed 000, 978)
    "Fagutvalg for HR-samarbeid",
    # The innsatsområder and their tiltak (seed 000, lines 1018-1046), as the 2024 plan has them.
    "Vitality",  # seed 000, line 1020
    "Digital hjemmeoppfølging (DHO)",  # seed 000, line 1022 «Prosjektet digital hjemmeoppfølging»
    "Ung Arena+",  # seed 000, line 1026
    "Arbeidsgruppe barn og unge med spiseforstyrrelser",  # seed 000, line 1028
    "Samhandlingsavvik",  # seed 000, line 1036
    "Fagutvalg for akuttkjeden",  # seed 000, line 1038
    "Styringsdata for utvikling og oppfølging av tjenestene",  # seed 000, line 1044
    # The tiltak's mål and status: «forebyggende tiltak i en tidlig fase» (seed 000, line 1059);
    # «Larvik kommune er pilot» (line 1104) as the plan words it; the spiseforstyrrelser group
    # «ble avsluttet» (line 1170) shows as Avsluttet.
    "forebyggende tiltak i en tidlig fase",
    "med Larvik som pilot",
    "Avsluttet",
    # The prioritised patient groups (seed 000, lines 905-911), in the draft's introduction.
    "Personer med alvorlige psykiske lidelser og rusproblemer",
    "Skrøpelige eldre",
    "Barn og unge",
    "Personer med flere kroniske lidelser",
]


@pytest.mark.parametrize("utgave", ["side", "pdf"])
def test_ssu_2024_draft_holds_the_facts_of_the_arsmelding(utkast, utgave):
    tekst = utkast("ssu", 2024)[utgave]
    assert "Årsmelding 2024 Strategisk samarbeidsutvalg (SSU)" in tekst
    mangler = [fakta for fakta in SSU_2024_FAKTA if fold(fakta) not in tekst]
    assert not mangler
    # The meeting held in 2024 (29.02.24, sent and past); 23.05.24 is only planned.
    assert "I 2024 er det avholdt ett møte i SSU" in tekst
    assert "Saker i møte 29. februar 2024" in tekst


# --- Following a tiltak: plan → tiltak → sak → funding --------------------------------------------


def _lenke(html: str, tekst: str) -> str:
    """The href of the link whose text starts with ``tekst``."""
    for href, innhold in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S):
        if fold(re.sub(r"<[^>]+>", " ", innhold)).startswith(tekst):
            return href.replace("&amp;", "&")
    raise AssertionError(f"ingen lenke «{tekst}»")


def test_a_new_user_follows_a_tiltak_from_the_plan_to_its_saker_and_funding(sekretariat):
    plan = sekretariat.get("/handlingsplan/2025/")
    assert plan.status_code == 200
    tiltak_url = _lenke(plan.content.decode(), "Digital møteserie for fastleger")

    tiltak = sekretariat.get(tiltak_url)
    tiltak_html = tiltak.content.decode()
    tiltak_tekst = _page_text(tiltak)
    # Seed 002: the evaluation in SSU sak 19/26 («bevilget 700 000», «808 985»).
    sak_url = _lenke(tiltak_html, "SSU-sak 19/26")
    assert "Helsedirektoratet – rekrutterings- og samhandlingstilskudd" in tiltak_tekst
    assert "700 000" in tiltak_tekst
    assert "808 985" in tiltak_tekst

    sak = _page_text(sekretariat.get(sak_url))
    assert "19/26" in sak
    assert "møteserie" in sak.lower()

    oversikt_url = _lenke(tiltak_html, "Helsedirektoratet – rekrutterings- og")
    oversikt = _page_text(sekretariat.get(oversikt_url))
    assert "Digital møteserie for fastleger" in oversikt


def test_the_grant_letters_amounts_reach_the_tiltak_and_the_overview(sekretariat):
    plan = sekretariat.get("/handlingsplan/2025/")
    dho = sekretariat.get(_lenke(plan.content.decode(), "Digital hjemmeoppfølging (DHO) Vestfold"))
    dho_html = dho.content.decode()
    dho_tekst = _page_text(dho)
    # «Helsedirektoratet innvilger 1 500 000 kroner i tilskudd til Digital hjemmeoppfølging (DHO)
    # Vestfold over statsbudsjettet for 2026.» (seed 002, line 1440)
    assert "1 500 000" in dho_tekst
    assert "Helsedirektoratet" in dho_tekst
    # The sak that reported on it: the annual reports heard as referatsaker in SSU 21/26.
    sak = _page_text(sekretariat.get(_lenke(dho_html, "SSU-sak 21/26")))
    assert "Referatsaker" in sak

    oversikt = _page_text(sekretariat.get("/handlingsplan/tilskudd/"))
    # «"En vei inn" er tildelt kr. 12 000 000.» (seed 002, line 1401)
    assert "12 000 000" in oversikt
    assert "Helse Sør-Øst" in oversikt
    # «Rapporteringsfrist er 01.04 året etter tilskuddsmidlene ble tildelt» (seed 002, line 1506)
    # for a 2026 grant.
    assert "01.04.2027" in oversikt or "1. april 2027" in oversikt
