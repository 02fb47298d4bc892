# Rasid: two commands for a fresh machine with Python 3.11 and make.
#   make demo   install, then ingest the bundled example articles into a SQLite store,
#               show a summary and the events from it, and write a situation report
#   make test   install with test tools, then lint and run the test suite

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= rasid-output

.PHONY: demo test install install-test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/rasid gazetteer build

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/rasid gazetteer build

demo: install
	@mkdir -p $(OUT)
	$(BIN)/rasid extract src/rasid/examples --format jsonl -o $(OUT)/events.jsonl --no-progress || [ $$? -eq 3 ]
	$(BIN)/rasid ingest src/rasid/examples --db $(OUT)/rasid.db --no-progress || [ $$? -eq 3 ]
	$(BIN)/rasid stats --db $(OUT)/rasid.db
	$(BIN)/rasid events --db $(OUT)/rasid.db --limit 0
	@# the bundled examples were published in 2025: the brief covers that year
	$(BIN)/rasid report --db $(OUT)/rasid.db --since 2025-01-01 --until 2025-12-31 -o $(OUT)/report.html
	@echo "Store: $(OUT)/rasid.db (rasid events/stats/show/export/trends --db $(OUT)/rasid.db)"
	@echo "Situation report of the examples: $(OUT)/report.html"
	@echo "Dashboard: $(BIN)/rasid serve --db $(OUT)/rasid.db   (then open http://127.0.0.1:8000/)"
	@echo "Full results (one JSON object per article): $(OUT)/events.jsonl"

lint: install-test
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

test: install-test lint
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
