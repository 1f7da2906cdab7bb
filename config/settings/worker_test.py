"""A Celery worker started by the tests: the test settings, but consuming from a real broker."""

from .test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
