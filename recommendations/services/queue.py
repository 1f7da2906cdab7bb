"""Tasks are queued by name: services must not import ``recommendations.tasks``, which calls them."""

from __future__ import annotations

import logging

from celery import current_app
from django.db import models, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from recommendations.models import RunStatus, TrainingRun, TuningRun

logger = logging.getLogger(__name__)

TRAIN_MODELS = "recommendations.tasks.train_models"
TUNE_RECOMMENDER = "recommendations.tasks.tune_recommender"

QUEUE_UNREACHABLE = "the task queue (Redis) is unreachable"
# Each queued task's first argument is the id of the run row that says how it went; a send that
# fails marks that row, or it would stay queued, blocking the next "Train now" until it expires.
RUN_OF_TASK: dict[str, type[models.Model]] = {TRAIN_MODELS: TrainingRun, TUNE_RECOMMENDER: TuningRun}


def task_enqueue(name: str, run_id: int) -> None:
    """Send the task once the current transaction commits (a worker must find the row it names).

    Through the task's signature, so an in-process (eager) Celery runs it here and now. When the
    broker cannot be reached, the run is marked failed with ``QUEUE_UNREACHABLE`` and nothing raises:
    the caller reads the outcome from the run, as it would after a worker's failure.
    """
    run_model = RUN_OF_TASK[name]

    def send() -> None:
        # The web side never reads a task's result (the run's row is the record), and subscribing
        # to one is a second Redis connection that retries for about 20 s when Redis is down.
        signature = current_app.signature(name, args=(run_id,))
        try:
            signature.apply_async(ignore_result=True)
        except OperationalError as exc:
            logger.error("could not queue %s for run %s: %s", name, run_id, exc)
            run_model.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
                status=RunStatus.FAILED, finished_at=timezone.now(), error=QUEUE_UNREACHABLE
            )

    transaction.on_commit(send)
