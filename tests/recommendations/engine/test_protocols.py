from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine import ALSRecommender, EngineModel, Interactions, PopularityRecommender
from recommendations.engine.evaluation import evaluate_models, recommend_for_fold
from recommendations.engine.metrics import rank_metric_names, top_k_metric_names
from recommendations.engine.protocols import (
    evaluate_protocol,
    held_out_ranks,
    leave_last_out_fold,
    protocol_folds,
    stratified_fold,
    tune_for_protocol,
)
from recommendations.engine.sequential import SequentialBlendRecommender
from recommendations.engine.split import Fold

from .test_evaluation import chain_events, taste_events


@pytest.fixture
def data() -> Interactions:
    """User u has u + 1 distinct items (user 0 just one), a few seen twice; times and file order shuffled."""
    rng = np.random.default_rng(0)
    users, items = [], []
    for user in range(30):
        mine = rng.choice(80, size=user + 1, replace=False).tolist()
        users += [user] * (len(mine) + len(mine) // 3)
        items += mine + mine[: len(mine) // 3]  # repeats: one interaction each
    order = rng.permutation(len(users))
    times = rng.permutation(len(users)).astype(float)
    return Interactions.of(np.array(users)[order], np.array(items)[order], None, times, 31, 80)


def items_by_user(data: Interactions) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for user, item in zip(data.user_idx.tolist(), data.item_idx.tolist(), strict=True):
        found.setdefault(user, set()).add(item)
    return found


def relevant_by_user(fold: Fold) -> dict[int, set[int]]:
    return {int(user): set(fold.relevant[row].indices.tolist()) for row, user in enumerate(fold.test_users)}


def test_stratified_train_share_is_rounded_three_quarters_per_user(data):
    fold = stratified_fold(data, 0.25, seed=42)
    distinct = items_by_user(data)
    train = items_by_user(fold.train)
    relevant = relevant_by_user(fold)
    assert sorted(relevant) == sorted(user for user, items in distinct.items() if len(items) >= 2)
    for user, items in distinct.items():
        n = len(items)
        if n < 2:
            assert user not in relevant and train[user] == items  # too few to split: wholly train
            continue
        # round half to even, at least one on each side: n=2 -> 1 (not 2), n=3 -> 2, n=6 -> 4, n=10 -> 8
        assert len(train[user]) == min(max(round(0.75 * n), 1), n - 1), n
        assert not train[user] & relevant[user]  # no item on both sides, even the repeated ones
        assert train[user] | relevant[user] == items


def test_stratified_is_seeded_and_ignores_file_order(data):
    first, again = stratified_fold(data, seed=42), stratified_fold(data, seed=42)
    assert relevant_by_user(first) == relevant_by_user(again)
    assert relevant_by_user(first) != relevant_by_user(stratified_fold(data, seed=43))
    shuffled = data.take(np.random.default_rng(9).permutation(len(data)))
    assert relevant_by_user(stratified_fold(shuffled, seed=42)) == relevant_by_user(first)


def test_stratified_input_is_the_test_users_training_rows(data):
    fold = stratified_fold(data, 0.5, seed=1)
    assert fold.train.n_users == data.n_users  # everyone trains, the test users by their training rows
    train = items_by_user(fold.train)
    given = items_by_user(fold.test_input)
    for row, user in enumerate(fold.test_users):
        assert given[row] == train[int(user)]
    # every event is trained on or held out, a repeated pair's events all on one side
    relevant = relevant_by_user(fold)
    held = sum(item in relevant.get(user, ()) for user, item in zip(data.user_idx, data.item_idx, strict=True))
    assert len(fold.train) + held == len(data)
    with pytest.raises(ValueError, match="between 0 and 1"):
        stratified_fold(data, 1.0)


def test_leave_last_out_holds_out_the_newest_distinct_item():
    # user 0: newest is item 2 (file order is not time order); user 1: tie at t=5, the later line wins;
    # user 2: one item twice -> train only; user 3: newest repeats item 0 -> not tested, kept in train
    data = Interactions.of(
        [0, 0, 0, 1, 1, 2, 2, 3, 3, 3],
        [2, 0, 1, 3, 4, 5, 5, 0, 6, 0],
        None,
        [9, 1, 2, 5, 5, 1, 2, 1, 2, 3],
        4,
        7,
    )
    fold = leave_last_out_fold(data)
    assert relevant_by_user(fold) == {0: {2}, 1: {4}}
    assert len(fold.train) == len(data) - 2
    assert items_by_user(fold.train) == {0: {0, 1}, 1: {3}, 2: {5}, 3: {0, 6}}
    assert fold.input_sequences()[0].tolist() == [0, 1]


def test_protocol_folds_and_their_errors(data):
    folds = protocol_folds(data, "stratified", folds=3, seed=5)
    assert [relevant_by_user(f) for f in folds[:1]] == [relevant_by_user(stratified_fold(data, seed=5))]
    assert relevant_by_user(folds[1]) == relevant_by_user(stratified_fold(data, seed=6))
    with pytest.raises(ValueError, match="one fold"):
        protocol_folds(data, "leave-last-out", folds=2)
    with pytest.raises(ValueError, match="unknown protocol 'random'"):
        protocol_folds(data, "random")


class FixedScores(EngineModel):
    """The same scores for everyone: item 4 is never scored."""

    kind = "fixed"
    scores = np.array([5, 4, 4, 3, -np.inf], dtype=np.float32)

    def _fit(self, data: Interactions) -> None:
        self.n_items = data.n_items

    def score_batch(self, user_items, recent_items=None, now=None) -> np.ndarray:
        return np.tile(self.scores, (user_items.shape[0], 1))


def test_full_ranking_ranks_by_hand():
    # user 0 holds out 2 (input 0): candidates 1 (4), 2 (4), 3 (3); the tie goes to the lower id -> rank 2
    # user 1 holds out 4, which the model never scores -> inf; user 2 holds out 0 (input 3) -> rank 1
    data = Interactions.of([0, 0, 1, 1, 2, 2], [0, 2, 1, 4, 3, 0], None, [1, 2, 1, 5, 1, 2], 3, 5)
    fold = leave_last_out_fold(data)
    model = FixedScores().fit(fold.train)
    assert held_out_ranks(model, fold).tolist() == [2, np.inf, 1]


def test_full_ranking_agrees_with_the_top_k():
    fold = leave_last_out_fold(taste_events())
    model = ALSRecommender(factors=4, iterations=5, seed=0).fit(fold.train)
    ranks = held_out_ranks(model, fold)
    top = recommend_for_fold(model, fold, 10)
    target = fold.relevant.indices
    found = top == target[:, None]
    assert np.array_equal(ranks <= 10, found.any(axis=1))
    assert np.array_equal(ranks[ranks <= 10], found.argmax(axis=1)[ranks <= 10] + 1)
    assert np.all(ranks >= 1) and np.any(ranks > 10)  # the full ranking goes past the cut-off


def test_full_ranking_needs_one_item_per_user(data):
    fold = stratified_fold(data)
    with pytest.raises(ValueError, match="exactly one"):
        held_out_ranks(PopularityRecommender().fit(fold.train), fold)


def test_stratified_report_shape_and_als_beats_popularity():
    factories = {"als": lambda: ALSRecommender(factors=4, iterations=10, seed=0)}
    report = evaluate_protocol(factories, taste_events(), protocol="stratified", folds=2)
    assert set(report) == {"als", "baseline", "n_test_users"}
    assert report["n_test_users"] == 400  # all 200 users, in each of two folds
    for name in ("als", "baseline"):
        assert list(report[name]["mean"]) == top_k_metric_names(10)
        assert report[name]["folds"] == 2 and report[name]["fit_seconds"] >= 0
    ndcg = "normalized_discounted_cumulative_gain_at_10"
    assert report["als"]["mean"][ndcg] > report["baseline"]["mean"][ndcg] + 0.1
    assert report["als"]["std"][ndcg] > 0  # two different random splits


def test_leave_last_out_chain_model_ranks_next_item_first():
    factories = {
        "chain": lambda: SequentialBlendRecommender(factors=4, iterations=3, als_weight=0.0, window=1),
        "popularity": PopularityRecommender,
    }
    report = evaluate_protocol(factories, chain_events(), protocol="leave-last-out", k=5)
    assert report["n_test_users"] == 120
    assert list(report["chain"]["mean"]) == rank_metric_names(5)
    assert report["chain"]["mean"] == pytest.approx(
        {"hit_rate_at_5": 1.0, "normalized_discounted_cumulative_gain_at_5": 1.0, "mean_reciprocal_rank": 1.0}
    )
    assert report["popularity"]["mean"] == report["baseline"]["mean"]
    assert report["baseline"]["mean"]["mean_reciprocal_rank"] < 0.5


def test_personalize_protocol_is_evaluate_models():
    factories = {"als": lambda: ALSRecommender(factors=4, iterations=3, seed=0)}
    ours = evaluate_protocol(factories, taste_events(), folds=2, seed=3)
    theirs = evaluate_models(factories, taste_events(), folds=2, seed=3)
    assert ours["als"]["mean"] == theirs["als"]["mean"]
    assert ours["n_test_users"] == theirs["n_test_users"]
    assert "fit_seconds" in ours["baseline"]
    assert "mean_reciprocal_rank_at_25" in ours["als"]["mean"]


@dataclass
class RecordingRecipe:
    """A recipe stand-in: records everything its models are fitted on."""

    name: str = "recording"
    search_space: dict[str, Any] = field(default_factory=lambda: {"window_days": (None, 1000.0)})
    fitted_on: list[Interactions] = field(default_factory=list)

    def build(self, params):
        recipe = self

        class Recording(PopularityRecommender):
            def _fit(self, data: Interactions) -> None:
                recipe.fitted_on.append(data)
                super()._fit(data)

        return Recording(**params)


@pytest.mark.parametrize("protocol", ["stratified", "leave-last-out", "personalize"])
def test_tuning_never_sees_the_test_items(protocol):
    data = taste_events(n_users=80)
    (fold,) = protocol_folds(data, protocol, seed=42)
    recipe = RecordingRecipe()
    result = tune_for_protocol(recipe, fold.train, protocol=protocol, n_trials=2)
    tried = [trial["params"] for trial in result["trials"]]
    assert sorted(map(repr, tried)) == sorted(map(repr, [{}, {"window_days": None}, {"window_days": 1000.0}]))
    assert result["best_params"] in tried
    held_out = sp.coo_matrix(fold.relevant)
    test_keys = set(zip(fold.test_users[held_out.row].tolist(), held_out.col.tolist(), strict=True))
    for fitted in recipe.fitted_on:
        assert len(fitted) < len(fold.train)  # a validation split of the training part
        assert not test_keys & set(zip(fitted.user_idx.tolist(), fitted.item_idx.tolist(), strict=True))


def test_tuning_needs_a_space():
    with pytest.raises(ValueError, match="no hyperparameters"):
        tune_for_protocol(RecordingRecipe(search_space={}), taste_events(), protocol="stratified")
