"""Models to bytes and back with ``np.savez_compressed``: plain arrays only, never pickle."""

from __future__ import annotations

import io

import numpy as np

from .als import ALSRecommender
from .base import Recommender
from .itemitem import ItemItemRecommender
from .popularity import PopularityRecommender
from .sequential import SequentialBlendRecommender

MODEL_CLASSES: dict[str, type[Recommender]] = {
    cls.kind: cls for cls in (PopularityRecommender, ALSRecommender, ItemItemRecommender, SequentialBlendRecommender)
}


def register_model(cls: type[Recommender]) -> type[Recommender]:
    """Make ``load_model`` know another kind (used by models defined in other engine modules)."""
    MODEL_CLASSES[cls.kind] = cls
    return cls


def save_model(model: Recommender) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **model.to_arrays())
    return buffer.getvalue()


def load_model(data: bytes) -> Recommender:
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    if "kind" not in arrays:
        raise ValueError("not a saved model: no 'kind' entry")
    kind = str(arrays["kind"])
    if kind not in MODEL_CLASSES:
        raise ValueError(f"unknown model kind {kind!r}")
    return MODEL_CLASSES[kind].from_arrays(arrays)
