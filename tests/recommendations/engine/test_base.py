import numpy as np
import pytest

from recommendations.engine.base import top_n


def test_top_n_takes_exclusion_masks_as_it_takes_index_lists():
    rng = np.random.default_rng(1)
    scores = rng.random(50).astype(np.float32)
    scores[[3, 9]] = scores[4]  # ties resolve to the lower index either way
    mask = np.zeros(50, dtype=bool)
    mask[[0, 7, 8, 20, 41]] = True
    listed = np.array([5, 6])

    by_mask = top_n(scores, 12, mask, listed)
    by_ids = top_n(scores, 12, np.flatnonzero(mask), listed)

    assert by_mask[0].tolist() == by_ids[0].tolist()
    assert not set(by_mask[0].tolist()) & {0, 5, 6, 7, 8, 20, 41}
    np.testing.assert_array_equal(top_n(scores, 50, np.ones(50, dtype=bool))[0], [])
    with pytest.raises(ValueError, match="mask"):
        top_n(scores, 5, np.zeros(49, dtype=bool))
