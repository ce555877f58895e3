# The two commands of the README:
#   make run    set up, migrate, import the seeds, print the demo logins, serve on http://127.0.0.1:8000
#   make test   set up (virtualenv, Chromium for the browser tests, Pango for the PDF reports) and run the whole suite
# The database is DATABASE_URL (a SQLite file when unset).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# The suite runs on both cores; JOBS=0 runs it in one process.
JOBS ?= 2
# The tool that writes the lock files, pinned like everything else.
LOCK_TOOL := uv==0.13.9
LOCK_VENV := .venv-lock
LOCK := $(LOCK_VENV)/bin/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 \
	--custom-compile-command "make lock" $(LOCK_ARGS)

.PHONY: run test setup browser pdf-libs bench check lock

# The virtualenv is made anew from the lock file whenever it changes, so a
# package dropped from the lock does not linger in it.
$(VENV)/.installed: requirements-dev.lock
	$(PYTHON) -m venv --clear $(VENV)
	@echo "Installing the locked requirements into $(VENV) (log: $(VENV)/pip.log)"
	$(VENV)/bin/pip install --disable-pip-version-check --require-hashes -r requirements-dev.lock > $(VENV)/pip.log 2>&1 || (tail -30 $(VENV)/pip.log; exit 1)
	touch $@

setup: $(VENV)/.installed

run: setup pdf-libs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seeds
	@echo "Serving on http://$(HOST)/ (log in with a demo login above)"
	$(PY) manage.py runserver $(HOST)

# Debian's Chromium drives the browser tests; installed when missing and we may.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)) ; \
	  else echo "Chromium is missing: install Debian's chromium package for the browser tests."; fi; \
	fi

# Pango and HarfBuzz, which WeasyPrint draws the PDF reports with; installed when missing and we may.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
pdf-libs:
	@if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! ldconfig -p | grep -q libharfbuzz-subset.so.0; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq $(PDF_LIBS) >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $(PDF_LIBS))) ; \
	  else echo "Pango is missing: install Debian's $(PDF_LIBS) for the PDF reports."; fi; \
	fi

test: setup browser pdf-libs
	$(PY) scripts/check_lock.py
	$(VENV)/bin/ruff check --quiet .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -c tests/pytest.ini --rootdir=. -q -n $(JOBS) $(PYTEST_ARGS) tests

# Benchmarks print their figures beside a baseline measured in the same run.
bench: setup
	$(PY) bench/bench_extraction.py
	$(PY) bench/bench_matching.py
	$(PY) bench/bench_panel.py
	$(PY) bench/bench_import.py

# Writes requirements.lock and requirements-dev.lock (every package, with its
# hashes) from the direct pins in requirements.txt and requirements-dev.txt.
# Packages already locked keep their versions; LOCK_ARGS=--upgrade moves them
# all to the newest that fit, LOCK_ARGS="--upgrade-package NAME" only one.
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --disable-pip-version-check --quiet $(LOCK_TOOL)
	$(LOCK) requirements.txt -o requirements.lock
	$(LOCK) requirements-dev.txt --constraint requirements.lock -o requirements-dev.lock
