"""The new-arrivals engine: newest first, early traction among equals, nothing past max_age_days."""

from __future__ import annotations

import numpy as np

from recommendations.engine import Interactions, NewArrivalsRecommender, load_model, save_model
from recommendations.engine.catalogue import ItemTable

DAY = 86400.0
NOW = 1_750_000_000.0


def _fit(ages_days: list[float], events_per_item: list[int], max_age_days: float = 30.0) -> NewArrivalsRecommender:
    items = np.repeat(np.arange(len(ages_days)), events_per_item)
    data = Interactions.of(np.zeros(items.size), items, None, np.full(items.size, NOW), 1, len(ages_days))
    table = ItemTable.of(range(len(ages_days)), numeric={"CREATION_TIMESTAMP": [NOW - a * DAY for a in ages_days]})
    return NewArrivalsRecommender(max_age_days=max_age_days).fit(data.with_items(table))


def test_newest_first_and_old_items_never():
    model = _fit([10, 2, 40, 5, 0.5], [1, 1, 1, 1, 1])
    ids, _ = model.recommend(N=10, now=NOW, filter_already_liked_items=False)
    assert ids.tolist() == [4, 1, 3, 0]  # item 2 is 40 days old: past max_age_days


def test_early_traction_breaks_a_tie_in_age_but_does_not_beat_a_week_of_newness():
    model = _fit([3, 3, 10], [0, 20, 200])
    ids, _ = model.recommend(N=10, now=NOW, filter_already_liked_items=False)
    assert ids.tolist() == [1, 0, 2]


def test_max_age_is_a_parameter_and_survives_saving():
    model = _fit([1, 8, 20], [1, 1, 1], max_age_days=7)
    restored = load_model(save_model(model))
    ids, _ = restored.recommend(N=10, now=NOW, filter_already_liked_items=False)
    assert ids.tolist() == [0] and restored.params == {"max_age_days": 7.0}


def test_without_a_catalogue_nothing_is_new():
    data = Interactions.of([0], [0], None, [NOW], 1, 2)
    model = NewArrivalsRecommender().fit(data)
    ids, _ = model.recommend(N=5, now=NOW)
    assert ids.size == 0
