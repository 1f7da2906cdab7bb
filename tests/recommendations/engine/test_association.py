import numpy as np
import pytest

from recommendations.engine import AssociationRecommender, build_user_item_matrix, load_model, save_model

BEST_SELLER = 0


@pytest.fixture
def baskets():
    """Item 0 is in nearly every basket; 1 and 2 always go together (five shoppers), 3 and 4 often
    (ten shoppers); the others buy one of 3, 4 or 5 with the best seller."""
    pairs = []
    for user in range(40):
        pairs.append((user, BEST_SELLER))
        if user < 5:
            pairs += [(user, 1), (user, 2)]
        elif user < 15:
            pairs += [(user, 3), (user, 4)]
        else:
            pairs.append((user, 5 if user % 5 else 3 if user % 10 == 0 else 4))
    pairs += [(40, 3), (40, 6)]  # item 6 was bought once, with 3
    users, items = np.array(pairs).T
    return build_user_item_matrix(users, items, np.ones(len(pairs)), 41, 7)


def test_a_best_seller_bought_with_everything_is_not_every_items_top_partner(baskets):
    model = AssociationRecommender(min_support=1).fit(baskets)
    tops = [int(model.similar_items(item, N=1)[0][0]) for item in range(1, 5)]
    assert tops == [2, 1, 4, 3]
    # Bought with everything, it is what chance predicts: a lift of about 1, after every complement.
    ids, scores = model.similar_items(3, N=7)
    assert scores[ids.tolist().index(BEST_SELLER)] == pytest.approx(1.0, abs=0.05)


def test_a_pair_always_bought_together_ranks_first_and_scores_above_chance(baskets):
    ids, scores = AssociationRecommender(min_support=1, shrinkage=5.0).fit(baskets).similar_items(2, N=7)
    assert ids[0] == 1 and 2 not in ids
    # n = 41 shoppers, n_1 = n_2 = n_12 = 5: lift 41 * 5 / 25, shrunk by 5 / (5 + 5).
    assert scores[0] == pytest.approx(1 + (41 * 5 / 25 - 1) * 0.5, rel=1e-5)


def test_shrinkage_keeps_a_single_coincidence_behind_steady_evidence(baskets):
    # Item 6's only buyer also bought 3: the highest lift 3 has, from a single basket.
    raw = AssociationRecommender(min_support=1, shrinkage=0.0).fit(baskets)
    shrunk = AssociationRecommender(min_support=1, shrinkage=5.0).fit(baskets)
    assert raw.similar_items(3, N=1)[0].tolist() == [6]
    assert shrunk.similar_items(3, N=2)[0].tolist() == [4, 6]


def test_min_support_drops_rare_pairs(baskets):
    ids, _ = AssociationRecommender(min_support=1).fit(baskets).similar_items(3, N=7)
    assert 6 in ids
    ids, _ = AssociationRecommender(min_support=2).fit(baskets).similar_items(3, N=7)
    assert 6 not in ids and ids.tolist()[0] == 4
    ids, _ = AssociationRecommender(min_support=2).fit(baskets).similar_items(6, N=7)
    assert ids.size == 0


def test_repeat_events_count_once(baskets):
    heavy = baskets.copy()
    heavy[0, 1] = 50.0
    _, plain = AssociationRecommender().fit(baskets).similar_items(1, N=7)
    _, repeated = AssociationRecommender().fit(heavy).similar_items(1, N=7)
    np.testing.assert_allclose(plain, repeated, rtol=1e-6)


def test_max_neighbors_and_filter(baskets):
    ids, _ = AssociationRecommender(min_support=1, max_neighbors=1).fit(baskets).similar_items(1, N=7)
    assert ids.tolist() == [2]
    ids, _ = AssociationRecommender(min_support=1).fit(baskets).similar_items(1, N=7, filter_items=np.array([2]))
    assert 2 not in ids and ids.size > 0


def test_saved_and_loaded_model_answers_the_same(baskets):
    model = AssociationRecommender(min_support=1, shrinkage=3.0, max_neighbors=4).fit(baskets)
    loaded = load_model(save_model(model))
    assert isinstance(loaded, AssociationRecommender) and loaded.params == model.params
    for item in range(7):
        np.testing.assert_array_equal(loaded.similar_items(item, N=7)[0], model.similar_items(item, N=7)[0])
