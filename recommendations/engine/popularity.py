"""Popularity-Count: the same best sellers for everyone, and the baseline every model must beat."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import EMPTY_IDS, EMPTY_SCORES, Recommender, top_n


class PopularityRecommender(Recommender):
    """Item score = column sum of the user x item matrix (event count when weights are 1).

    Extra keyword arguments (e.g. ``window_days``, applied by whoever builds the matrix) are
    kept in ``params`` so a stored model remembers how it was trained.
    """

    kind = "popularity"

    def __init__(self, **extra: Any) -> None:
        self.extra = dict(extra)
        self.scores: np.ndarray | None = None

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.extra)

    def fit(self, user_items: sp.csr_matrix) -> PopularityRecommender:
        matrix = sp.csr_matrix(user_items, dtype=np.float32)
        self.scores = np.asarray(matrix.sum(axis=0), dtype=np.float32).ravel()
        self.n_items = matrix.shape[1]
        return self

    def recommend(self, N: int = 10, filter_items: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Most popular items, best first; items nobody interacted with are never returned."""
        self._check_fitted()
        assert self.scores is not None
        scores = np.where(self.scores > 0, self.scores, -np.inf).astype(np.float32)
        ids, best = top_n(scores, N, filter_items)
        if ids.size == 0:
            return EMPTY_IDS, EMPTY_SCORES
        return ids, best

    def score_batch(
        self,
        user_items: sp.csr_matrix,
        recent_items: Sequence[np.ndarray] | None = None,
        now: np.ndarray | None = None,
    ) -> np.ndarray:
        self._check_fitted()
        assert self.scores is not None
        scores = np.where(self.scores > 0, self.scores, -np.inf).astype(np.float32)
        return np.tile(scores, (user_items.shape[0], 1))

    def _array_state(self) -> dict[str, np.ndarray]:
        self._check_fitted()
        return {"item_scores": self.scores}

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> PopularityRecommender:
        model = cls(**params)
        model.scores = np.asarray(state["item_scores"], dtype=np.float32)
        model.n_items = int(model.scores.shape[0])
        return model
