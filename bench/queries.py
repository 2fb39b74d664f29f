#!/usr/bin/env python
"""SQL queries and time per page as a meeting grows, for a page made fresh (nothing cached), one
made after a change to one of its saker (the referat's autosave) and one served from the pages
cache: the figures must not grow with the number of saker and
vedlegg. Runs on a throwaway database (SQLite by default, or DATABASE_URL).

    .venv/bin/python bench/queries.py            # 5, 50 and 200 saker, 2 vedlegg each
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="bench-queries-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsefellesskap.settings")
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

GANGER = 5


def _blank_pdf() -> bytes:
    """A real one-page PDF (a stub that pypdf cannot read made the attachment-text reader log a
    warning for every vedlegg)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _blank_pdf()


def main() -> None:
    import datetime
    from zoneinfo import ZoneInfo

    from django.contrib.auth.models import User

    from helsefellesskap.models import Organ
    from helsefellesskap.pagecache import clear_process_memory
    from moter.services import innkalling_publish
    from saker import services
    from saker.models import Sak

    setup_test_environment()
    settings.DEBUG = True  # record queries
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))
    ssu = Organ.objects.get(kortnavn="SSU")
    tz = ZoneInfo("Europe/Oslo")
    anonym, sekretariat = Client(), Client()
    sekretariat.force_login(User.objects.get(username="sekretariat"))

    print(f"database: {connection.vendor}; median av {GANGER} målinger")
    print(f"{'':<35} {'ny side':>14} {'én sak endret':>20} {'fra hurtigbufferet':>20}")
    print(
        f"{'saker':>6} {'side':<28} {'spørr.':>5} {'ms':>8} {'spørr.':>11} {'ms':>8} "
        f"{'spørr.':>11} {'ms':>8}"
    )
    for i, count in enumerate([5, 50, 200]):
        start = datetime.datetime(2027, 1 + i, 10, 13, tzinfo=tz)
        mote = services.mote_create_with_standard_items(organ=ssu, start=start, sted="Tønsberg")
        for n in range(count):
            sak = services.sak_create(
                organ=ssu,
                mote=mote,
                tittel=f"Sak {n}",
                sakstyper=["orientering"],
                hensikt="Beskrivelse\n\n- punkt\n- punkt",
                ansvar=["Rannveig Velken", "KPA"],
            )
            for v in range(2):
                services.vedlegg_add(
                    sak=sak, tittel=f"Vedlegg {v}", fil=ContentFile(PDF, name=f"v{n}-{v}.pdf")
                )
        services.innkalling_send(mote=mote, notify=False)
        innkalling_publish(mote=mote)
        for navn, client, url in [
            ("møteside (offentlig)", anonym, f"/mote/{mote.pk}/"),
            ("møteside (sekretariat)", sekretariat, f"/mote/{mote.pk}/"),
            ("sakslisteredigering", sekretariat, f"/mote/{mote.pk}/saksliste/"),
            ("organside", anonym, "/organ/ssu/"),
        ]:
            client.get(url)  # warm
            measured = []
            for hva in ("ny", "én sak", "bufret"):
                runder = []
                for n in range(GANGER):
                    if hva == "ny":
                        _nothing_cached(clear_process_memory)  # nothing is cached
                    elif hva == "én sak":
                        # As the referat's autosave: one sak of the meeting changes.
                        Sak.objects.filter(pk=sak.pk).update(protokoll=f"Endring {n}")
                    else:
                        client.get(url)
                    reset_queries()
                    t0 = time.perf_counter()
                    response = client.get(url)
                    runder.append((len(connection.queries), (time.perf_counter() - t0) * 1000))
                    assert response.status_code == 200, (url, response.status_code)
                measured.append(
                    (max(q for q, _ in runder), statistics.median(t for _, t in runder))
                )
            (q_new, ms_new), (q_en, ms_en), (q_buf, ms_buf) = measured
            print(
                f"{count:>6} {navn:<28} {q_new:>5} {ms_new:>8.1f} {q_en:>11} {ms_en:>8.1f} "
                f"{q_buf:>11} {ms_buf:>8.1f}"
            )


def download() -> None:
    """Time to download an up-to-date PDF: the file is ready, the view only streams it."""
    import statistics

    from django.contrib.auth.models import User

    from moter import dokumenter
    from moter.models import Mote

    mote = Mote.objects.get(organ__kortnavn="SSU", start__year=2024, start__month=2)
    bestilt = dokumenter.dokument_order(mote=mote, art="innkalling", utgave="medlem")
    dokumenter.dokument_render(dokument_id=bestilt.pk)
    client = Client()
    client.force_login(User.objects.get(username="sekretariat"))
    url = f"/mote/{mote.pk}/dokument/innkalling/?utgave=medlem"
    tider = []
    for _ in range(21):
        t0 = time.perf_counter()
        response = client.get(url)
        data = b"".join(response.streaming_content)
        tider.append((time.perf_counter() - t0) * 1000)
        assert data.startswith(b"%PDF")
    print(
        f"nedlasting av ferdig innkalling (PDF, {len(data) // 1024} KB): "
        f"median {statistics.median(tider):.1f} ms, maks {max(tider):.1f} ms"
    )


def _nothing_cached(clear_process_memory) -> None:
    """A fresh page: empty both levels of the pages cache (this script's own cache database)."""
    from django.core.cache import cache

    cache.clear()
    clear_process_memory()


if __name__ == "__main__":
    main()
    download()
