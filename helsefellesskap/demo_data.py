"""Demo data of Helsefellesskapet i Vestfold, taken from the real documents in ``seeds/``.

The data are in the YAML files of ``helsefellesskap/demodata/`` (one a table, with the sources
as comments); this module reads them, with no Django imports, and ``helsefellesskap.demo``
writes them to the database. The seed files are referred to by their number:

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
* A field left out of a row has the model field's default (empty text, no date).
* In verv.yaml, ``fra``/``til`` are optional (missing = open-ended, i.e. "since before the seeds"
  or "still going"); ``representerer`` is required (``null`` where a person represents no single
  partner, e.g. the secretariat "for kommunene") and ``merknad`` is optional.
* Where the seeds give only a month, a date is the first (or last) day of that month; a plan
  period such as "2024-2025" runs from 1 January to 31 December. A start known only by its year
  or season is left empty; the few end dates that had to be inferred say so in a comment.
"""

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "demodata"


def read(name: str) -> Any:
    """The content of ``demodata/<name>.yaml`` (dates as ``datetime.date``)."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as fil:
        return yaml.safe_load(fil)


PARTNERE: list[dict] = read("partnere")
ORGANER: list[dict] = read("organer")
PERSONER: list[dict] = read("personer")
VERV: list[dict] = read("verv")
DEMO_USERS: list[dict] = read("brukere")
NETTSTED: dict = read("nettsted")
