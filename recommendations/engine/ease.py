"""EASE (Steck 2019): a closed-form item x item model, with shopping sessions as extra rows.

``B = I - P diag(1 / diag(P))`` with ``P = (XᵀX + λI)⁻¹`` is the least-squares item x item
matrix with a zero diagonal: each item's score is predicted from the user's other items. Items
need no user state, so a shopper's newest event counts at the next request, as with ALS fold-in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.linalg import lapack

from .base import Capability, EngineModel, as_row, strongest_contributors, top_n
from .interactions import Interactions

# Each coarser session scale spans this many times the previous one's gap and weighs half as much.
SCALE_FACTOR = 10.0

# Dense entries of one block of the Gram build or the symmetrisation: bounds their temporaries
# (a sparse product block is ~12 bytes an entry, a dense one 4) to ~100 MB whatever the catalogue.
BLOCK_ENTRIES = 1 << 22


def ease_memory_bytes(n_items: int) -> int:
    """Peak bytes ``EASERecommender.fit`` holds for ``n_items`` items, besides the event arrays.

    One dense float32 n x n matrix: the Gram is factored, inverted and turned into B in place
    (LAPACK potrf/potri on the same buffer), plus the blocked temporaries. tracemalloc measured
    4n² + 50-85 MB at 2,000-8,000 items and 426 MB at MovieLens's 9,724 (this says 479 MB).
    A caller that evaluates or saves the model meanwhile holds more (a second B, its bytes).
    """
    n = int(n_items)
    return 4 * n * n + 24 * BLOCK_ENTRIES


class CatalogueTooLarge(ValueError):
    """EASE's dense item x item matrix would not fit the memory this shop allows for it."""


def catalogue_too_large_message(n_items: int, max_items: int) -> str:
    gigabytes = ease_memory_bytes(n_items) / 1e9
    return (
        f"EASE needs {gigabytes:.1f} GB for {n_items:,} items (limit {max_items:,} items): "
        "use the item-kNN recipe (rp3beta) or raise max_items"
    )


def session_rows(data: Interactions, gap_minutes: float) -> sp.csr_matrix:
    """Session x item presence: a user's events split where more than ``gap_minutes`` pass."""
    order = np.lexsort((data.timestamps, data.user_idx))
    users, items, stamps = data.user_idx[order], data.item_idx[order], data.timestamps[order]
    starts = np.ones(users.size, dtype=bool)
    starts[1:] = (users[1:] != users[:-1]) | (np.diff(stamps) > gap_minutes * 60.0)
    session = np.cumsum(starts) - 1
    n_sessions = int(session[-1]) + 1 if session.size else 0
    rows = sp.csr_matrix((np.ones(items.size, dtype=np.float32), (session, items)), shape=(n_sessions, data.n_items))
    rows.data[:] = 1.0  # an item seen twice in a session is present once
    return rows


def dense_gram(parts: Sequence[tuple[sp.csr_matrix, float]], n_items: int, l2: float) -> np.ndarray:
    """``Σ weight · XᵀX + l2 · I`` as a dense float32 array, built a block of columns at a time so
    no sparse product of the whole catalogue is ever held."""
    gram = np.zeros((n_items, n_items), dtype=np.float32)
    block = max(1, BLOCK_ENTRIES // max(n_items, 1))
    for matrix, weight in parts:
        if weight == 0 or matrix.nnz == 0:
            continue
        columns = sp.csc_matrix(matrix, dtype=np.float32)
        transposed = columns.T.tocsr()
        for start in range(0, n_items, block):
            end = min(start + block, n_items)
            product = (transposed @ columns[:, start:end]).toarray()
            if weight != 1:
                product *= np.float32(weight)
            gram[:, start:end] += product
    gram[np.diag_indices(n_items)] += np.float32(l2)
    return gram


def ease_weights(gram: np.ndarray) -> np.ndarray:
    """B from a symmetric positive definite Gram, computed in the Gram's own buffer (which it consumes)."""
    n = gram.shape[0]
    if n == 0:
        return gram
    potrf, potri = lapack.get_lapack_funcs(("potrf", "potri"), (gram,))
    # The transpose of a C-ordered symmetric matrix is the same matrix in Fortran order, which
    # LAPACK overwrites without a copy; its upper triangle is the C-ordered lower one.
    factor, info = potrf(gram.T, lower=0, clean=0, overwrite_a=1)
    if info != 0:
        raise np.linalg.LinAlgError(f"the Gram matrix is not positive definite (potrf info {info}); raise l2")
    inverse, info = potri(factor, lower=0, overwrite_c=1)
    if info != 0:
        raise np.linalg.LinAlgError(f"could not invert the Gram matrix (potri info {info})")
    if not np.shares_memory(inverse, gram):  # LAPACK copied after all: keep one matrix, not two
        gram = np.ascontiguousarray(inverse.T)
    # Mirror the valid lower triangle into the upper one, a block of rows at a time.
    block = max(1, BLOCK_ENTRIES // n)
    for start in range(0, n, block):
        end = min(start + block, n)
        gram[start:end, end:] = gram[end:, start:end].T
        square = gram[start:end, start:end]
        square[np.triu_indices(end - start, 1)] = square.T[np.triu_indices(end - start, 1)]
    diagonal = np.diag(gram).copy()
    gram /= -diagonal[None, :]  # B[i, j] = -P[i, j] / P[j, j]
    gram[np.diag_indices(n)] = 0.0
    return gram


class EASERecommender(EngineModel):
    """EASE on the shop's events, each shopping session also a row of the Gram.

    The Gram is ``XᵀX + Σₖ session_weight / 2ᵏ · SₖᵀSₖ + l2 · I``: X is each user's item presence
    (decayed by ``half_life_days`` from the user's latest event when set), Sₖ each session's at
    scale k < ``session_scales``, where a pause of ``session_gap_minutes · 10ᵏ`` starts a new one.
    Items seen in one visit count as closer than items a user saw months apart, and nested scales
    (a minute, ten minutes, a few hours) let closeness fade with time instead of stopping at one
    gap. The defaults (sessions at 30 s, 5 and 50 minutes, weighted 4, 2 and 1; λ 1000) scored
    best on a validation split of MovieLens's training part (nDCG@10 0.231 against 0.219 for one
    60-minute scale at λ 400). ``session_weight=0`` is plain EASE. A user's score for item i is
    ``row · B[:, i]`` with the row as served.
    """

    kind = "ease"
    capabilities = Capability.PERSONAL | Capability.RELATED | Capability.EXPLAINS

    def __init__(
        self,
        l2: float = 1000.0,
        *,
        session_weight: float = 4.0,
        session_gap_minutes: float = 0.5,
        session_scales: int = 3,
        half_life_days: float | None = None,
        max_items: int = 30_000,
    ) -> None:
        self.l2 = float(l2)
        self.session_weight = float(session_weight)
        self.session_gap_minutes = float(session_gap_minutes)
        self.session_scales = int(session_scales)
        self.half_life_days = None if half_life_days is None else float(half_life_days)
        self.max_items = int(max_items)
        self.weights: np.ndarray | None = None

    @property
    def params(self) -> dict[str, Any]:
        return {
            "l2": self.l2,
            "session_weight": self.session_weight,
            "session_gap_minutes": self.session_gap_minutes,
            "session_scales": self.session_scales,
            "half_life_days": self.half_life_days,
            "max_items": self.max_items,
        }

    def size_problem(self, n_items: int) -> str | None:
        if n_items > self.max_items:
            return catalogue_too_large_message(n_items, self.max_items)
        return None

    def presence(self, data: Interactions) -> sp.csr_matrix:
        """X of the Gram: 1 per (user, item) with a positive event, or with ``half_life_days`` the
        decayed count of its events capped at 1 (an old item counts less, repeats never more)."""
        positive = data.take(data.weights > 0)
        matrix = self.interaction_matrix(replace(positive, weights=np.ones(len(positive))))
        np.minimum(matrix.data, 1.0, out=matrix.data)
        return matrix

    def _fit(self, data: Interactions) -> None:
        problem = self.size_problem(data.n_items)
        if problem:
            raise CatalogueTooLarge(problem)
        parts = [(self.presence(data), 1.0)]
        positive = data.take(data.weights > 0)
        # Without timestamps every user is one session, a copy of X: that is plain EASE, doubled.
        if self.session_weight > 0 and np.any(positive.timestamps):
            for scale in range(self.session_scales):
                gap = self.session_gap_minutes * SCALE_FACTOR**scale
                parts.append((session_rows(positive, gap), self.session_weight / 2**scale))
        self._set_weights(ease_weights(dense_gram(parts, data.n_items, self.l2)))

    def _set_weights(self, weights: np.ndarray) -> None:
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)
        self.n_items = int(self.weights.shape[0])

    def score_batch(
        self,
        user_items: sp.csr_matrix,
        recent_items: Sequence[np.ndarray] | None = None,
        now: np.ndarray | None = None,
    ) -> np.ndarray:
        self._check_fitted()
        rows = sp.csr_matrix(user_items, dtype=np.float32)
        if rows.shape[1] != self.n_items:
            raise ValueError(f"expected {self.n_items} item columns, got {rows.shape[1]}")
        scores = np.asarray(rows @ self.weights, dtype=np.float32)
        # No history, no evidence: rank nothing rather than every item at 0.
        scores[np.diff(rows.indptr) == 0] = -np.inf
        return scores

    def similar_items(
        self, item_id: int, N: int = 10, filter_items: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The items a history of ``item_id`` alone scores highest (row ``B[item_id]``)."""
        self._check_fitted()
        item_id = int(item_id)
        if not 0 <= item_id < self.n_items:
            raise IndexError(f"item {item_id} out of range")
        return top_n(self.weights[item_id], N, np.array([item_id]), filter_items)

    def explain(self, user_items: sp.spmatrix, item_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each of ``item_ids``, the history item j with the largest ``row[j] · B[j, i]`` and that
        contribution; -1 and 0 where the row is empty."""
        self._check_fitted()
        targets = np.asarray(item_ids, dtype=np.int64)
        row = as_row(user_items, self.n_items)
        liked = row.data > 0
        items, weights = row.indices[liked].astype(np.int64), row.data[liked]
        return strongest_contributors(items, targets, self.weights[np.ix_(items, targets)] * weights[:, None])

    def _array_state(self) -> dict[str, np.ndarray]:
        self._check_fitted()
        return {"weights": self.weights}

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> EASERecommender:
        model = cls(**params)
        model._set_weights(state["weights"])
        return model
