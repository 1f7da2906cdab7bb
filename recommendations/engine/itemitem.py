"""Item-to-item co-occurrence: "customers who viewed X also viewed" and "frequently bought together"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import Capability, EngineModel, csr_from_arrays, csr_to_arrays, top_n
from .interactions import Interactions


def keep_top_per_row(matrix: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Keep each row's ``k`` largest entries (ties to the lower column), vectorised over all rows."""
    matrix = sp.csr_matrix(matrix)
    matrix.sort_indices()
    counts = np.diff(matrix.indptr)
    if k <= 0 or counts.max(initial=0) <= k:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rank = np.arange(order.size) - np.repeat(matrix.indptr[:-1], counts)
    keep = np.sort(order[rank < k])
    kept = sp.csr_matrix(
        (matrix.data[keep], (rows[keep], matrix.indices[keep])), shape=matrix.shape, dtype=matrix.dtype
    )
    kept.sort_indices()
    return kept


def co_occurrence(matrix: sp.csr_matrix, min_support: int) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    """(presence, pair counts, support) of a user x item matrix.

    Presence, not weight: a user who viewed an item ten times co-occurs once. ``counts[i, j]`` is
    the number of users with both i and j (never i with itself, pairs under ``min_support``
    dropped); ``support[i]`` the number of users with i.
    """
    present = sp.csr_matrix((np.ones(matrix.nnz, dtype=np.float32), matrix.indices, matrix.indptr), matrix.shape)
    present.data[matrix.data <= 0] = 0
    present.eliminate_zeros()
    counts = (present.T @ present).tocsr()
    counts.setdiag(0)
    counts.data[counts.data < min_support] = 0
    counts.eliminate_zeros()
    support = np.asarray(present.sum(axis=0), dtype=np.float64).ravel()
    return present, counts, support


def co_view_cosine(matrix: sp.csr_matrix, min_support: int) -> tuple[sp.csr_matrix, np.ndarray]:
    """(item x item cosine of co-occurrence, support per item): ``count(i, j) / sqrt(n_i * n_j)``."""
    _, counts, support = co_occurrence(matrix, min_support)
    coo = counts.tocoo()
    support32 = support.astype(np.float32)
    cosine = coo.data / np.sqrt(support32[coo.row] * support32[coo.col])
    return sp.csr_matrix((cosine.astype(np.float32), (coo.row, coo.col)), shape=counts.shape), support


class NeighbourModel(EngineModel):
    """A model that is an item x item matrix of scores, ``neighbours``: an item's related items are
    its row, a basket's items the sum of its items' rows. Subclasses learn the scores in ``_fit``."""

    capabilities = Capability.RELATED
    # The artifact's array names (kept per subclass, so artifacts saved before stay readable).
    state_prefix = "neighbours"
    neighbours: sp.csr_matrix | None = None

    def _set_neighbours(self, scores: sp.csr_matrix, max_neighbors: int) -> None:
        self.neighbours = keep_top_per_row(scores, max_neighbors).astype(np.float32)
        self.n_items = int(scores.shape[1])

    def similar_items(
        self, item_id: int, N: int = 10, filter_items: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best neighbours of ``item_id`` (ids, scores), best first."""
        self._check_fitted()
        item_id = int(item_id)
        if not 0 <= item_id < self.n_items:
            raise IndexError(f"item {item_id} out of range")
        start, end = self.neighbours.indptr[item_id], self.neighbours.indptr[item_id + 1]
        scores = np.full(self.n_items, -np.inf, dtype=np.float32)
        scores[self.neighbours.indices[start:end]] = self.neighbours.data[start:end]
        return top_n(scores, N, filter_items)

    def score_batch(
        self,
        user_items: sp.csr_matrix,
        recent_items: Sequence[np.ndarray] | None = None,
        now: np.ndarray | None = None,
    ) -> np.ndarray:
        self._check_fitted()
        rows = sp.csr_matrix(user_items, dtype=np.float32)
        scores = np.asarray((rows @ self.neighbours).todense(), dtype=np.float32)
        scores[scores <= 0] = -np.inf
        return scores

    def _array_state(self) -> dict[str, np.ndarray]:
        self._check_fitted()
        return csr_to_arrays(self.state_prefix, self.neighbours)

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> NeighbourModel:
        model = cls(**params)
        model.neighbours = csr_from_arrays(cls.state_prefix, state).astype(np.float32)
        model.n_items = int(model.neighbours.shape[0])
        return model


class ItemItemRecommender(NeighbourModel):
    """Items that appear in the same users' histories.

    ``count(i, j)`` is the number of users who interacted with both i and j; the score is the cosine
    ``count(i, j) / sqrt(n_i * n_j)`` (n_i = users who interacted with i), which unlike raw counts does
    not push every item's bestseller neighbours to the top. Pairs with ``count < min_support`` are
    dropped, and only the ``max_neighbors`` best neighbours of each item are kept so the stored model
    stays small. An item is never its own neighbour.
    """

    kind = "item-item"
    capabilities = Capability.RELATED | Capability.PERSONAL
    state_prefix = "similarity"

    def __init__(self, min_support: int = 1, *, max_neighbors: int = 100) -> None:
        self.min_support = max(int(min_support), 1)
        self.max_neighbors = int(max_neighbors)

    @property
    def params(self) -> dict[str, Any]:
        return {"min_support": self.min_support, "max_neighbors": self.max_neighbors}

    def _fit(self, data: Interactions) -> None:
        cosine, _ = co_view_cosine(self.interaction_matrix(data), self.min_support)
        self._set_neighbours(cosine, self.max_neighbors)
