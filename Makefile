# Thin aliases for the README's commands. Every target sets up the virtualenv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
LAKOO  := $(VENV)/bin/lakoo

.PHONY: setup demo test up down stack check format bench clean

setup: $(VENV)/.installed

# Reinstall whenever the project's dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[dev]'
	touch $@

demo: setup
	$(LAKOO) demo

test: setup
	$(LAKOO) stack up
	$(PY) -m pytest

up: setup
	$(LAKOO) up

down: setup
	$(LAKOO) down

stack: setup
	$(LAKOO) stack up

check: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The quick benchmarks; the long ones (search over 100k products, landing 1M events, dbt on 1M
# orders) are listed with their commands in bench/README.md.
bench: setup
	$(LAKOO) stack up
	$(PY) -m bench.relay
	$(PY) -m bench.gateway --concurrency 1
	$(PY) -m bench.gateway --concurrency 16
	$(PY) -m bench.reservations
	$(PY) -m bench.checkout --buyers 40 --units 30 --start
	$(PY) -m bench.wallet

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
