import pytest

from recommendations.engine import ALSRecommender
from recommendations.engine.search import SELECTION_METRIC, parameter_grid, search_hyperparameters

from .test_evaluation import taste_events


def test_grid_is_every_combination():
    grid = parameter_grid({"b": [1, 2], "a": ["x"]})
    assert grid == [{"a": "x", "b": 1}, {"a": "x", "b": 2}]


def test_search_ranks_trials_and_picks_the_best():
    seen = []
    result = search_hyperparameters(
        ALSRecommender,
        {"factors": [1, 4], "regularization": [0.05]},
        taste_events(),
        fixed={"iterations": 8, "seed": 0},
        on_trial=seen.append,
    )
    scores = [trial["metrics"][SELECTION_METRIC] for trial in result["trials"]]
    assert len(seen) == 2
    assert scores == sorted(scores, reverse=True)
    assert result["best_score"] == scores[0]
    assert result["best_params"] == {"iterations": 8, "seed": 0, **result["trials"][0]["params"]}
    # four factors separate the two tastes, a single factor cannot
    assert result["best_params"]["factors"] == 4
    assert result["metric"] == SELECTION_METRIC


def test_random_subset_is_seeded():
    space = {"factors": [2, 3, 4], "alpha": [1.0, 2.0]}
    first = search_hyperparameters(ALSRecommender, space, taste_events(60), n_trials=2, fixed={"iterations": 1})
    second = search_hyperparameters(ALSRecommender, space, taste_events(60), n_trials=2, fixed={"iterations": 1})
    assert len(first["trials"]) == 2
    assert [t["params"] for t in first["trials"]] == [t["params"] for t in second["trials"]]


def test_unknown_metric_rejected():
    with pytest.raises(ValueError, match="unknown metric"):
        search_hyperparameters(
            ALSRecommender, {"factors": [2]}, taste_events(60), fixed={"iterations": 1}, metric="auc"
        )
