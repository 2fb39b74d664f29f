"""Constants of the browser tests (tests/e2e), for their conftest and modules alike."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Screenshots: of a failing test, and the ones tests/e2e/test_publication.py keeps.
RESULTS_DIR = REPO_ROOT / "var" / "test-results"
TIMEOUT_MS = 10_000
