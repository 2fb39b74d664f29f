#!/usr/bin/env python
"""PDF render time, size and peak memory of the innkalling as the agenda grows. Runs on a
throwaway database (SQLite by default, or DATABASE_URL).

    .venv/bin/python bench/pdf.py                # 10, 50 and 200 saker, 2 vedlegg each
    .venv/bin/python bench/pdf.py --varianter    # and the 10-sak innkalling with other options

Each size runs in a fresh process, so «peak RSS» is that render's own high-water mark: one cold
render (fonts and stylesheets loaded), then five warm ones; the time printed is their median.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="bench-pdf-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsefellesskap.settings")
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STORRELSER = [10, 50, 200]
GJENTAK = 5

HENSIKT = (
    "Arbeidsgruppen legger frem sin sluttrapport med resultater, anbefalinger og forslag til "
    "videre forbedringsarbeid i samhandlingen mellom kommunene og sykehuset.\n\n"
    "- Henvisninger og ø-hjelpsinnleggelser\n- Skrøpelige eldre\n"
    "- Overbehandling og overforbruk av spesialisthelsetjenester\n\n"
    "Diskusjonen danner grunnlag for oppfølging på tiltak i neste møte."
)


def lag_mote(antall: int):
    """A meeting of SSU with ``antall`` saker on the agenda (standard items included)."""
    import datetime
    from zoneinfo import ZoneInfo

    from helsefellesskap.models import Organ
    from saker import services

    ssu = Organ.objects.get(kortnavn="SSU")
    start = datetime.datetime(2027, 1, 1, 13, tzinfo=ZoneInfo("Europe/Oslo")) + datetime.timedelta(
        days=antall
    )
    mote = services.mote_opprett(
        organ=ssu,
        start=start,
        slutt=start + datetime.timedelta(hours=2, minutes=30),
        sted="Big Room SiV, prosjektrigg, bygg V3",
        til="SSUs faste medlemmer",
    )
    n = 0
    while mote.saker.filter(type="sak").count() < antall:
        n += 1
        sak = services.sak_create(
            organ=ssu,
            mote=mote,
            tittel=f"Avslutning av arbeidsgruppe {n}: pasientforløp og samhandling om krevende "
            "drift",
            sakstyper=["orientering", "diskusjon"] if n % 2 else ["beslutning"],
            hensikt=HENSIKT,
            forslag_til_vedtak=""
            if n % 2
            else "1. Rapporten tas til orientering.\n2. SSU ber "
            "sekretariatet følge opp anbefalingene.",
            ansvar=["Rannveig Velken", "Liv Ristvedt"] if n % 3 else ["KPA"],
        )
        for v in range(2):
            services.vedlegg_legg_til(
                sak=sak,
                tittel=f"Arbeidsgrupperapport del {v + 1}",
                fil=ContentFile(PDF, name=f"v{n}-{v}.pdf"),
            )
    return mote


def maal(mote_id: int, valg: dict | None = None) -> dict:
    """Cold render, then the median of the warm ones, in this process."""
    from moter import dokumenter
    from moter.models import Mote

    if valg:
        dokumenter.PDF_VALG = {**dokumenter.PDF_VALG, **valg}
        dokumenter.PDF_VALG = {k: v for k, v in dokumenter.PDF_VALG.items() if v is not None}
    mote = Mote.objects.get(pk=mote_id)
    t0 = time.perf_counter()
    gjengitt = dokumenter.dokument_pdf(mote=mote, art="innkalling", utgave="medlem")
    kald = time.perf_counter() - t0
    varme, html = [], []
    for _ in range(GJENTAK):
        t0 = time.perf_counter()
        kilde = dokumenter.dokument_kilde(mote=mote, art="innkalling", utgave="medlem")
        t1 = time.perf_counter()
        gjengitt = dokumenter._gjengi(kilde)
        varme.append(time.perf_counter() - t0)
        html.append(t1 - t0)
    return {
        "saker": mote.saker.filter(type="sak").count(),
        "sider": gjengitt.sider,
        "kald": kald,
        "varm": statistics.median(varme),
        "html": statistics.median(html),
        "kb": len(gjengitt.pdf) / 1024,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


VARIANTER = {
    "som levert (PDF/UA-1, subsett per PDF)": {},
    "full_fonts (hele fonten bygges inn)": {"full_fonts": True},
    "uten tagger (ikke PDF/UA)": {"pdf_variant": None, "pdf_tags": False},
    "uten optimize_images": {"optimize_images": False},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--varianter", action="store_true")
    parser.add_argument("--barn", help=argparse.SUPPRESS)  # mote_id[:variant] in a child
    args = parser.parse_args()

    if args.barn:
        mote_id, _, variant = args.barn.partition(":")
        print(json.dumps(maal(int(mote_id), VARIANTER.get(variant))))
        return

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    moter = {antall: lag_mote(antall).pk for antall in STORRELSER}

    def barn(arg: str) -> dict:
        ut = subprocess.run(  # noqa: S603 - this script, with an id it made itself
            [sys.executable, __file__, "--barn", arg],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ},
        ).stdout
        return json.loads(ut.strip().splitlines()[-1])

    import weasyprint
    from django.db import connection

    print(f"WeasyPrint {weasyprint.__version__}, database {connection.vendor}, {GJENTAK} varme")
    print(
        f"{'saker':>5} {'sider':>5} {'kald s':>7} {'varm s':>7} {'(HTML s)':>9} "
        f"{'PDF KB':>7} {'topp RSS MB':>11}"
    )
    for mote_id in moter.values():
        r = barn(str(mote_id))
        print(
            f"{r['saker']:>5} {r['sider']:>5} {r['kald']:>7.3f} {r['varm']:>7.3f} "
            f"{r['html']:>9.3f} {r['kb']:>7.0f} {r['rss_mb']:>11.0f}"
        )
    if args.varianter:
        print(f"\nInnkalling med {STORRELSER[0]} saker, andre valg:")
        for navn in VARIANTER:
            r = barn(f"{moter[STORRELSER[0]]}:{navn}")
            print(f"  {navn:<40} varm {r['varm']:.3f} s  {r['kb']:>5.0f} KB")


if __name__ == "__main__":
    main()
