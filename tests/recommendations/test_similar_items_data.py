"""On the synthetic shop: does "similar items" predict what a shopper views next in the same visit?

The measure: train on every event before a cut-off; for each later pair of consecutive views of
different products by one shopper less than ``SESSION_GAP`` apart, is the second among the first's
``K`` similar items? That is the question the row answers on a product page (what will this
shopper look at next), on events the model never saw.
"""

from __future__ import annotations

import numpy as np
import pytest

from recommendations.dataset import InteractionData
from recommendations.defaults import DEFAULT_RECOMMENDERS, SIMILAR_ITEMS_SLUG
from recommendations.engine import EngineModel, Interactions, ItemItemRecommender
from recommendations.recipes import SIMILAR_ITEMS
from recommendations.selectors.catalogue import item_table_for

pytestmark = pytest.mark.django_db

K = 10
SESSION_GAP = 30 * 60


def _split(shop: InteractionData) -> tuple[Interactions, np.ndarray]:
    """Views before the last fifth of the timeline to train on; the later next-view pairs to predict."""
    views = shop.weights_for({"View": 1.0}) > 0
    user, item, ts = shop.user_idx[views], shop.item_idx[views], shop.timestamps[views]
    cut = np.quantile(ts, 0.8)
    train = ts < cut
    events = Interactions.of(user[train], item[train], None, ts[train], shop.n_users, shop.n_items)
    order = np.lexsort((ts, user))
    user, item, ts = user[order], item[order], ts[order]
    pair = (user[1:] == user[:-1]) & (ts[1:] - ts[:-1] < SESSION_GAP) & (item[1:] != item[:-1]) & (ts[:-1] >= cut)
    return events.with_items(item_table_for(shop.product_ids)), np.stack([item[:-1][pair], item[1:][pair]], axis=1)


def _hit_rate(model: EngineModel, pairs: np.ndarray) -> float:
    rows = {int(a): set(model.similar_items(int(a), N=K)[0].tolist()) for a in np.unique(pairs[:, 0])}
    return float(np.mean([int(b) in rows[int(a)] for a, b in pairs]))


def test_similar_items_predicts_the_next_view_far_better_than_chance_and_covers_every_product(shop):
    events, pairs = _split(shop)
    assert len(pairs) > 500
    spec = next(spec for spec in DEFAULT_RECOMMENDERS if spec["slug"] == SIMILAR_ITEMS_SLUG)
    similar = SIMILAR_ITEMS.build(spec["params"]).fit(events)
    itemitem = ItemItemRecommender(min_support=2).fit(events)
    chance = K / (shop.n_items - 1)
    similar_hits, itemitem_hits = _hit_rate(similar, pairs), _hit_rate(itemitem, pairs)
    print(f"next view in top {K}: similar-items {similar_hits:.3f}, item-item {itemitem_hits:.3f}, chance {chance:.3f}")
    # Measured: similar-items 0.778, item-item (min_support 2) 0.738, chance 0.025. The synthetic
    # shoppers browse within a style, so content alone already scores 0.755; the blend adds co-view.
    assert similar_hits > 5 * chance
    assert similar_hits >= itemitem_hits
    # Pure content (no behaviour at all) is still far better than chance: what a new product gets.
    content = SIMILAR_ITEMS.build({**spec["params"], "shrinkage": 1e9}).fit(events.take(np.zeros(len(events), bool)))
    content_hits = _hit_rate(content, pairs)
    print(f"content alone {content_hits:.3f}")
    assert content_hits > 3 * chance
    # Every product has a full row, viewed or not.
    assert all(similar.similar_items(i, N=K)[0].size == K for i in range(shop.n_items))
