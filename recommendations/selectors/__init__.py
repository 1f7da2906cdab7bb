"""Reads of the recommendations app: what the storefront and the API show. The storefront calls only these."""

from .filters import (
    FilterRequestError,
    ItemFilter,
    filter_allowed,
    filter_excluded_indices,
    filter_parse,
    item_filter_resolve,
    model_item_table,
    products_excluded_by,
)
from .history import HistoryEvent, purchased_product_ids, user_histories, user_history
from .lifecycle import DueRecommender, recommenders_due
from .metrics import ONLINE_DAYS, OnlineCounts, OnlineMetrics, impressions_count, online_metrics, version_history
from .personal import ranked_items, user_recommendations
from .popular import popular_items
from .ranking import Recommendation, candidate_facts, diversify
from .rows import RecommendationRow, home_rows, product_rows
from .runs import RunProgress, VersionProgress, training_run_latest, training_run_progress, training_run_recommenders
from .serving import (
    Promotion,
    RecommendationRequestError,
    products_in_order,
    promoted_slots,
    promotion_apply,
    recommendations_get,
    related_items,
    same_category_items,
)

__all__ = [
    "ONLINE_DAYS",
    "DueRecommender",
    "FilterRequestError",
    "HistoryEvent",
    "ItemFilter",
    "OnlineCounts",
    "OnlineMetrics",
    "Promotion",
    "Recommendation",
    "RecommendationRequestError",
    "RecommendationRow",
    "RunProgress",
    "VersionProgress",
    "candidate_facts",
    "diversify",
    "filter_allowed",
    "filter_excluded_indices",
    "filter_parse",
    "home_rows",
    "impressions_count",
    "item_filter_resolve",
    "model_item_table",
    "online_metrics",
    "popular_items",
    "product_rows",
    "products_excluded_by",
    "products_in_order",
    "promoted_slots",
    "promotion_apply",
    "purchased_product_ids",
    "ranked_items",
    "recommendations_get",
    "recommenders_due",
    "related_items",
    "same_category_items",
    "training_run_latest",
    "training_run_progress",
    "training_run_recommenders",
    "user_histories",
    "user_history",
    "user_recommendations",
    "version_history",
]
