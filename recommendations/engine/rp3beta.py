"""Item-kNN with RP3beta weights (Paudel et al. 2017): a random walk item → user → item, with
popular destinations discounted. Sparse throughout, so it fits catalogues EASE's dense matrix cannot."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import Capability, as_row, strongest_contributors
from .interactions import Interactions
from .itemitem import NeighbourModel, keep_top_per_row

# Non-zeros one block of item rows of W may have before its top neighbours are kept: bounds the
# product's temporaries (~50 bytes an entry with the top-k sort) to ~200 MB whatever the catalogue.
BLOCK_ENTRIES = 1 << 22


def row_normalised(matrix: sp.csr_matrix, alpha: float) -> sp.csr_matrix:
    """Each row divided by its sum (a transition probability), then raised to ``alpha``."""
    matrix = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    sums = np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()
    counts = np.diff(matrix.indptr)
    matrix.data /= np.repeat(np.where(sums > 0, sums, 1.0), counts)
    matrix.data **= alpha
    return matrix.astype(np.float32)


def row_blocks(bounds: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Consecutive row ranges whose summed ``bounds`` stay within ``budget`` (a row above it alone)."""
    blocks, start, total = [], 0, 0
    for row, bound in enumerate(bounds):
        if row > start and total + bound > budget:
            blocks.append((start, row))
            start, total = row, 0
        total += bound
    if start < len(bounds):
        blocks.append((start, len(bounds)))
    return blocks


def rp3beta_weights(matrix: sp.csr_matrix, alpha: float, beta: float, neighbours: int) -> sp.csr_matrix:
    """W = P_iu^alpha · P_ui^alpha with column j divided by popularity_j^beta, zero diagonal, top
    ``neighbours`` per row; computed a block of item rows at a time."""
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    n_items = matrix.shape[1]
    user_to_item = row_normalised(matrix, alpha)
    item_to_user = row_normalised(matrix.T.tocsr(), alpha)
    popularity = np.diff(matrix.tocsc().indptr).astype(np.float64)  # users per item
    discount = np.zeros(n_items)
    np.power(popularity, -beta, out=discount, where=popularity > 0)
    user_to_item = (user_to_item @ sp.diags(discount.astype(np.float32))).tocsr()
    # A row of W has at most as many entries as the items of the users who have the item.
    user_degree = np.diff(user_to_item.indptr).astype(np.int64)
    bounds = np.minimum((item_to_user.astype(bool).astype(np.int64) @ user_degree), n_items)
    parts = []
    for start, end in row_blocks(bounds, BLOCK_ENTRIES):
        block = (item_to_user[start:end] @ user_to_item).tocsr()
        rows = np.repeat(np.arange(start, end), np.diff(block.indptr))
        block.data[block.indices == rows] = 0  # an item is never its own neighbour
        block.eliminate_zeros()
        parts.append(keep_top_per_row(block, neighbours))
    if not parts:
        return sp.csr_matrix((n_items, n_items), dtype=np.float32)
    return sp.vstack(parts, format="csr", dtype=np.float32)


class RP3BetaRecommender(NeighbourModel):
    """Items reached from the shopper's items by a two-step random walk, popular ones discounted.

    ``P_ui`` is each user's events as transition probabilities to items (weights, decayed by
    ``half_life_days`` when set), ``P_iu`` each item's to its users, both raised to ``alpha``
    (below 1 evens out heavy users). ``W = P_iu · P_ui`` then divides column j by
    ``popularity_j ** beta`` (users with j), so ``beta=0`` is the plain walk, which favours
    bestsellers. Each item keeps its ``neighbours`` best; a shopper's score is ``row · W``.
    """

    kind = "rp3beta"
    capabilities = Capability.PERSONAL | Capability.RELATED | Capability.EXPLAINS
    state_prefix = "weights"

    def __init__(
        self,
        alpha: float = 0.8,
        beta: float = 0.4,
        *,
        neighbours: int = 300,
        half_life_days: float | None = None,
    ) -> None:
        self.alpha = float(alpha)
        self.beta = float(beta)
        # Not ``self.neighbours``: that is the fitted matrix on NeighbourModel.
        self.max_neighbours = int(neighbours)
        self.half_life_days = None if half_life_days is None else float(half_life_days)

    @property
    def params(self) -> dict[str, Any]:
        return {
            "alpha": self.alpha,
            "beta": self.beta,
            "neighbours": self.max_neighbours,
            "half_life_days": self.half_life_days,
        }

    def _fit(self, data: Interactions) -> None:
        matrix = self.interaction_matrix(data.take(data.weights > 0))
        self._set_neighbours(rp3beta_weights(matrix, self.alpha, self.beta, self.max_neighbours), self.max_neighbours)

    def explain(self, user_items: sp.spmatrix, item_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each of ``item_ids``, the history item j with the largest ``row[j] · W[j, i]`` and that
        contribution; -1 and 0 where the row is empty or no history item reaches the target."""
        self._check_fitted()
        targets = np.asarray(item_ids, dtype=np.int64)
        row = as_row(user_items, self.n_items)
        liked = row.data > 0
        items, weights = row.indices[liked].astype(np.int64), row.data[liked]
        contributions = self.neighbours[items][:, targets].toarray() * weights[:, None]
        # An item no history item reaches has no reason to name.
        contributions[contributions <= 0] = -np.inf
        return strongest_contributors(items, targets, contributions)
