"""The embedded demo, manage.py's and Celery's default: base with debug on unless DJANGO_DEBUG says otherwise.

Everything else (SQLite under var/, in-process Celery without REDIS_URL) is base's defaults.
"""

import os

# Set in the environment rather than here so that base's rule (no secret key without debug)
# sees it, and so that a process the demo starts inherits it. A blank value means unset.
if not os.environ.get("DJANGO_DEBUG"):
    os.environ["DJANGO_DEBUG"] = "true"

from .base import *  # noqa: F403
