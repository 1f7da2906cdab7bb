"""The recommenders every shop starts with (Personalize's e-commerce use cases)."""

from __future__ import annotations

MOST_VIEWED = "most-viewed"
BEST_SELLERS = "best-sellers"
RECOMMENDED_FOR_YOU = "recommended-for-you"
ALSO_VIEWED = "customers-who-viewed-x-also-viewed"
BOUGHT_TOGETHER = "frequently-bought-together"

DEFAULT_RECOMMENDERS: list[dict] = [
    {
        "slug": MOST_VIEWED,
        "name": "Most viewed",
        "recipe": "popularity",
        "params": {"window_days": 30},
        "event_weights": {"View": 1},
    },
    {
        "slug": BEST_SELLERS,
        "name": "Best sellers",
        "recipe": "popularity",
        "params": {"window_days": 30},
        "event_weights": {"Purchase": 1},
    },
    {
        "slug": RECOMMENDED_FOR_YOU,
        "name": "Recommended for you",
        "recipe": "als",
        "params": {"factors": 64, "regularization": 0.05, "iterations": 15, "alpha": 2.0, "seed": 42},
        "event_weights": {"View": 1, "AddToCart": 3, "Purchase": 5},
    },
    {
        "slug": ALSO_VIEWED,
        "name": "Customers who viewed this also viewed",
        "recipe": "item-item",
        "params": {"min_support": 2},
        "event_weights": {"View": 1},
    },
    {
        "slug": BOUGHT_TOGETHER,
        "name": "Frequently bought together",
        "recipe": "item-item",
        "params": {"min_support": 1},
        "event_weights": {"Purchase": 1},
    },
]
