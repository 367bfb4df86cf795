# The two commands: `make run` (the portal on the embedded default) and `make test` (the whole suite).

PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
GOVUK := node_modules/govuk-frontend/dist/govuk
ASSETS := static/govuk/govuk-frontend.min.css

.PHONY: run test install install-test lock typecheck assets migrate seed worker beat lint format sweeps bench clean

run: install assets migrate seed
	@echo ""
	@echo "The portal is at http://127.0.0.1:8000/ (sign in with a demo user above; Ctrl+C stops it)."
	$(PY) manage.py runserver 127.0.0.1:8000

test: install-test assets
	$(PY) -m pytest

$(VENV)/bin/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Installed from the hashed locks compiled from pyproject.toml (the one declared list): `make lock`.
$(VENV)/.installed: requirements.lock | $(VENV)/bin/activate
	$(PIP) install --quiet --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.installed-test: requirements.lock requirements-dev.lock | $(VENV)/bin/activate
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# After changing the dependencies in pyproject.toml: recompile both locks (with hashes) and commit them.
lock: install-test
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.12 --quiet -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.12 --quiet -o requirements-dev.lock

NODE_MODULES := node_modules/.package-lock.json

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# GOV.UK Frontend comes from the npm package and is copied into static/ (never committed). Its CSS
# points at /assets/; the portal serves static files under /static/govuk/assets/. The minified
# files end with a sourceMappingURL comment naming a .map file that is not shipped: production's
# manifest storage (collectstatic) fails on a reference it cannot find, so the comment is removed.
# Rebuilt when this recipe changes, too.
$(ASSETS): $(NODE_MODULES) Makefile
	rm -rf static/govuk && mkdir -p static/govuk
	cp -R $(GOVUK)/assets static/govuk/assets
	sed 's#//\# sourceMappingURL=.*$$##' $(GOVUK)/govuk-frontend.min.js > static/govuk/govuk-frontend.min.js
	sed -e 's#url(/assets/#url(/static/govuk/assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
		$(GOVUK)/govuk-frontend.min.css > $(ASSETS)

assets: $(ASSETS)

migrate: install
	$(PY) manage.py migrate --no-input

seed: install
	$(PY) manage.py seed_demo

sweeps: install
	$(PY) manage.py run_sweeps

# The scale benchmark (issue 14), never part of `make test`: seeds DATABASE_URL (PostgreSQL) with
# `seed_scale` (BENCH_CHILDREN, 100000 by default; only what is missing), serves it with gunicorn on
# loopback and times every page side by side with a trivial signed-in view, with 1 and BENCH_USERS
# (20) users for BENCH_SECONDS (10) each. Prints the table; the results go to bench-results.json.
bench: install-test
	$(PY) tests/perf/bench.py

# Production-style processes: set REDIS_URL (and DATABASE_URL) first. Run exactly one beat.
worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO

# ruff (lint and format) and mypy (types); CI runs this.
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy $(TYPED)

# mypy with django-stubs (configured in pyproject.toml) over the modules that decide things.
TYPED := $(shell find portal accounts sharing referrals transfers early_intervention intelligence meetings subject_rights retention -path '*/migrations' -prune -o \( \
	-name services.py -o -name selectors.py -o -name rules.py -o -name clocks.py -o -name policies.py \
	-o -path '*/services/*.py' -o -path '*/selectors/*.py' \) -print 2>/dev/null)
typecheck: install-test
	$(VENV)/bin/mypy $(TYPED)

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/govuk staticfiles db.sqlite3
