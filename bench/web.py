#!/usr/bin/env python
"""Requests per second and p99 latency of the portal's pages under load, beside the ceiling of
the same stack: gunicorn (4 sync workers, DEBUG off, production settings) + PostgreSQL + Redis,
loaded by wrk from the same machine. Run through bench/web.sh, which starts the services.

The data are the demo data scaled up: one body (SSU) with ten years of meetings, 50 saker per
meeting and 3 vedlegg per sak, every meeting held and its referat published. Printed per page:
requests/s, p99, the ratio to the ceiling (a view that only answers "ok" through the same
middleware), and the SQL queries the page runs at full scale and on a meeting of 5 saker.

    bash bench/web.sh                      # the whole run (about 3 minutes)
    bash bench/web.sh --varighet 5         # shorter wrk runs
    bash bench/web.sh --skriving 5         # also with 5 writes a second by a second process:
                                           # to another meeting's sak ("andre steder"), then to a
                                           # sak of the meeting measured ("på møtet")
    bash bench/web.sh --skriving 5 --skriving-motet 1   # 1 write a second on the meeting

With --skriving, each page is measured three times (no writes, writes elsewhere, writes on the
meeting), and its requests/s are given as a share of the ceiling measured under the same writes.
The writes are bench/writes.py: one UPDATE of a sak's referat text at a time, as the referat's
autosave makes.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
BENCH_DB = "moteportalen_bench"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--aar", type=int, default=10, help="years of meetings (default 10)")
    p.add_argument("--moter-per-aar", type=int, default=6)
    p.add_argument("--saker", type=int, default=50, help="saker per meeting (default 50)")
    p.add_argument("--vedlegg", type=int, default=3, help="vedlegg per sak (default 3)")
    p.add_argument("--arbeidere", type=int, default=4, help="gunicorn workers (default 4)")
    p.add_argument("--tilkoblinger", type=int, default=16, help="wrk connections (default 16)")
    p.add_argument("--varighet", type=int, default=10, help="seconds per wrk run (default 10)")
    p.add_argument("--uten-hurtigbuffer", action="store_true", help="pages cache off (compare)")
    p.add_argument(
        "--skriving",
        type=float,
        default=0,
        metavar="N",
        help="also measure with N writes a second by a second process, elsewhere in the data "
        "and on the meeting measured",
    )
    p.add_argument(
        "--skriving-motet",
        type=float,
        default=None,
        metavar="M",
        help="writes a second on the meeting measured, with --skriving (default: as --skriving)",
    )
    return p.parse_args()


def env_for_bench(var_dir: Path, args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=os.environ.get(
            "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
        ),
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11"),
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        VAR_DIR=str(var_dir),
        DOKUMENTER_AUTOMATISK="false",
        SIDEHURTIGBUFFER="false" if args.uten_hurtigbuffer else "true",
        PYTHONPATH=str(ROOT),
    )
    env.pop("TESTING", None)
    return env


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


# --- data -----------------------------------------------------------------------------------


def scale_up(args: argparse.Namespace) -> dict[str, object]:
    """Ten years of SSU meetings with their saker and vedlegg, stored in bulk (the services'
    per-sak locking and history would take minutes and are measured elsewhere)."""
    from zoneinfo import ZoneInfo

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db.models import Max
    from django.utils import timezone

    from helsefellesskap.models import Organ
    from helsefellesskap.saksnummer import formater
    from moter.models import Mote
    from saker.models import Sak, Vedlegg

    tz = ZoneInfo("Europe/Oslo")
    ssu = Organ.objects.get(kortnavn="SSU")
    fil = default_storage.save("vedlegg/bench/vedlegg.pdf", ContentFile(PDF))
    today = timezone.localdate()
    forste = today.year - args.aar
    # Numbers after those the demo meetings of the same years already took.
    lopenr: dict[int, int] = {
        row["aar"]: row["siste"]
        for row in Sak.objects.filter(organ=ssu, lopenr__isnull=False)
        .values("aar")
        .annotate(siste=Max("lopenr"))
    }

    def mote(start: datetime.datetime, **status) -> Mote:
        slutt = start + datetime.timedelta(hours=3)
        return Mote(organ=ssu, start=start, slutt=slutt, sted="Tønsberg", **status)

    day = datetime.timedelta(days=1)
    moter = [
        mote(
            start,
            status=Mote.Status.REFERAT_GODKJENT,
            innkalling_sendt=start - 10 * day,
            innkalling_publisert=start - 10 * day,
            referat_status=Mote.ReferatStatus.GODKJENT,
            referat_godkjent=start + 30 * day,
            referat_versjon=1,
            referat_publisert=start + 30 * day,
        )
        for aar in range(forste, today.year)
        for i in range(args.moter_per_aar)
        for start in [datetime.datetime(aar, 1 + i * 12 // args.moter_per_aar, 12, 9, tzinfo=tz)]
    ]
    # The meetings the secretariat is preparing, sent, not yet held: a full one, and one of 5
    # saker to compare the editor's query count with.
    for week in (0, 1):
        moter.append(
            mote(
                datetime.datetime(today.year + 1, 2, 4 + 7 * week, 9, tzinfo=tz),
                status=Mote.Status.INNKALT,
                innkalling_sendt=timezone.now(),
                innkalling_publisert=timezone.now(),
            )
        )
    moter = Mote.objects.bulk_create(moter)
    saker = []
    for mote in moter:
        aar = timezone.localtime(mote.start).year
        for n in range(5 if mote is moter[-1] else args.saker):
            nr = lopenr[aar] = lopenr.get(aar, 0) + 1
            saker.append(
                Sak(
                    organ=ssu,
                    mote=mote,
                    rekkefolge=n + 1,
                    aar=aar,
                    lopenr=nr,
                    saksnr=formater(ssu.saksnummerformat, aar=aar, nr=nr),
                    sakstyper=["Beslutningssak"] if n % 3 == 0 else ["Orienteringssak"],
                    tittel=f"Sak {nr} om samhandling mellom kommunene og sykehuset, {aar}",
                    hensikt="Utvalget skal ta stilling til forslaget fra fagrådet.",
                    faktagrunnlag="Bakgrunn for saken. " * 40,
                    vurdering="Sekretariatets vurdering. " * 30,
                    forslag_til_vedtak="SSU tar saken til orientering.",
                    varighet=10,
                    protokoll="Saken ble drøftet. " * 10 if mote.referat_publisert else "",
                    vedtak="SSU tok saken til orientering." if mote.referat_publisert else "",
                    unntatt_offentlighet=n % 17 == 5,
                    hjemmel="offl. § 13" if n % 17 == 5 else "",
                )
            )
    for sak in saker:
        sak.render_html()  # bulk_create skips save(), which renders the texts' HTML
    saker = Sak.objects.bulk_create(saker, batch_size=1000)
    vedlegg = [
        Vedlegg(
            sak=sak,
            tittel=f"Vedlegg {v + 1}",
            fil=fil,
            offentlig=v != 2,
            innholdstype="application/pdf",
            storrelse=len(PDF),
            rekkefolge=v + 1,
        )
        for sak in saker
        for v in range(args.vedlegg)
    ]
    Vedlegg.objects.bulk_create(vedlegg, batch_size=2000)
    small = Mote.objects.filter(organ=ssu, referat_publisert__isnull=False).order_by("start")[0]
    return {
        "organ": ssu,
        "mote": moter[-3],  # the last held meeting, its referat published
        "neste": moter[-2],
        "neste_liten": moter[-1],
        "sak": Sak.objects.filter(mote=moter[-3], unntatt_offentlighet=False).first(),
        # What the writes of --skriving change: a sak of the meeting measured, and elsewhere
        # in the data, as a referent typing: a sak of another body's meeting that is held and
        # whose referat is not yet approved (an approved one is locked), the demo's FSU meeting.
        "annen_sak": Sak.objects.filter(
            mote__status=Mote.Status.AVHOLDT, mote__referat_publisert__isnull=True
        )
        .exclude(organ=ssu)
        .order_by("pk")
        .first(),
        "moter": len(moter),
        "saker": len(saker),
        "vedlegg": len(vedlegg),
        "liten_mote": small,
    }


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def session_cookie(username: str) -> str:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def count_queries(url: str, cookie: str | None) -> tuple[int, int]:
    """SQL queries of one request after the data changed (nothing cached), and of the next one
    (what the cache leaves), both in a warm process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from helsefellesskap.pagecache import clear_process_memory

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    if cookie:
        client.cookies["sessionid"] = cookie
    client.get(url)
    _nothing_cached(clear_process_memory)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url}: status {status}")
        counts.append(len(ctx.captured_queries))
    return counts[0], counts[1]


# --- load -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            # As behind the TLS proxy: without the header, SECURE_SSL_REDIRECT sends us to https.
            req = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(req, timeout=2)  # our own server
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {url}")


def wrk(url: str, cookie: str | None, args: argparse.Namespace) -> tuple[float, float, int]:
    """requests/s, p99 in ms and the number of answers that were not 2xx/3xx."""
    headers = ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        headers += ["-H", f"Cookie: sessionid={cookie}"]

    def run(seconds: int) -> str:
        cmd = ["wrk", "-t2", f"-c{args.tilkoblinger}", f"-d{seconds}s", "--latency", *headers]
        return subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout

    run(2)  # warm-up: template caches, connections, the pages cache
    out = run(args.varighet)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    feil = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, float(p99.group(1)) * factor, int(feil.group(1)) if feil else 0


def measure(sider, base: str, args, queries: dict, *, print_report: bool) -> dict:
    """wrk against each page; the first page is the ceiling. Returns {page: (rps, p99, share)}."""
    ceiling = None
    response = {}
    for navn, url, cookie, _ in sider:
        rps, p99, feil = wrk(base + url, cookie, args)
        ceiling = ceiling or rps
        response[navn] = (rps, p99, rps / ceiling, feil)
        if print_report:
            ny, bufret, small = queries.get(navn, (None, None, None))
            q = "" if ny is None else f"{ny} / {bufret}"
            if small is not None:
                q += f" ({small})"
            merknad = f"  {feil} feilsvar!" if feil else ""
            print(f"{navn:<30} {rps:8.0f} {p99:8.1f} {rps / ceiling:7.0%}  {q}{merknad}")
    return response


class writer:
    """bench/writes.py for the length of one round of measurements (bounded in time: it stops
    by itself after the round's expected length and a margin). Gives a list that holds the
    writes a second it made once the block ends."""

    def __init__(self, env: dict[str, str], sak_id: int, rate: float, args, sider: int) -> None:
        self.env, self.sak_id, self.rate, self.args = env, sak_id, rate, args
        self.seconds = sider * (args.varighet + 2) * 1.5 + 30
        self.skrevet: list[float] = []

    def __enter__(self) -> list[float]:
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "writes.py"),
                str(self.sak_id),
                str(self.rate),
                str(self.seconds),
            ],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(2)  # Django's start-up, before the first page is measured
        return self.skrevet

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        ut, _ = self.process.communicate(timeout=30)
        count, seconds = (float(x) for x in (ut.split() or ["0", "1"]))
        self.skrevet.append(count / max(seconds, 1e-9))


def print_writes(sider, results: dict, args) -> None:
    print()
    on_motet = args.skriving if args.skriving_motet is None else args.skriving_motet
    print(
        f"Med skrivinger fra en annen prosess, {args.skriving:g}/s andre steder og "
        f"{on_motet:g}/s på møtet (andel av taket målt under samme skriving):"
    )
    scenarios = list(results)
    print(f"{'side':<30}" + "".join(f" {s:>22}" for s in scenarios))
    for navn, *_ in sider:
        cells = []
        for scenario in scenarios:
            rps, p99, share, feil = results[scenario][navn]
            cell = f"{rps:.0f}/s {share:.0%} p99 {p99:.0f}"
            cells.append(f" {cell + ('!' if feil else ''):>22}")
        print(f"{navn:<30}" + "".join(cells))
    for scenario in scenarios[1:]:
        skrevet = results[scenario]["_written"]
        print(f"skriving «{scenario}»: {skrevet[0]:.1f} skrivinger/s oppnådd")


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (bench/web.sh does it)")
    var_dir = Path(tempfile.mkdtemp(prefix="bench-web-"))
    env = env_for_bench(var_dir, args)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    t0 = time.monotonic()
    recreate_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "demo")
    manage(env, "collectstatic", "--noinput")

    import django

    django.setup()
    import redis
    from django.db import connection

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    data = scale_up(args)
    medlem = session_cookie("medlem")
    sekretariat = session_cookie("sekretariat")
    print(
        f"data: {data['moter']} møter i {data['organ']}, {data['saker']} saker, "
        f"{data['vedlegg']} vedlegg ({time.monotonic() - t0:.0f} s to build)"
    )

    mote, neste, organ, sak = data["mote"], data["neste"], data["organ"], data["sak"]
    small = data["liten_mote"]
    from saker.models import Sak

    # A small meeting (5 saker) beside the full one: the query counts must be equal.
    Sak.objects.filter(mote=small, rekkefolge__gt=5).update(mote=None)
    sider = [
        ("tak (tom visning)", "/bench/tak/", None, None),
        ("møteside, anonym", mote.get_absolute_url(), None, small.get_absolute_url()),
        ("organside, anonym", organ.get_absolute_url(), None, None),
        ("sak, anonym", sak.get_absolute_url(), None, None),
        ("vedtaksregister, anonym", "/vedtak/", None, None),
        ("møteside, medlem", mote.get_absolute_url(), medlem, small.get_absolute_url()),
        ("organside, medlem", organ.get_absolute_url(), medlem, None),
        (
            "saksliste-redigering, sekr.",
            f"/mote/{neste.pk}/saksliste/",
            sekretariat,
            f"/mote/{data['neste_liten'].pk}/saksliste/",
        ),
    ]
    queries = {}
    for navn, url, cookie, small_url in sider:
        if url.startswith("/bench/"):
            continue
        ny, bufret = count_queries(url, cookie)
        small = count_queries(small_url, cookie)[0] if small_url else None
        queries[navn] = (ny, bufret, small)
    connection.close()

    port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "helsefellesskap.wsgi:application",
            f"--workers={args.arbeidere}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/bench/tak/")
        print(
            f"gunicorn {args.arbeidere} workers, wrk -t2 -c{args.tilkoblinger} "
            f"-d{args.varighet}s, {os.cpu_count()} CPU, PostgreSQL + Redis, "
            f"sidehurtigbuffer: {'av' if args.uten_hurtigbuffer else 'på'}"
        )
        print(
            f"{'side':<30} {'req/s':>8} {'p99 ms':>8} {'av tak':>7}  "
            "spørringer: ny side / fra hurtigbufferet (møte med 5 saker)"
        )
        results = {"uten skriving": measure(sider, base, args, queries, print_report=True)}
        if args.skriving:
            on_motet = args.skriving if args.skriving_motet is None else args.skriving_motet
            for scenario, sak, rate in (
                ("andre steder", data["annen_sak"], args.skriving),
                ("på møtet", data["sak"], on_motet),
            ):
                with writer(env, sak.pk, rate, args, len(sider)) as skrevet:
                    results[scenario] = measure(sider, base, args, queries, print_report=False)
                results[scenario]["_written"] = skrevet
            print_writes(sider, results, args)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)


def _nothing_cached(clear_process_memory) -> None:
    """A fresh page: empty both levels of the pages cache (this script's own cache database)."""
    from django.core.cache import cache

    cache.clear()
    clear_process_memory()


if __name__ == "__main__":
    main()
