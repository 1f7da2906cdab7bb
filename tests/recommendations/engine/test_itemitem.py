import numpy as np
import pytest

from recommendations.engine import ItemItemRecommender, build_user_item_matrix


@pytest.fixture
def baskets():
    # item 0 is bought with 1 by three users and with 2 by one user; item 3 is bought alone.
    pairs = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, 2), (4, 3), (5, 2)]
    users, items = np.array(pairs).T
    return build_user_item_matrix(users, items, np.ones(len(pairs)), 6, 4)


def test_true_co_occurring_item_first_and_never_itself(baskets):
    ids, scores = ItemItemRecommender().fit(baskets).similar_items(0, N=5)
    assert ids.tolist() == [1, 2]
    # cosine: count / sqrt(n_i * n_j): n_0 = 4, n_1 = 3, n_2 = 2
    np.testing.assert_allclose(scores, [3 / np.sqrt(12), 1 / np.sqrt(8)], rtol=1e-6)


def test_min_support_drops_rare_pairs(baskets):
    ids, _ = ItemItemRecommender(min_support=2).fit(baskets).similar_items(0, N=5)
    assert ids.tolist() == [1]
    ids, _ = ItemItemRecommender(min_support=2).fit(baskets).similar_items(3, N=5)
    assert ids.size == 0


def test_repeat_events_count_once(baskets):
    heavy = baskets.copy()
    heavy[3, 2] = 50.0
    _, scores = ItemItemRecommender().fit(heavy).similar_items(0, N=5)
    np.testing.assert_allclose(scores, [3 / np.sqrt(12), 1 / np.sqrt(8)], rtol=1e-6)


def test_filter_and_max_neighbors(baskets):
    ids, _ = ItemItemRecommender().fit(baskets).similar_items(0, N=5, filter_items=np.array([1]))
    assert ids.tolist() == [2]
    ids, _ = ItemItemRecommender(max_neighbors=1).fit(baskets).similar_items(0, N=5)
    assert ids.tolist() == [1]


def test_recommend_from_a_row(baskets):
    model = ItemItemRecommender().fit(baskets)
    ids, _ = model.recommend(baskets[5], N=3)  # user 5 bought item 2, whose only partner is item 0
    assert ids.tolist() == [0]
