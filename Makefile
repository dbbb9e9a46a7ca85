# The README's commands. `make run` and `make test` set up everything they need themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

AXE_VERSION := 4.14.1
AXE := $(VENV)/node_modules/axe-core/axe.min.js

.PHONY: install browser-deps run worker test lint format lock migrate seed clean eval soak fault bench wrk vendor

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[dev]"
	@test -f .env || { $(WRITE_ENV); }
	touch $(STAMP)

# Local development settings for every command typed by hand (git-ignored; settings read it
# only for what the environment leaves unset). Written by the install every make target does,
# so `.venv/bin/python manage.py ...` works as printed after any of them.
WRITE_ENV = $(BIN)/python -c 'import secrets; print("\# Development settings written by make; production reads the real environment.\nDEBUG=1\nSECRET_KEY=" + secrets.token_urlsafe(50))' > .env \
	&& echo "wrote .env (DEBUG=1 and a generated SECRET_KEY) for local commands"
.env: | install
	@$(WRITE_ENV)

run: install .env
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo_editor
	@# The queue's worker (deliveries to partners) beside the dev server, stopped with it.
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The queue's worker in the foreground: deliveries to partners (distribution/). Run as many as
# you like, on as many machines (docs/deploy.md).
worker: install .env
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker

# Browser tests drive Debian's Chromium with axe-core from npm; without them they are skipped
# locally (CI sets REQUIRE_BROWSER=1, so there a missing browser fails the run).
browser-deps: install
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& (apt-get install -y -qq chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); } \
		|| echo "note: Chromium is not installed; browser tests will be skipped"
	@test -f $(AXE) || { command -v npm >/dev/null \
		&& npm install --silent --no-save --no-package-lock --prefix $(VENV) axe-core@$(AXE_VERSION); } \
		|| echo "note: npm is not available; the accessibility audit will be skipped"

# The suite runs in one process per core (pytest-xdist; at most 4, each with its own test
# database); TEST_WORKERS=0 runs it in this process, e.g. to use a debugger.
TEST_WORKERS ?= auto
test: browser-deps
	DEBUG=$${DEBUG:-1} $(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses 4 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the desk's vendored front-end packages (static/vendor/, committed) from the versions
# pinned in package.json and package-lock.json, after changing them.
vendor:
	npm ci --silent --ignore-scripts
	cp node_modules/easymde/dist/easymde.min.js node_modules/easymde/dist/easymde.min.css \
		node_modules/easymde/LICENSE static/vendor/easymde/

# Re-pin every installed package after changing pyproject.toml.
lock:
	$(BIN)/python -m pip freeze --exclude newsroom > requirements.lock

migrate: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput

seed: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed

clean:
	rm -rf $(VENV) staticfiles

# Precision and recall of attribution extraction on the gold corpus (sources/eval/).
eval: install
	DEBUG=1 $(BIN)/python manage.py evaluate_extraction

# gunicorn under production settings on loopback, with readers, editors, a PostgreSQL restart and
# a Redis outage; needs both running locally and root (it restarts them, and leaves them up).
# SOAK_SECONDS=25 for CI's short form.
SOAK_SECONDS ?= 60
soak: install
	$(BIN)/python bench/soak.py --duration $(SOAK_SECONDS)

# Distribution's fault test: two queue workers delivering to a loopback receiver, SIGKILLed
# mid-request and restarted while stories are published, edited, corrected and withdrawn; fails
# on a lost, misordered or renamed event. A scratch database on the local PostgreSQL; the
# figures go to artifacts/fault/distribution-fault.json. FAULT_SECONDS=20 for CI.
FAULT_SECONDS ?= 30
fault: install
	$(BIN)/python bench/distribution_fault.py --duration $(FAULT_SECONDS)

# The benchmark (bench/run.py): a scratch corpus of BENCH_SIZE articles (tiny, 1k, 10k, 100k)
# on the local PostgreSQL, in-process timings, then gunicorn + wrk against a bare Django app.
# BENCH_ARGS passes more, e.g. BENCH_ARGS="--duration 10 --compare artifacts/bench/bench-1k.json".
BENCH_SIZE ?= 1k
BENCH_ARGS ?=
bench: install wrk
	$(BIN)/python bench/run.py --size $(BENCH_SIZE) $(BENCH_ARGS)

wrk:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& (apt-get install -y -qq wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)); } \
		|| { echo "wrk is needed for the benchmark: apt-get install wrk"; exit 1; }
