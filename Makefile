# Two commands for a fresh machine: `make run` and `make test`. Both install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint types pytest db-test clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	TNS_ENV=$${TNS_ENV:-development} $(BIN)/tns db upgrade
	TNS_ENV=$${TNS_ENV:-development} $(BIN)/tns dev bootstrap
	TNS_ENV=$${TNS_ENV:-development} $(BIN)/tns serve

lint: $(STAMP)
	$(BIN)/ruff check app tests bench migrations tools
	$(BIN)/ruff format --check app tests bench migrations tools

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint types pytest

# The database tests alone, against whatever TNS_DATABASE_URL names (used by .ci/run for PostgreSQL).
db-test: $(STAMP)
	$(BIN)/pytest -q -m db

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info var
