"""The benchmark's settings: the shop's own, with its URLs and one bare JSON view beside them.

``scripts/bench_serving.py`` serves this with gunicorn as ``DJANGO_SETTINGS_MODULE``. Nothing
else uses it.
"""

from config.settings.base import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_serving_urls"
