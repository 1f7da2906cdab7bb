"""Reads of the recommendations app: what the shop and the API show. The shop calls only these."""

from .rows import RecommendationRow, home_rows, product_rows
from .serving import Recommendation, related_items, user_history, user_recommendations

__all__ = [
    "Recommendation",
    "RecommendationRow",
    "home_rows",
    "product_rows",
    "related_items",
    "user_history",
    "user_recommendations",
]
