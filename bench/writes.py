#!/usr/bin/env python
"""A second process that writes while bench/web.py loads the pages: ``rate`` writes a second to
one sak's text, as a referent's autosave does (one UPDATE of the sak, through the ORM), for at most
``seconds`` seconds (it also stops when stdin closes or on SIGTERM). Prints how many writes it
made and in how many seconds.

    python bench/writes.py <sak id> <writes per second> <seconds>
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main() -> None:
    sak_id, rate, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    import django

    django.setup()
    from django.utils import timezone

    from saker.models import Sak

    stop = False

    def _stop(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    forste = time.monotonic()
    slutt = forste + seconds
    neste = forste
    count = 0
    while not stop and time.monotonic() < slutt:
        Sak.objects.filter(pk=sak_id).update(
            protokoll=f"Referenten skriver … {count}", endret=timezone.now()
        )
        count += 1
        neste += 1 / rate
        time.sleep(max(0.0, neste - time.monotonic()))
    print(count, time.monotonic() - forste, flush=True)


if __name__ == "__main__":
    main()
