"""Servers a test starts and stops itself: a redis-server of its own, a free port, a Celery app on a broker.

Tests that take Redis down use these, never the shared Redis (CI's and the demo's).
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from celery import Celery, current_app

# The project's tasks are shared tasks: importing them registers them with every app, a fresh one too.
import recommendations.tasks  # noqa: F401

# How long a server may take to start before the test gives up on it (a guard, not a measurement).
START_TIMEOUT_SECONDS = 30


def worker_database_url() -> str:
    """The URL of the database this test runs on, for a worker process started by the test."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def free_port() -> int:
    """A port nothing listens on now (the kernel picks it; it stays free unless something races for it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throw-away redis-server: no persistence, its files in ``folder``."""

    def __init__(self, binary: str, folder: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = folder / "redis.log"
        where = ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(folder), "--logfile", str(self.log)]
        self.process = subprocess.Popen([binary, *where, "--save", "", "--appendonly", "no"])
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not start:\n{self.log.read_text() if self.log.exists() else ''}")
            time.sleep(0.05)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1)

    def answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def celery_on(broker_url: str) -> Iterator[Celery]:
    """The current Celery app, for the duration, is one configured as the site's but on ``broker_url``.

    A fresh app rather than changing the project's: its connection pools keep their old broker.
    """
    previous = current_app._get_current_object()
    app = Celery("tests", set_as_current=False, fixups=[])
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=broker_url, result_backend=broker_url, task_always_eager=False)
    app.set_current()
    try:
        yield app
    finally:
        previous.set_current()
        app.close()
