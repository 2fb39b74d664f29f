"""The periodic tasks (settings.CELERY_BEAT_SCHEDULE: the reminders before meetings, follow-up
deadlines, the outbox's retries, the sweeps) are known by the name beat sends: a worker that
does not know a task's name drops the message, and the reminder is never sent."""

from __future__ import annotations

import json
import subprocess
import sys

from django.conf import settings

# Loaded the way `celery -A helsefellesskap worker` loads it, in a process of its own: the
# tests' process has imported every module already, a worker has not.
WORKER_TASKS = """
import json
from helsefellesskap.celery import app
app.loader.import_default_modules()
print(json.dumps(sorted(app.tasks)))
"""


def test_each_scheduled_task_is_known_to_a_fresh_worker():
    ut = subprocess.run(
        [sys.executable, "-c", WORKER_TASKS],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    kjente = set(json.loads(ut.stdout.strip().splitlines()[-1]))
    planlagt = {v["task"] for v in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"moter.notices.paaminnelser", "saker.notices.oppfolging_frister"} <= planlagt
    assert planlagt - kjente == set()
