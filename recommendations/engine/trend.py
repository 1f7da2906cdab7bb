"""Trending items at any moment: causal, exponentially decayed popularity by day."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .matrix import SECONDS_PER_DAY

# Events older than this many half-lives weigh under 1/256: ignoring them keeps queries cheap.
HORIZON_HALF_LIVES = 8


class TrendIndex:
    """Daily interaction counts per item; ``scores(now)`` weighs each day ``0.5 ** (age / half_life_days)``
    and ignores days after ``now``, so a query never sees the future (unlike plain popularity)."""

    def __init__(self, half_life_days: float = 30.0) -> None:
        if half_life_days <= 0:
            raise ValueError("half_life_days must be positive")
        self.half_life_days = float(half_life_days)
        self.days = np.empty(0, dtype=np.int64)
        self.items = np.empty(0, dtype=np.int64)
        self.counts = np.empty(0, dtype=np.float32)
        self.n_items = 0

    def fit(self, item_idx: np.ndarray, timestamps: np.ndarray, weights: np.ndarray, n_items: int) -> TrendIndex:
        days = np.floor(np.asarray(timestamps, dtype=np.float64) / SECONDS_PER_DAY).astype(np.int64)
        items = np.asarray(item_idx, dtype=np.int64)
        keys = days * n_items + items
        unique, inverse = np.unique(keys, return_inverse=True)  # sorted by day, then item
        self.counts = np.bincount(inverse, weights=np.asarray(weights, dtype=np.float64)).astype(np.float32)
        self.days, self.items = np.divmod(unique, n_items) if n_items else (unique, unique)
        self.n_items = int(n_items)
        return self

    def scores(self, now: np.ndarray | None, n_queries: int) -> np.ndarray:
        """(queries x items) trend scores at each ``now`` (unix seconds); NaN or None means the newest day."""
        latest = self.days[-1] if self.days.size else 0
        if now is None:
            query_days = np.full(n_queries, latest, dtype=np.int64)
        else:
            now = np.asarray(now, dtype=np.float64)
            query_days = np.where(np.isnan(now), latest, np.floor(np.nan_to_num(now) / SECONDS_PER_DAY)).astype(
                np.int64
            )
        horizon = int(np.ceil(HORIZON_HALF_LIVES * self.half_life_days))
        lo = np.searchsorted(self.days, query_days - horizon, side="right")
        hi = np.searchsorted(self.days, query_days, side="right")
        lengths = np.maximum(hi - lo, 0)
        rows = np.repeat(np.arange(n_queries), lengths)
        cols = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths) + np.repeat(lo, lengths)
        age = query_days[rows] - self.days[cols]
        values = self.counts[cols] * np.power(0.5, age / self.half_life_days)
        matrix = sp.csr_matrix((values, (rows, self.items[cols])), shape=(n_queries, self.n_items), dtype=np.float32)
        return matrix.toarray()

    def to_arrays(self, prefix: str = "trend") -> dict[str, np.ndarray]:
        return {f"{prefix}_days": self.days, f"{prefix}_items": self.items, f"{prefix}_counts": self.counts}

    @classmethod
    def from_arrays(
        cls, arrays: dict[str, np.ndarray], half_life_days: float, n_items: int, prefix: str = "trend"
    ) -> TrendIndex:
        index = cls(half_life_days)
        index.days = np.asarray(arrays[f"{prefix}_days"], dtype=np.int64)
        index.items = np.asarray(arrays[f"{prefix}_items"], dtype=np.int64)
        index.counts = np.asarray(arrays[f"{prefix}_counts"], dtype=np.float32)
        index.n_items = int(n_items)
        return index
