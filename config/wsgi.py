"""WSGI entry point; runs config.settings.production unless DJANGO_SETTINGS_MODULE says otherwise."""

import os

from django.core.wsgi import get_wsgi_application

from config.celery import SETTINGS_MODULE_FROM_ENVIRONMENT

# Not setdefault: importing the config package has already set the Celery worker's default.
os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE_FROM_ENVIRONMENT or "config.settings.production"

application = get_wsgi_application()
