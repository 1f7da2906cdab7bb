"""Trending now: the items whose interaction rate is rising fastest (Personalize's trending-now)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import EngineModel
from .interactions import Interactions

SECONDS_PER_HOUR = 3600.0


class TrendingRecommender(EngineModel):
    """Item score = growth of its weighted event count in the latest window over its baseline rate.

    The latest window is the ``window_hours`` before the newest event (never after the present, so
    one event stamped in the future cannot empty it); the baseline is the mean count per window over
    the ``baseline_windows`` windows before it (only those the data reaches back into, so a shop
    with three days of history is not compared with seven). ``prior`` pseudo-events are added to
    both sides, so an item going from 0 to 1 event does not outgrow one going from 50 to 150:
    ``score = (recent + prior) / (expected + prior) - 1``. Items with fewer than
    ``min_recent_events`` recent events, or not growing, are not trending and never returned; with
    no event before the window nothing is, since there is no usual rate to rise from.
    The same for everyone, like popularity.
    """

    kind = "trending"
    may_answer_nothing = True

    def __init__(
        self,
        window_hours: float = 24.0,
        baseline_windows: int = 7,
        min_recent_events: float = 3.0,
        prior: float = 2.0,
    ) -> None:
        self.window_hours = float(window_hours)
        self.baseline_windows = int(baseline_windows)
        self.min_recent_events = float(min_recent_events)
        self.prior = float(prior)
        self.recent: np.ndarray | None = None  # weighted events per item in the latest window
        self.expected: np.ndarray | None = None  # baseline events per window, per item
        self.window_end: float | None = None  # unix seconds
        self.baseline_covered = 0  # baseline windows the data reaches back into

    @property
    def params(self) -> dict[str, Any]:
        return {
            "window_hours": self.window_hours,
            "baseline_windows": self.baseline_windows,
            "min_recent_events": self.min_recent_events,
            "prior": self.prior,
        }

    def _fit(self, data: Interactions) -> None:
        n_items = data.n_items
        self.recent = np.zeros(n_items, dtype=np.float32)
        self.expected = np.zeros(n_items, dtype=np.float32)
        self.n_items = n_items
        self.window_end, self.baseline_covered = None, 0
        if not len(data):
            return
        end = min(float(data.timestamps.max()), time.time())
        width = self.window_hours * SECONDS_PER_HOUR
        start = end - width
        baseline_start = start - self.baseline_windows * width
        ts = data.timestamps
        recent = (ts > start) & (ts <= end)
        baseline = (ts > baseline_start) & (ts <= start)
        self.recent = np.bincount(data.item_idx[recent], weights=data.weights[recent], minlength=n_items).astype(
            np.float32
        )
        counts = np.bincount(data.item_idx[baseline], weights=data.weights[baseline], minlength=n_items)
        # Whole windows: daily traffic that began mid-window still averages per window.
        reach = np.ceil((start - float(ts.min())) / width) if width > 0 else 0.0
        self.baseline_covered = int(np.clip(reach, 0, self.baseline_windows))
        self.expected = (counts / max(self.baseline_covered, 1)).astype(np.float32)
        self.window_end = end

    def growth(self) -> np.ndarray:
        """Per item: (recent + prior) / (expected + prior) - 1; NaN where the item is not trending."""
        self._check_fitted()
        assert self.recent is not None and self.expected is not None
        prior = max(self.prior, 1e-9)  # a zero prior would divide a brand-new item's count by zero
        growth = (self.recent + prior) / (self.expected + prior) - 1.0
        trending = (self.recent >= max(self.min_recent_events, 1e-9)) & (growth > 0) & (self.baseline_covered > 0)
        return np.where(trending, growth, np.nan).astype(np.float32)

    def score_batch(
        self,
        user_items: sp.csr_matrix,
        recent_items: Sequence[np.ndarray] | None = None,
        now: np.ndarray | None = None,
    ) -> np.ndarray:
        """Items that are not trending score -inf: they are never returned."""
        growth = self.growth()
        scores = np.where(np.isnan(growth), -np.inf, growth).astype(np.float32)
        return np.tile(scores, (user_items.shape[0], 1))

    def _array_state(self) -> dict[str, np.ndarray]:
        self._check_fitted()
        return {
            "recent_counts": self.recent,
            "expected_counts": self.expected,
            "window_end": np.array(np.nan if self.window_end is None else self.window_end, dtype=np.float64),
            "baseline_covered": np.array(self.baseline_covered, dtype=np.int64),
        }

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> TrendingRecommender:
        model = cls(**params)
        model.recent = np.asarray(state["recent_counts"], dtype=np.float32)
        model.expected = np.asarray(state["expected_counts"], dtype=np.float32)
        end = float(state["window_end"])
        model.window_end = None if np.isnan(end) else end
        model.baseline_covered = int(state["baseline_covered"])
        model.n_items = int(model.recent.shape[0])
        return model
