"""Training through Celery: eagerly in-process, and with a real worker against Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import app
from recommendations import selectors, services, tasks
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.models import ModelVersion, TrainingRun
from tests.factories import taste_scenario
from tests.servers import worker_database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_scheduled_task_trains_what_is_due_and_skips_while_a_run_is_under_way(django_capture_on_commit_callbacks):
    taste_scenario()
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.train_scheduled.apply().get()
    run = TrainingRun.objects.get(pk=result["run_id"])
    assert run.status == TrainingRun.Status.SUCCEEDED and run.triggered_by.startswith("schedule")
    assert tasks.train_scheduled.apply().get() == {"due": [], "tuning_runs": []}  # everything is fresh now

    ModelVersion.objects.update(created_at=timezone.now() - timedelta(days=1))
    TrainingRun.objects.create(status=TrainingRun.Status.RUNNING)
    assert "already running" in tasks.train_scheduled.apply().get()["skipped"]


def test_beat_runs_a_registered_task_at_the_interval_the_environment_sets():
    # A fresh process, so the environment variable really goes through the settings.
    script = (
        "import django; django.setup()\n"
        "from config.celery import app\n"
        "entry = app.conf.beat_schedule['retrain-recommenders']\n"
        "app.loader.import_default_modules()\n"
        "print(entry['schedule'].total_seconds(), entry['task'] in app.tasks)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "RECOMMENDATIONS_SCHEDULE_CHECK_SECONDS": "17",
    }
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["17.0", "True"]


@pytest.fixture
def celery_worker_process(redis_url, transactional_db):
    """A real `celery worker` on its own queue, sharing this test's database and media folder."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.worker_test",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_QUEUE": queue,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker.env_for_restart = env  # a test that kills it starts another just like it
    old = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url, app.conf.result_backend)
    app.conf.update(task_always_eager=False, task_default_queue=queue, broker_url=redis_url, result_backend=redis_url)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1, destination=None):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Celery worker did not start:\n{worker.stdout.read() if worker.stdout else ''}")
        yield worker
    finally:
        app.conf.update(task_always_eager=old[0], task_default_queue=old[1], broker_url=old[2], result_backend=old[3])
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@pytest.mark.celery_worker
def test_real_worker_trains_and_the_web_side_serves_the_new_version(celery_worker_process):
    world = taste_scenario()
    services.product_stats_rebuild()
    shopper = world["users"]["taste-1"][0]
    assert selectors.home_rows(user=shopper, visitor_id="")[0].title == "Most viewed"

    run = services.training_run_start(triggered_by="test")
    assert run.status == TrainingRun.Status.QUEUED

    deadline = time.monotonic() + 90
    while run.status in (TrainingRun.Status.QUEUED, TrainingRun.Status.RUNNING):
        assert time.monotonic() < deadline, "the worker did not finish the training run"
        time.sleep(0.5)
        run.refresh_from_db()
    assert run.status == TrainingRun.Status.SUCCEEDED, run.error

    live = ModelVersion.objects.get(recommender__slug=RECOMMENDED_FOR_YOU, status=ModelVersion.Status.LIVE)
    assert live.training_run_id == run.pk
    row = selectors.home_rows(user=shopper, visitor_id="")[0]
    assert row.title == "Inspired by your shopping trends"
    assert row.version_id == live.pk


@pytest.fixture
def fast_worker_heartbeat(monkeypatch, settings):
    """Workers started after this beat every second, so a dead one is noticed in four."""
    monkeypatch.setenv("RECOMMENDATIONS_HEARTBEAT_SECONDS", "1")
    settings.RECOMMENDATIONS_HEARTBEAT_SECONDS = 1


@pytest.mark.celery_worker
def test_a_worker_killed_mid_run_is_noticed_and_the_next_run_succeeds(fast_worker_heartbeat, celery_worker_process):
    import signal

    from recommendations.models import Interaction

    world = taste_scenario(users_per_category=30, products_per_category=30)
    events = Interaction.objects.count()
    run = services.training_run_start(triggered_by="test")
    deadline = time.monotonic() + 60
    while TrainingRun.objects.get(pk=run.pk).status == TrainingRun.Status.QUEUED:
        assert time.monotonic() < deadline, "the worker never started the run"
        time.sleep(0.02)
    celery_worker_process.send_signal(signal.SIGKILL)
    celery_worker_process.wait(timeout=10)
    run.refresh_from_db()
    assert run.status == TrainingRun.Status.RUNNING, "the run ended before the worker was killed"

    # Nothing trains it any more: its heartbeat stops, and within four beats it stops blocking.
    with pytest.raises(services.TrainingInProgress):
        services.training_run_start(triggered_by="test")
    time.sleep(5)
    replacement = subprocess.Popen(celery_worker_process.args, cwd=ROOT, env=celery_worker_process.env_for_restart)
    try:
        second = services.training_run_start(triggered_by="test")
        run.refresh_from_db()
        assert run.status == TrainingRun.Status.FAILED and run.error.startswith("worker lost")
        deadline = time.monotonic() + 90
        while second.status in (TrainingRun.Status.QUEUED, TrainingRun.Status.RUNNING):
            assert time.monotonic() < deadline, "the new worker did not finish the next run"
            time.sleep(0.5)
            second.refresh_from_db()
        assert second.status == TrainingRun.Status.SUCCEEDED, second.error
    finally:
        replacement.terminate()
        replacement.wait(timeout=20)
    assert Interaction.objects.count() == events  # nothing lost
    shopper = world["users"]["taste-1"][0]
    assert selectors.home_rows(user=shopper, visitor_id="")[0].title == "Inspired by your shopping trends"
