# Møteportalen. `make run`: the portal with demo data on the embedded default.
# `make test`: the whole suite against PostgreSQL and Redis, as CI runs it.

VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

# make test: real services, as on CI.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/moteportalen
TEST_REDIS_URL ?= redis://127.0.0.1:6379/5
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process. --dist
# load keeps each worker's tests in collection order (tests/support/world.py needs that); small
# chunks spread the slow tests, which tests/conftest.py puts first, over the workers.
PYTEST_WORKERS ?= auto
XDIST := -n $(PYTEST_WORKERS) --dist load --maxschedchunk 4

.PHONY: install run demo test test-fast lint format system-deps services theme clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The links in the e-mails (printed on the console) point at this server, whatever its port.
run: install
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py demo
	@echo "Møteportalen kjører på http://$(HOST):$(PORT)/ (Ctrl+C stopper)"
	PORTAL_URL=$${PORTAL_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

demo: install
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py demo

# System packages the tests need (Chromium, pdftotext, the Carlito font), installed where missing.
system-deps:
	bash scripts/system-deps.sh

# PostgreSQL and Redis, started where they are not running.
services:
	bash scripts/services.sh

# The static checks (lint) run first, once; then the migrations check and the suite.
test: install system-deps services lint
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) TESTING=1 \
		$(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) TESTING=1 \
		$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# Quick local loop on the embedded default (SQLite), without browser tests.
test-fast: install
	TESTING=1 $(PY) -m pytest $(XDIST) -m "not browser and not postgres and not worker and not s3" $(PYTEST_ARGS)

# The static checks, also the first step of `make test` (CONTRIBUTING.md, «Static checks»): ruff
# (lint and format), djhtml (the templates' indentation), the import contract (pyproject.toml,
# [tool.importlinter]: helsefellesskap <- moter <- saker <- avtaler | handlingsplan, no import
# cycles inside an app) and mypy with django-stubs over the typed code (pyproject.toml,
# [tool.mypy]; needs no database, its cache is .mypy_cache).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

# Rebuild static/theme/helse.css from designsystemet.config.json (#003283); the result is committed.
theme:
	npx --yes @digdir/designsystemet@1.15.0 tokens create --config designsystemet.config.json
	npx --yes @digdir/designsystemet@1.15.0 tokens build -t var/design-tokens -o var/theme-build
	cp var/theme-build/helse.css static/theme/helse.css

clean:
	rm -rf $(VENV) node_modules var/static
