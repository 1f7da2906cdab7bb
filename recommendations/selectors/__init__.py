"""Reads of the recommendations app: what the shop and the API show. The shop calls only these."""

from .lifecycle import DueRecommender, recommenders_due
from .metrics import OnlineCounts, OnlineMetrics, PersonaCheck, online_metrics, persona_check, version_history
from .rows import RecommendationRow, home_rows, product_rows
from .serving import Recommendation, related_items, user_history, user_recommendations

__all__ = [
    "DueRecommender",
    "OnlineCounts",
    "OnlineMetrics",
    "PersonaCheck",
    "Recommendation",
    "RecommendationRow",
    "home_rows",
    "online_metrics",
    "persona_check",
    "product_rows",
    "recommenders_due",
    "related_items",
    "user_history",
    "user_recommendations",
    "version_history",
]
