"""The one input every engine model fits from: parallel arrays of events."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from .catalogue import ItemTable


@dataclass(frozen=True)
class Interactions:
    """Parallel arrays of events; ``n_users``/``n_items`` bound the indices.

    Timestamps are unix seconds; weights are what each event counts for (an event type's
    weight, a rating). Every model's ``fit`` takes one of these.
    """

    user_idx: np.ndarray
    item_idx: np.ndarray
    weights: np.ndarray
    timestamps: np.ndarray
    n_users: int
    n_items: int
    # The items' attributes, row i for item index i, for models that read content; None when
    # the caller has none (MovieLens benchmarks, matrices).
    items: ItemTable | None = None

    @classmethod
    def of(cls, user_idx, item_idx, weights, timestamps, n_users: int, n_items: int) -> Interactions:
        users = np.asarray(user_idx, dtype=np.int64)
        items = np.asarray(item_idx, dtype=np.int64)
        w = np.ones(users.size) if weights is None else np.asarray(weights, dtype=np.float64)
        ts = np.zeros(users.size) if timestamps is None else np.asarray(timestamps, dtype=np.float64)
        if not (users.shape == items.shape == w.shape == ts.shape):
            raise ValueError("user_idx, item_idx, weights and timestamps must have the same length")
        return cls(users, items, w, ts, int(n_users), int(n_items))

    @classmethod
    def from_matrix(cls, matrix: sp.spmatrix) -> Interactions:
        """One event per non-zero of a user x item matrix, weighted by its value, all at time 0."""
        coo = sp.coo_matrix(matrix)
        return cls.of(coo.row, coo.col, coo.data, None, coo.shape[0], coo.shape[1])

    def take(self, mask_or_index: np.ndarray) -> Interactions:
        return Interactions(
            self.user_idx[mask_or_index],
            self.item_idx[mask_or_index],
            self.weights[mask_or_index],
            self.timestamps[mask_or_index],
            self.n_users,
            self.n_items,
            self.items,
        )

    def with_items(self, items: ItemTable | None) -> Interactions:
        if items is not None and len(items) != self.n_items:
            raise ValueError(f"an item table of {len(items)} rows for {self.n_items} items")
        return replace(self, items=items)

    def __len__(self) -> int:
        return int(self.user_idx.size)


def as_interactions(data: Interactions | sp.spmatrix) -> Interactions:
    """``fit`` accepts a ready matrix too, as implicit does; it becomes timeless events."""
    if isinstance(data, Interactions):
        return data
    if sp.issparse(data) or isinstance(data, np.ndarray):
        return Interactions.from_matrix(data)
    raise TypeError(f"expected Interactions or a user x item matrix, not {type(data).__name__}")
