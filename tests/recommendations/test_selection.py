"""Automatic recipe choice in training, and tuning per candidate recipe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recommendations import services
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.engine.metrics import NDCG_AT_10
from recommendations.models import ModelVersion, Recommender, TuningRun
from recommendations.services.selection import recipe_params_for
from recommendations.validation import recommender_config_problems
from tests.factories import taste_scenario

pytestmark = pytest.mark.django_db

FAST_ALS = {"factors": 8, "iterations": 4}


def personal(**fields) -> Recommender:
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    for name, value in fields.items():
        setattr(recommender, name, value)
    recommender.save()
    return recommender


def test_training_publishes_the_best_candidate_and_records_every_one():
    taste_scenario(users_per_category=15)
    personal(
        params={**FAST_ALS, "exploration_weight": 0.0},
        candidates=["als", "sequential"],
        candidate_params={"sequential": {"factors": 1, "iterations": 1, "sequence_weight": 0.0}},
    )
    run = services.training_run_start(triggered_by="test", recommenders=[RECOMMENDED_FOR_YOU], synchronous=True)
    version = ModelVersion.objects.get(training_run=run)
    assert version.status == ModelVersion.Status.LIVE, version.error
    choice = version.metrics["choice"]
    assert choice["metric"] == NDCG_AT_10 and set(choice["candidates"]) == {"als", "sequential"}
    scores = {name: c["metrics"][NDCG_AT_10] for name, c in choice["candidates"].items()}
    assert choice["chosen"] == max(scores, key=scores.get) == version.recipe
    # the winner trains with its own parameters and the recommender's serving options
    assert version.params == recipe_params_for(recommender=version.recommender, recipe=version.recipe)
    assert version.params["exploration_weight"] == 0.0
    assert "model" in version.metrics  # the published model's offline metrics, as before


def test_a_pinned_recommender_trains_its_one_recipe():
    taste_scenario(users_per_category=10)
    personal(params=FAST_ALS, candidates=[])
    run = services.training_run_start(triggered_by="test", recommenders=[RECOMMENDED_FOR_YOU], synchronous=True)
    version = ModelVersion.objects.get(training_run=run)
    assert version.recipe == "als" and "choice" not in version.metrics


def test_candidate_params_take_the_serving_options_but_not_the_other_recipes_parameters():
    recommender = personal(
        params={"factors": 8, "session_boost": 3.0},
        candidates=["als", "sequential"],
        candidate_params={"sequential": {"window": 5}},
    )
    assert recipe_params_for(recommender=recommender, recipe="als") == {"factors": 8, "session_boost": 3.0}
    assert recipe_params_for(recommender=recommender, recipe="sequential") == {"session_boost": 3.0, "window": 5}


@pytest.mark.parametrize(
    ("candidates", "candidate_params", "metric", "problem"),
    [
        (["als", "item-item"], {}, NDCG_AT_10, "answer different requests"),
        (["als", "nope"], {}, NDCG_AT_10, "unknown recipe 'nope'"),
        (["ease", "sequential"], {}, NDCG_AT_10, "als must be one of the candidates"),
        (["als", "als"], {}, NDCG_AT_10, "listed once"),
        (["als", "sequential"], {"sequential": {"window": 0}}, NDCG_AT_10, "sequential: window must be at least 1"),
        (["als"], {"sequential": {}}, NDCG_AT_10, "not a candidate"),
        (["als", "sequential"], {}, "auc", "unknown metric 'auc'"),
        ("als", {}, NDCG_AT_10, "must be a list"),
    ],
)
def test_bad_candidates_are_refused_with_a_message(candidates, candidate_params, metric, problem):
    problems = recommender_config_problems(
        recipe="als",
        params={},
        event_weights={"View": 1},
        candidates=candidates,
        candidate_params=candidate_params,
        selection_metric=metric,
    )
    assert any(problem in p for p in problems), problems


def test_each_candidate_is_tuned_in_its_own_run_and_applied_to_its_own_parameters():
    taste_scenario(users_per_category=12)
    recommender = personal(params=FAST_ALS, candidates=["als", "sequential"])
    first = services.tuning_run_start(recommender=recommender, triggered_by="test", synchronous=True, n_trials=2)
    runs = list(TuningRun.objects.order_by("pk"))
    assert [r.recipe for r in runs] == ["als", "sequential"] and first == runs[0]
    assert all(r.status == TuningRun.Status.SUCCEEDED for r in runs), [r.error for r in runs]
    assert all(len(r.trials) == 3 and r.start_score is not None for r in runs)
    sequential = runs[1]
    sequential.best_params = {"window": 7}
    sequential.save()
    services.tuning_run_apply(run=sequential)
    recommender.refresh_from_db()
    assert recommender.candidate_params == {"sequential": {"window": 7}}
    assert recommender.params == FAST_ALS  # the ALS parameters are untouched


def test_a_scheduled_search_starts_when_due_and_is_adopted_only_if_it_beats_the_settings_in_use():
    taste_scenario(users_per_category=12)
    recommender = personal(params=FAST_ALS, tune_every_days=7, candidates=[])
    started = services.tuning_runs_scheduled()
    assert [run.recipe for run in started] == ["als"] and started[0].triggered_by == "schedule"
    assert services.tuning_runs_scheduled() == []  # not due again within the week

    run = TuningRun.objects.get(pk=started[0].pk)
    run.status, run.best_params, run.best_score, run.start_score = "succeeded", {"factors": 16}, 0.5, 0.6
    run.save()
    services.tuning_runs_scheduled()
    recommender.refresh_from_db()
    assert recommender.params["factors"] == 8  # worse than what is in use: kept as it is

    run.best_score = 0.7
    run.save()
    TuningRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(days=8))
    services.tuning_runs_scheduled()
    recommender.refresh_from_db()
    assert recommender.params["factors"] == 16
    assert TuningRun.objects.get(pk=run.pk).applied_at is not None
    assert TuningRun.objects.count() == 2  # due again after a week: a new search started
