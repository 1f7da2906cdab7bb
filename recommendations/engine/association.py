"""Association rules for "frequently bought together": which items go with this one more than chance.

Cosine co-occurrence still favours items everybody buys: a best seller shares shoppers with every
product, so it sits near the top of every row. Lift divides that chance out, and shrinking it by
support keeps a pair seen once or twice from outranking a pair seen fifty times.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from .interactions import Interactions
from .itemitem import NeighbourModel, co_occurrence


class AssociationRecommender(NeighbourModel):
    """Pairs of items bought by the same shoppers, ranked by how much more often than chance.

    With ``n`` shoppers, ``n_i`` of them with item i and ``n_ij`` with both i and j,
    ``lift = n_ij * n / (n_i * n_j)`` is 1 for independent items whatever their popularity. The
    score shrinks lift towards that 1 by the evidence behind it:
    ``1 + (lift - 1) * n_ij / (n_ij + shrinkage)``, so a pair bought together twice by chance among
    few buyers cannot beat a steady complement. Pairs with ``n_ij < min_support`` are dropped and
    each item keeps its ``max_neighbors`` best partners. An item is never its own partner.
    """

    kind = "association"
    state_prefix = "scores"

    def __init__(self, min_support: int = 1, *, shrinkage: float = 5.0, max_neighbors: int = 100) -> None:
        self.min_support = max(int(min_support), 1)
        self.shrinkage = max(float(shrinkage), 0.0)
        self.max_neighbors = int(max_neighbors)

    @property
    def params(self) -> dict[str, Any]:
        return {"min_support": self.min_support, "shrinkage": self.shrinkage, "max_neighbors": self.max_neighbors}

    def _fit(self, data: Interactions) -> None:
        present, counts, support = co_occurrence(self.interaction_matrix(data), self.min_support)
        # Shoppers with none of these events are no evidence of independence: count only the active.
        shoppers = max(int(np.count_nonzero(np.diff(present.indptr))), 1)
        coo = counts.tocoo()
        together = coo.data.astype(np.float64)
        lift = together * shoppers / (support[coo.row] * support[coo.col])
        score = 1.0 + (lift - 1.0) * together / (together + self.shrinkage)
        self._set_neighbours(
            sp.csr_matrix((score.astype(np.float32), (coo.row, coo.col)), shape=counts.shape), self.max_neighbors
        )
