import numpy as np
import pytest

from recommendations.engine import PopularityRecommender, build_user_item_matrix


@pytest.fixture
def model() -> PopularityRecommender:
    # item 2: 3 events, item 0: 2, item 3: 1 (weight 1.5), item 1 nothing
    users = np.array([0, 1, 2, 0, 1, 2])
    items = np.array([2, 2, 2, 0, 0, 3])
    weights = np.array([1, 1, 1, 1, 1, 1.5])
    return PopularityRecommender().fit(build_user_item_matrix(users, items, weights, 3, 4))


def test_ranks_by_column_sum_and_skips_unseen_items(model):
    ids, scores = model.recommend(N=10)
    assert ids.tolist() == [2, 0, 3]
    np.testing.assert_allclose(scores, [3.0, 2.0, 1.5])
    assert np.issubdtype(ids.dtype, np.integer)


def test_n_and_filter(model):
    ids, _ = model.recommend(N=2, filter_items=np.array([2]))
    assert ids.tolist() == [0, 3]


def test_unfitted_raises():
    with pytest.raises(RuntimeError, match="not fitted"):
        PopularityRecommender().recommend()


def test_extra_params_are_kept():
    assert PopularityRecommender(window_days=30).params == {"window_days": 30}
