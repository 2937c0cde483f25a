# Two commands for a fresh machine: `make run` and `make test`. Both install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint types pytest db-test messages clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Interface translations: compiled from the .po catalogues in the build, never committed.
MO := $(patsubst %.po,%.mo,$(wildcard app/web/locales/*/LC_MESSAGES/messages.po))
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ >/dev/null

# After changing interface strings: extract them and merge them into every catalogue.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header -o app/web/locales/messages.pot .
	$(BIN)/pybabel update -i app/web/locales/messages.pot -d app/web/locales --no-fuzzy-matching --width 100

run: $(STAMP) $(MO)
	TNS_ENV=$${TNS_ENV:-development} $(BIN)/tns db upgrade
	TNS_ENV=$${TNS_ENV:-development} $(BIN)/tns dev bootstrap
	TNS_ENV=$${TNS_ENV:-development} $(BIN)/tns serve

lint: $(STAMP)
	$(BIN)/ruff check app tests bench migrations tools
	$(BIN)/ruff format --check app tests bench migrations tools

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(MO)
	tools/ensure-chromium.sh
	$(BIN)/pytest -q

test: lint types pytest

# The database tests alone, against whatever TNS_DATABASE_URL names (used by .ci/run for PostgreSQL).
db-test: $(STAMP) $(MO)
	tools/ensure-chromium.sh
	$(BIN)/pytest -q -m db

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info var
