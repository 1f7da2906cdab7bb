"""On the synthetic shop, "frequently bought together" by shrunk lift against cosine item-item."""

from __future__ import annotations

import numpy as np
import pytest

from recommendations.dataset import InteractionData
from recommendations.defaults import BOUGHT_TOGETHER, DEFAULT_RECOMMENDERS
from recommendations.engine import AssociationRecommender, EngineModel, Interactions, ItemItemRecommender

pytestmark = pytest.mark.django_db

TOP_SELLERS = 10
ROW = 5  # the partners a product page shows first
CART_AND_PURCHASE = {"AddToCart": 1.0, "Purchase": 1.0}


def _interactions(data: InteractionData, event_weights: dict[str, float]) -> Interactions:
    weights = data.weights_for(event_weights)
    keep = weights > 0
    return Interactions.of(
        data.user_idx[keep], data.item_idx[keep], weights[keep], data.timestamps[keep], data.n_users, data.n_items
    )


def _partners(model: EngineModel, n_items: int) -> list[int]:
    return [int(i) for item in range(n_items) for i in model.similar_items(item, N=ROW)[0]]


def _share(partners: list[int], best_sellers: set[int]) -> float:
    return sum(p in best_sellers for p in partners) / len(partners)


@pytest.fixture
def best_sellers(shop) -> set[int]:
    purchases = _interactions(shop, {"Purchase": 1.0})
    buyers = np.bincount(
        np.unique(np.stack([purchases.user_idx, purchases.item_idx]), axis=1)[1], minlength=shop.n_items
    )
    return {int(i) for i in np.argsort(-buyers, kind="stable")[:TOP_SELLERS]}


def test_on_the_same_events_lift_has_no_more_best_sellers_among_partners_than_cosine(shop, best_sellers):
    # Measured: cosine 3.1 %, lift 2.8 % of partner slots. Most pairs are seen once at this scale,
    # and for those lift and cosine rank alike, so the gap is small; lift must not be the worse.
    data = _interactions(shop, CART_AND_PURCHASE)
    cosine = _share(_partners(ItemItemRecommender(min_support=1).fit(data), shop.n_items), best_sellers)
    lift = _share(_partners(AssociationRecommender(min_support=1).fit(data), shop.n_items), best_sellers)
    assert lift <= cosine


def test_the_new_default_is_far_less_a_best_seller_list_than_the_old_and_covers_more_products(shop, best_sellers):
    # The old default: cosine on purchases alone (10 % best sellers among partners, 124 products
    # with any). Cart adds are ten times the purchases, so pairs are seen, not guessed.
    old = ItemItemRecommender(min_support=1).fit(_interactions(shop, {"Purchase": 1.0}))
    spec = next(spec for spec in DEFAULT_RECOMMENDERS if spec["slug"] == BOUGHT_TOGETHER)
    assert spec["recipe"] == "association"
    new = AssociationRecommender(**spec["params"]).fit(_interactions(shop, spec["event_weights"]))
    old_partners, new_partners = _partners(old, shop.n_items), _partners(new, shop.n_items)
    assert _share(new_partners, best_sellers) < _share(old_partners, best_sellers) * 0.5
    covered = [sum(model.similar_items(i, N=1)[0].size > 0 for i in range(shop.n_items)) for model in (old, new)]
    assert covered[1] > covered[0] * 2
