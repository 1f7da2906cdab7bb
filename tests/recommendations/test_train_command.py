"""``manage.py train`` says what it trained in sentences people read."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.models import Recommender, TrainingRun, seconds_display
from tests.factories import taste_scenario

pytestmark = pytest.mark.django_db


def test_train_reports_each_version_and_the_run_in_one_sentence():
    taste_scenario()
    out = StringIO()
    call_command("train", stdout=out)
    lines = out.getvalue().splitlines()
    run = TrainingRun.objects.get()
    assert run.status == TrainingRun.Status.SUCCEEDED
    assert re.fullmatch(
        rf"Training run #{run.pk} succeeded in \d+\.\d+ s on [\d,]+ interactions \([\d,]+ users, [\d,]+ items\)",
        lines[-1],
    ), lines[-1]
    version_lines = [line for line in lines if line.startswith("  ")]
    assert len(version_lines) == run.versions.count()
    assert all(re.search(r"live\s+\d+\.\d+ s", line) for line in version_lines), version_lines


def test_a_failed_run_says_why_without_repeating_its_status():
    with pytest.raises(CommandError) as excinfo:
        call_command("train", stdout=StringIO())
    run = TrainingRun.objects.get()
    assert str(excinfo.value) == (
        f"Training run #{run.pk} failed after {seconds_display(run.duration_seconds)}: "
        "no interactions to train on: generate data or record some events first"
    )


def test_train_says_which_candidate_was_chosen_over_which():
    taste_scenario(users_per_category=15)
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(
        params={"factors": 8, "iterations": 4},
        candidates=["als", "sequential"],
        candidate_params={"sequential": {"factors": 8, "iterations": 4}},
    )
    out = StringIO()
    call_command("train", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if RECOMMENDED_FOR_YOU in line)
    version = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU).versions.get()
    loser = "sequential" if version.recipe == "als" else "als"
    assert re.search(rf"\({version.recipe} chosen over {loser} \d\.\d{{4}} on validation\)", line), line
