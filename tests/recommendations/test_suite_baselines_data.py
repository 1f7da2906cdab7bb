"""On the synthetic shop, against chance and popularity: frequently bought together predicts the
next item a shopper puts in the cart.

It trains on events before a cut-off and is scored on events after it, which it never saw.
"""

from __future__ import annotations

import numpy as np
import pytest

from recommendations.engine import AssociationRecommender, Interactions
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
