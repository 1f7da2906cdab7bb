"""Popularity-Count: the same best sellers for everyone, and the baseline every model must beat."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import EngineModel
from .interactions import Interactions
from .matrix import SECONDS_PER_DAY


class PopularityRecommender(EngineModel):
    """Item score = summed event weight (the event count when weights are 1), the same for every user.

    With ``window_days`` only the events of the last ``window_days`` before the newest event count;
    the window never ends after the present, so one event stamped in the future cannot empty it.
    """

    kind = "popularity"

    def __init__(self, window_days: float | None = None) -> None:
        self.window_days = None if window_days is None else float(window_days)
        self.scores: np.ndarray | None = None

    @property
    def params(self) -> dict[str, Any]:
        return {"window_days": self.window_days}

    def _fit(self, data: Interactions) -> None:
        if self.window_days and len(data):
            latest = min(float(data.timestamps.max()), time.time())
            data = data.take(data.timestamps >= latest - self.window_days * SECONDS_PER_DAY)
        matrix = self.interaction_matrix(data)
        self.scores = np.asarray(matrix.sum(axis=0), dtype=np.float32).ravel()
        self.n_items = matrix.shape[1]

    def score_batch(
        self,
        user_items: sp.csr_matrix,
        recent_items: Sequence[np.ndarray] | None = None,
        now: np.ndarray | None = None,
    ) -> np.ndarray:
        """Items nobody interacted with score -inf: they are never returned."""
        self._check_fitted()
        assert self.scores is not None
        scores = np.where(self.scores > 0, self.scores, -np.inf).astype(np.float32)
        return np.tile(scores, (user_items.shape[0], 1))

    def _array_state(self) -> dict[str, np.ndarray]:
        self._check_fitted()
        return {"item_scores": self.scores}

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> PopularityRecommender:
        model = cls(window_days=params.get("window_days"))
        model.scores = np.asarray(state["item_scores"], dtype=np.float32)
        model.n_items = int(model.scores.shape[0])
        return model
