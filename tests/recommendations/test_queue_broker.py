"""Queuing tasks: a broker that cannot be reached fails the run at once and says why."""

from __future__ import annotations

import base64
import json
import socket
import threading

import pytest
from django.db import connections

from recommendations import services
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.models import Recommender, TrainingRun, TuningRun
from recommendations.services.queue import QUEUE_UNREACHABLE, TRAIN_MODELS
from tests.servers import START_TIMEOUT_SECONDS, celery_on

# Transactional: the task is sent on commit, which in autocommit (a request) is at once, so the
# run these services return is the one after the send, as staff see it.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_training_run_is_queued_for_a_worker_when_the_broker_answers(redis_server):
    with celery_on(redis_server.url) as app:
        run = services.training_run_start(triggered_by="test")
        queue = app.conf.task_default_queue
    assert run.status == TrainingRun.Status.QUEUED and run.error == ""
    message = json.loads(redis_server.client().lpop(queue))
    assert message["headers"]["task"] == TRAIN_MODELS
    args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
    assert args == [run.pk]


def test_with_the_broker_down_a_training_run_fails_at_once_and_blocks_no_retry(redis_server):
    redis_server.stop()
    with celery_on(redis_server.url):
        run = services.training_run_start(triggered_by="test")
        assert run.status == TrainingRun.Status.FAILED and run.error == QUEUE_UNREACHABLE
        assert run.finished_at is not None
        assert not TrainingRun.objects.filter(status=TrainingRun.Status.QUEUED).exists()
        # The next try is refused by the broker again, not as "already queued" by the failed one.
        again = services.training_run_start(triggered_by="test")
    assert again.pk != run.pk and again.error == QUEUE_UNREACHABLE


def test_with_the_broker_down_a_hyperparameter_search_fails_and_says_why(redis_server):
    redis_server.stop()
    with celery_on(redis_server.url):
        run = services.tuning_run_start(recommender=Recommender.objects.get(slug=RECOMMENDED_FOR_YOU), triggered_by="t")
    assert run.status == TuningRun.Status.FAILED and run.error == QUEUE_UNREACHABLE


def test_a_broker_that_accepts_but_never_answers_fails_the_run_instead_of_hanging():
    # What a Redis behind a dead proxy or a full network path looks like: the socket connects,
    # nothing ever replies. Without the socket timeout, sending waits forever.
    silent = socket.create_server(("127.0.0.1", 0), backlog=16)
    url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
    started: list[TrainingRun] = []

    def start() -> None:
        try:
            with celery_on(url):
                started.append(services.training_run_start(triggered_by="test"))
        finally:
            connections.close_all()  # this thread's own connection

    with silent:
        caller = threading.Thread(target=start, daemon=True)
        caller.start()
        caller.join(START_TIMEOUT_SECONDS)  # a guard so a regression fails here rather than hanging the suite
    assert not caller.is_alive(), "queuing a task hung on a silent broker"
    assert started[0].status == TrainingRun.Status.FAILED and started[0].error == QUEUE_UNREACHABLE
