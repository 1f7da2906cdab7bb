import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine import (
    CatalogueTooLarge,
    EASERecommender,
    Interactions,
    ease_memory_bytes,
    load_model,
    save_model,
)
from recommendations.engine.base import top_n
from recommendations.engine.ease import catalogue_too_large_message, dense_gram, ease_weights, session_rows

from .conftest import row

HOUR = 3600.0


def dense_ease(gram: np.ndarray, l2: float) -> np.ndarray:
    """Steck's closed form with a plain dense inverse, in float64."""
    inverse = np.linalg.inv(gram + l2 * np.eye(gram.shape[0]))
    weights = np.eye(gram.shape[0]) - inverse / np.diag(inverse)
    np.fill_diagonal(weights, 0.0)
    return weights


@pytest.fixture
def visits() -> Interactions:
    """Four users over six items; users 0 and 1 each came back a day later for other items."""
    events = [
        # (user, item, hours)
        (0, 0, 0),
        (0, 1, 0.5),
        (0, 2, 30),
        (0, 3, 30.2),
        (1, 0, 0),
        (1, 2, 0.1),
        (1, 4, 48),
        (2, 1, 0),
        (2, 3, 0.3),
        (2, 5, 0.4),
        (3, 4, 0),
        (3, 5, 1.5),
        (3, 0, 1.6),
    ]
    users, items, hours = np.array(events, dtype=float).T
    return Interactions.of(users.astype(int), items.astype(int), None, hours * HOUR, 4, 6)


def test_weights_are_the_dense_closed_form_with_a_zero_diagonal(two_tastes):
    model = EASERecommender(l2=3.0).fit(two_tastes)  # a matrix has no timestamps: no sessions
    presence = (two_tastes > 0).astype(np.float64).toarray()
    np.testing.assert_allclose(model.weights, dense_ease(presence.T @ presence, 3.0), atol=2e-6)
    assert model.weights.dtype == np.float32
    assert np.all(np.diag(model.weights) == 0)


def test_repeated_and_heavy_events_count_once_in_the_gram(two_tastes):
    heavy = two_tastes.copy()
    heavy.data *= 7.0
    np.testing.assert_array_equal(
        EASERecommender(l2=3.0).fit(heavy).weights, EASERecommender(l2=3.0).fit(two_tastes).weights
    )


def test_sessions_split_at_the_gap(visits):
    sessions = session_rows(visits, gap_minutes=60).toarray()
    # User 0: {0, 1} then {2, 3}; user 1: {0, 2} then {4}; user 2 one visit; user 3: {4}, then {5, 0}.
    expected = [[1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0], [1, 0, 1, 0, 0, 0], [0, 0, 0, 0, 1, 0]]
    expected += [[0, 1, 0, 1, 0, 1], [0, 0, 0, 0, 1, 0], [1, 0, 0, 0, 0, 1]]
    np.testing.assert_array_equal(sessions, expected)
    assert session_rows(visits, gap_minutes=36 * 60).shape[0] == 5  # only user 1's two-day gap is left


def test_the_session_term_adds_session_rows_to_the_gram(visits):
    presence = (EASERecommender().presence(visits).toarray() > 0).astype(np.float64)
    sessions = session_rows(visits, gap_minutes=60).toarray().astype(np.float64)
    plain = EASERecommender(l2=2.0, session_weight=0).fit(visits)
    np.testing.assert_allclose(plain.weights, dense_ease(presence.T @ presence, 2.0), atol=2e-6)
    with_sessions = EASERecommender(l2=2.0, session_weight=0.5, session_gap_minutes=60, session_scales=1).fit(visits)
    expected = dense_ease(presence.T @ presence + 0.5 * sessions.T @ sessions, 2.0)
    np.testing.assert_allclose(with_sessions.weights, expected, atol=2e-6)
    assert np.abs(with_sessions.weights - plain.weights).max() > 1e-2


def test_without_timestamps_sessions_change_nothing(two_tastes):
    np.testing.assert_array_equal(
        EASERecommender(l2=3.0, session_weight=4.0).fit(two_tastes).weights,
        EASERecommender(l2=3.0, session_weight=0.0).fit(two_tastes).weights,
    )


def test_half_life_weighs_old_items_less_in_the_gram(visits):
    decayed = EASERecommender(half_life_days=1.0).presence(visits).toarray()
    # User 1's items 0 and 2 are two days older than item 4: a quarter of its weight.
    np.testing.assert_allclose(decayed[1], [0.25, 0, 0.5 ** (47.9 / 24), 0, 1, 0], rtol=1e-6)
    assert decayed.max() == 1.0
    assert (
        np.abs(EASERecommender(half_life_days=1.0).fit(visits).weights - EASERecommender().fit(visits).weights).max()
        > 1e-3
    )


def test_the_solve_reuses_the_gram_buffer(two_tastes):
    gram = dense_gram([(two_tastes, 1.0)], two_tastes.shape[1], 3.0)
    weights = ease_weights(gram)
    assert np.shares_memory(weights, gram)


def test_recommend_is_the_row_times_weights_and_follows_a_new_event(two_tastes):
    model = EASERecommender(l2=3.0).fit(two_tastes)
    history = row([0, 1], weights=[1.0, 5.0])
    scores = np.asarray(history @ model.weights).ravel()
    expected = top_n(scores, 4, history.indices)
    got = model.recommend(history, N=4)
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-6)
    # One more event, same model: the gadget now lifts gadgets.
    moved = model.recommend(row([0, 1, 7], weights=[1.0, 5.0, 20.0]), N=4)[0]
    assert moved.tolist() != got[0].tolist()
    assert set(moved) & set(range(5, 10))


def test_an_empty_row_ranks_nothing(two_tastes):
    model = EASERecommender().fit(two_tastes)
    ids, _ = model.recommend(None, N=5)
    assert ids.size == 0
    scores = model.score_batch(sp.vstack([row([]), row([2])]).tocsr())
    assert np.all(np.isneginf(scores[0])) and np.isfinite(scores[1]).all()


def hand_model(weights: list[list[float]]) -> EASERecommender:
    return EASERecommender._from_state(EASERecommender().params, {"weights": np.array(weights, dtype=np.float32)})


def test_explain_names_the_largest_contribution():
    model = hand_model(
        [
            [0.0, 0.1, 0.5, 0.4],
            [0.1, 0.0, 0.2, 0.1],
            [0.3, 0.6, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0],
        ]
    )
    history = row([0, 1], n_items=4, weights=[1.0, 3.0])
    # Item 2: 1 x 0.5 from item 0, 3 x 0.2 from item 1; item 3: 0.4 against 0.3; item 0 is in the
    # history, so only item 1 can explain it.
    best, weight = model.explain(history, np.array([2, 3, 0]))
    assert best.tolist() == [1, 0, 1]
    np.testing.assert_allclose(weight, [0.6, 0.4, 0.3], rtol=1e-6)
    best, weight = model.explain(row([], n_items=4), np.array([2]))
    assert best.tolist() == [-1] and weight.tolist() == [0.0]


def test_similar_items_never_returns_the_item():
    # Item 0's own entry (0) beats everything else in its row, which is negative.
    model = hand_model([[0.0, -0.2, -0.1], [0.3, 0.0, 0.1], [0.2, 0.5, 0.0]])
    assert model.similar_items(0, N=3)[0].tolist() == [2, 1]
    assert model.similar_items(2, N=3)[0].tolist() == [1, 0]
    assert model.similar_items(1, N=3, filter_items=np.array([0]))[0].tolist() == [2]


def test_a_catalogue_above_max_items_is_refused_with_its_size(two_tastes):
    with pytest.raises(CatalogueTooLarge, match=r"EASE needs 0\.1 GB for 10 items \(limit 9 items\)"):
        EASERecommender(max_items=9).fit(two_tastes)
    assert EASERecommender(max_items=10).fit(two_tastes).n_items == 10
    message = catalogue_too_large_message(60_000, 30_000)
    assert message.startswith("EASE needs 14.5 GB for 60,000 items (limit 30,000 items)")
    assert "rp3beta" in message
    assert EASERecommender(max_items=30_000).size_problem(60_000) == message
    assert EASERecommender(max_items=30_000).size_problem(30_000) is None


def test_memory_estimate_is_the_one_dense_matrix_and_its_blocks():
    assert ease_memory_bytes(60_000) - 4 * 60_000**2 < 0.2e9
    assert ease_memory_bytes(30_000) > 3.6e9


def test_round_trip_gives_identical_recommendations(visits):
    model = EASERecommender(l2=2.0, session_weight=0.5, half_life_days=3.0, max_items=100).fit(visits)
    loaded = load_model(save_model(model))
    assert isinstance(loaded, EASERecommender) and loaded.params == model.params
    np.testing.assert_array_equal(loaded.weights, model.weights)
    history = row([0, 3], n_items=6)
    np.testing.assert_array_equal(loaded.recommend(history, N=4)[0], model.recommend(history, N=4)[0])


def test_nested_session_scales_add_coarser_sessions_at_half_weight(visits):
    presence = (EASERecommender().presence(visits).toarray() > 0).astype(np.float64)
    fine = session_rows(visits, gap_minutes=6).toarray().astype(np.float64)
    coarse = session_rows(visits, gap_minutes=60).toarray().astype(np.float64)
    model = EASERecommender(l2=2.0, session_weight=0.8, session_gap_minutes=6, session_scales=2).fit(visits)
    expected = dense_ease(presence.T @ presence + 0.8 * fine.T @ fine + 0.4 * coarse.T @ coarse, 2.0)
    np.testing.assert_allclose(model.weights, expected, atol=2e-6)
    one_scale = EASERecommender(l2=2.0, session_weight=0.8, session_gap_minutes=6, session_scales=1).fit(visits)
    assert EASERecommender().params["session_scales"] == 3
    assert np.abs(model.weights - one_scale.weights).max() > 1e-3
