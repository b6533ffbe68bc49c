# Everyday entry points. `make demo` and `make test` work on a fresh clone.
# The bench extra (baseline extractors) is installed too: the benchmark tests compare against them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench clean

install: $(STAMP)

# pip as shipped with Python 3.11 venvs crashes resolving lxml extras: upgrade it first.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

demo: install
	$(BIN)/python -m newscrawler.demo

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks.extraction ../shared/extraction-dev --predictions data/bench-predictions.json --score

clean:
	rm -rf $(VENV) data
