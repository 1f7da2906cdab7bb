"""One batch job shared by two real Celery workers on a private Redis: both score chunks, the output is whole."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from recommendations import services
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.models import BatchChunk, Recommender, RunStatus
from recommendations.selectors.batch import batch_lines_answer
from tests.factories import taste_scenario
from tests.recommendations.test_batch import assert_same_answers
from tests.servers import celery_on, worker_database_url

ROOT = Path(__file__).resolve().parents[2]
WORKERS = ("batch-one", "batch-two")


@pytest.fixture
def two_workers(redis_server, transactional_db, tmp_path):
    """Two `celery worker` processes on one queue of a redis-server of this test's own, sharing
    this test's database and media folder; each takes one message at a time."""
    queue = f"test-batch-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.worker_test",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": redis_server.url,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_QUEUE": queue,
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue]
    # Logs to files: a pipe nobody reads would fill up and stall a worker mid-job.
    logs = {name: tmp_path / f"{name}.log" for name in WORKERS}
    processes = [
        subprocess.Popen(
            [*command, "-n", f"{name}@%h", "--prefetch-multiplier=1", "--loglevel=INFO", "--logfile", str(logs[name])],
            cwd=ROOT,
            env=env,
        )
        for name in WORKERS
    ]
    try:
        # A fresh current app on the private Redis: the project's may hold pooled connections to another broker.
        with celery_on(redis_server.url) as app:
            app.conf.update(task_default_queue=queue)
            deadline = time.monotonic() + 90
            while len(app.control.ping(timeout=1) or []) < len(WORKERS):
                if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
                    said = "\n".join(log.read_text() for log in logs.values() if log.exists())
                    pytest.fail(f"the Celery workers did not start:\n{said}")
            yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.celery_worker
def test_two_workers_share_one_jobs_chunks_and_the_output_equals_the_in_process_answers(two_workers):
    world = taste_scenario(users_per_category=10)
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == RunStatus.SUCCEEDED, run.error
    users = [user for shoppers in world["users"].values() for user in shoppers]
    lines = [json.dumps({"userId": user.username}).encode() for user in users] * 2 + [b'{"userId": "ghost"}']
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)

    job = services.batch_job_create(
        recommender=recommender, input_file=BytesIO(b"\n".join(lines) + b"\n"), num_results=6, chunk_size=2
    )
    assert job.chunks_total == 31
    deadline = time.monotonic() + 120  # a guard against a hang, not a measurement
    while job.status in (RunStatus.QUEUED, RunStatus.RUNNING):
        assert time.monotonic() < deadline, f"the workers did not finish the job: {job.summary}"
        time.sleep(0.3)
        job.refresh_from_db()
    assert job.status == RunStatus.SUCCEEDED, job.error

    host = socket.gethostname()
    workers = set(BatchChunk.objects.filter(job=job).values_list("worker", flat=True))
    assert workers == {f"{name}@{host}" for name in WORKERS}, "both workers must have scored chunks"
    assert job.chunks_done == 31 and job.lines_done == len(lines) and job.errors == 1
    with default_storage.open(job.output_file.name, "rb") as output:
        written = [json.loads(line) for line in output.read().decode().splitlines()]
    here = batch_lines_answer(recommender=recommender, lines=lines, num_results=6, now=job.as_of.timestamp())
    assert_same_answers(written, here)
    assert all(line["output"]["recommendedItems"] for line in written[:-1])
    assert written[-1]["error"] == f"line {len(lines)}: unknown userId 'ghost'"
