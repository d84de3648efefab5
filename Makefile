# One command to run the app, one to test it. Both build the virtualenv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# `make test-postgres` runs the suite on this server; Django makes its own test_<name>
# database there and drops it afterwards.
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: browser run serve test test-shifted test-postgres check-postgres lint setup superuser bench bench-org bench-learning clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# What the suite needs from Debian, installed with apt when it is missing (as root, or
# with sudo): Chromium for the browser tests (`playwright install` cannot download here;
# CHROMIUM_PATH names another), and Node.js's npm for scorm-again below.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends

browser:
	@if [ -z "$$CHROMIUM_PATH" ] && [ ! -x /usr/bin/chromium ]; then \
	  $(SUDO) apt-get update -q && $(APT_INSTALL) chromium fonts-liberation; fi

# What the browser tests load from npm (package.json, pinned in package-lock.json):
# scorm-again, the SCORM 1.2 runtime the SCORM package's test runs as a stand-in LMS.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -q && $(APT_INSTALL) nodejs npm; }
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py build_questions

# The task worker (it sends the training's mail) runs beside the web server and stops
# with it.
run: setup
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production stack on this machine: debug off, hashed and compressed static files
# served by whitenoise, gunicorn with several workers (gunicorn.conf.py). Give it your
# DJANGO_SECRET_KEY, or a throwaway one is made (sessions then end when it stops).
# DJANGO_HTTPS=false because it serves plain HTTP on 127.0.0.1.
serve: export DJANGO_DEBUG = false
serve: export DJANGO_HTTPS ?= false
serve: export DJANGO_SECRET_KEY ?= $(shell $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))")
serve: export GUNICORN_BIND ?= $(HOST):$(PORT)
serve: setup
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn

test: $(VENV)/.installed node_modules/.installed browser
	$(BIN)/python -m pytest

# The suite again with the clock years ahead (tests/conftest.py), so a test that passes
# only near the day it was written fails now. Browser tests and tests that start another
# process are left out: their clocks cannot be moved.
CLOCK_AHEAD_DAYS ?= 1500
test-shifted: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not e2e and not other_process" --clock-ahead-days=$(CLOCK_AHEAD_DAYS)

check-postgres: $(VENV)/.installed
	$(BIN)/python .ci/check-postgres "$(PG_URL)"

test-postgres: check-postgres node_modules/.installed browser
	DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest

# Lint, migrations in step with the models, and the question bank built from the real
# fixtures (build_questions refuses content the release does not bear out) in a throwaway
# SQLite database.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	rm -f var/lint-content.sqlite3
	mkdir -p var
	DATABASE_URL=sqlite:///var/lint-content.sqlite3 $(BIN)/python manage.py migrate --noinput --verbosity 0
	DATABASE_URL=sqlite:///var/lint-content.sqlite3 $(BIN)/python manage.py build_questions
	DATABASE_URL=sqlite:///var/lint-content.sqlite3 $(BIN)/python manage.py describe_bank

# Load benchmark (bench/run.py): gunicorn on 127.0.0.1, every loop bounded in time and
# count. It makes its own SQLite file in var/bench/; BENCH_ARGS passes options, e.g.
# BENCH_ARGS="--database postgres://postgres@127.0.0.1:5432/bench --redis redis://127.0.0.1:6379/5"
# (that PostgreSQL database is EMPTIED: give the benchmark one of its own).
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Running the training for an organisation at scale (bench/organisation.py): 10,000
# trainees in one group, 50 assignments, 100,000 attempts; times the completion report,
# its CSV export and the reminder run. It makes its own SQLite file in var/bench/;
# BENCH_ORG_ARGS passes options, e.g.
# BENCH_ORG_ARGS="--database postgres://postgres@127.0.0.1:5432/bench_org"
# (that PostgreSQL database is created if missing and EMPTIED: give it one of its own).
bench-org: $(VENV)/.installed
	$(BIN)/python bench/organisation.py $(BENCH_ORG_ARGS)

# Learning that lasts at scale (bench/learning.py): 10,000 trainees with refreshers on,
# 1,000,000 attempts; times the refresher run and the learning report. BENCH_LEARNING_ARGS
# passes options, as BENCH_ORG_ARGS does (a PostgreSQL database given is EMPTIED).
bench-learning: $(VENV)/.installed
	$(BIN)/python bench/learning.py $(BENCH_LEARNING_ARGS)

superuser: setup
	$(BIN)/python manage.py createsuperuser

clean:
	rm -rf $(VENV) var
