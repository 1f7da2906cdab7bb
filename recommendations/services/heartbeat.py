"""A training run's pulse: how a dead worker is told from a slow one."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, connections
from django.utils import timezone

from recommendations.models import TrainingRun
from recommendations.selectors.runs import heartbeat_interval

logger = logging.getLogger(__name__)


def training_run_beat(*, run_id: int) -> None:
    TrainingRun.objects.filter(pk=run_id, status=TrainingRun.Status.RUNNING).update(heartbeat_at=timezone.now())


@contextmanager
def training_run_heartbeat(*, run_id: int) -> Iterator[None]:
    """Beat every ``RECOMMENDATIONS_HEARTBEAT_SECONDS`` from a thread while the block runs.

    However long one step takes, a live worker keeps beating; a killed one stops at once. Inside
    an open transaction (tests) another connection could not see or update the run, so only the
    caller's own step beats count there.
    """
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_interval()):
                try:
                    training_run_beat(run_id=run_id)
                except DatabaseError:
                    logger.warning("training run %s: heartbeat not written", run_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"training-run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
