# Quick start: `make run` serves the app with demo data and a task worker; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format clean bench

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: export DEBUG ?= 1
run: install
	@$(BIN)/python manage.py check_database
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata bv2020 msg2019 ci_qif2019
	$(BIN)/python manage.py seed_demo
	@# A task worker renders PDFs and approval papers beside the web server; it stops with it.
	@$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest

# National-scale benchmark (see README, Performance): SQLite, then PostgreSQL.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	DEBUG=1 $(BIN)/python bench/import_bench.py
	$(BIN)/python bench/render_bench.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
