"""The cart's and the order page's rows, from the products in the basket."""

from __future__ import annotations

import dataclasses
from collections import Counter

from django.contrib.auth.models import AbstractBaseUser

from recommendations.defaults import (
    BOUGHT_TOGETHER,
)
from recommendations.selectors.history import (
    purchased_product_ids,
)
from recommendations.selectors.rows.backfill import row_backfilled
from recommendations.selectors.rows.row import PAIR_REASONS, RecommendationRow, _limit, _row
from recommendations.selectors.serving import (
    basket_items,
)
from shop.models import Product

YOU_MAY_ALSO_LIKE = "You may also like"


def _main_category(products: list[Product]) -> int | None:
    """The basket's most common category (the first product's on a tie): what padding is popular in."""
    # Counter keeps first-seen order, and most_common is stable: a tie goes to the first product's.
    counts = Counter(product.category_id for product in products)
    return counts.most_common(1)[0][0] if counts else None


def _basket_row(
    products: list[Product], n: int, purchased: set[int], explanation: str, *, offer_purchased: bool
) -> RecommendationRow | None:
    """``offer_purchased``: whether the model's partners may be products bought before (padding never is)."""
    ids = [product.pk for product in products]
    exclude = set() if offer_purchased else purchased
    result = basket_items(recommender=BOUGHT_TOGETHER, product_ids=ids, num_results=n, exclude_product_ids=exclude)
    if not result:
        return None
    names = {product.pk: product.name for product in products}
    phrase = PAIR_REASONS[BOUGHT_TOGETHER]
    result.reasons = [phrase.format(name=names[source]) if source in names else "" for source in result.because]
    row = _row(result, explanation)
    return row_backfilled(row, n, exclude_product_ids=purchased | set(ids), category_id=_main_category(products))


def cart_rows(
    *, products: list[Product], user: AbstractBaseUser | None, visitor_id: str, limit: int | None = None
) -> list[RecommendationRow]:
    """ "Frequently bought together" for the whole cart: each candidate scored by its pairs with
    every cart product summed, its card naming the cart product that contributed most; padded
    with popular items (never the cart's or what the shopper bought). Empty for an empty cart or
    when the model pairs nothing with the cart."""
    if not products:
        return []
    purchased = purchased_product_ids(user=user, visitor_id=visitor_id)
    words = products[0].name if len(products) == 1 else "the products in your cart"
    # As on the product page, a partner bought before is still offered (consumables are bought again).
    row = _basket_row(products, _limit(limit), purchased, f"Often in the same basket as {words}", offer_purchased=True)
    return [row] if row is not None else []


def order_rows(
    *, products: list[Product], user: AbstractBaseUser | None, visitor_id: str, limit: int | None = None
) -> list[RecommendationRow]:
    """ "You may also like" after checkout: what is bought with the order's products.

    Complements, not the also-viewed model's look-alikes: right after buying a lamp, another lamp
    is what the shopper just decided against, a bulb is what the order still lacks. Nothing
    ordered (nor bought before) is offered.
    """
    if not products:
        return []
    purchased = purchased_product_ids(user=user, visitor_id=visitor_id)
    words = products[0].name if len(products) == 1 else "the products you ordered"
    row = _basket_row(products, _limit(limit), purchased, f"Often bought with {words}", offer_purchased=False)
    return [dataclasses.replace(row, title=YOU_MAY_ALSO_LIKE)] if row is not None else []
