"""Settings for bench/web.py's gunicorn: the project's own settings (DEBUG off, PostgreSQL and
Redis from the environment) plus one bare view, the ceiling the pages are measured against."""

from helsefellesskap.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
