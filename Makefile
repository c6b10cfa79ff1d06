# policylib: `make run` serves the library, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test install lint security format bench clean screenshots

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# POLICYLIB_DEMO=0 make run: a library for real documents, without the demo or its accounts.
run: install
	$(BIN)/policylib migrate --noinput --verbosity 0
	$(BIN)/policylib collectstatic --noinput --verbosity 0
	$(BIN)/policylib demo --if-empty
	$(BIN)/policylib ensureadmin
	$(BIN)/policylib serve --port $(PORT)

# The whole suite on SQLite, then again on PostgreSQL when POLICYLIB_TEST_DATABASE_URL names one.
test: install lint
	env -u POLICYLIB_TEST_DATABASE_URL $(BIN)/pytest -n 2 -q
	@if [ -n "$$POLICYLIB_TEST_DATABASE_URL" ]; then \
		echo "== The suite again on PostgreSQL =="; \
		$(BIN)/pytest -n 2 -q -p no:cacheprovider; \
	else \
		echo "(PostgreSQL run skipped: set POLICYLIB_TEST_DATABASE_URL to run the suite on it too.)"; \
	fi

lint: install security
	$(BIN)/ruff check src $(wildcard bench)
	$(BIN)/ruff format --check src $(wildcard bench)

# Bandit's security checks over the source (configuration and every skip in pyproject.toml).
security: install
	$(BIN)/bandit -c pyproject.toml -r src -q

format: install
	$(BIN)/ruff format src $(wildcard bench)
	$(BIN)/ruff check --fix src $(wildcard bench)

# The pictures in README.md and docs/ (docs/images/), of a freshly prepared demo library served by
# `policylib serve`, in Debian's chromium; nothing is left running.
screenshots: install
	$(BIN)/python -m policylib.browser_tests.screenshots --out docs/images

clean:
	rm -rf $(VENV) node_modules
