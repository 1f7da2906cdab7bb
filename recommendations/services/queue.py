"""Tasks are queued by name: services must not import ``recommendations.tasks``, which calls them."""

from __future__ import annotations

from celery import current_app
from django.db import transaction

TRAIN_MODELS = "recommendations.tasks.train_models"
TUNE_RECOMMENDER = "recommendations.tasks.tune_recommender"


def task_enqueue(name: str, *args: object) -> None:
    """Send the task once the current transaction commits (a worker must find the row it names).

    Through the task's signature, so an in-process (eager) Celery runs it here and now.
    """
    transaction.on_commit(lambda: current_app.signature(name, args=args).delay())
