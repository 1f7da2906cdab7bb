"""The recommendation rows the storefront renders, with their titles and explanations: each row
(``row``), the home and product pages' (``pages``), topped up with popular products (``backfill``),
the cart's and order page's (``basket``), and the category page's personal sort (``sort``)."""

from recommendations.selectors.rows.backfill import (
    NEVER_PADDED,
    POPULAR_IN,
    POPULAR_NOW,
    row_backfilled,
    rows_backfilled,
)
from recommendations.selectors.rows.basket import (
    YOU_MAY_ALSO_LIKE,
    cart_rows,
    order_rows,
)
from recommendations.selectors.rows.pages import (
    HOME_ROWS,
    PRODUCT_ROWS,
    enough_history,
    home_rows,
    item_filter_stored,
    product_rows,
    recommender_ids,
    serving_versions,
)
from recommendations.selectors.rows.row import (
    HOME_PROMOTION,
    PAIR_REASONS,
    SERVING_CONFIG,
    TITLES,
    UNAVAILABLE,
    RecommendationRow,
    recommendation_reasons,
)
from recommendations.selectors.rows.sort import (
    SORT_NEEDS_HISTORY,
    SORT_NOT_YET,
    SORT_UNAVAILABLE,
    PersonalSort,
    personal_sort,
)

__all__ = [
    "HOME_PROMOTION",
    "HOME_ROWS",
    "NEVER_PADDED",
    "PAIR_REASONS",
    "POPULAR_IN",
    "POPULAR_NOW",
    "PRODUCT_ROWS",
    "SERVING_CONFIG",
    "SORT_NEEDS_HISTORY",
    "SORT_NOT_YET",
    "SORT_UNAVAILABLE",
    "TITLES",
    "UNAVAILABLE",
    "YOU_MAY_ALSO_LIKE",
    "PersonalSort",
    "RecommendationRow",
    "cart_rows",
    "enough_history",
    "home_rows",
    "item_filter_stored",
    "order_rows",
    "personal_sort",
    "product_rows",
    "recommendation_reasons",
    "recommender_ids",
    "row_backfilled",
    "rows_backfilled",
    "serving_versions",
]
