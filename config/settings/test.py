"""Test settings: fast hashing, isolated media, tasks in the caller; services still from the environment."""

import os
import tempfile
from pathlib import Path

# Tests never run with debug on (pytest-django turns it off); they need no real secret.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-a-secret")

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started by a test is told the same folder through DJANGO_MEDIA_ROOT.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or tempfile.mkdtemp(prefix="shop-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="shop-test-static-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if REDIS_URL:
    # Keep test keys apart from a demo sharing the same Redis.
    CACHES["default"]["KEY_PREFIX"] = "shop-test"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a Celery worker started by a test sees the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# Tests run tasks in the caller, so a run is over when the request that started it returns; the
# background thread's tests turn it on, and the Celery integration test switches to a real worker.
CELERY_TASK_ALWAYS_EAGER = True
RECOMMENDATIONS_TASKS_IN_THREAD = False
RECOMMENDATIONS_LIVE_CHECK_SECONDS = 0
# Rows as the models rank them; tests of the home page's promotion turn it on.
RECOMMENDATIONS_HOME_PROMOTION_PERCENT = 0
