import numpy as np
import pytest

from recommendations.engine import ALSRecommender
from recommendations.engine.search import (
    SELECTION_METRIC,
    Range,
    parameter_grid,
    parameter_neighbour,
    parameter_samples,
    search_hyperparameters,
)
from recommendations.engine.split import iter_folds

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


def test_ranges_are_sampled_within_their_ends_on_a_log_scale():
    samples = parameter_samples({"l2": Range(1.0, 10_000.0), "k": Range(2, 50, integer=True)}, 400, seed=3)
    l2 = np.array([s["l2"] for s in samples])
    assert len(samples) == 400
    assert l2.min() >= 1.0 and l2.max() <= 10_000.0
    # log-uniform: each decade gets about a quarter of the draws (uniform would put 90% in the last)
    decades = np.histogram(np.log10(l2), bins=[0, 1, 2, 3, 4])[0]
    assert decades.min() > 60
    assert all(isinstance(s["k"], int) and 2 <= s["k"] <= 50 for s in samples)
    assert parameter_samples({"l2": Range(1.0, 10.0)}, 5, seed=3) == parameter_samples(
        {"l2": Range(1.0, 10.0)}, 5, seed=3
    )


def test_a_range_needs_sensible_ends():
    with pytest.raises(ValueError, match="low < high"):
        Range(5, 5)
    with pytest.raises(ValueError, match="positive"):
        Range(0, 5)
    assert Range(0, 5, log=False).low == 0


def test_the_start_trial_scores_the_settings_in_use():
    result = search_hyperparameters(
        ALSRecommender,
        {"factors": [1]},
        taste_events(),
        fixed={"iterations": 8, "seed": 0, "factors": 4},
        start_trial=True,
    )
    assert [t["params"] for t in result["trials"]] == [{}, {"factors": 1}]  # four factors beat one
    assert result["best_params"]["factors"] == 4


def test_hopeless_trials_stop_after_their_first_fold():
    result = search_hyperparameters(
        ALSRecommender,
        {"factors": [4, 1]},
        taste_events(),
        folds=3,
        fixed={"iterations": 8, "seed": 0},
        prune_below=0.99,
    )
    good, bad = result["trials"]
    assert good["params"] == {"factors": 4} and good["folds"] == 3 and not good["pruned"]
    assert bad["params"] == {"factors": 1} and bad["folds"] == 1 and bad["pruned"]
    kept = search_hyperparameters(
        ALSRecommender,
        {"factors": [4, 1]},
        taste_events(),
        folds=3,
        fixed={"iterations": 8, "seed": 0},
        prune_below=None,
    )
    assert [t["folds"] for t in kept["trials"]] == [3, 3]


def test_search_scores_on_given_splits():
    data = taste_events()
    splits = list(iter_folds(data, 2, seed=5))
    result = search_hyperparameters(ALSRecommender, {"factors": [4]}, None, splits=splits, fixed={"iterations": 4})
    assert result["trials"][0]["folds"] == 2


def test_neighbours_stay_inside_the_space_and_near_their_base():
    space = {"l2": Range(10.0, 5000.0), "w": Range(0.0, 1.0, log=False), "k": Range(2, 50, integer=True),
             "scales": (1, 2, 3)}  # fmt: skip
    rng = np.random.default_rng(0)
    moved = [parameter_neighbour(space, {"l2": 400.0, "w": 0.5, "k": 20, "scales": 2}, rng, 0.05) for _ in range(200)]
    l2 = np.array([m["l2"] for m in moved])
    assert l2.min() >= 10.0 and l2.max() <= 5000.0
    # a spread of 0.05 of six orders of e moves l2 by a factor of about 1.4, rarely by 3
    distance = np.abs(np.log(l2 / 400.0))
    assert np.median(distance) < np.log(1.6) and np.mean(distance > np.log(3)) < 0.02
    assert all(0.0 <= m["w"] <= 1.0 and isinstance(m["k"], int) and 2 <= m["k"] <= 50 for m in moved)
    assert 0.5 < np.mean([m["scales"] == 2 for m in moved]) < 0.95  # mostly kept, sometimes switched


def test_refinement_searches_around_the_best_trial():
    data = taste_events()
    seen = []
    result = search_hyperparameters(
        ALSRecommender,
        {"regularization": Range(0.001, 10.0)},
        data,
        n_trials=6,
        fixed={"iterations": 4, "seed": 0, "factors": 4},
        on_trial=seen.append,
        start_trial=True,
        refine_share=0.5,
    )
    assert len(result["trials"]) == 7
    draws = [t["params"]["regularization"] for t in seen[1:4]]
    best_so_far = max(seen[:4], key=lambda t: t["metrics"][SELECTION_METRIC])
    base = best_so_far["params"].get("regularization", ALSRecommender(factors=4).params["regularization"])
    first_neighbour = seen[4]["params"]["regularization"]
    # The first neighbour is drawn around the best of the random phase, not anywhere in the range.
    assert abs(np.log(first_neighbour / base)) < min(abs(np.log(d / base)) for d in draws if d != base) + 1.5
    assert len({repr(t["params"]) for t in seen}) == 7


def test_the_settings_in_use_stay_unless_beaten_by_more_than_noise():
    data = taste_events()
    fixed = {"iterations": 6, "seed": 0, "factors": 4}
    found = search_hyperparameters(ALSRecommender, {"factors": [4, 1]}, data, fixed=fixed, start_trial=True)
    # The {"factors": 4} trial ties the settings in use exactly: they stay, though it is listed too.
    assert found["best_params"] == fixed
    assert found["best_score"] == next(t for t in found["trials"] if not t["params"])["metrics"][SELECTION_METRIC]
    weak = {"iterations": 6, "seed": 0, "factors": 1}
    better = search_hyperparameters(ALSRecommender, {"factors": [4]}, data, fixed=weak, start_trial=True)
    assert better["best_params"]["factors"] == 4  # a real gain is adopted
