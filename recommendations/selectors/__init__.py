"""Reads of the recommendations app: what the storefront and the API show. The storefront calls only these."""

from .filters import products_excluded_by
from .history import HistoryEvent, purchased_product_ids, user_histories, user_history
from .lifecycle import DueRecommender, recommenders_due
from .metrics import ONLINE_DAYS, OnlineCounts, OnlineMetrics, impressions_count, online_metrics, version_history
from .personal import PersonalRanking, personal_ranking, ranked_items, user_recommendations
from .popular import popular_items, popular_products
from .ranking import Recommendation, candidate_facts, diversify
from .rows import (
    PersonalSort,
    RecommendationRow,
    cart_rows,
    enough_history,
    home_rows,
    order_rows,
    personal_sort,
    product_rows,
    row_backfilled,
    rows_backfilled,
)
from .runs import RunProgress, VersionProgress, training_run_latest, training_run_progress, training_run_recommenders
from .serving import (
    RecommendationRequestError,
    basket_items,
    products_in_order,
    recommendations_get,
    related_items,
)

__all__ = [
    "ONLINE_DAYS",
    "DueRecommender",
    "HistoryEvent",
    "OnlineCounts",
    "OnlineMetrics",
    "PersonalRanking",
    "PersonalSort",
    "Recommendation",
    "RecommendationRequestError",
    "RecommendationRow",
    "RunProgress",
    "VersionProgress",
    "basket_items",
    "candidate_facts",
    "cart_rows",
    "diversify",
    "enough_history",
    "home_rows",
    "impressions_count",
    "online_metrics",
    "order_rows",
    "personal_ranking",
    "personal_sort",
    "popular_items",
    "popular_products",
    "product_rows",
    "products_excluded_by",
    "products_in_order",
    "purchased_product_ids",
    "ranked_items",
    "recommendations_get",
    "recommenders_due",
    "related_items",
    "row_backfilled",
    "rows_backfilled",
    "training_run_latest",
    "training_run_progress",
    "training_run_recommenders",
    "user_histories",
    "user_history",
    "user_recommendations",
    "version_history",
]
