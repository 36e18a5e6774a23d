# The README's two commands:
#   make run    install, fetch the model, run the pipeline on seeds/ into outputs/
#   make test   install with the test extras, fetch the model, run the tests
#               (as root, also installs Debian's chromium for the review-page test)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip -q
# The browser test of the review page; deselected when no Chromium can be had.
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-test models browser bench clean

run: install models
	$(BIN)/bulletin-ie run seeds --out outputs
	@echo
	@echo "Outputs are in outputs/ (facts.jsonl, entities.jsonl, ...; see outputs/README.md)."
	@echo "Next: $(BIN)/bulletin-ie export outputs --to facts.duckdb   (or: source $(BIN)/activate, then bulletin-ie --help)"

test: install-test models browser
	@if [ -x $(CHROMIUM) ]; then \
	    $(BIN)/python -m pytest -rs; \
	else \
	    echo "make test: no Chromium at $(CHROMIUM): deselecting the review page's browser tests (Debian's chromium runs them: apt-get install chromium chromium-driver)"; \
	    $(BIN)/python -m pytest -rs -m "not browser"; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

install: $(BIN)/python
	$(PIP) install -e .

# What the light test suite needs: pytest and fixtures' builders, playwright
# (driving Debian's chromium), Dask.  The HanLP backend's tests skip, saying so,
# unless the [hanlp] extra is installed (.ci/run installs it, with a CPU torch).
install-test: $(BIN)/python
	$(PIP) install -e '.[test,dask,review-test]'

# Debian's headless Chromium for the review page's browser test: installed when
# missing and we are root (as on CI); otherwise `make test` deselects that test.
browser:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make test: installing Debian's chromium and chromium-driver (apt-get) for the review-page test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

models: $(BIN)/python
	$(BIN)/bulletin-ie models fetch

bench: install models
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) outputs/*.jsonl outputs/*.json outputs/.cache
