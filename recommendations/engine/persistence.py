"""Models to bytes and back with ``np.savez_compressed``: plain arrays only, never pickle."""

from __future__ import annotations

import io
from collections.abc import Iterable

import numpy as np

from .als import ALSRecommender
from .association import AssociationRecommender
from .base import EngineModel
from .content import ContentSimilarityRecommender
from .ease import EASERecommender
from .itemitem import ItemItemRecommender
from .newarrivals import NewArrivalsRecommender
from .popularity import PopularityRecommender
from .rp3beta import RP3BetaRecommender
from .sequential import SequentialBlendRecommender
from .trending import TrendingRecommender

BUILT_IN_MODELS: tuple[type[EngineModel], ...] = (
    PopularityRecommender,
    ALSRecommender,
    ItemItemRecommender,
    SequentialBlendRecommender,
    TrendingRecommender,
    AssociationRecommender,
    ContentSimilarityRecommender,
    NewArrivalsRecommender,
    EASERecommender,
    RP3BetaRecommender,
)


class ModelFormatError(ValueError):
    """The bytes are not a model this engine can load (truncated, corrupt, or an unknown kind)."""


def save_model(model: EngineModel) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **model.to_arrays())
    return buffer.getvalue()


def load_model(data: bytes, classes: Iterable[type[EngineModel]] = BUILT_IN_MODELS) -> EngineModel:
    """The model saved in ``data``; ``classes`` are the kinds it may be (the caller's registry)."""
    by_kind: dict[str, type[EngineModel]] = {}
    for cls in classes:
        for kind in (cls.kind, *getattr(cls, "legacy_kinds", ())):
            by_kind[kind] = cls
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError, EOFError, KeyError) as exc:
        # np.load reports a truncated or foreign file in several ways; callers need one.
        raise ModelFormatError(f"not a saved model: {exc}") from exc
    if "kind" not in arrays:
        raise ModelFormatError("not a saved model: no 'kind' entry")
    kind = str(arrays["kind"])
    if kind not in by_kind:
        raise ModelFormatError(f"unknown model kind {kind!r}")
    try:
        return by_kind[kind].from_arrays(arrays)
    except (KeyError, ValueError) as exc:
        raise ModelFormatError(f"{kind} model is incomplete: {exc}") from exc
