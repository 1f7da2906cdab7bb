import io

import numpy as np
import pytest

from recommendations.engine import (
    ALSRecommender,
    ItemItemRecommender,
    PopularityRecommender,
    load_model,
    save_model,
)

from .conftest import row


def test_als_round_trip_gives_identical_recommendations(two_tastes):
    model = ALSRecommender(factors=4, iterations=5, alpha=3.0, seed=2, half_life_days=10).fit(two_tastes)
    loaded = load_model(save_model(model))
    assert isinstance(loaded, ALSRecommender)
    assert loaded.params == model.params
    for items in ([0, 1], [6], [2, 8]):
        expected = model.recommend(row(items), N=5)
        got = loaded.recommend(row(items), N=5)
        np.testing.assert_array_equal(got[0], expected[0])
        np.testing.assert_array_equal(got[1], expected[1])


def test_from_arrays_alone_can_fold_users_in(two_tastes):
    model = ALSRecommender(factors=4, iterations=5, seed=2).fit(two_tastes)
    arrays = model.to_arrays()
    assert set(arrays) == {"item_factors", "kind", "params"}
    loaded = ALSRecommender.from_arrays(arrays)
    np.testing.assert_allclose(loaded.user_vector(row([0, 1])), model.user_vector(row([0, 1])))


def test_popularity_and_item_item_round_trip(two_tastes):
    popularity = PopularityRecommender(window_days=30).fit(two_tastes)
    loaded = load_model(save_model(popularity))
    assert loaded.params == {"window_days": 30}
    np.testing.assert_array_equal(loaded.recommend(N=10)[0], popularity.recommend(N=10)[0])

    item_item = ItemItemRecommender(min_support=2).fit(two_tastes)
    loaded = load_model(save_model(item_item))
    assert loaded.params["min_support"] == 2
    for item in range(10):
        np.testing.assert_array_equal(loaded.similar_items(item)[0], item_item.similar_items(item)[0])


def test_saved_model_is_plain_npz_without_pickle(two_tastes):
    data = save_model(ALSRecommender(factors=2, iterations=1).fit(two_tastes))
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        assert str(archive["kind"]) == "als"
        assert all(archive[name].dtype != object for name in archive.files)


def test_wrong_kind_and_garbage_rejected(two_tastes):
    arrays = PopularityRecommender().fit(two_tastes).to_arrays()
    with pytest.raises(ValueError, match="popularity"):
        ALSRecommender.from_arrays(arrays)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, kind=np.array("nope"))
    with pytest.raises(ValueError, match="unknown model kind"):
        load_model(buffer.getvalue())
