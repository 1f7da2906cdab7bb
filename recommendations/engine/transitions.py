"""Item-to-item transitions from each user's time-ordered history, and position-based recency."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .itemitem import keep_top_per_row
from .split import Interactions, chronological_positions


def transition_counts(
    data: Interactions,
    window: int = 3,
    gap_decay: float = 0.5,
    max_neighbors: int = 200,
    backward_weight: float = 0.0,
) -> sp.csr_matrix:
    """Weighted counts of item j following item i within ``window`` events of the same user's history.

    A successor ``g`` steps later counts ``gap_decay ** (g - 1)``; a predecessor counts that times
    ``backward_weight`` (items browsed together, in either order). Repeats of the same item are not
    transitions. Only each item's ``max_neighbors`` strongest successors are kept.
    """
    order, _, _ = chronological_positions(data)
    users = data.user_idx[order]
    items = data.item_idx[order]
    rows, cols, values = [], [], []
    for gap in range(1, max(window, 0) + 1):
        same_user = users[:-gap] == users[gap:]
        source, target = items[:-gap][same_user], items[gap:][same_user]
        moved = source != target
        weight = gap_decay ** (gap - 1)
        rows.append(source[moved])
        cols.append(target[moved])
        values.append(np.full(int(moved.sum()), weight, dtype=np.float32))
        if backward_weight:
            rows.append(target[moved])
            cols.append(source[moved])
            values.append(np.full(int(moved.sum()), weight * backward_weight, dtype=np.float32))
    if not rows:
        return sp.csr_matrix((data.n_items, data.n_items), dtype=np.float32)
    counts = sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
        shape=(data.n_items, data.n_items),
        dtype=np.float32,
    )
    counts.sum_duplicates()
    return keep_top_per_row(counts, max_neighbors)


def position_weights(n: int, half_life_events: float | None) -> np.ndarray:
    """Weight of each of ``n`` events, oldest first: the newest is 1, halving every ``half_life_events``."""
    if not half_life_events:
        return np.ones(n, dtype=np.float32)
    age = np.arange(n - 1, -1, -1, dtype=np.float64)
    return np.power(0.5, age / half_life_events).astype(np.float32)
