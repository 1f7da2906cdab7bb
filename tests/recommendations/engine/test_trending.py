import time

import numpy as np

from recommendations.engine import Interactions, TrendingRecommender, load_model, save_model

HOUR = 3600.0
# A fixed past "now": every event is stamped before it, so the window ends at the newest event.
NOW = 1_750_000_000.0


def events(*groups: tuple[int, int, float]) -> Interactions:
    """(item, count, hours before NOW) groups, each event by its own user."""
    items, stamps = [], []
    for item, count, hours_ago in groups:
        items += [item] * count
        stamps += [NOW - hours_ago * HOUR] * count
    return Interactions.of(np.arange(len(items)), items, None, stamps, len(items), 4)


def test_a_rising_item_beats_a_steady_more_popular_one():
    # Item 0: 20 a day for a week and 20 today (steady). Item 1: 1 a day, then 8 today (rising).
    data = events(
        *[(0, 20, 24 * day + 12) for day in range(1, 8)],
        (0, 20, 1),
        *[(1, 1, 24 * day + 12) for day in range(1, 8)],
        (1, 8, 1),
    )
    model = TrendingRecommender(window_hours=24, baseline_windows=7, min_recent_events=3, prior=2).fit(data)
    ids, scores = model.recommend(N=10)
    assert ids.tolist() == [1]  # the steady item is not growing at all
    np.testing.assert_allclose(scores, [(8 + 2) / (1 + 2) - 1], rtol=1e-6)
    assert model.recent.tolist() == [20, 8, 0, 0]
    np.testing.assert_allclose(model.expected, [20, 1, 0, 0])


def test_an_item_with_one_recent_event_is_not_trending():
    # Item 2 is new with a single event; item 3 went from nothing to 5.
    data = events((2, 1, 1), (3, 5, 1), (3, 1, 30))
    ids, _ = TrendingRecommender(window_hours=24, baseline_windows=7, min_recent_events=3).fit(data).recommend(N=10)
    assert ids.tolist() == [3]


def test_the_prior_keeps_a_small_jump_below_a_large_one():
    # Item 0: 0 -> 3 a day; item 1: 10 -> 40 a day. Without a prior item 0's growth is infinite.
    data = events((0, 3, 1), (1, 40, 1), *[(1, 10, 24 * day + 12) for day in range(1, 8)])
    ids, _ = (
        TrendingRecommender(window_hours=24, baseline_windows=7, min_recent_events=3, prior=5).fit(data).recommend(N=10)
    )
    assert ids.tolist() == [1, 0]


def test_the_window_never_ends_in_the_future():
    # One event stamped a year ahead must not leave the real recent events outside the window.
    now = time.time()
    stamps = [now - 48 * HOUR] + [now - HOUR] * 5 + [now + 365 * 24 * HOUR]
    data = Interactions.of(np.arange(7), [0] * 6 + [1], None, stamps, 7, 2)
    model = TrendingRecommender(window_hours=24, min_recent_events=3).fit(data)
    assert model.window_end <= time.time()
    assert model.recommend(N=10)[0].tolist() == [0]


def test_without_history_before_the_window_nothing_is_trending():
    # A shop whose every event is from the last hours has no usual rate for anything to rise from.
    data = events((0, 5, 1), (1, 9, 3))
    model = TrendingRecommender(window_hours=24, min_recent_events=3).fit(data)
    assert model.recent.tolist() == [5, 9, 0, 0]
    assert model.recommend(N=10)[0].size == 0
    # The same counts with one older event: a week-old baseline of nothing, so both rise.
    data = events((0, 5, 1), (1, 9, 3), (2, 1, 24 * 7))
    assert TrendingRecommender(window_hours=24, min_recent_events=3).fit(data).recommend(N=10)[0].tolist() == [1, 0]


def test_a_short_history_is_averaged_over_the_windows_it_covers():
    # Two days of 6 views a day, then 6 today: steady, even though the baseline asks for 7 days.
    data = events((0, 6, 1), (0, 6, 30), (0, 6, 54))
    model = TrendingRecommender(window_hours=24, baseline_windows=7, min_recent_events=3).fit(data)
    assert model.baseline_covered == 2
    np.testing.assert_allclose(model.expected[0], 6)
    assert model.recommend(N=10)[0].size == 0


def test_round_trip_keeps_counts_and_answers():
    data = events((0, 3, 1), (1, 40, 1), *[(1, 10, 24 * day + 12) for day in range(1, 8)])
    model = TrendingRecommender(window_hours=6, baseline_windows=3, min_recent_events=2, prior=1).fit(data)
    loaded = load_model(save_model(model))
    assert isinstance(loaded, TrendingRecommender)
    assert loaded.params == model.params
    assert loaded.window_end == model.window_end
    assert loaded.baseline_covered == model.baseline_covered == 3
    np.testing.assert_array_equal(loaded.recent, model.recent)
    np.testing.assert_array_equal(loaded.expected, model.expected)
    np.testing.assert_array_equal(loaded.recommend(N=10)[0], model.recommend(N=10)[0])


def test_no_events_means_nothing_trending():
    model = TrendingRecommender().fit(Interactions.of([], [], None, None, 0, 3))
    assert model.recommend(N=10)[0].size == 0
    assert load_model(save_model(model)).window_end is None
