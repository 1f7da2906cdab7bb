"""Settings come from the environment: base's defaults run the embedded demo, production's pass check --deploy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'db': db['ENGINE'], 'name': str(db['NAME']),"
    " 'cache': settings.CACHES['default']['BACKEND'], 'eager': settings.CELERY_TASK_ALWAYS_EAGER,"
    " 'broker': settings.CELERY_BROKER_URL, 'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS,"
    " 'in_thread': settings.RECOMMENDATIONS_TASKS_IN_THREAD}))"
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


def test_queued_tasks_run_in_a_background_thread_only_without_a_broker_and_never_in_tests():
    assert json.loads(settings_in({"DJANGO_DEBUG": "true"}).stdout)["in_thread"] is True
    assert (
        json.loads(settings_in({"DJANGO_DEBUG": "true", "REDIS_URL": "redis://x:6379/1"}).stdout)["in_thread"] is False
    )
    for redis in ("", "redis://x:6379/1"):
        values = json.loads(settings_in({"DJANGO_SETTINGS_MODULE": "config.settings.test", "REDIS_URL": redis}).stdout)
        # The tests expect a run to be over when the request that started it returns.
        assert values["in_thread"] is False and values["eager"] is True


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


# Run as a deploy would: nothing but what the test sets, a strong key, the hosts named.
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k8Qw2-LmZr9xVt4sPe7yHn3bJd6fGc1aUo5iRk0wXq8zMv2NhT",
    "DJANGO_ALLOWED_HOSTS": "shop.example.com",
}


INHERITED = {"DATABASE_URL", "REDIS_URL", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"}


def run_in(env: dict[str, str], *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run with none of the caller's DJANGO_*, DATABASE_URL, REDIS_URL or BLAS variables, and var/ in tmp_path.

    The BLAS ones too, since config sets them in this very process: a child must show its own.
    """
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in INHERITED}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_VAR_DIR": str(tmp_path / "var"), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_passes_check_deploy_without_a_warning(tmp_path):
    out = run_in(PRODUCTION, "manage.py", "check", "--deploy", tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "System check identified no issues" in out.stdout
    assert "WARNING" not in out.stdout + out.stderr and "Warning" not in out.stderr


def test_production_turns_debug_off_whatever_the_environment_says(tmp_path):
    out = run_in({**PRODUCTION, "DJANGO_DEBUG": "true"}, "-c", PRINT, tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["debug"] is False and json.loads(out.stdout)["hosts"] == ["shop.example.com"]


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
@pytest.mark.parametrize("debug", ["", "true"])
def test_production_fails_clearly_without_a_required_variable(tmp_path, missing, debug):
    env = {**PRODUCTION, "DJANGO_DEBUG": debug}
    del env[missing]
    out = run_in(env, "manage.py", "check", "--deploy", tmp_path=tmp_path)
    assert out.returncode != 0
    assert f"ImproperlyConfigured: {missing} must be set" in out.stderr


def test_production_https_settings_can_be_turned_down(tmp_path):
    env = {
        **PRODUCTION,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "60",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "none",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://shop.example.com, https://admin.example.com",
    }
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS,"
        " settings.SECURE_PROXY_SSL_HEADER, settings.CSRF_TRUSTED_ORIGINS]))"
    )
    out = run_in(env, "-c", code, tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [False, 60, None, ["https://shop.example.com", "https://admin.example.com"]]
    bad = run_in(
        {**PRODUCTION, "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"}, "-c", code, tmp_path=tmp_path
    )
    assert bad.returncode != 0 and "DJANGO_SECURE_PROXY_SSL_HEADER must be HEADER,value or none" in bad.stderr


SHOW_MODULE = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"


def test_manage_py_and_celery_default_to_the_local_demo_with_debug_on(tmp_path):
    out = run_in({}, "manage.py", "shell", "--no-imports", "-c", SHOW_MODULE, tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["config.settings.local", "True"]
    out = run_in({}, "-c", f"import config.celery; {SHOW_MODULE}", tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["config.settings.local", "True"]
    # The demo's debug can still be turned off, and then it needs a key like any other.
    off = run_in({"DJANGO_DEBUG": "false"}, "manage.py", "check", tmp_path=tmp_path)
    assert off.returncode != 0 and "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in off.stderr


@pytest.mark.parametrize("entry", ["config.wsgi", "config.asgi"])
def test_web_servers_default_to_production(tmp_path, entry):
    # config/__init__ loads the Celery app, whose own default (local) must not win here.
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = run_in(env, "-c", f"import {entry}; {SHOW_MODULE}", tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["config.settings.production", "False"]


def test_web_servers_run_the_settings_the_environment_names(tmp_path):
    out = run_in(
        {"DJANGO_SETTINGS_MODULE": "config.settings.local"},
        "-c",
        f"import config.wsgi; {SHOW_MODULE}",
        tmp_path=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["config.settings.local", "True"]


LOGGERS = ("django.request", "django.server", "django.utils.autoreload", "recommendations", "celery.app.trace")
LOG_ONCE = (
    "import logging, django; django.setup()\n"
    f"for name in {LOGGERS!r}:\n"
    "    logging.getLogger(name).warning('one line from %s', name)\n"
    "logging.getLogger('django.request').info('an info line from django')\n"
)


def test_each_log_record_prints_once_under_the_demo_settings(tmp_path):
    # Debug on, as under runserver: Django's own console handler only prints with debug on.
    out = run_in({"DJANGO_SETTINGS_MODULE": "config.settings.local"}, "-c", LOG_ONCE, tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    for name in LOGGERS:
        assert out.stderr.count(f"one line from {name}") == 1, out.stderr
    assert out.stderr.count("an info line from django") == 1, out.stderr


def test_log_level_governs_djangos_records_too(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "LOG_LEVEL": "WARNING"}
    out = run_in(env, "-c", LOG_ONCE, tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "an info line from django" not in out.stderr
    assert out.stderr.count("one line from django.request") == 1, out.stderr


BLAS_THREADS = (
    "import json, django; django.setup()\n"
    "import implicit.als, numpy, scipy.linalg\n"
    "from threadpoolctl import threadpool_info\n"
    "blas = [i for i in threadpool_info() if i['user_api'] == 'blas']\n"
    "print(json.dumps({'libraries': len(blas), 'threads': sorted({i['num_threads'] for i in blas})}))\n"
)


def test_every_blas_library_starts_single_threaded_unless_the_environment_says_otherwise(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.local"}
    out = run_in(env, "-c", BLAS_THREADS, tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    # numpy's and scipy's OpenBLAS: implicit checks them all, where the engine's limit saw one.
    assert found["libraries"] >= 1 and found["threads"] == [1], found
    out = run_in({**env, "OPENBLAS_NUM_THREADS": "2"}, "-c", BLAS_THREADS, tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["threads"] == [2]


DEMO_DATA = (
    "import django; django.setup()\n"
    "from django.core.management import call_command\n"
    "call_command('migrate', verbosity=0)\n"
    "call_command('generate_data', products=120, users=80, interactions=4000, no_progress=True)\n"
    "call_command('train')\n"
)
# What the web process of `make demo` does: a shopper's page folds the shopper in (the engine's
# BLAS limit runs before implicit is imported), then staff press Train now, which trains in the
# background thread; beat or a shell would send a task through Celery's in-process broker.
DEMO_WEB = (
    "import django; django.setup()\n"
    "from django.contrib.auth import get_user_model\n"
    "from django.test import Client\n"
    "from personas.selectors import demo_shopper_profiles\n"
    "from recommendations import tasks\n"
    "from recommendations.models import TrainingRun\n"
    "from recommendations.services.queue import background_tasks\n"
    "shopper, web = demo_shopper_profiles().filter(persona__isnull=False).first().user, Client()\n"
    "web.force_login(shopper)\n"
    "assert 'Inspired by your shopping trends' in web.get('/').content.decode()\n"
    "staff, admin = get_user_model().objects.create_superuser('boss', 'boss@example.com', 'pw'), Client()\n"
    "admin.force_login(staff)\n"
    "assert admin.post('/admin/recommendations/recommender/dashboard/train/').status_code == 302\n"
    "assert background_tasks.wait(timeout=120)\n"
    "print(TrainingRun.objects.order_by('-pk').first().status)\n"
    "print(tasks.train_scheduled.delay().get())\n"
)


def test_training_in_the_embedded_demo_prints_no_warning(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.local"}  # no REDIS_URL: the embedded demo
    setup = run_in(env, "-c", DEMO_DATA, tmp_path=tmp_path)
    assert setup.returncode == 0, setup.stderr
    out = run_in(env, "-c", DEMO_WEB, tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["succeeded", "{'due': [], 'tuning_runs': []}"], out.stdout
    for console in (setup.stderr, out.stderr):
        assert "OpenBLAS" not in console and "RuntimeWarning" not in console, console
        assert "No hostname was supplied" not in console, console


CONCURRENT_WRITES = """
import threading, django
django.setup()
from django.db import connection, connections, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE hits (id INTEGER PRIMARY KEY, n INTEGER)")
failures = []
def writer():
    for n in range(150):
        try:
            # Read, then write: a page's impressions look up the recommenders first.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM hits")
                cursor.execute("INSERT INTO hits (n) VALUES (%s)", [cursor.fetchone()[0]])
        except Exception as exc:
            failures.append(repr(exc))
    connections.close_all()
threads = [threading.Thread(target=writer) for _ in range(3)]
for thread in threads: thread.start()
for thread in threads: thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM hits")
    print(cursor.fetchone()[0], len(failures), failures[:1])
"""


def test_concurrent_sqlite_transactions_that_read_then_write_wait_for_the_lock_instead_of_failing(tmp_path):
    # Two gunicorn workers on the embedded SQLite: a deferred transaction that read before another
    # worker committed cannot take the write lock and fails at once ("database is locked").
    out = subprocess.run(
        [sys.executable, "-c", CONCURRENT_WRITES],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_VAR_DIR": str(tmp_path),
            "DJANGO_DEBUG": "true",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:2] == ["450", "0"], out.stdout
