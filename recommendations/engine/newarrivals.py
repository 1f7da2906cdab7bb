"""New arrivals: the newest products, early traction breaking ties (Personalize has no such recipe).

Scores are fixed at fit time from the catalogue's CREATION_TIMESTAMP; products created after
training are the serving layer's to add (it reads the live catalogue), since a model cannot
know an item it never saw.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import Capability, EngineModel
from .interactions import Interactions
from .matrix import SECONDS_PER_DAY

# Days of age one unit of log-traction is worth: an item with e^1 - 1 ~ 1.7 weighted events
# ranks level with one a day newer and none. Small enough that newness leads.
TRACTION_DAYS = 1.0


def arrival_scores(created: np.ndarray, traction: np.ndarray, now: float, max_age_days: float) -> np.ndarray:
    """Per item: minus its age in days, plus TRACTION_DAYS * log1p(events); -inf when older than
    ``max_age_days``, undated or dated in the future."""
    age_days = (now - np.asarray(created, dtype=np.float64)) / SECONDS_PER_DAY
    fresh = np.isfinite(age_days) & (age_days >= 0) & (age_days <= max_age_days)
    score = -age_days + TRACTION_DAYS * np.log1p(np.maximum(np.asarray(traction, dtype=np.float64), 0.0))
    return np.where(fresh, score, -np.inf).astype(np.float32)


class NewArrivalsRecommender(EngineModel):
    """Item score: newer is better, early events a boost; the same for everyone, like popularity."""

    kind = "new-arrivals"
    capabilities = Capability.CONTENT
    may_answer_nothing = True  # a shop that added nothing lately has no new arrivals

    def __init__(self, max_age_days: float = 30.0) -> None:
        self.max_age_days = float(max_age_days)
        self.created: np.ndarray | None = None  # unix seconds per item, NaN when unknown
        self.traction: np.ndarray | None = None  # weighted events per item
        self.fitted_at: float | None = None

    @property
    def params(self) -> dict[str, Any]:
        return {"max_age_days": self.max_age_days}

    def _fit(self, data: Interactions) -> None:
        n_items = data.n_items
        if data.items is not None and "CREATION_TIMESTAMP" in data.items.fields:
            self.created = np.asarray(data.items.column("CREATION_TIMESTAMP"), dtype=np.float64)
        else:
            self.created = np.full(n_items, np.nan)
        self.traction = np.bincount(data.item_idx, weights=data.weights, minlength=n_items).astype(np.float32)
        self.fitted_at = time.time()
        self.n_items = n_items

    def scores_at(self, now: float) -> np.ndarray:
        self._check_fitted()
        assert self.created is not None and self.traction is not None
        return arrival_scores(self.created, self.traction, now, self.max_age_days)

    def score_batch(
        self,
        user_items: sp.csr_matrix,
        recent_items: Sequence[np.ndarray] | None = None,
        now: np.ndarray | None = None,
    ) -> np.ndarray:
        """Ages are counted to ``now`` (each user's), else to the present."""
        rows = user_items.shape[0]
        if now is None:
            return np.tile(self.scores_at(time.time()), (rows, 1))
        return np.vstack([self.scores_at(float(t)) for t in np.asarray(now, dtype=np.float64)])

    def _array_state(self) -> dict[str, np.ndarray]:
        self._check_fitted()
        return {
            "created": self.created,
            "traction": self.traction,
            "fitted_at": np.array(np.nan if self.fitted_at is None else self.fitted_at, dtype=np.float64),
        }

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> NewArrivalsRecommender:
        model = cls(**params)
        model.created = np.asarray(state["created"], dtype=np.float64)
        model.traction = np.asarray(state["traction"], dtype=np.float32)
        fitted = float(state["fitted_at"])
        model.fitted_at = None if np.isnan(fitted) else fitted
        model.n_items = int(model.created.shape[0])
        return model
