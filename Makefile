# The README's two commands:
#   make run    install, fetch the model, run the pipeline on seeds/ into outputs/
#   make test   install with the test extras, fetch the model, run the tests
# Neither touches the system: they install into .venv/ (only when pyproject.toml
# changed since the last install) and fetch the model once into models/.
# The review page's browser tests run where a Chromium is found ($CHROMIUM, the
# system's, or Playwright's) and are skipped, saying so, where none is:
#   make browser   installs one (Debian's chromium as root, else Playwright's)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip -q

.PHONY: run test install install-test models browser bench clean

run: install models
	$(BIN)/bulletin-ie run seeds --out outputs
	@echo
	@echo "Outputs are in outputs/ (facts.jsonl, entities.jsonl, ...; see outputs/README.md)."
	@echo "Next: $(BIN)/bulletin-ie export outputs --to facts.duckdb   (or: source $(BIN)/activate, then bulletin-ie --help)"

test: install-test models
	$(BIN)/python -m pytest -rs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Stamps: pip runs again only when pyproject.toml changes (so that `make test`
# works offline once installed).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

# What the test suite needs: pytest and the fixtures' builders, playwright (to
# drive a Chromium if there is one), Dask.  The HanLP backend's tests skip,
# saying so, unless the [hanlp] extra is installed (.ci/run installs it).
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test,dask,review-test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# A headless Chromium for the review page's browser tests, for those who want
# them (CI does: .ci/run).  As root on Debian: apt-get installs Debian's
# chromium (and the libraries it needs, which may upgrade some system
# packages).  Otherwise: Playwright downloads its own into ~/.cache/ms-playwright.
browser: install-test
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make browser: installing Debian's chromium (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else \
	    echo "make browser: installing Playwright's Chromium into ~/.cache/ms-playwright"; \
	    $(BIN)/python -m playwright install chromium; \
	fi

models: install
	$(BIN)/bulletin-ie models fetch

bench: install models
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) outputs/*.jsonl outputs/*.json outputs/.cache
