"""Test settings: fast hashing and isolated media; services still from the environment."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="shop-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if REDIS_URL:
    # Keep test keys apart from a demo sharing the same Redis.
    CACHES["default"]["KEY_PREFIX"] = "shop-test"
RECOMMENDATIONS_LIVE_CHECK_SECONDS = 0
