# amtui — the account manager's cockpit. `make demo` and `make test` need only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo run test format screenshots bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP) $@

demo: $(STAMP)  ## open the cockpit on a fresh demo book
	$(BIN)/amtui --demo

run: $(STAMP)  ## open the cockpit on your own book
	$(BIN)/amtui

test: $(TEST_STAMP)  ## lint, check formatting and run the whole test suite
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/python -m pytest

format: $(TEST_STAMP)
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

screenshots: $(STAMP)  ## render the cockpit on the demo book to screenshots/*.svg
	$(BIN)/python scripts/screenshots.py

ACCOUNTS ?= 2000

bench: $(STAMP)  ## seed a book (make bench ACCOUNTS=100000) and time the cockpit on it
	$(BIN)/python benchmarks/run.py --accounts $(ACCOUNTS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
