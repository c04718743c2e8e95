# RESTORE toolkit: every task runs through this file, and CI runs the same targets.
# `make serve` and `make test` do all set-up themselves on a fresh Debian machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve test build check pdf bench system-packages

help:  ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# Python packages, re-installed only when a requirements file changes.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

system-packages:  ## Debian's Chromium (browser tests, PDF), poppler-utils (PDF checks) and Node.js (script unit tests)
	@dpkg -s chromium poppler-utils >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium poppler-utils; }
	@command -v node >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nodejs; }

.PHONY: setup
setup: $(BIN)/.installed system-packages  ## Install everything once, without building (the dev container runs this)

serve: $(BIN)/.installed  ## Build and serve the site at http://127.0.0.1:8000, reloading on edits
	TOOLKIT_SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(BIN)/.installed system-packages  ## Run every test, browser tests included (and the Python lint)
	$(BIN)/ruff check .
	node --test tests/js/
	$(BIN)/python -m pytest

build: $(BIN)/.installed  ## Build the site into site/ (strict)
	$(BIN)/mkdocs build --strict

# The same content rules as CI: YAML layout (yamllint, as pre-commit runs it) and the data check.
# Both run, so every problem is listed at once; on GitHub each becomes an annotation on its line.
check: $(BIN)/.installed  ## Check the data files in a few seconds, without building the site
	@status=0; \
	$(BIN)/yamllint -c .yamllint.yml --strict . || status=1; \
	$(BIN)/python -m macros.check || status=1; \
	exit $$status

pdf: build system-packages  ## Build the site, then the whole-toolkit PDF
	$(BIN)/python scripts/build_pdf.py

.PHONY: offline
offline: $(BIN)/.installed  ## The offline pack: the whole toolkit as a zip that works from a folder on disk
	$(BIN)/python scripts/build_offline.py

bench: $(BIN)/.installed system-packages  ## Benchmark against plain Material (several minutes)
	$(BIN)/python scripts/benchmark.py

.PHONY: shots
shots: $(BIN)/.installed system-packages  ## Screenshots of every page type, 4 sizes, light and dark, into build/shots/
	$(BIN)/python scripts/shots.py
