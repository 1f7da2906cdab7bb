"""The recommenders every shop starts with (Personalize's e-commerce use cases)."""

from __future__ import annotations

from recommendations.recipes import (
    ALS,
    ASSOCIATION,
    EASE,
    ITEM_ITEM,
    NEW_ARRIVALS,
    POPULARITY,
    SIMILAR_ITEMS,
    TRENDING,
)

MOST_VIEWED = "most-viewed"
BEST_SELLERS = "best-sellers"
RECOMMENDED_FOR_YOU = "recommended-for-you"
ALSO_VIEWED = "customers-who-viewed-x-also-viewed"
BOUGHT_TOGETHER = "frequently-bought-together"
TRENDING_NOW = "trending-now"
SIMILAR_ITEMS_SLUG = "similar-items"
NEW_ARRIVALS_ROW = "new-arrivals"

DEFAULT_RECOMMENDERS: list[dict] = [
    {
        "slug": MOST_VIEWED,
        "name": "Most viewed",
        "recipe": POPULARITY.name,
        "params": {"window_days": 30},
        "event_weights": {"View": 1},
    },
    {
        "slug": BEST_SELLERS,
        "name": "Best sellers",
        "recipe": POPULARITY.name,
        "params": {"window_days": 30},
        "event_weights": {"Purchase": 1},
    },
    {
        "slug": RECOMMENDED_FOR_YOU,
        "name": "Recommended for you",
        "recipe": ALS.name,
        # Written out so staff see them in the admin; the values are the engine's own defaults.
        "params": ALS.default_params("factors", "regularization", "iterations", "alpha", "seed"),
        "event_weights": dict(ALS.event_weights),
        # Training fits each on a validation split and publishes the best, so the shop's own data
        # decides. Not RP3beta: on the synthetic shop it wins validation but its rows keep less of a
        # persona's taste (93.8% against 98.6-98.7%); it is for catalogues past EASE's limit.
        "candidates": [ALS.name, EASE.name],
    },
    {
        "slug": ALSO_VIEWED,
        "name": "Customers who viewed this also viewed",
        "recipe": ITEM_ITEM.name,
        "params": {"min_support": 2},
        "event_weights": {"View": 1},
    },
    {
        "slug": BOUGHT_TOGETHER,
        "name": "Frequently bought together",
        # Lift, not cosine: a best seller is in every basket by chance, not as a complement. Cart
        # adds count too: on the synthetic shop they outnumber purchases ten to one, and partners
        # on purchases alone exist for a third of the products.
        "recipe": ASSOCIATION.name,
        "params": {"min_support": 1, "shrinkage": 5.0},
        "event_weights": {"AddToCart": 1, "Purchase": 1},
    },
    {
        "slug": TRENDING_NOW,
        "name": "Trending now",
        "recipe": TRENDING.name,
        # Written out so staff see them in the admin; the values are the engine's own defaults.
        "params": TRENDING.default_params(),
        "event_weights": dict(TRENDING.event_weights),
    },
    {
        "slug": SIMILAR_ITEMS_SLUG,
        "name": "Similar items",
        "recipe": SIMILAR_ITEMS.name,
        # Written out so staff see them in the admin; the values are the engine's own defaults.
        "params": SIMILAR_ITEMS.default_params(),
        "event_weights": dict(SIMILAR_ITEMS.event_weights),
    },
    {
        "slug": NEW_ARRIVALS_ROW,
        "name": "New arrivals",
        "recipe": NEW_ARRIVALS.name,
        "params": NEW_ARRIVALS.default_params(),
        "event_weights": dict(NEW_ARRIVALS.event_weights),
    },
]


# The stored filters the storefront uses (Personalize's filter language), as shipped; staff may
# edit them in the admin. The data migration 0012 wrote the same rows.
EXCLUDE_PURCHASED_FILTER = "exclude-purchased"
SAME_CATEGORY_FILTER = "same-category"
PROMOTED_ITEMS_FILTER = "promoted-items"

DEFAULT_FILTERS: list[dict] = [
    {
        "name": EXCLUDE_PURCHASED_FILTER,
        "expression": 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("Purchase")',
        "description": "What the shopper bought (their latest 100 purchases) is not recommended again.",
    },
    {
        "name": SAME_CATEGORY_FILTER,
        "expression": "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN (CurrentItem.CATEGORY_L1)",
        "description": "Only items of the current item's category (related-items recommenders).",
    },
    {
        "name": PROMOTED_ITEMS_FILTER,
        "expression": 'INCLUDE ItemID WHERE Items.PROMOTED IN ("true")',
        "description": "Products flagged promoted, for promotions.",
    },
]
