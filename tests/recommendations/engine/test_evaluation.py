import numpy as np
import pytest

from recommendations.engine import ALSRecommender, Interactions, PopularityRecommender, SequentialBlendRecommender
from recommendations.engine.evaluation import evaluate_model, evaluate_models
from recommendations.engine.metrics import metric_names


def taste_events(n_users: int = 200, seed: int = 0):
    """Half the users read books (items 0-19), half buy gadgets (20-39); item 0 and 20 are everyone's favourite
    within a category, and a few global bestsellers (40-42) are bought by all."""
    rng = np.random.default_rng(seed)
    users, items, times = [], [], []
    for user in range(n_users):
        base = 0 if user % 2 == 0 else 20
        picks = [*(rng.choice(20, size=8, replace=False) + base), 40, 41, 42]
        rng.shuffle(picks)
        users += [user] * len(picks)
        items += picks
        times += list(range(len(picks)))
    return Interactions.of(np.array(users), np.array(items), None, np.array(times, dtype=float), n_users, 43)


def chain_events(n_users: int = 120, seed: int = 0):
    """Everyone walks the same loop 0 -> 1 -> ... -> 29 from a random start: what comes next is certain."""
    rng = np.random.default_rng(seed)
    users, items, times = [], [], []
    for user in range(n_users):
        start = rng.integers(30)
        walk = (start + np.arange(12)) % 30
        users += [user] * walk.size
        items += walk.tolist()
        times += list(range(walk.size))
    return Interactions.of(np.array(users), np.array(items), None, np.array(times, dtype=float), n_users, 30)


def test_shape_of_evaluate_model():
    result = evaluate_model(lambda: ALSRecommender(factors=4, iterations=3), taste_events(), folds=2, seed=1)
    assert set(result) == {"model", "baseline", "model_std", "baseline_std", "n_test_users"}
    for key in ("model", "baseline", "model_std", "baseline_std"):
        assert list(result[key]) == metric_names(25)
    assert result["n_test_users"] == 40  # two tenths of 200 users
    assert all(0.0 <= value <= 1.0 for value in result["model"].values())


def test_popularity_model_equals_baseline():
    result = evaluate_model(PopularityRecommender, taste_events(), folds=1)
    assert result["model"] == result["baseline"]
    assert result["model_std"]["precision_at_10"] == 0.0


def test_als_beats_popularity_on_two_tastes():
    result = evaluate_model(lambda: ALSRecommender(factors=4, iterations=10, seed=0), taste_events(), folds=3)
    ndcg = "normalized_discounted_cumulative_gain_at_10"
    assert result["model"][ndcg] > result["baseline"][ndcg] + 0.1
    assert result["model"]["coverage"] > result["baseline"]["coverage"]


def test_sequence_model_predicts_next_item():
    report = evaluate_models(
        {
            "chain": lambda: SequentialBlendRecommender(factors=4, iterations=3, als_weight=0.0, window=1),
            "als": lambda: ALSRecommender(factors=4, iterations=3),
        },
        chain_events(),
        folds=10,
    )
    assert report["n_test_users"] == 120
    # the newest event directly follows the last input event, so the chain model ranks it first
    assert report["chain"]["mean"]["mean_reciprocal_rank_at_25"] == pytest.approx(1.0)
    assert report["als"]["mean"]["mean_reciprocal_rank_at_25"] < 0.9
    assert report["chain"]["folds"] == 10


def test_std_reported_across_folds():
    report = evaluate_models({"als": lambda: ALSRecommender(factors=4, iterations=3)}, taste_events(), folds=5)
    assert report["als"]["std"]["precision_at_10"] > 0.0


def test_too_little_data_is_a_clear_error():
    with pytest.raises(ValueError, match="at least 2"):
        evaluate_model(PopularityRecommender, Interactions.of(np.array([0, 1]), np.array([0, 1]), None, None, 2, 2))
