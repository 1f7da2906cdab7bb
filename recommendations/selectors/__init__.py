"""Reads of the recommendations app: what the storefront and the API show. The storefront calls only these."""

from .filters import products_excluded_by
from .history import HistoryEvent, purchased_product_ids, user_histories, user_history
from .lifecycle import DueRecommender, recommenders_due
from .metrics import OnlineCounts, OnlineMetrics, online_metrics, version_history
from .personal import ranked_items, user_recommendations
from .popular import popular_items
from .ranking import Recommendation, candidate_facts, diversify
from .rows import RecommendationRow, home_rows, product_rows
from .serving import RecommendationRequestError, products_in_order, recommendations_get, related_items

__all__ = [
    "DueRecommender",
    "HistoryEvent",
    "OnlineCounts",
    "OnlineMetrics",
    "Recommendation",
    "RecommendationRequestError",
    "RecommendationRow",
    "candidate_facts",
    "diversify",
    "home_rows",
    "online_metrics",
    "popular_items",
    "product_rows",
    "products_excluded_by",
    "products_in_order",
    "purchased_product_ids",
    "ranked_items",
    "recommendations_get",
    "recommenders_due",
    "related_items",
    "user_histories",
    "user_history",
    "user_recommendations",
    "version_history",
]
