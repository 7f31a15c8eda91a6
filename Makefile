# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 0.0.0.0
PORT ?= 8000
# Every command of `make run` (the demo data's links too) sees the port it serves on.
export PORT

.PHONY: install run dev serve test test-fast lint bench browser

$(VENV)/.installed: pyproject.toml
	@command -v python3.11 >/dev/null || command -v python3 >/dev/null || { echo "Python 3.11 is required"; exit 1; }
	test -x $(PY) || $$(command -v python3.11 || command -v python3) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Embedded default: SQLite, in-memory channel layer, eager Celery, media/ on disk, one daphne.
# DEBUG is off (the branded error pages; WhiteNoise serves the static files, which collectstatic
# compresses: half a minute the first time, only what changed after); the addresses in
# links, previews and the payment return follow PORT.
run: install
	@$(MAKE) --no-print-directory serve DJANGO_DEBUG=0

# The same with DEBUG on, for working on the code (Django's technical error pages off /api/).
dev: install
	@$(MAKE) --no-print-directory serve DJANGO_DEBUG=1

serve:
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py seed_demo
	@$(PY) -c "import json; [print(f'  log in as {k}  /  {v}') for k, v in json.load(open('.demo-credentials')).items()]"
	@echo "LandingHub is starting on http://localhost:$(PORT)  (admin: http://localhost:$(PORT)/admin/)"
	DJANGO_DEBUG=$(DJANGO_DEBUG) DJANGO_SETTINGS_MODULE=landinghub.settings.local $(VENV)/bin/daphne -b $(HOST) -p $(PORT) landinghub.asgi:application

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# The browser tests drive Debian's chromium (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium first: sudo apt-get install chromium" >&2; exit 1; fi; }

# All tests: ruff, then pytest (SQLite by default; DATABASE_URL / REDIS_URL for the real services).
test: lint browser
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The fast tier while working (under a minute): no browser, no server or process started;
# `-m slow` is the rest. tests/browser and the API fuzz hold slow tests only: not importing them
# saves seconds.
test-fast: install
	$(VENV)/bin/pytest -m "not slow" --ignore=tests/browser --ignore=tests/test_api_fuzz.py $(PYTEST_ARGS)

bench: install
	$(PY) -m bench
