"""Pure recommendation engine (numpy, scipy, pandas, implicit): no Django here, so it can be tested
and benchmarked on its own and run in any worker."""

from .als import ALSRecommender
from .association import AssociationRecommender
from .base import Capability, EngineModel
from .content import ContentSimilarityRecommender
from .ease import CatalogueTooLarge, EASERecommender, ease_memory_bytes
from .interactions import Interactions
from .itemitem import ItemItemRecommender
from .matrix import build_user_item_matrix, recency_decay
from .newarrivals import NewArrivalsRecommender
from .persistence import BUILT_IN_MODELS, ModelFormatError, load_model, save_model
from .popularity import PopularityRecommender
from .rp3beta import RP3BetaRecommender
from .sequential import SequentialBlendRecommender
from .trending import TrendingRecommender

__all__ = [
    "BUILT_IN_MODELS",
    "ALSRecommender",
    "AssociationRecommender",
    "Capability",
    "CatalogueTooLarge",
    "ContentSimilarityRecommender",
    "EASERecommender",
    "EngineModel",
    "Interactions",
    "ItemItemRecommender",
    "ModelFormatError",
    "NewArrivalsRecommender",
    "PopularityRecommender",
    "RP3BetaRecommender",
    "SequentialBlendRecommender",
    "TrendingRecommender",
    "build_user_item_matrix",
    "ease_memory_bytes",
    "load_model",
    "recency_decay",
    "save_model",
]
