# Everyday entry points. `make demo` and `make test` work on a fresh clone.
# The bench extra (baseline extractors) is installed too: the benchmark tests compare against them;
# the parquet extra (pyarrow), which the export tests read back, and the redis extra: the
# distributed tests run nodes and a store on a real Redis server.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install system-deps demo test test-fast bench clean

install: $(STAMP)

# Real components the tests drive: a Redis server, Chromium and its driver (Debian packages).
# Installed only where missing; CI runs as root on Debian. Nothing downloads a browser of its own.
SYSTEM_PACKAGES := redis-server:redis-server chromium:chromium chromedriver:chromium-driver
system-deps:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# pip as shipped with Python 3.11 venvs crashes resolving lxml extras: upgrade it first.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,parquet,redis]'
	touch $(STAMP)

demo: install
	$(BIN)/python -m newscrawler.demo

test: install system-deps
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not e2e"

bench: install
	$(BIN)/python -m benchmarks.extraction ../shared/extraction-dev --predictions data/bench-predictions.json --score

clean:
	rm -rf $(VENV) data
