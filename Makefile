# newsgraph tasks. `make run` and `make test` set up everything they need on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv run test check lint types bench lock clean map

venv: $(STAMP)

$(STAMP): requirements/main.txt requirements/dev.txt requirements/models.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/main.txt -r requirements/dev.txt -r requirements/models.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The main job: ingest the sample articles that ship with the package into a database, print a
# report from it, and write the records as JSON Lines too.
run: venv
	mkdir -p out
	$(BIN)/newsgraph ingest src/newsgraph/samples --db out/samples.db --quiet
	$(BIN)/newsgraph report --db out/samples.db
	$(BIN)/newsgraph export --db out/samples.db --format jsonl --out out/samples.jsonl
	@echo "database: out/samples.db; records: out/samples.jsonl"
	@command -v npm >/dev/null && $(MAKE) -s --no-print-directory map || echo "map: not installed (needs npm: make map); the actor pages say so"
	@echo "open the web UI with: $(BIN)/newsgraph serve --db out/samples.db   (then http://127.0.0.1:8000/)"

test: venv
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

types: venv
	$(BIN)/mypy

check: lint types test

bench: venv
	$(BIN)/python benchmarks/run.py

# The world map's country shapes (npm's world-atlas, Natural Earth), pinned by map/package-lock.json
# and installed into map/node_modules (git-ignored); the server reads them from there.
MAP_SHAPES := map/node_modules/world-atlas/countries-110m.json
map: $(MAP_SHAPES)

$(MAP_SHAPES): map/package.json map/package-lock.json
	cd map && npm ci --no-audit --no-fund --silent
	touch $@

# Re-pin dependencies after editing requirements/*.in.
lock: venv
	$(BIN)/pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --strip-extras -o main.txt main.in
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o dev.txt dev.in

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache map/node_modules artifacts
