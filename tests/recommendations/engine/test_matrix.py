import numpy as np
import pytest

from recommendations.engine import build_user_item_matrix


def test_duplicates_are_summed_into_float32_csr():
    matrix = build_user_item_matrix(np.array([0, 0, 1]), np.array([2, 2, 0]), np.array([1.0, 3.0, 5.0]), 2, 3)
    assert matrix.format == "csr"
    assert matrix.dtype == np.float32
    assert matrix.shape == (2, 3)
    assert matrix.nnz == 2
    assert matrix[0, 2] == 4.0
    assert matrix[1, 0] == 5.0


def test_half_life_halves_weight_per_half_life():
    day = 86400.0
    now = 100 * day
    matrix = build_user_item_matrix(
        np.array([0, 0, 0]),
        np.array([0, 1, 2]),
        np.array([2.0, 2.0, 2.0]),
        1,
        3,
        timestamps=np.array([now, now - 7 * day, now - 14 * day]),
        half_life_days=7,
        now=now,
    )
    np.testing.assert_allclose(matrix.toarray()[0], [2.0, 1.0, 0.5], rtol=1e-6)


def test_half_life_defaults_now_to_newest_event_and_accepts_per_event_now():
    day = 86400.0
    ts = np.array([10 * day, 9 * day, 3 * day])
    default = build_user_item_matrix(np.array([0, 0, 1]), np.array([0, 1, 0]), np.ones(3), 2, 2, ts, 1.0)
    np.testing.assert_allclose(default.toarray(), [[1.0, 0.5], [0.5**7, 0.0]], rtol=1e-5)
    per_user = build_user_item_matrix(
        np.array([0, 0, 1]), np.array([0, 1, 0]), np.ones(3), 2, 2, ts, 1.0, now=np.array([10, 10, 3]) * day
    )
    np.testing.assert_allclose(per_user.toarray(), [[1.0, 0.5], [1.0, 0.0]], rtol=1e-5)


@pytest.mark.parametrize(
    ("users", "items", "message"),
    [([0, 2], [0, 0], "user index"), ([0, 1], [0, 3], "item index"), ([0], [0, 1], "same length")],
)
def test_rejects_bad_indices(users, items, message):
    with pytest.raises(ValueError, match=message):
        build_user_item_matrix(np.array(users), np.array(items), np.ones(len(users)), 2, 3)


def test_half_life_needs_timestamps():
    with pytest.raises(ValueError, match="timestamps"):
        build_user_item_matrix(np.array([0]), np.array([0]), np.ones(1), 1, 1, half_life_days=3)
