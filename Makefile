# `make demo` and `make test` work on a fresh machine with only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install migrate data train staff serve worker traffic test lint clean

demo: install migrate data train staff serve

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
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

serve: install
	@echo
	@echo "  Shop:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  (login: admin / admin)"
	@if [ -n "$$REDIS_URL" ]; then echo "  Redis is set: run a worker too:  make worker  (celery -A config worker -B)"; fi
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A config worker -B --loglevel=INFO

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf var
