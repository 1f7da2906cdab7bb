"""Pure recommendation engine (numpy, scipy, pandas, implicit): no Django here, so it can be tested
and benchmarked on its own and run in any worker."""

from .als import ALSRecommender
from .base import Recommender
from .itemitem import ItemItemRecommender
from .matrix import build_user_item_matrix, recency_decay
from .persistence import load_model, register_model, save_model
from .popularity import PopularityRecommender
from .sequential import SequentialBlendRecommender

__all__ = [
    "ALSRecommender",
    "ItemItemRecommender",
    "PopularityRecommender",
    "Recommender",
    "SequentialBlendRecommender",
    "build_user_item_matrix",
    "load_model",
    "recency_decay",
    "register_model",
    "save_model",
]
