"""What the models say about themselves in messages."""

from __future__ import annotations

import pytest

from recommendations.models import TrainingRun, seconds_display


@pytest.mark.parametrize(
    ("value", "shown"), [(7.22, "7.2 s"), (12.0, "12.0 s"), (0.354, "0.35 s"), (0.004, "0.00 s"), (None, "—")]
)
def test_seconds_read_as_people_write_them(value, shown):
    assert seconds_display(value) == shown


def test_a_training_run_summary_reads_as_a_sentence():
    run = TrainingRun(pk=1, status=TrainingRun.Status.SUCCEEDED, duration_seconds=7.22)
    assert str(run) == "Training run #1"
    assert run.summary == "Training run #1 succeeded in 7.2 s"
    run.status, run.duration_seconds = TrainingRun.Status.FAILED, 1.5
    run.error = "no interactions to train on\n\nTraceback (most recent call last): ..."
    assert run.summary == "Training run #1 failed after 1.5 s: no interactions to train on"
    run.status, run.duration_seconds, run.error = TrainingRun.Status.FAILED, None, ""
    assert run.summary == "Training run #1 failed"
    run.status = TrainingRun.Status.RUNNING
    assert run.summary == "Training run #1 is running"
    run.status = TrainingRun.Status.QUEUED
    assert run.summary == "Training run #1 is queued"
