"""Tasks are queued by name: services must not import ``recommendations.tasks``, which calls them.

With a broker (``REDIS_URL``) a Celery worker runs them. Without one, the embedded demo, a
background thread of this process does (``RECOMMENDATIONS_TASKS_IN_THREAD``), so the request
that asked for a training run returns at once instead of holding the browser for the whole run.
Celery's ``task_always_eager`` keeps its own meaning, "run in the caller": the test settings turn
the thread off and keep it, so a test finds the run finished when the request returns.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from celery import current_app
from django.conf import settings
from django.db import connections, models, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from recommendations.models import BatchJob, DataDeletionJob, RunStatus, TrainingRun, TuningRun

logger = logging.getLogger(__name__)

TRAIN_MODELS = "recommendations.tasks.train_models"
TUNE_RECOMMENDER = "recommendations.tasks.tune_recommender"
BATCH_CHUNK = "recommendations.tasks.batch_chunk"
BATCH_JOB_FINISH = "recommendations.tasks.batch_job_finish"
DATA_DELETION = "recommendations.tasks.data_deletion"

QUEUE_UNREACHABLE = "the task queue (Redis) is unreachable"
# Each queued task's first argument is the id of the run row that says how it went; a send that
# fails marks that row, or it would stay queued, blocking the next "Train now" until it expires.
RUN_OF_TASK: dict[str, type[models.Model]] = {
    TRAIN_MODELS: TrainingRun,
    TUNE_RECOMMENDER: TuningRun,
    BATCH_CHUNK: BatchJob,
    BATCH_JOB_FINISH: BatchJob,
    DATA_DELETION: DataDeletionJob,
}


class BackgroundTasks:
    """One thread that runs the tasks given to it one after another: the embedded demo's worker.

    One at a time, as a solo Celery worker does: a training run and a search never split two
    cores between them or queue behind each other for SQLite's single writer. The thread is
    joined when the interpreter exits, so stopping or reloading the server lets a started run
    finish rather than leave it "running", which would refuse Train now until it went stale.
    """

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="background-task")
        self._lock = threading.Lock()
        self._last: Future | None = None

    def submit(self, name: str, args: tuple) -> Future:
        """Queue the Celery task ``name`` with ``args``; returns at once."""
        with self._lock:
            self._last = self._executor.submit(self._run, name, args)
            return self._last

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every task submitted so far has finished; False if ``timeout`` came first."""
        with self._lock:
            last = self._last
        # One thread, first in first out: when the newest task is done, so is every older one.
        return last is None or not wait([last], timeout=timeout).not_done

    @staticmethod
    def _run(name: str, args: tuple) -> None:
        try:
            current_app.signature(name, args=args).apply(throw=True)
        except Exception:
            # Nobody waits on the result: unlogged, a failure here would vanish without a trace.
            logger.exception("background task %s%r failed", name, args)
        finally:
            # Connections are per thread: this one's would otherwise stay open, idle, for good.
            connections.close_all()


background_tasks = BackgroundTasks()


def task_enqueue(name: str, *args: object) -> None:
    """Run the task once the current transaction commits (whoever runs it must find the row it names).

    In this process's background thread when there is no broker; otherwise through Celery, i.e. a
    worker, or here and now under ``task_always_eager``. When the broker cannot be reached, the run
    is marked failed with ``QUEUE_UNREACHABLE`` and nothing raises: the caller reads the outcome
    from the run, as it would after a worker's failure.
    """
    if settings.RECOMMENDATIONS_TASKS_IN_THREAD:
        transaction.on_commit(lambda: background_tasks.submit(name, args))
        return

    def send() -> None:
        # The web side never reads a task's result (the run's row is the record), and subscribing
        # to one is a second Redis connection that retries for about 20 s when Redis is down.
        signature = current_app.signature(name, args=args)
        try:
            signature.apply_async(ignore_result=True)
        except OperationalError as exc:
            logger.error("could not queue %s%r: %s", name, args, exc)
            run_model = RUN_OF_TASK.get(name)
            if run_model is not None:
                # A batch job is running while its later chunks and its join are sent.
                run_model.objects.filter(pk=args[0], status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(
                    status=RunStatus.FAILED, finished_at=timezone.now(), error=QUEUE_UNREACHABLE
                )

    transaction.on_commit(send)
