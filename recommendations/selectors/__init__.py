"""Reads of the recommendations app: what the storefront and the API show. The storefront calls only these."""

from .filters import products_excluded_by
from .lifecycle import DueRecommender, recommenders_due
from .metrics import ONLINE_DAYS, OnlineCounts, OnlineMetrics, impressions_count, online_metrics, version_history
from .rows import RecommendationRow, home_rows, product_rows
from .runs import RunProgress, VersionProgress, training_run_latest, training_run_progress, training_run_recommenders
from .serving import (
    Recommendation,
    RecommendationRequestError,
    popular_items,
    ranked_items,
    recommendations_get,
    related_items,
    user_histories,
    user_history,
    user_recommendations,
)

__all__ = [
    "ONLINE_DAYS",
    "DueRecommender",
    "OnlineCounts",
    "OnlineMetrics",
    "Recommendation",
    "RecommendationRequestError",
    "RecommendationRow",
    "RunProgress",
    "VersionProgress",
    "home_rows",
    "impressions_count",
    "online_metrics",
    "popular_items",
    "product_rows",
    "products_excluded_by",
    "ranked_items",
    "recommendations_get",
    "recommenders_due",
    "related_items",
    "training_run_latest",
    "training_run_progress",
    "training_run_recommenders",
    "user_histories",
    "user_history",
    "user_recommendations",
    "version_history",
]
