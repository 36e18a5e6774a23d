# The README's two commands:
#   make run    install, fetch the model, run the pipeline on seeds/ into outputs/
#   make test   install with the test extras, fetch the model, run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip

.PHONY: run test install install-test models bench clean

run: install models
	$(BIN)/bulletin-ie run seeds --out outputs

test: install-test models
	$(BIN)/python -m pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

install: $(BIN)/python
	$(PIP) install -e .

# Everything the tests exercise: exports (duckdb), the review page in a browser
# (playwright, driving Debian's chromium), Dask, and the optional HanLP backend
# with the CPU build of torch.
install-test: $(BIN)/python
	$(PIP) install -e '.[test,export,dask,review-test,hanlp]'

models: $(BIN)/python
	$(BIN)/bulletin-ie models fetch

bench: install models
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) outputs/*.jsonl outputs/*.json outputs/.cache
