# Kansrijk: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNSERVER_ADDR ?= 127.0.0.1:8000

.PHONY: vendor run test fuzz bench reliability setup setup-dev lock lint messages clean backup restore

# The runtime lock (requirements.txt) is what production and `make run` install; the dev lock
# (requirements-dev.txt: the same runtime pins plus test, lint and bench tools) is for
# `make test`, `bench`, `fuzz`. Both are generated from pyproject.toml by `make lock`.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.installed
	@bash tests/ensure_tools.sh gettext
	$(PY) manage.py compilemessages --ignore=.venv -v0

setup-dev: setup $(VENV)/.installed-dev

## make lock: pin the direct dependencies of pyproject.toml into the two lock files (uv keeps
## the pins already there; `make lock UV_FLAGS=--upgrade` moves to the newest versions)
UV_FLAGS ?=
lock: $(VENV)/.installed-dev
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 $(UV_FLAGS) -o requirements.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 $(UV_FLAGS) \
		-c requirements.txt -o requirements-dev.txt

## make run: install, migrate, load reference and demo data, serve on http://127.0.0.1:8000
run: setup
	DJANGO_SETTINGS_MODULE=kansrijk_site.settings.dev $(PY) manage.py migrate --no-input -v0
	DJANGO_SETTINGS_MODULE=kansrijk_site.settings.dev $(PY) manage.py load_reference
	DJANGO_SETTINGS_MODULE=kansrijk_site.settings.dev $(PY) manage.py seed_demo
	@echo "Kansrijk runs on http://$(RUNSERVER_ADDR)/ (log in with a demo user above)"
	DJANGO_SETTINGS_MODULE=kansrijk_site.settings.dev $(PY) manage.py runserver $(RUNSERVER_ADDR)

## make test: lint, then the whole suite against throwaway PostgreSQL 15 and Redis, browser included
test: setup-dev
	@bash tests/ensure_tools.sh redis chromium postgresql
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	bash tests/with_services.sh bash tests/run_suite.sh $(PYTEST_ARGS)

## make fuzz: the long API fuzzing run (every schemathesis phase, many examples, eight roles)
FUZZ_EXAMPLES ?= 20
FUZZ_PHASES ?= examples,coverage,fuzzing,stateful
FUZZ_USERS ?= secretaris,school,arbiter,bestuur,secretariaat,coordinator,otib,tafellid
fuzz: setup-dev
	@bash tests/ensure_tools.sh redis postgresql
	KANSRIJK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) KANSRIJK_FUZZ_PHASES=$(FUZZ_PHASES) \
	KANSRIJK_FUZZ_USERS=$(FUZZ_USERS) \
	bash tests/with_services.sh bash tests/run_suite.sh tests/site/test_fuzz.py

## make bench: seed factors 1 and 10 on a throwaway PostgreSQL, measure against the SQL floor;
## writes bench/results/latest.{json,md,png} and prints the table (see bench/README.md)
BENCH_FACTORS ?= 1,10
bench: setup-dev
	@bash tests/ensure_tools.sh redis postgresql
	BENCH_FACTORS=$(BENCH_FACTORS) bash tests/with_services.sh $(PY) -m bench.run

## make reliability: the whole suite, then docs/reliability.md from the figures it records
reliability: setup-dev
	@bash tests/ensure_tools.sh redis chromium postgresql
	rm -rf var/reliability
	bash tests/with_services.sh bash tests/run_suite.sh --junitxml=var/reliability/junit.xml
	$(PY) tests/render_reliability.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## make backup: a PostgreSQL dump of DATABASE_URL into backups/ (custom format, compressed)
BACKUP ?= backups/kansrijk-$(shell date +%Y%m%d-%H%M%S).dump
backup:
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the PostgreSQL database to back up."; exit 1; }
	@mkdir -p $(dir $(BACKUP))
	pg_dump --format=custom --no-owner --dbname="$$DATABASE_URL" --file="$(BACKUP)"
	@echo "Backup written to $(BACKUP)"

## make restore BACKUP=file: restore a dump into DATABASE_URL (an empty database)
restore:
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the (empty) database to restore into."; exit 1; }
	@test -f "$(BACKUP)" || { echo "Give the dump: make restore BACKUP=backups/<file>.dump"; exit 1; }
	pg_restore --no-owner --exit-on-error --single-transaction --dbname="$$DATABASE_URL" "$(BACKUP)"

## make messages: refresh the Dutch translation file after changing UI strings
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l nl --ignore=.venv --ignore=tests --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l nl --ignore=.venv --ignore=tests --no-obsolete

## make vendor: fetch the front-end packages (pinned, their licences kept) from the npm
## registry into the static files: the NL Design System CSS and htmx. The result is committed,
## so neither `make run` nor CI needs the npm registry.
NLDS_PACKAGE = @utrecht/component-library-css@9.0.4
NLDS_DIR = kansrijk_site/static/vendor/utrecht
HTMX_PACKAGE = htmx.org@2.0.11
HTMX_DIR = kansrijk_site/static/vendor/htmx
vendor:
	rm -rf var/vendor && mkdir -p var/vendor/nlds var/vendor/htmx $(NLDS_DIR) $(HTMX_DIR)
	cd var/vendor/nlds && npm pack --silent $(NLDS_PACKAGE) > /dev/null && tar -xzf *.tgz
	cp var/vendor/nlds/package/dist/html.css var/vendor/nlds/package/LICENSE.md $(NLDS_DIR)/
	echo "$(NLDS_PACKAGE)" > $(NLDS_DIR)/VERSION
	cd var/vendor/htmx && npm pack --silent $(HTMX_PACKAGE) > /dev/null && tar -xzf *.tgz
	cp var/vendor/htmx/package/dist/htmx.min.js var/vendor/htmx/package/LICENSE $(HTMX_DIR)/
	echo "$(HTMX_PACKAGE)" > $(HTMX_DIR)/VERSION
	rm -rf var/vendor

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles var .pytest_cache .ruff_cache
