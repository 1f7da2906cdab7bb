import numpy as np
import pytest

from recommendations.engine import SequentialBlendRecommender, load_model, save_model
from recommendations.engine.split import Interactions
from recommendations.engine.transitions import position_weights, transition_counts

from .conftest import row
from .test_evaluation import chain_events


def test_transition_counts_by_hand():
    # user 0: 0 -> 1 -> 1 -> 2 (the repeat of 1 is not a transition); user 1: 2 -> 0, listed out of time order
    data = Interactions.of([0, 0, 0, 0, 1, 1], [0, 1, 1, 2, 0, 2], None, [1, 2, 3, 4, 9, 8], 2, 3)
    counts = transition_counts(data, window=2, gap_decay=0.5).toarray()
    expected = np.zeros((3, 3))
    expected[0, 1] = 1 + 0.5  # 0 -> 1 at gap 1, 0 -> second 1 at gap 2
    expected[1, 2] = 1 + 0.5  # second 1 -> 2 at gap 1, first 1 -> 2 at gap 2
    expected[2, 0] = 1
    np.testing.assert_allclose(counts, expected)

    both_ways = transition_counts(data, window=1, backward_weight=0.25).toarray()
    assert both_ways[1, 0] == pytest.approx(0.25)
    assert both_ways[0, 1] == pytest.approx(1.0)


def test_position_weights_halve_every_half_life():
    np.testing.assert_allclose(position_weights(3, 1.0), [0.25, 0.5, 1.0])
    np.testing.assert_allclose(position_weights(2, None), [1.0, 1.0])


@pytest.fixture
def chain_model() -> SequentialBlendRecommender:
    model = SequentialBlendRecommender(factors=4, iterations=3, window=2, sequence_weight=1.0, als_weight=0.5)
    return model.fit(chain_events())


def test_next_item_first_from_recent_items(chain_model):
    ids, scores = chain_model.recommend(row([3, 4, 5], n_items=30), N=3, recent_items=np.array([3, 4, 5]))
    assert ids[0] == 6
    assert 7 in ids
    assert not {3, 4, 5} & set(ids.tolist())
    assert np.all(np.diff(scores) <= 0)
    # the order matters, not just the set: the latest item decides what comes next
    user = row([3, 9], n_items=30)
    assert chain_model.recommend(user, N=1, recent_items=np.array([3, 9]))[0].tolist() == [10]
    assert chain_model.recommend(user, N=1, recent_items=np.array([9, 3]))[0].tolist() == [4]


def test_similar_items_are_likely_successors(chain_model):
    ids, _ = chain_model.similar_items(10, N=2)
    assert ids.tolist() == [11, 12]


def test_recency_row_weights_recent_items_more(chain_model):
    model = SequentialBlendRecommender(half_life_events=1.0)
    reweighted = model.recency_row(row([1, 2, 3], n_items=30), np.array([3, 1, 2])).toarray()[0]
    assert reweighted[2] == 1.0 and reweighted[1] == 0.5 and reweighted[3] == 0.25


def test_round_trip_same_recommendations(chain_model):
    loaded = load_model(save_model(chain_model))
    assert isinstance(loaded, SequentialBlendRecommender)
    assert loaded.params == chain_model.params
    user, recent = row([8, 9], n_items=30), np.array([8, 9])
    expected = chain_model.recommend(user, N=5, recent_items=recent)
    got = loaded.recommend(user, N=5, recent_items=recent)
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-6)


def test_without_order_it_falls_back_to_als(chain_model, two_tastes):
    model = SequentialBlendRecommender(factors=2, regularization=0.05, iterations=10, alpha=5.0, seed=1)
    model.fit(two_tastes)
    ids, _ = model.recommend(row([0, 1]), N=3)
    assert set(ids.tolist()) == {2, 3, 4}
    ids, scores = chain_model.recommend(row([], n_items=30), N=3)
    assert ids.size == 0 and scores.size == 0
