"""Association rules for "frequently bought together": which items go with this one more than chance.

Cosine co-occurrence still favours items everybody buys: a best seller shares shoppers with every
product, so it sits near the top of every row. Lift divides that chance out, and shrinking it by
support keeps a pair seen once or twice from outranking a pair seen fifty times.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import Capability, EngineModel, csr_from_arrays, csr_to_arrays, top_n
from .interactions import Interactions
from .itemitem import keep_top_per_row


class AssociationRecommender(EngineModel):
    """Pairs of items bought by the same shoppers, ranked by how much more often than chance.

    With ``n`` shoppers, ``n_i`` of them with item i and ``n_ij`` with both i and j,
    ``lift = n_ij * n / (n_i * n_j)`` is 1 for independent items whatever their popularity. The
    score shrinks lift towards that 1 by the evidence behind it:
    ``1 + (lift - 1) * n_ij / (n_ij + shrinkage)``, so a pair bought together twice by chance among
    few buyers cannot beat a steady complement. Pairs with ``n_ij < min_support`` are dropped and
    each item keeps its ``max_neighbors`` best partners. An item is never its own partner.
    """

    kind = "association"
    capabilities = Capability.RELATED

    def __init__(self, min_support: int = 1, *, shrinkage: float = 5.0, max_neighbors: int = 100) -> None:
        self.min_support = max(int(min_support), 1)
        self.shrinkage = max(float(shrinkage), 0.0)
        self.max_neighbors = int(max_neighbors)
        self.scores: sp.csr_matrix | None = None

    @property
    def params(self) -> dict[str, Any]:
        return {"min_support": self.min_support, "shrinkage": self.shrinkage, "max_neighbors": self.max_neighbors}

    def _fit(self, data: Interactions) -> None:
        matrix = self.interaction_matrix(data)
        # Presence, not weight: buying a thing ten times is still one basket with it.
        present = matrix.copy()
        present.data = (present.data > 0).astype(np.float32)
        present.eliminate_zeros()
        counts = (present.T @ present).tocsr()
        counts.setdiag(0)
        counts.data[counts.data < self.min_support] = 0
        counts.eliminate_zeros()
        support = np.asarray(present.sum(axis=0), dtype=np.float64).ravel()
        # Shoppers with none of these events are no evidence of independence: count only the active.
        shoppers = max(int(np.count_nonzero(np.diff(present.indptr))), 1)
        coo = counts.tocoo()
        together = coo.data.astype(np.float64)
        lift = together * shoppers / (support[coo.row] * support[coo.col])
        score = 1.0 + (lift - 1.0) * together / (together + self.shrinkage)
        shape = counts.shape
        scores = sp.csr_matrix((score.astype(np.float32), (coo.row, coo.col)), shape=shape)
        self.scores = keep_top_per_row(scores, self.max_neighbors).astype(np.float32)
        self.n_items = int(shape[1])

    def similar_items(
        self, item_id: int, N: int = 10, filter_items: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best partners of ``item_id`` (ids, shrunk lift), best first."""
        self._check_fitted()
        item_id = int(item_id)
        if not 0 <= item_id < self.n_items:
            raise IndexError(f"item {item_id} out of range")
        start, end = self.scores.indptr[item_id], self.scores.indptr[item_id + 1]
        scores = np.full(self.n_items, -np.inf, dtype=np.float32)
        scores[self.scores.indices[start:end]] = self.scores.data[start:end]
        return top_n(scores, N, filter_items)

    def score_batch(
        self,
        user_items: sp.csr_matrix,
        recent_items: Sequence[np.ndarray] | None = None,
        now: np.ndarray | None = None,
    ) -> np.ndarray:
        # Not declared PERSONAL; the protocol still answers, summing the partners of a basket.
        self._check_fitted()
        rows = sp.csr_matrix(user_items, dtype=np.float32)
        scores = np.asarray((rows @ self.scores).todense(), dtype=np.float32)
        scores[scores <= 0] = -np.inf
        return scores

    def _array_state(self) -> dict[str, np.ndarray]:
        self._check_fitted()
        return csr_to_arrays("scores", self.scores)

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> AssociationRecommender:
        model = cls(**params)
        model.scores = csr_from_arrays("scores", state).astype(np.float32)
        model.n_items = int(model.scores.shape[0])
        return model
