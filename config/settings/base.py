"""Settings every module shares, read from the environment with production-safe defaults.

Unset ``DATABASE_URL`` means a SQLite file under ``var/``; unset ``REDIS_URL``
means an in-process Celery and a local-memory cache, so the demo needs nothing but
Python. ``local`` (the demo), ``production`` and ``test`` build on this module.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import Env

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("DJANGO_VAR_DIR", default=str(BASE_DIR / "var")))
# Local state (SQLite file, media, beat schedule) goes here; a fresh clone has no var/ yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Off unless asked for: a deploy that forgets it must not serve debug pages or an open API.
# config.settings.local (manage.py's default) turns it on for the demo.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            '(generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))")'
        )
    SECRET_KEY = "insecure-demo-key-only-for-debug"  # noqa: S105 - debug only

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework_api_key",
    "shop",
    "personas",
    "recommendations",
    "datasets",
    "storefront",
    "personalize",
]

MIDDLEWARE = [
    # Outermost: replaces Django's debug 404/500 pages by the shop's own in the local demo.
    "storefront.middleware.FriendlyErrorPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A request carrying a NUL or other control character is a 400 before any view stores it.
    "config.middleware.ControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

# Django's database sessions and model backend, each page's session and shopper read with a
# prepared statement (``shop.rows``). A session signed in before the switch names Django's own
# backend and is asked to sign in once more.
SESSION_ENGINE = "shop.sessions"
AUTHENTICATION_BACKENDS = ["shop.auth.ModelBackend"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop.context_processors.cart",
                "personas.context_processors.personas",
                "storefront.context_processors.site_urls",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet; SQLite cannot create the folder itself.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while a training run or generator writes. IMMEDIATE takes the
    # write lock at BEGIN, where SQLite waits for it: a deferred transaction that read first and then
    # writes after another worker's commit fails at once with "database is locked" (seen under load:
    # one impression in twenty lost with two gunicorn workers). Every atomic block here writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "admin:login"

# Redis: broker, result store and cache when set; otherwise everything in-process.
REDIS_URL = env.str("REDIS_URL", default="")
# Redis is a cache and a queue, never the truth. When it is unreachable a cache read misses and a
# write is dropped, both logged, so pages answer from the database; the short timeouts keep a
# request from waiting on a Redis that is down or cut off (it answers in a millisecond when up).
REDIS_CACHE_OPTIONS = {
    "CLIENT_CLASS": "django_redis.client.DefaultClient",
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 0.25,
    "SOCKET_TIMEOUT": 0.25,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="shop"),
            "OPTIONS": dict(REDIS_CACHE_OPTIONS),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # With a host named, kombu does not warn "No hostname was supplied" when an eager task is sent.
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    # No broker and no worker: tasks run in this process (a direct .delay() runs in the caller).
    CELERY_TASK_ALWAYS_EAGER = True
# Without a broker, recommendations.services.queue runs queued tasks in a background thread of
# the process that queued them, so Train now returns at once; with one, a Celery worker runs them.
RECOMMENDATIONS_TASKS_IN_THREAD = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queuing a task from a web request gives up on an unreachable broker within about two seconds
# (one retry, for a pooled connection Redis dropped) instead of hanging the request; the caller
# marks its run failed. A worker's BRPOP is read only once it has its answer, so it is unaffected.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
# A killed worker must not lose its task: acknowledge after the task ran (tasks opt in with
# acks_late), and have Redis hand an unacknowledged message out again only after the longest run.
RECOMMENDATIONS_TRAINING_TIMEOUT_SECONDS = env.int("RECOMMENDATIONS_TRAINING_TIMEOUT_SECONDS", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = RECOMMENDATIONS_TRAINING_TIMEOUT_SECONDS + 600

# Retrain a recommender when its newest version is this old, or after this many new events
# (0 turns a trigger off; each recommender can override both in the admin).
RECOMMENDATIONS_RETRAIN_MINUTES = env.int("RECOMMENDATIONS_RETRAIN_MINUTES", default=60)
RECOMMENDATIONS_RETRAIN_AFTER_EVENTS = env.int("RECOMMENDATIONS_RETRAIN_AFTER_EVENTS", default=10000)
# How often Celery beat checks which recommenders are due.
RECOMMENDATIONS_SCHEDULE_CHECK_SECONDS = env.int("RECOMMENDATIONS_SCHEDULE_CHECK_SECONDS", default=60)
# Beat's bookkeeping lives with the other local state, not in the working tree.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "retrain-recommenders": {
        "task": "recommendations.tasks.train_scheduled",
        "schedule": timedelta(seconds=RECOMMENDATIONS_SCHEDULE_CHECK_SECONDS),
    },
}

# An anonymous browser gets personal recommendations after this many events of its own.
RECOMMENDATIONS_ANONYMOUS_MIN_EVENTS = env.int("RECOMMENDATIONS_ANONYMOUS_MIN_EVENTS", default=3)
# How many seconds a web process trusts its idea of which model version is live.
RECOMMENDATIONS_LIVE_CHECK_SECONDS = env.int("RECOMMENDATIONS_LIVE_CHECK_SECONDS", default=2)
RECOMMENDATIONS_ROW_SIZE = env.int("RECOMMENDATIONS_ROW_SIZE", default=8)
# Share (percent) of the home page's first row given to products flagged promoted; 0: none.
RECOMMENDATIONS_HOME_PROMOTION_PERCENT = env.int("RECOMMENDATIONS_HOME_PROMOTION_PERCENT", default=20)
# Folds of test users each trained version is evaluated on (each a tenth of the users): more
# folds give the dashboard a spread to show, at one more model fit each.
RECOMMENDATIONS_EVALUATION_FOLDS = env.int("RECOMMENDATIONS_EVALUATION_FOLDS", default=3)
# Test shoppers per fold of the offline evaluation and the choice among candidates (a stable
# sample past it): the reference shop has 600 per fold, 100x has 60,000.
RECOMMENDATIONS_EVALUATION_MAX_USERS = env.int("RECOMMENDATIONS_EVALUATION_MAX_USERS", default=10000)
# EASE holds a dense float32 item x item matrix (3.6 GB at 30,000 items, 4 bytes x n^2): a larger
# catalogue is refused unless the recommender's params raise max_items themselves.
RECOMMENDATIONS_EASE_MAX_ITEMS = env.int("RECOMMENDATIONS_EASE_MAX_ITEMS", default=30000)
# A running training run beats this often; four missed beats and it is marked failed (worker lost).
RECOMMENDATIONS_HEARTBEAT_SECONDS = env.int("RECOMMENDATIONS_HEARTBEAT_SECONDS", default=15)

# Batch recommendation jobs: lines per Celery task, and the most lines one input file may hold
# (a larger file is refused before anything is stored or queued).
RECOMMENDATIONS_BATCH_CHUNK_SIZE = env.int("RECOMMENDATIONS_BATCH_CHUNK_SIZE", default=2000)
RECOMMENDATIONS_BATCH_MAX_LINES = env.int("RECOMMENDATIONS_BATCH_MAX_LINES", default=1_000_000)

# A bootstrap key: when set, "Authorization: Api-Key <key>" with it is accepted beside the keys
# issued in the admin (stored hashed) and a staff session.
RECOMMENDATIONS_API_KEY = env.str("RECOMMENDATIONS_API_KEY", default="")
# Off: /api/ and /personalize/ answer 404 while the storefront keeps working.
RECOMMENDATIONS_API_ENABLED = env.bool("RECOMMENDATIONS_API_ENABLED", default=True)
# Event ingestion (PutEvents on /api/ and /personalize/) per key, DRF's rate syntax ("100/s",
# "6000/m"); empty: unthrottled. Counted in the cache, so every web process shares one count with Redis.
RECOMMENDATIONS_EVENTS_THROTTLE_RATE = env.str("RECOMMENDATIONS_EVENTS_THROTTLE_RATE", default="100/s")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shop recommendations API",
    "VERSION": "1.0.0",
    # /api/docs/ serves Swagger UI from drf-spectacular-sidecar's static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# Django applies its DEFAULT_LOGGING first, which gives the "django" logger a console handler of
# its own: with root's as well, every django.* line (a 404, the autoreloader) printed twice. Here
# "django" keeps only the admins' error mail and hands its records to root's console;
# django.server (runserver's request lines) keeps Django's format and does not propagate.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
