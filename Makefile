# つなぐ: `make run` serves the demo site, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev system-deps system-deps-test lint check pytest messages serve clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

system-deps:
	scripts/system-deps.sh run

system-deps-test:
	scripts/system-deps.sh test

run: system-deps install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py seed_demo
# The commit names the code for the page cache; a tree with uncommitted edits (or
# no git) leaves RELEASE empty, so the code's file times name it instead.
	RELEASE="$${RELEASE:-$$(git describe --always --dirty 2>/dev/null | grep -v -- '-dirty$$' || true)}" \
		$(MAKE) serve

# One background-task worker beside the server (bulk issue of certificates); Ctrl-C stops both.
TASK_WORKERS ?= 1

serve:
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) -m config.serve --host $(HOST) --port $(PORT) --task-workers $(TASK_WORKERS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py compilemessages --ignore=.venv -v0

# Browser tests run in their own pytest process: Playwright's sync API keeps an
# event loop running, which Django's ORM refuses to share with ordinary tests.
pytest: install
	$(VENV)/bin/pytest -m "not browser"
	$(VENV)/bin/pytest -m browser

test: system-deps-test install lint check pytest

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
