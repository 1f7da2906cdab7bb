"""Shared fixtures. Under CI (``CI`` set) a missing Redis or Chromium fails the run instead of skipping."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from django.conf import settings

from tests.servers import RedisServer

IN_CI = bool(os.environ.get("CI"))


def require_service(name: str, reason: str) -> None:
    """Skip locally, fail in CI: CI must never pass by skipping what it is meant to test."""
    message = f"{name} is required: {reason}"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture
def redis_url() -> str:
    url = settings.REDIS_URL or os.environ.get("REDIS_URL", "")
    if not url:
        require_service("Redis", "set REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require_service("Redis", f"{url} does not answer ({exc})")
    return url


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (the live-version pointer lives there)."""
    from django.core.cache import cache

    from shop.page_parts import page_parts_forget

    def clear() -> None:
        page_parts_forget()
        # django-redis's clear() flushes the whole Redis database (broker queues too);
        # delete_pattern removes only this project's prefixed keys.
        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("*")
        else:
            cache.clear()

    clear()
    yield
    clear()


@pytest.fixture(autouse=True)
def _fresh_catalogue():
    """A rolled-back test deletes products and filters without signals: no copy may outlive its test."""
    from recommendations.selectors.catalogue import item_table_invalidate
    from recommendations.selectors.datasets import dataset_schemas_invalidate
    from recommendations.selectors.filters import stored_filters_invalidate

    item_table_invalidate()
    stored_filters_invalidate()
    dataset_schemas_invalidate()
    yield
    item_table_invalidate()
    stored_filters_invalidate()
    dataset_schemas_invalidate()


@pytest.fixture(autouse=True)
def _default_recommenders(request):
    """Transactional tests flush every table, including the recommenders and filters data migrations made."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        from recommendations.services import filters_ensure_defaults, recommenders_ensure_defaults

        recommenders_ensure_defaults()
        filters_ensure_defaults()


@pytest.fixture
def tasks_in_thread(settings, transactional_db):
    """Queued tasks run in the background thread, as in the embedded demo.

    Transactional: the thread has its own connection and sees only committed rows. Every task
    has finished before the database is flushed.
    """
    from recommendations.services.queue import background_tasks

    settings.RECOMMENDATIONS_TASKS_IN_THREAD = True
    yield background_tasks
    assert background_tasks.wait(timeout=120), "a background task was still running at the end of the test"


class TrainingPause:
    """Holds a training run once its first version is fitted and saved, until ``release()``."""

    def __init__(self, save) -> None:
        self.reached = threading.Event()
        self._go = threading.Event()
        self._save = save

    def release(self) -> None:
        self._go.set()

    def __call__(self, **kwargs):
        saved = self._save(**kwargs)
        if not self.reached.is_set():
            self.reached.set()
            # Bounded, so a test that fails before releasing cannot hang the suite.
            self._go.wait(timeout=60)
        return saved


@pytest.fixture
def training_paused(monkeypatch):
    """A run stops mid-way (first version trained and still running, the others queued) until the
    test releases it."""
    from recommendations.services import training

    pause = TrainingPause(training.artifact_save)
    monkeypatch.setattr(training, "artifact_save", pause)
    yield pause
    pause.release()


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a superuser on the staff side."""
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    """A redis-server of this test's own, which it may stop: the shared Redis is never taken down."""
    binary = shutil.which("redis-server")
    if binary is None:
        require_service("redis-server", "install it (Debian: apt-get install redis-server)")
    server = RedisServer(binary, tmp_path)
    try:
        yield server
    finally:
        server.stop()
