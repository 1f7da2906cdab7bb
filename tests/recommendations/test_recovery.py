"""Training that recovers by itself: dead workers are noticed, their runs taken over or failed, runs cancelled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import services, tasks
from recommendations.defaults import MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.models import ModelVersion, Recommender, TrainingRun
from recommendations.selectors import training_run_progress
from recommendations.services.training import MAX_ATTEMPTS
from tests.factories import taste_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_heartbeat(settings):
    settings.RECOMMENDATIONS_HEARTBEAT_SECONDS = 1  # stale after four seconds
    return settings


def _orphan(*, beat_seconds_ago: float, attempts: int = 1) -> TrainingRun:
    """A run left 'running' by a worker that was killed, with a version it never finished."""
    now = timezone.now()
    run = TrainingRun.objects.create(
        status=TrainingRun.Status.RUNNING,
        started_at=now - timedelta(minutes=5),
        heartbeat_at=now - timedelta(seconds=beat_seconds_ago),
        attempts=attempts,
    )
    ModelVersion.objects.create(
        recommender=Recommender.objects.get(slug=MOST_VIEWED), training_run=run, status=ModelVersion.Status.RUNNING
    )
    return run


def test_a_run_whose_heartbeat_stopped_no_longer_blocks_training(fast_heartbeat):
    taste_scenario()
    orphan = _orphan(beat_seconds_ago=30)
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == TrainingRun.Status.SUCCEEDED
    orphan.refresh_from_db()
    assert orphan.status == TrainingRun.Status.FAILED and orphan.error.startswith("worker lost: no heartbeat since")
    assert orphan.versions.get().status == ModelVersion.Status.FAILED


def test_a_run_that_still_beats_is_left_alone(fast_heartbeat):
    _orphan(beat_seconds_ago=0.5)
    with pytest.raises(services.TrainingInProgress, match="already running"):
        services.training_run_start(triggered_by="test")


def test_the_dashboard_says_when_a_worker_seems_lost(fast_heartbeat):
    run = _orphan(beat_seconds_ago=30)
    assert "its worker seems lost" in training_run_progress(run=run).stage
    run.heartbeat_at = timezone.now()
    assert "seems lost" not in training_run_progress(run=run).stage


def test_a_message_delivered_again_takes_over_a_dead_workers_run(fast_heartbeat):
    taste_scenario()
    orphan = _orphan(beat_seconds_ago=30)
    run = services.training_run_execute(run_id=orphan.pk)
    assert run.status == TrainingRun.Status.SUCCEEDED, run.error
    assert run.attempts == 2
    lost = run.versions.get(status=ModelVersion.Status.FAILED)
    assert "worker lost" in lost.error
    assert run.versions.filter(recommender__slug=MOST_VIEWED, status=ModelVersion.Status.LIVE).exists()


def test_a_run_is_taken_over_only_so_many_times(fast_heartbeat):
    taste_scenario()
    orphan = _orphan(beat_seconds_ago=30, attempts=MAX_ATTEMPTS)
    run = services.training_run_execute(run_id=orphan.pk)
    assert run.status == TrainingRun.Status.FAILED and f"after {MAX_ATTEMPTS} attempts" in run.error
    assert not ModelVersion.objects.filter(status=ModelVersion.Status.LIVE).exists()


def test_the_training_task_survives_a_killed_worker():
    # Acknowledged only after it ran: a worker killed mid-run leaves the message to another.
    assert tasks.train_models.acks_late and tasks.train_models.reject_on_worker_lost


def test_beat_recovers_lost_runs_even_when_nothing_is_due(fast_heartbeat, monkeypatch):
    orphan = _orphan(beat_seconds_ago=30)
    monkeypatch.setattr(tasks.selectors, "recommenders_due", lambda: [])
    assert tasks.train_scheduled.apply().get() == {"due": [], "tuning_runs": []}
    orphan.refresh_from_db()
    assert orphan.status == TrainingRun.Status.FAILED


def test_cancelling_mid_run_trains_nothing_more_and_publishes_nothing(monkeypatch):
    from recommendations.services import training

    taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    live_before = set(ModelVersion.objects.filter(status=ModelVersion.Status.LIVE).values_list("pk", flat=True))
    real_train = training._version_train

    def cancel_after_first(*, version, **kwargs):
        trained = real_train(version=version, **kwargs)
        services.training_run_cancel(run_id=version.training_run_id, cancelled_by="staff")
        return trained

    monkeypatch.setattr(training, "_version_train", cancel_after_first)
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == TrainingRun.Status.FAILED and run.error == "cancelled by staff"
    statuses = list(run.versions.values_list("status", flat=True))
    assert statuses.count(ModelVersion.Status.READY) == 1 and ModelVersion.Status.LIVE not in statuses
    assert set(ModelVersion.objects.filter(status=ModelVersion.Status.LIVE).values_list("pk", flat=True)) == live_before


def test_staff_cancel_a_stuck_run_from_the_dashboard(admin_client, fast_heartbeat):
    orphan = _orphan(beat_seconds_ago=1)
    page = admin_client.get(reverse("admin:recommendations_dashboard")).content.decode()
    assert 'data-testid="cancel-run"' in page
    response = admin_client.post(reverse("admin:recommendations_run_cancel", args=[orphan.pk]), follow=True)
    orphan.refresh_from_db()
    assert orphan.status == TrainingRun.Status.FAILED and orphan.error == "cancelled by admin:admin"
    assert "failed" in response.content.decode()
    assert Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)  # the dashboard still renders after it
