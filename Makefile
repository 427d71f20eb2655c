# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what they call.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LIANFU := $(BIN)/lianfu
# Two workers: the machines here have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: run test lint setup db browser clean help

help:
	@echo "make run   - set up and serve the demo county on http://127.0.0.1:8000"
	@echo "make test  - set up and run the whole test suite"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP)
	$(LIANFU) compiletranslations
	$(LIANFU) supplynet warm

db: setup
	$(LIANFU) migrate --noinput
	$(LIANFU) demo --size small --if-empty

run: db
	$(LIANFU) demo_logins
	$(LIANFU) serve --addr 127.0.0.1:8000

# Browser tests need Debian's chromium and a CJK font; scripts/ensure-browser
# installs them when it can (root + apt) and says so when it cannot.
browser:
	@bash scripts/ensure-browser

# pytest exits 5 when it collected nothing; say so instead of failing obscurely.
test: setup browser
	@$(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

# Style and the layers of docs/architecture.md (import-linter contracts in pyproject.toml).
lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var
