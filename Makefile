# nabij — one command runs the app, one command runs every check (CONTRACTS §9).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
LOCALES := src/nabij/locale
CATALOG := $(LOCALES)/nl/LC_MESSAGES/nabij
SYSTEM_PACKAGES := chromium postgresql-client fonts-noto-color-emoji

.PHONY: help run test check system-deps bench audit translations extract-messages lock clean

help:
	@echo "make run          start the web app at http://127.0.0.1:8000"
	@echo "make test         every check: lint, format, types, layers, bandit, tests"
	@echo "make system-deps  the Debian packages the tests need"
	@echo "make bench        the benchmarks (not part of make test)"
	@echo "make audit        audit the pinned dependencies (needs network access)"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "nabij needs Python 3.11 or newer"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

$(CATALOG).mo: $(CATALOG).po $(STAMP)
	$(BIN)/pybabel compile --statistics -D nabij -d $(LOCALES) -l nl

translations: $(CATALOG).mo

# Developers: after changing interface texts, extract them and update the Dutch catalog.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F pyproject.toml -k _ --add-comments "I18N:" --no-location \
		--sort-output --project nabij -o $(LOCALES)/nabij.pot .
	$(BIN)/pybabel update -D nabij -d $(LOCALES) -l nl -i $(LOCALES)/nabij.pot --no-fuzzy-matching

run: $(STAMP) translations
	$(BIN)/nabij serve

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then echo "system-deps: all present ($(SYSTEM_PACKAGES))"; exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
		echo "system-deps: missing: $$missing"; \
		echo "Install them with: sudo apt-get update && sudo apt-get install -y $$missing"; \
		exit 1; \
	fi; \
	echo "system-deps: installing $$missing"; \
	apt-get update -qq; \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

check: $(STAMP) translations
	$(BIN)/ruff check src tests bench examples
	$(BIN)/ruff format --check src tests bench examples
	$(BIN)/mypy
	$(BIN)/lint-imports
	@# Medium and high findings fail; each accepted one is a `# nosec BXXX` with its reason.
	$(BIN)/bandit -q -r src -ll
	$(BIN)/python -m pytest

test: system-deps
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory check; \
	echo "make test: wall time $$(( $$(date +%s) - start )) s"

# The benchmarks also need the parser they compare ours with (whatstk).
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,bench]'
	touch $@

bench: $(BENCH_STAMP) translations
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/coach.py
	$(BIN)/python bench/chat_parse.py
	$(BIN)/python bench/chat.py
	$(BIN)/python bench/web.py

audit: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[audit]'
	$(BIN)/pip-audit --strict --requirement constraints.txt

# Maintainers: re-pin every dependency to what is installed now.
lock: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench,audit]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) build .mypy_cache .pytest_cache .ruff_cache .hypothesis $(LOCALES)/*/LC_MESSAGES/*.mo
