"""The demo as a new user gets it from ``make run``: the embedded default (SQLite, Celery in the
process, files on disk), in a fresh folder, in a process of its own. The public PDFs of the
published demo meetings are there to download."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

LES = r"""
import json, re, subprocess
import django
django.setup()
from django.test import Client
from moter.models import Mote

ut = {}
klient = Client(SERVER_NAME="127.0.0.1")
for mote in Mote.objects.select_related("organ").order_by("start"):
    for art in ("innkalling", "saksdokumenter", "referat"):
        svar = klient.get(f"/mote/{mote.pk}/dokument/{art}/")
        tekst = ""
        if svar.status_code == 200:
            pdf = b"".join(svar.streaming_content)
            tekst = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                   check=True).stdout.decode()
        tekst = re.sub(r"\s+", " ", tekst)[:400]
        ut[f"{mote} {art}"] = [svar.status_code, svar.get("Content-Type"), tekst]
print(json.dumps(ut))
"""


def test_a_fresh_demo_gives_the_public_their_pdfs(tmp_path):
    import json

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "TESTING", "DOKUMENTER_AUTOMATISK"}
    }
    env.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "helsefellesskap.settings"})
    for args in (["migrate", "--noinput", "-v", "0"], ["demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=True
        )
    read = subprocess.run(
        [sys.executable, "-c", LES], cwd=REPO, env=env, check=True, capture_output=True, text=True
    )
    response = json.loads(read.stdout.strip().splitlines()[-1])

    # The published meetings: SSU 23.11.23 with its approved referat, FSU 25.01.24 (held),
    # SSU 29.02.24 and SSU 07.05.26 (sent and published).
    for mote in ("SSU 23.11.2023", "FSU 25.01.2024", "SSU 29.02.2024", "SSU 07.05.2026"):
        for art in ("innkalling", "saksdokumenter"):
            status, type_, tekst = response[f"{mote} {art}"]
            assert (status, type_) == (200, "application/pdf"), (mote, art)
            assert "Helsefellesskapet i Vestfold" in tekst
    status, _, tekst = response["SSU 23.11.2023 referat"]
    assert status == 200 and "Referat fra møte i Strategisk samarbeidsutvalg" in tekst
    # What is not published is not there: the referat of a meeting not approved, the drafts.
    assert response["FSU 25.01.2024 referat"][0] == 404
    assert response["SSU 10.12.2026 innkalling"][0] == 404
