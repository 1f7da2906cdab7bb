"""Shared fixtures. Under CI (``CI`` set) a missing Redis or Chromium fails the run instead of skipping."""

from __future__ import annotations

import os
import shutil
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

    def clear() -> None:
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
def _default_recommenders(request):
    """Transactional tests flush every table, including the recommenders a data migration made."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        from recommendations.services import recommenders_ensure_defaults

        recommenders_ensure_defaults()


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
