# Two commands for a new user:  `make demo`  and  `make test`  (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint eval bench install dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime dependencies, pinned with hashes in requirements.lock, then Legation itself.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Test and lint tools, pinned in requirements-dev.lock.
$(VENV)/.dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev

demo: $(VENV)/.installed
	$(BIN)/legation demo

test: $(VENV)/.dev
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

eval: $(VENV)/.installed
	$(BIN)/legation eval --out benchmarks/results/eval.json

clean:
	rm -rf $(VENV) legation.duckdb
