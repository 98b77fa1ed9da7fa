# Two commands set everything up on a fresh machine:
#   make run    creates .venv, installs the requirements, builds the warehouse from sample data
#               when none exists, and serves the dashboard on http://localhost:$(PORT)
#   make test   the same set-up plus test dependencies and Chromium, then the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test test-concurrency warehouse lint bench bench-load screenshots clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

warehouse: $(VENV)/.installed
	$(PY) -m warehouse ensure

run: warehouse
	$(PY) -m ui.serve run dashboard.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

test: $(VENV)/.installed-dev
	bash scripts/ensure_chromium.sh
	$(PY) -m pytest

# Twenty sessions through two loads while serving (docs/SNAPSHOTS.md): about 10 minutes here,
# so not part of `make test`.
test-concurrency: $(VENV)/.installed-dev
	bash scripts/ensure_chromium.sh
	$(PY) -m pytest -m concurrency -s tests/browser/test_load_while_serving.py

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .

bench: warehouse
	$(PY) -m bench.run

bench-load: warehouse
	$(PY) -m bench.load

clean:
	rm -rf $(VENV) data/warehouse.duckdb data/sample screenshots
