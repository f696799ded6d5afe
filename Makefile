# Quick start: `make run` serves the demo contest; `make test` runs the whole suite.
VENV := .venv
PORT ?= 5000
FLASK := $(VENV)/bin/flask --app wsgi
PYBABEL ?= $(VENV)/bin/pybabel

.PHONY: run test lint lint-imports format translations i18n-extract bench clean

$(VENV)/.run-installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

# The compiled catalogs (.mo, git-ignored): the app reads them, never writes them.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard contest/translations/*/LC_MESSAGES/messages.po))

translations: $(CATALOGS)

contest/translations/%/LC_MESSAGES/messages.mo: contest/translations/%/LC_MESSAGES/messages.po | $(VENV)/.run-installed
	$(PYBABEL) compile --statistics -l $* -i $< -o $@

run: $(VENV)/.run-installed translations
	APP_ENV=development $(FLASK) db upgrade
	APP_ENV=development $(FLASK) demo --if-empty
	APP_ENV=development $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.dev-installed translations
	$(VENV)/bin/pytest

# The layering of .importlinter: the platform below the features, layers inside each
# feature, pure cores (see docs/ARCHITECTURE.md).
lint-imports: $(VENV)/.dev-installed
	$(VENV)/bin/lint-imports

lint: lint-imports
	$(VENV)/bin/ruff check contest judging tests benchmarks
	$(VENV)/bin/ruff format --check contest judging tests benchmarks

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format contest judging tests benchmarks
	$(VENV)/bin/ruff check --fix contest judging tests benchmarks

# After adding interface strings: extract them, then translate the new entries in both catalogs.
i18n-extract: $(VENV)/.dev-installed
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k N_plural:1,2 --no-location -o messages.pot .
	$(PYBABEL) update -i messages.pot -d contest/translations --no-fuzzy-matching --ignore-obsolete
	rm messages.pot

bench: $(VENV)/.dev-installed
	for script in benchmarks/[!_]*.py; do PYTHONPATH=. $(VENV)/bin/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
