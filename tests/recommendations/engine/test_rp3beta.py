import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine import RP3BetaRecommender, build_user_item_matrix, load_model, save_model
from recommendations.engine import rp3beta as rp3beta_module
from recommendations.engine.rp3beta import row_blocks

from .conftest import row


def dense_rp3beta(matrix: sp.csr_matrix, alpha: float, beta: float) -> np.ndarray:
    """The paper's formula on dense arrays, in float64."""
    x = matrix.toarray().astype(np.float64)
    user_to_item = (x / x.sum(axis=1, keepdims=True)) ** alpha
    item_to_user = (x.T / x.T.sum(axis=1, keepdims=True)) ** alpha
    popularity = (x > 0).sum(axis=0)
    weights = (item_to_user @ user_to_item) / popularity[None, :] ** beta
    np.fill_diagonal(weights, 0.0)
    return weights


@pytest.fixture
def weighted() -> sp.csr_matrix:
    """Seven users over five items with uneven weights (a purchase counts more than a view)."""
    rng = np.random.default_rng(3)
    dense = (rng.random((7, 5)) < 0.6) * rng.choice([1.0, 3.0, 5.0], size=(7, 5))
    dense[:, 0] = np.maximum(dense[:, 0], 1.0)  # every user has item 0: no empty rows or columns
    return sp.csr_matrix(dense, dtype=np.float32)


def test_weights_are_the_dense_formula(weighted):
    model = RP3BetaRecommender(alpha=0.7, beta=0.3, neighbours=10).fit(weighted)
    np.testing.assert_allclose(model.neighbours.toarray(), dense_rp3beta(weighted, 0.7, 0.3), rtol=1e-5)
    assert model.neighbours.diagonal().sum() == 0


def test_blocks_give_the_same_weights(weighted, monkeypatch):
    whole = RP3BetaRecommender(neighbours=3).fit(weighted).neighbours
    monkeypatch.setattr(rp3beta_module, "BLOCK_ENTRIES", 1)
    blocked = RP3BetaRecommender(neighbours=3).fit(weighted).neighbours
    np.testing.assert_array_equal(blocked.toarray(), whole.toarray())


def test_row_blocks_stay_within_the_budget():
    assert row_blocks(np.array([3, 3, 3, 9, 1, 1]), 6) == [(0, 2), (2, 3), (3, 4), (4, 6)]
    assert row_blocks(np.array([], dtype=int), 6) == []


def test_each_item_keeps_its_best_neighbours(weighted):
    kept = RP3BetaRecommender(neighbours=2).fit(weighted).neighbours
    full = dense_rp3beta(weighted, 0.8, 0.4)
    for item in range(5):
        start, end = kept.indptr[item], kept.indptr[item + 1]
        assert end - start == 2
        assert sorted(kept.indices[start:end]) == sorted(np.argsort(-full[item], kind="stable")[:2])


def test_beta_pushes_popular_items_down():
    # Item 0 is everyone's; item 1 is rarer but always seen with item 2.
    pairs = [(u, 0) for u in range(8)] + [(u, 2) for u in range(4)] + [(u, 1) for u in range(3)]
    users, items = np.array(pairs).T
    matrix = build_user_item_matrix(users, items, np.ones(len(pairs)), 8, 3)
    assert RP3BetaRecommender(beta=0.0).fit(matrix).similar_items(2)[0].tolist() == [0, 1]
    assert RP3BetaRecommender(beta=1.0).fit(matrix).similar_items(2)[0].tolist() == [1, 0]


def test_recommend_scores_the_row_through_the_weights(weighted):
    model = RP3BetaRecommender().fit(weighted)
    history = row([1, 3], n_items=5, weights=[1.0, 5.0])
    scores = np.asarray(history @ model.neighbours.toarray()).ravel()
    ids, got = model.recommend(history, N=5)
    assert set(ids) == {0, 2, 4} and 1 not in ids and 3 not in ids
    np.testing.assert_allclose(got, scores[ids], rtol=1e-6)
    assert list(got) == sorted(got, reverse=True)


def test_explain_names_the_largest_contribution(weighted):
    model = RP3BetaRecommender(neighbours=10).fit(weighted)
    full = model.neighbours.toarray()
    history = row([1, 3], n_items=5, weights=[2.0, 1.0])
    targets = np.array([0, 2, 4, 1])
    best, weight = model.explain(history, targets)
    for target, item, value in zip(targets, best, weight, strict=True):
        contributions = {1: 2.0 * full[1, target], 3: 1.0 * full[3, target]}
        contributions.pop(int(target), None)  # an item in the history is explained by the other
        expected = max(contributions, key=contributions.get)
        assert item == expected
        assert value == pytest.approx(contributions[expected], rel=1e-6)
    assert model.explain(row([], n_items=5), targets)[0].tolist() == [-1] * 4


def test_round_trip_gives_identical_recommendations(weighted):
    model = RP3BetaRecommender(alpha=0.5, beta=0.2, neighbours=3, half_life_days=7.0).fit(weighted)
    loaded = load_model(save_model(model))
    assert isinstance(loaded, RP3BetaRecommender) and loaded.params == model.params
    for item in range(5):
        np.testing.assert_array_equal(loaded.similar_items(item)[0], model.similar_items(item)[0])
    history = row([2], n_items=5)
    np.testing.assert_array_equal(loaded.recommend(history)[0], model.recommend(history)[0])
