# Dangvu: `make run` serves the demo committee, `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run worker test lint browser-deps pdf-deps seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

# migrate and bootstrap (the seed) run without DEBUG: their queries are not logged (on
# SQLite each one costs one more, to quote its parameters). The background worker (large
# imports) runs beside the server, in one shell, and is stopped when the server exits.
run: $(VENV)/.installed
	mkdir -p var
	DEBUG=false $(BIN)/python manage.py migrate --noinput
	DEBUG=false $(BIN)/python manage.py bootstrap --host $(HOST)
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

# The background worker alone (e.g. beside a server started otherwise); Ctrl+C stops it.
worker: $(VENV)/.installed
	$(BIN)/python manage.py db_worker

# Browser tests drive the system's Chromium; as root with apt we install Debian's package.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "NOTE: no Chromium at /usr/bin/chromium: the browser tests will be SKIPPED."; \
	fi

# The PDF of the annual report is converted by LibreOffice; as root with apt we install
# Debian's package for its tests.
pdf-deps:
	@if command -v soffice >/dev/null || command -v libreoffice >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's libreoffice-writer-nogui for the PDF tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null; \
	else \
		echo "NOTE: no LibreOffice (soffice): the PDF tests will be SKIPPED."; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed-dev browser-deps pdf-deps lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

seed: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

clean:
	rm -rf $(VENV) var/dangvu.sqlite3* staticfiles
