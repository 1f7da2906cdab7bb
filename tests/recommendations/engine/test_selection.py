import numpy as np
import pytest

from recommendations.engine import ALSRecommender, PopularityRecommender
from recommendations.engine.metrics import NDCG_AT_10
from recommendations.engine.selection import choose_recipe, validation_fold
from recommendations.engine.split import make_fold, newest_mask, user_folds

from .test_evaluation import taste_events


def keys(n: int) -> np.ndarray:
    return np.array([f"u{i}" for i in range(n)], dtype=object)


def test_the_validation_fold_never_holds_the_test_users_held_out_events():
    data = taste_events(300)
    test_users, validation_users = user_folds(data, folds=2, user_keys=keys(300))
    fold = validation_fold(data, user_keys=keys(300))
    assert np.array_equal(fold.test_users, validation_users)
    assert not np.intersect1d(test_users, validation_users).size
    # every test user's newest events (what the version is scored on) are absent from the choice's data
    held_out = make_fold(data, test_users).relevant
    seen = {(u, i) for u, i in zip(fold.train.user_idx, fold.train.item_idx, strict=True)}
    seen |= {(fold.test_users[u], i) for u, i in zip(fold.test_input.user_idx, fold.test_input.item_idx, strict=True)}
    coo = held_out.tocoo()
    assert coo.nnz and not any((test_users[r], c) in seen for r, c in zip(coo.row, coo.col, strict=True))
    assert newest_mask(data).sum() > 0


def test_the_better_candidate_wins_and_every_candidate_is_recorded():
    factories = {
        "popularity": PopularityRecommender,
        "als": lambda: ALSRecommender(factors=4, iterations=10, seed=0),
    }
    chosen, figures = choose_recipe(factories, taste_events(300), user_keys=keys(300))
    assert chosen == "als"
    assert set(figures) == {"popularity", "als"}
    assert figures["als"]["metrics"][NDCG_AT_10] > figures["popularity"]["metrics"][NDCG_AT_10]
    assert figures["als"]["validation_users"] == figures["popularity"]["validation_users"] > 0
    # by another metric the same figures decide
    by_coverage, _ = choose_recipe(factories, taste_events(300), metric="coverage", user_keys=keys(300))
    assert by_coverage == "als"


def test_ties_go_to_the_first_listed_candidate():
    factories = {"first": PopularityRecommender, "second": PopularityRecommender}
    assert choose_recipe(factories, taste_events(300))[0] == "first"
    assert choose_recipe(dict(reversed(factories.items())), taste_events(300))[0] == "second"


class Refuses(PopularityRecommender):
    def _fit(self, data):
        raise ValueError("catalogue too large for this test")


def test_a_candidate_that_cannot_fit_is_recorded_and_skipped():
    chosen, figures = choose_recipe({"big": Refuses, "popularity": PopularityRecommender}, taste_events(300))
    assert chosen == "popularity"
    assert figures["big"] == {"error": "catalogue too large for this test"}
    with pytest.raises(ValueError, match="too large"):
        choose_recipe({"big": Refuses}, taste_events(300))


def test_an_unknown_metric_is_refused():
    with pytest.raises(ValueError, match="unknown metric"):
        choose_recipe({"popularity": PopularityRecommender}, taste_events(300), metric="auc")
