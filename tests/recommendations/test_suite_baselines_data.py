"""On the synthetic shop, against chance and popularity: frequently bought together predicts the
next item a shopper puts in the cart, and trending now picks items whose next day beats their
usual rate.

Each trains on events before a cut-off and is scored on events after it, which it never saw.
"""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from recommendations.dataset import interaction_data_load
from recommendations.engine import AssociationRecommender, Interactions, TrendingRecommender
from tests.recommendations.test_similar_items_data import SESSION_GAP

pytestmark = pytest.mark.django_db

K = 10


def _cut(data, kinds: dict[str, float], quantile: float):
    weights = data.weights_for(kinds)
    keep = weights > 0
    user, item, ts = data.user_idx[keep], data.item_idx[keep], data.timestamps[keep]
    cut = float(np.quantile(ts, quantile))
    train = ts < cut
    events = Interactions.of(user[train], item[train], weights[keep][train], ts[train], data.n_users, data.n_items)
    return events, (user, item, ts), cut


def test_bought_together_predicts_the_next_basket_item_better_than_chance_and_best_sellers(shop):
    events, (user, item, ts), cut = _cut(shop, {"AddToCart": 1.0, "Purchase": 1.0}, 0.7)
    model = AssociationRecommender(min_support=1, shrinkage=5.0).fit(events)
    order = np.lexsort((ts, user))
    user, item, ts = user[order], item[order], ts[order]
    later = (user[1:] == user[:-1]) & (item[1:] != item[:-1]) & (ts[:-1] >= cut) & (ts[1:] - ts[:-1] < SESSION_GAP)
    pairs = np.stack([item[:-1][later], item[1:][later]], axis=1)
    assert len(pairs) > 100
    best_sellers = np.argsort(-np.bincount(events.item_idx, minlength=shop.n_items), kind="stable")

    def hit(a: int, b: int) -> tuple[bool, bool]:
        partners = set(model.similar_items(a, N=K)[0].tolist())
        popular = [i for i in best_sellers[: K + 1] if i != a][:K]
        return b in partners, b in popular

    hits = np.array([hit(int(a), int(b)) for a, b in pairs])
    together, popularity = hits.mean(axis=0)
    chance = K / shop.n_items
    print(f"next basket item in top {K}: together {together:.3f}, best sellers {popularity:.3f}, chance {chance:.3f}")
    assert together > 3 * chance
    assert together > popularity


DAY = 86400.0


@pytest.fixture
def reference_shop():
    """The reference demo's scale: a day's views per product are enough to see a rise."""
    call_command("generate_data", "--seed=42", "--end=2025-06-01", "--no-progress", stdout=StringIO())
    return interaction_data_load()


def test_trending_picks_items_that_keep_rising_more_than_chance_and_most_viewed(reference_shop):
    shop = reference_shop
    views = shop.weights_for({"View": 1.0}) > 0
    item, ts = shop.item_idx[views], shop.timestamps[views]
    rises: dict[str, list[float]] = {"trending": [], "most viewed": [], "chance": []}
    rng = np.random.default_rng(7)
    # A day's answer is noisy; every other day of the last two months is not.
    for cut in ts.max() - DAY * np.arange(2, 60, 2):
        train = ts < cut
        events = Interactions.of(np.zeros(int(train.sum())), item[train], None, ts[train], 1, shop.n_items)
        model = TrendingRecommender(window_hours=24, baseline_windows=7).fit(events)
        # The next day's views against the item's daily rate in the week before the window.
        usual = np.bincount(item[(ts >= cut - 8 * DAY) & (ts < cut - DAY)], minlength=shop.n_items) / 7
        following = np.bincount(item[(ts >= cut) & (ts < cut + DAY)], minlength=shop.n_items)
        rise = following / np.maximum(usual, 0.5)
        month = np.bincount(item[train & (ts >= cut - 30 * DAY)], minlength=shop.n_items)
        picks = {
            "trending": model.recommend(N=K)[0],
            "most viewed": np.argsort(-month, kind="stable")[:K],
            "chance": rng.choice(shop.n_items, size=K, replace=False),
        }
        for name, chosen in picks.items():
            rises[name].append(float(rise[np.asarray(chosen, dtype=np.int64)].mean()))
    mean = {name: float(np.mean(values)) for name, values in rises.items()}
    print("next day's views over the usual rate:", {name: round(value, 3) for name, value in mean.items()})
    assert mean["trending"] > mean["chance"]
    assert mean["trending"] > mean["most viewed"]
