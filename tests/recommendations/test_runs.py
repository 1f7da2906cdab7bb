"""How far a training run has got, per recommender, as the dashboard shows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from recommendations import selectors, services
from recommendations.defaults import BEST_SELLERS, MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.models import ModelVersion, Recommender, TrainingRun
from tests.factories import taste_scenario

pytestmark = pytest.mark.django_db


def test_a_queued_run_lists_the_recommenders_it_will_train_as_queued():
    run = TrainingRun.objects.create(recommenders=[MOST_VIEWED, BEST_SELLERS])
    progress = selectors.training_run_progress(run=run)
    assert [(v.recommender, v.status, v.version_id) for v in progress.versions] == [
        (BEST_SELLERS, "queued", None),
        (MOST_VIEWED, "queued", None),
    ]
    assert not progress.finished and progress.stage == f"Training run #{run.pk} is waiting to start"


def test_a_run_with_no_slugs_trains_every_enabled_recommender():
    Recommender.objects.filter(slug=MOST_VIEWED).update(enabled=False)
    run = TrainingRun.objects.create()
    slugs = [v.recommender for v in selectors.training_run_progress(run=run).versions]
    assert MOST_VIEWED not in slugs and RECOMMENDED_FOR_YOU in slugs


def test_a_running_run_shows_each_version_and_the_time_so_far():
    now = timezone.now()
    run = TrainingRun.objects.create(status=TrainingRun.Status.RUNNING, started_at=now - timedelta(seconds=5))
    done, running, waiting = (Recommender.objects.get(slug=s) for s in (BEST_SELLERS, MOST_VIEWED, RECOMMENDED_FOR_YOU))
    ModelVersion.objects.create(recommender=done, training_run=run, status="ready", training_seconds=0.25)
    ModelVersion.objects.create(
        recommender=running, training_run=run, status="running", started_at=now - timedelta(seconds=2)
    )
    ModelVersion.objects.create(recommender=waiting, training_run=run)

    progress = selectors.training_run_progress(run=run, now=now)
    rows = {v.recommender: v for v in progress.versions}
    assert (rows[BEST_SELLERS].status, rows[BEST_SELLERS].duration) == ("ready", "0.25 s")
    assert (rows[MOST_VIEWED].status, rows[MOST_VIEWED].duration) == ("running", "for 2.0 s")
    assert (rows[RECOMMENDED_FOR_YOU].status, rows[RECOMMENDED_FOR_YOU].duration) == ("queued", "")
    assert progress.elapsed_seconds == 5.0
    assert progress.stage == f"Training run #{run.pk} is training Most viewed"


def test_a_finished_run_reports_its_versions_and_its_summary():
    taste_scenario()
    run = services.training_run_start(triggered_by="test", synchronous=True)
    progress = selectors.training_run_progress(run=run)
    assert progress.finished and progress.stage == run.summary
    assert {v.status for v in progress.versions} == {"live"}
    by_slug = {v.recommender: v for v in progress.versions}
    version = run.versions.get(recommender__slug=RECOMMENDED_FOR_YOU)
    assert by_slug[RECOMMENDED_FOR_YOU].seconds == version.training_seconds > 0
    assert version.started_at is not None


def test_a_run_that_failed_before_training_has_no_rows_and_says_why():
    run = services.training_run_start(triggered_by="test", synchronous=True)  # no interactions at all
    progress = selectors.training_run_progress(run=run)
    assert progress.versions == [] and progress.finished
    assert "no interactions to train on" in progress.stage


def test_versions_that_never_started_show_no_duration():
    run = TrainingRun.objects.create(status=TrainingRun.Status.FAILED, error="boom")
    ModelVersion.objects.create(
        recommender=Recommender.objects.get(slug=MOST_VIEWED), training_run=run, status="failed"
    )
    [row] = selectors.training_run_progress(run=run).versions
    assert row.status == "failed" and row.seconds is None and row.duration == ""


def test_the_latest_run_is_the_one_under_way_else_the_newest():
    assert selectors.training_run_latest() is None
    older = TrainingRun.objects.create(status=TrainingRun.Status.SUCCEEDED)
    assert selectors.training_run_latest() == older
    active = TrainingRun.objects.create(status=TrainingRun.Status.QUEUED)
    TrainingRun.objects.filter(pk=older.pk).update(created_at=timezone.now() + timedelta(minutes=1))
    assert selectors.training_run_latest() == active
