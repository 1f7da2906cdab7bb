import pytest
from django.core.management import CommandError, call_command

from recommendations.defaults import MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.models import Recommender, TuningRun
from tests.factories import taste_scenario

pytestmark = pytest.mark.django_db


def test_tune_searches_reports_and_adopts_only_an_improvement(capsys):
    taste_scenario(users_per_category=12)
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    # one factor cannot tell two tastes apart: any sampled setting beats it
    recommender.params = {"factors": 1, "iterations": 2}
    recommender.candidates = []  # pinned to ALS: one search
    recommender.save()
    call_command("tune", RECOMMENDED_FOR_YOU, "--trials", "3", "--apply")
    out = capsys.readouterr().out
    run = TuningRun.objects.get()
    assert run.status == "succeeded" and len(run.trials) == 4
    assert f"best {run.best_score:.4f}" in out
    recommender.refresh_from_db()
    if run.best_params:
        assert "adopted for recommended-for-you" in out
        assert {k: recommender.params[k] for k in run.best_params} == run.best_params
    else:
        assert "nothing adopted" in out and recommender.params == {"factors": 1, "iterations": 2}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "unknown recommender 'nope'"),
        ([MOST_VIEWED], "no hyperparameters"),
        ([RECOMMENDED_FOR_YOU, "--trials", "0"], "at least 1"),
        ([RECOMMENDED_FOR_YOU, "--recipe", "sequential"], "not a candidate"),
    ],
)
def test_tune_refuses_bad_arguments_with_a_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("tune", *args)
