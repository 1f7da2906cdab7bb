import numpy as np
import pytest

from recommendations.engine import ALSRecommender, Capability

from .conftest import BOOKS, ELECTRONICS, row


@pytest.fixture
def model(two_tastes) -> ALSRecommender:
    # Two tastes, two factors: more would fit the noise of who picked which 3 of 5 items.
    return ALSRecommender(factors=2, regularization=0.05, iterations=10, alpha=5.0, seed=1).fit(two_tastes)


def test_book_reader_gets_books_first(model):
    ids, scores = model.recommend(row([0, 1]), N=3)
    assert set(ids.tolist()) == {2, 3, 4}
    assert np.all(np.diff(scores) <= 0)


def test_new_events_change_results_without_retraining(model):
    before, _ = model.recommend(row([0]), N=3)
    after, _ = model.recommend(row([0, 5, 6, 7]), N=2)  # same shopper, new gadget views
    assert set(before.tolist()) <= set(BOOKS.tolist())
    assert set(after.tolist()) <= set(ELECTRONICS.tolist())


def test_scores_are_dot_products_of_folded_in_user(model):
    user = row([0, 1])
    ids, scores = model.recommend(user, N=5)
    vector = model.user_vector(user)
    np.testing.assert_allclose(scores, model.item_factors[ids] @ vector, rtol=1e-5)


def test_liked_and_filtered_items_never_returned(model):
    ids, _ = model.recommend(row([0, 1]), N=10, filter_items=np.array([2]))
    assert not {0, 1, 2} & set(ids.tolist())
    assert len(ids) == 7
    ids, _ = model.recommend(row([0, 1]), N=10, filter_already_liked_items=False)
    assert {0, 1} <= set(ids.tolist())


def test_empty_row_returns_empty_arrays(model):
    ids, scores = model.recommend(row([]), N=5)
    assert ids.size == 0 and scores.size == 0


def test_row_must_match_catalogue(model):
    with pytest.raises(ValueError, match="1 x 10"):
        model.recommend(row([0], n_items=11))


def test_als_declares_what_it_answers(model):
    # Related items come from the item-item recipes; ALS says so instead of answering badly.
    assert model.capabilities == Capability.PERSONAL | Capability.EXPLAINS
    with pytest.raises(NotImplementedError, match="RELATED"):
        model.similar_items(6, N=4)


def test_same_seed_same_factors(two_tastes):
    first = ALSRecommender(factors=4, iterations=3, seed=3).fit(two_tastes).item_factors
    second = ALSRecommender(factors=4, iterations=3, seed=3).fit(two_tastes).item_factors
    np.testing.assert_array_equal(first, second)


def test_params_include_extras():
    params = ALSRecommender(factors=8, half_life_days=30, event_weights={"View": 1}).params
    assert params["factors"] == 8
    assert params["half_life_days"] == 30
    assert params["event_weights"] == {"View": 1}


def test_fold_in_matches_implicits_recalculate_user(model):
    from implicit.als import AlternatingLeastSquares

    from recommendations.engine.als import confidence

    reference = AlternatingLeastSquares(factors=2, regularization=0.05, alpha=1.0, use_gpu=False)
    reference.item_factors = model.item_factors
    user = row([0, 3, 7], weights=[1.0, 2.0, 4.0])
    expected = reference.recalculate_user(0, confidence(user, model.alpha))
    np.testing.assert_allclose(model.user_vector(user), expected, rtol=1e-3, atol=1e-5)


def test_explain_names_the_history_item_behind_each_recommendation():
    import numpy as np
    import scipy.sparse as sp

    from recommendations.engine import ALSRecommender

    # Two tastes: items 0-4 go together, items 5-9 go together.
    rows, cols = [], []
    for user in range(40):
        block = range(0, 5) if user % 2 == 0 else range(5, 10)
        for item in block:
            if (user + item) % 5 != 0:
                rows.append(user)
                cols.append(item)
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(40, 10))
    model = ALSRecommender(factors=4, iterations=10, regularization=0.1, seed=3).fit(matrix)

    shopper = sp.csr_matrix((np.ones(2, dtype=np.float32), ([0, 0], [1, 7])), shape=(1, 10))
    because, weight = model.explain(shopper, np.array([2, 8]))
    assert list(because) == [1, 7]  # a block-A item is explained by the block-A history item
    assert (weight > 0).all()

    # The contributions add up to the fold-in score, as in implicit's explain.
    vector = model.user_vector(shopper)
    items = np.array([1, 7])
    conf = 1 + model.alpha * np.ones(2)
    factors = model.item_factors.astype(np.float64)
    system = model._gram + (factors[items].T * (conf - 1)) @ factors[items]
    per_item = (factors[2] @ np.linalg.solve(system, factors[items].T)) * conf
    assert np.isclose(per_item.sum(), factors[2] @ vector, rtol=1e-4)

    # A history item is explained by another history item, never by itself.
    assert list(model.explain(shopper, np.array([1, 7]))[0]) == [7, 1]
    alone = sp.csr_matrix((np.ones(1, dtype=np.float32), ([0], [1])), shape=(1, 10))
    assert list(model.explain(alone, np.array([1]))[0]) == [-1]

    empty = sp.csr_matrix((1, 10), dtype=np.float32)
    assert list(model.explain(empty, np.array([2]))[0]) == [-1]


def _one_user_solve(model: ALSRecommender, user_row) -> np.ndarray:
    """implicit's recalculate_user normal equations for one user, written out plainly."""
    from recommendations.engine.als import confidence

    conf = confidence(user_row, model.alpha)
    if conf.nnz == 0:
        return np.zeros(model.factors)
    factors = model.item_factors.astype(np.float64)
    y, c = factors[conf.indices], conf.data.astype(np.float64)
    system = factors.T @ factors + model.regularization * np.eye(model.factors) + (y.T * (np.abs(c) - 1)) @ y
    return np.linalg.solve(system, y[c > 0].T @ c[c > 0])


@pytest.mark.parametrize("budget", [1 << 23, 200])  # one stack; then many small ones
def test_batched_fold_in_equals_one_user_at_a_time(monkeypatch, budget):
    import scipy.sparse as sp
    from implicit.als import AlternatingLeastSquares

    from recommendations.engine import als
    from recommendations.engine.als import confidence

    monkeypatch.setattr(als, "FOLD_IN_BUDGET", budget)
    rng = np.random.default_rng(7)
    training = sp.random(60, 40, density=0.2, random_state=3, format="csr", dtype=np.float32)
    model = ALSRecommender(factors=6, iterations=5, alpha=3.0, seed=2).fit(training)
    # Rows of every length from empty to most of the catalogue, with a dislike (negative weight).
    lengths = [0, 1, 2, 3, 5, 8, 13, 21, 34, 0, 4, 30]
    rows, cols, weights = [], [], []
    for user, length in enumerate(lengths):
        items = rng.choice(40, size=length, replace=False)
        rows += [user] * length
        cols += items.tolist()
        weights += rng.uniform(0.5, 4.0, size=length).tolist()
    weights[3] = -0.2
    batch = sp.csr_matrix((weights, (rows, cols)), shape=(len(lengths), 40), dtype=np.float32)

    vectors = model.user_vectors(batch)

    reference = AlternatingLeastSquares(factors=6, regularization=model.regularization, alpha=1.0, use_gpu=False)
    reference.item_factors = model.item_factors
    for user in range(len(lengths)):
        np.testing.assert_allclose(vectors[user], _one_user_solve(model, batch[user]), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(vectors[user], model.user_vector(batch[user]), rtol=1e-6, atol=1e-7)
        if lengths[user]:
            expected = reference.recalculate_user(0, confidence(batch[user], model.alpha))
            np.testing.assert_allclose(vectors[user], expected, rtol=1e-3, atol=1e-4)
    assert not vectors[[0, 9]].any()


def test_fold_in_chunks_cover_each_non_empty_row_once():
    from recommendations.engine.als import fold_in_chunks

    lengths = np.array([0, 5, 1, 500, 2, 0, 40, 41, 3])
    chunks = fold_in_chunks(lengths, factors=64)
    users = np.concatenate([users for users, _ in chunks])
    assert sorted(users.tolist()) == [1, 2, 3, 4, 6, 7, 8]
    for users, length in chunks:
        assert length == lengths[users].max()


def _one_user_explain(model: ALSRecommender, user_row, targets: np.ndarray) -> tuple[list[int], np.ndarray]:
    """implicit's explain decomposition for one user, written out plainly."""
    from recommendations.engine.als import confidence

    conf = confidence(user_row, model.alpha)
    liked = conf.data > 0
    if targets.size == 0 or not liked.any():
        return [-1] * targets.size, np.zeros(targets.size)
    factors = model.item_factors.astype(np.float64)
    y, c = factors[conf.indices], conf.data.astype(np.float64)
    system = factors.T @ factors + model.regularization * np.eye(model.factors) + (y.T * (np.abs(c) - 1)) @ y
    items = conf.indices[liked]
    contributions = (factors[targets] @ np.linalg.solve(system, factors[items].T)) * c[liked]
    contributions[targets[:, None] == items[None, :]] = -np.inf
    top = contributions.argmax(axis=1)
    weight = contributions[np.arange(targets.size), top]
    best = [int(items[t]) if np.isfinite(w) else -1 for t, w in zip(top, weight, strict=True)]
    return best, np.where(np.isfinite(weight), weight, 0.0)


def test_batched_explain_equals_one_request_at_a_time():
    import scipy.sparse as sp

    training = sp.random(60, 40, density=0.2, random_state=4, format="csr", dtype=np.float32)
    model = ALSRecommender(factors=5, iterations=5, alpha=3.0, seed=2).fit(training)
    rng = np.random.default_rng(11)
    batch = sp.random(8, 40, density=0.25, random_state=5, format="lil", dtype=np.float32)
    batch[3] = 0  # an empty row
    batch = batch.tocsr()
    rows = [0, 1, 2, 3, 4, 5, 6, 7, 2]  # a row may be asked twice
    targets = [rng.choice(40, size=size, replace=False) for size in (5, 1, 0, 3, 12, 7, 2, 9, 4)]
    targets[4][:3] = batch[4].indices[:3]  # items already in the row name another item

    answers = model.explain_batch(batch, rows, targets)

    for (best, weight), at, wanted in zip(answers, rows, targets, strict=True):
        expected_best, expected_weight = _one_user_explain(model, batch[at], wanted)
        assert best.tolist() == expected_best
        np.testing.assert_allclose(weight, expected_weight, rtol=1e-5, atol=1e-6)
        single_best, _ = model.explain(batch[at], wanted)
        assert single_best.tolist() == expected_best
    assert any((best >= 0).any() for best, _ in answers)
