"""Interaction arrays to the sparse user x item matrix every model trains on."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

SECONDS_PER_DAY = 86400.0


def recency_decay(timestamps: np.ndarray, half_life_days: float, now: float | np.ndarray | None = None) -> np.ndarray:
    """Multiplier ``0.5 ** ((now - ts) / half_life)``; ``now`` defaults to the newest timestamp.

    ``now`` may be one value per timestamp (e.g. each user's latest event) so that every
    user's own recent events count most, whatever the user's absolute activity period.
    """
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    ts = np.asarray(timestamps, dtype=np.float64)
    reference = (ts.max() if ts.size else 0.0) if now is None else np.asarray(now, dtype=np.float64)
    # Events stamped after "now" (clock skew) get full weight rather than a boost.
    age = np.maximum(reference - ts, 0.0)
    return np.power(0.5, age / (half_life_days * SECONDS_PER_DAY))


def build_user_item_matrix(
    user_idx: np.ndarray,
    item_idx: np.ndarray,
    weights: np.ndarray,
    n_users: int,
    n_items: int,
    timestamps: np.ndarray | None = None,
    half_life_days: float | None = None,
    now: float | np.ndarray | None = None,
) -> sp.csr_matrix:
    """Float32 CSR of shape (n_users, n_items); duplicate (user, item) pairs are summed.

    With ``half_life_days`` each weight is multiplied by ``0.5 ** ((now - ts) / (half_life_days * 86400))``
    (timestamps in unix seconds); ``now`` is a scalar or one value per interaction and defaults to
    the newest timestamp.
    """
    users = np.asarray(user_idx, dtype=np.int64)
    items = np.asarray(item_idx, dtype=np.int64)
    values = np.asarray(weights, dtype=np.float64)
    if not (users.shape == items.shape == values.shape):
        raise ValueError("user_idx, item_idx and weights must have the same length")
    if users.size and (users.min() < 0 or users.max() >= n_users):
        raise ValueError("user index out of range")
    if items.size and (items.min() < 0 or items.max() >= n_items):
        raise ValueError("item index out of range")
    if half_life_days is not None:
        if timestamps is None:
            raise ValueError("half_life_days needs timestamps")
        values = values * recency_decay(timestamps, half_life_days, now)
    matrix = sp.coo_matrix((values, (users, items)), shape=(n_users, n_items)).tocsr()
    matrix.sum_duplicates()
    # Summing in float64 first keeps many small decayed weights from losing precision.
    matrix = matrix.astype(np.float32)
    matrix.eliminate_zeros()
    return matrix
