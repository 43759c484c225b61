# plp-site: `make site` builds the demo school, `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The browser editor's test runs Decap CMS's local proxy (decap-server), installed from its pinned lockfile.
CMS_STAMP := tools/cms/node_modules/.installed-stamp
# MkDocs 1.6 is the last 1.x release; keep mkdocs-material from printing its end-of-life notice.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint e2e bench lock docs clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "plp-site needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

$(CMS_STAMP): tools/cms/package.json tools/cms/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "the browser editor's test needs npm: install Debian's nodejs and npm (apt-get install nodejs npm)"; exit 1; }
	npm ci --prefix tools/cms --no-audit --no-fund --loglevel=error
	@touch $(CMS_STAMP)

site: $(STAMP)
	$(BIN)/plp build

test: $(STAMP) $(CMS_STAMP) lint
	@echo "Running about 4,600 tests (unit, case folders, real builds, Chromium); this takes about 8 minutes on a 2-core machine."
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check plp_site tests bench docs tools
	$(BIN)/ruff format --check plp_site tests bench docs tools
	$(BIN)/mypy

e2e: $(STAMP) $(CMS_STAMP)
	$(BIN)/python -m pytest tests/e2e

bench: $(STAMP)
	$(BIN)/python bench/run.py

docs: $(STAMP)
	$(BIN)/mkdocs build --strict -f docs/mkdocs.yml

# Re-pin every dependency after changing pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --exclude plp-site > requirements.lock

clean:
	rm -rf $(VENV) site staff-site .plp/cache
