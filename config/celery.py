"""Celery app: Redis broker when REDIS_URL is set, in-process (eager) otherwise."""

import os

from celery import Celery

# config/__init__ imports this module, so it runs before wsgi/asgi can choose their own default:
# they read what the environment said here, before the worker's default below fills it in.
SETTINGS_MODULE_FROM_ENVIRONMENT = os.environ.get("DJANGO_SETTINGS_MODULE", "")
# Set before Celery() so that it installs its Django fix-up (django.setup() in the worker).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
