#!/usr/bin/env bash
# Load test of the portal's pages: gunicorn (4 workers) + PostgreSQL + Redis on this machine,
# wrk against each page and against a bare view (the ceiling). See bench/web.py for the options.
#
#   bash bench/web.sh [--varighet 10] [--tilkoblinger 16] [--uten-hurtigbuffer]
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory install services >/dev/null
if ! command -v wrk >/dev/null; then
    echo "Installerer wrk (apt)…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
exec .venv/bin/python bench/web.py "$@"
