# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Local mode answers only this machine; a network is served in hosted mode (README, docs/deployment.md).
ADDRESS ?= 127.0.0.1

.PHONY: run test test-fast lint bench screenshots clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or PYTHON=python3 make ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --server.headless true

# ruff, the type checker (strictness in pyproject.toml) and the bundled data files.
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/crm-select validate data/vendors.yaml examples/*.yaml

# A pytest-xdist worker per core (WORKERS=0: no workers, one process); each test file stays on one worker
# unless it says its tests may spread (tests/conftest.py), slow files first (hence no reorder).
WORKERS ?= auto
XDIST := -n $(WORKERS) --dist loadgroup --no-loadscope-reorder

# Everything: browser, PostgreSQL (skipped with a message when none is reachable) and slow tests.
test: lint
	$(PY) -m pytest $(XDIST)

# The fast lane while iterating (under a minute): no browser, no PostgreSQL, nothing marked slow.
test-fast: lint
	$(PY) -m pytest -q $(XDIST) -m "not browser and not postgres and not slow"

bench: $(VENV)/.dev-installed
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

screenshots: $(VENV)/.dev-installed
	SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest tests/e2e -q

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
