"""gunicorn's settings for a deploy: ``gunicorn --config config/gunicorn.py config.wsgi`` (``make serve-prod``).

``HOST`` and ``PORT`` say where to listen, ``WEB_CONCURRENCY`` how many worker processes serve.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from gunicorn.arbiter import Arbiter
from gunicorn.workers.base import Worker


def _env_int(name: str, default: int) -> int:
    # The rules of config.env (blank is unset, a typo names its variable), without loading the
    # config package, whose Celery app has no business in gunicorn's master process.
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, not {raw!r}") from None


# Loopback by default: a deploy sits behind a proxy that terminates TLS. A container says HOST=0.0.0.0.
bind = f"{os.environ.get('HOST', '').strip() or '127.0.0.1'}:{_env_int('PORT', 8000)}"
# Each worker is a process that loads the live models into its own memory.
workers = _env_int("WEB_CONCURRENCY", 2)
accesslog = "-"
# gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn), which a second
# gunicorn of the same user would share; nothing here uses it.
control_socket_disable = True


def post_worker_init(worker: Worker) -> None:
    """Stop gunicorn when the static files were never collected, instead of answering 500 to every page.

    The manifest storage looks every ``{% static %}`` name up in the manifest collectstatic writes,
    so without it each page fails while linking its stylesheet, the error pages included.
    """
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return
    if not staticfiles_storage.manifest_storage.exists(staticfiles_storage.manifest_name):
        worker.log.error(
            "Static files are not collected in %s: run manage.py collectstatic first (make serve-prod does)",
            settings.STATIC_ROOT,
        )
        # The exit code by which gunicorn's master halts instead of starting the worker again and again.
        sys.exit(Arbiter.WORKER_BOOT_ERROR)
