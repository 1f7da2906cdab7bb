"""Settings come from the environment, with defaults that run the embedded demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'db': db['ENGINE'], 'name': str(db['NAME']),"
    " 'cache': settings.CACHES['default']['BACKEND'], 'eager': settings.CELERY_TASK_ALWAYS_EAGER,"
    " 'broker': settings.CELERY_BROKER_URL, 'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS}))"
)


def settings_in(env: dict[str, str]) -> subprocess.CompletedProcess:
    unset = {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.base", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_defaults_are_sqlite_in_process_celery_and_local_memory_cache(tmp_path):
    out = settings_in({"DJANGO_VAR_DIR": str(tmp_path / "fresh"), "DJANGO_DEBUG": "true"})
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["name"] == str(tmp_path / "fresh" / "db.sqlite3")
    assert (tmp_path / "fresh").is_dir()  # a fresh clone gets its var/ folder
    assert values["cache"].endswith("LocMemCache") and values["eager"] is True and values["debug"] is True


def test_redis_and_postgres_urls_switch_the_services():
    out = settings_in(
        {"REDIS_URL": "redis://example:6379/3", "DATABASE_URL": "postgres://u@db:5432/shop", "DJANGO_DEBUG": "1"}
    )
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout)
    assert values["db"] == "django.db.backends.postgresql" and values["name"] == "shop"
    assert values["cache"] == "django_redis.cache.RedisCache"
    assert values["broker"] == "redis://example:6379/3" and values["eager"] is False


def test_debug_is_off_by_default_and_then_needs_a_secret_key():
    out = settings_in({"DJANGO_SECRET_KEY": ""})
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in out.stderr
    ok = settings_in({"DJANGO_SECRET_KEY": "s3cret"})
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["debug"] is False


def test_secret_key_is_required_without_debug():
    out = settings_in({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": ""})
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in out.stderr

    ok = settings_in({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "s3cret", "DJANGO_ALLOWED_HOSTS": "shop.example"})
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["hosts"] == ["shop.example"]


def test_a_malformed_boolean_is_a_clear_error():
    out = settings_in({"DJANGO_DEBUG": "maybe"})
    assert out.returncode != 0 and "DJANGO_DEBUG must be true or false" in out.stderr
