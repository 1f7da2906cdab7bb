"""WSGI entry point; runs config.settings.production unless DJANGO_SETTINGS_MODULE says otherwise."""

import gc
import os

from django.core.wsgi import get_wsgi_application

from config.celery import SETTINGS_MODULE_FROM_ENVIRONMENT

# Not setdefault: importing the config package has already set the Celery worker's default.
os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE_FROM_ENVIRONMENT or "config.settings.production"

application = get_wsgi_application()
# What is loaded by now (Django, the apps, numpy, implicit: some 150,000 objects) lives as long as
# the process; left to the collector, every full collection walks it again (70 ms on this machine,
# a few times per thousand pages, each a latency spike). Frozen, a full collection takes 1 ms.
gc.freeze()
