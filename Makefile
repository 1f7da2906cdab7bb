# `make demo` and `make test` work on a fresh machine with only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install install-dev migrate data train demo-traffic staff serve worker traffic test lint clean

demo: install migrate data train demo-traffic staff serve

# The demo needs only what runs the shop; tests and lint add the pinned tools. Each stamp
# reinstalls when its requirements file changes.
install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

# Generates the reference-scale data once; `make data ARGS=--reset` regenerates.
data: migrate
	$(PY) manage.py generate_data --if-empty $(ARGS)

train: migrate
	$(PY) manage.py train

staff: migrate
	$(PY) manage.py demo_staff

# Persona shoppers browse the live models, so the dashboard's online metrics have data.
traffic: migrate
	$(PY) manage.py simulate_traffic --sessions 300

# make demo's online charts are never empty: a short visit, only while nothing was shown in their
# window (fresh or regenerated data), so re-running make demo stays quick.
demo-traffic: train
	$(PY) manage.py simulate_traffic --sessions 120 --if-empty

serve: install
	@echo
	@echo "  Shop:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  (login: admin / admin)"
	@if [ -n "$$REDIS_URL" ]; then echo "  Redis is set: run a worker too:  make worker  (celery -A config worker -B)"; fi
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# A deploy: production settings (debug off; DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS required),
# static files collected for whitenoise, migrations applied, then gunicorn on HOST:PORT with
# WEB_CONCURRENCY workers (config/gunicorn.py). Tasks and retraining need `make worker` beside it.
.PHONY: serve-prod
serve-prod: export DJANGO_SETTINGS_MODULE = config.settings.production
serve-prod: install
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py migrate --noinput
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config config/gunicorn.py config.wsgi

worker: install
	$(VENV)/bin/celery -A config worker -B --loglevel=INFO

test: install-dev
	$(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf var
