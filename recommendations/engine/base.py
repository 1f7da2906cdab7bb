"""What every engine model shares: the protocol, its capabilities, ranking helpers and array serialisation."""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, Self

import numpy as np
import scipy.sparse as sp
from threadpoolctl import ThreadpoolController

from .interactions import Interactions, as_interactions
from .matrix import build_user_item_matrix

EMPTY_IDS = np.empty(0, dtype=np.int64)
EMPTY_SCORES = np.empty(0, dtype=np.float32)


_CONTROLLER: list[ThreadpoolController] = []


@contextmanager
def single_blas_thread():
    """implicit warns that multithreaded BLAS fights its own threads and slows ALS down badly.

    One cached controller: building it scans the loaded libraries, too slow to repeat per request.
    """
    if not _CONTROLLER:
        _CONTROLLER.append(ThreadpoolController())
    with _CONTROLLER[0].limit(limits=1, user_api="blas"):
        yield


def as_row(user_items: sp.spmatrix | np.ndarray, n_items: int) -> sp.csr_matrix:
    """One user's interactions as a 1 x n_items float32 CSR row."""
    row = sp.csr_matrix(user_items, dtype=np.float32)
    if row.ndim != 2 or row.shape[0] != 1 or row.shape[1] != n_items:
        raise ValueError(f"expected a 1 x {n_items} row, got {row.shape}")
    return row


def top_n(scores: np.ndarray, n: int, *exclude: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Indices and scores of the ``n`` best finite scores, best first.

    Items in any of the ``exclude`` arrays never appear: an integer array lists item indices, a
    boolean one as long as ``scores`` is a mask (True: left out); ``None`` ones are skipped.
    """
    scores = np.asarray(scores, dtype=np.float32)
    masks, parts = [], []
    for part in exclude:
        if part is None:
            continue
        part = np.asarray(part)
        if part.dtype == bool:
            if part.shape != scores.shape:
                raise ValueError(f"an exclusion mask must have the scores' shape {scores.shape}, not {part.shape}")
            masks.append(part)
        elif part.size:
            parts.append(part.astype(np.int64, copy=False).ravel())
    if parts or masks:
        scores = scores.copy()
        for mask in masks:
            scores[mask] = -np.inf
        if parts:
            scores[np.concatenate(parts)] = -np.inf
    candidates = np.flatnonzero(np.isfinite(scores))
    if n <= 0 or candidates.size == 0:
        return EMPTY_IDS, EMPTY_SCORES
    if candidates.size > n:
        part = np.argpartition(-scores[candidates], n - 1)[:n]
        candidates = candidates[part]
    # Stable sort on the index-ordered candidates: ties resolve to the lower item id, reproducibly.
    candidates = np.sort(candidates)
    order = np.argsort(-scores[candidates], kind="stable")
    ids = candidates[order].astype(np.int64)
    return ids, scores[ids]


def top_n_batch(scores: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise top ``n`` of a dense score matrix; slots past the finite scores hold id -1."""
    rows, cols = scores.shape
    n = min(n, cols)
    if n <= 0:
        return np.empty((rows, 0), dtype=np.int64), np.empty((rows, 0), dtype=np.float32)
    part = np.argpartition(-scores, n - 1, axis=1)[:, :n] if cols > n else np.tile(np.arange(cols), (rows, 1))
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    ids = np.take_along_axis(part, order, axis=1).astype(np.int64)
    best = np.take_along_axis(part_scores, order, axis=1).astype(np.float32)
    ids[~np.isfinite(best)] = -1
    return ids, best


def strongest_contributors(
    items: np.ndarray, targets: np.ndarray, contributions: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per target, the history item with the largest contribution and that contribution.

    ``contributions`` is (history items x targets). A target in the history explains itself
    trivially and is never named; -1 and 0 where no other history item is left.
    """
    best = np.full(targets.size, -1, dtype=np.int64)
    weight = np.zeros(targets.size, dtype=np.float32)
    if items.size == 0 or targets.size == 0:
        return best, weight
    contributions = np.array(contributions, dtype=np.float64)
    contributions[items[:, None] == targets[None, :]] = -np.inf
    top = contributions.argmax(axis=0)
    strongest = contributions[top, np.arange(targets.size)]
    found = np.isfinite(strongest)
    best[found] = items[top[found]]
    weight[found] = strongest[found]
    return best, weight


class Capability(enum.Flag):
    """What a model can answer, declared by each class instead of guessed with ``hasattr``."""

    NONE = 0
    PERSONAL = enum.auto()  # ranks items for one shopper's current history
    RELATED = enum.auto()  # items related to one item (``similar_items``)
    EXPLAINS = enum.auto()  # names the history item behind each recommendation (``explain``)
    SEQUENCE = enum.auto()  # reads the order of the shopper's recent items (``recent_items``)
    CONTENT = enum.auto()  # reads the items' attributes (``Interactions.items``) when it fits


class EngineModel:
    """The protocol every engine model shares, shaped like ``implicit``'s models.

    ``fit(Interactions)`` trains; ``recommend`` (one user) and ``recommend_batch`` (many) return
    item ids and scores, best first; ``similar_items`` where ``RELATED`` is declared and
    ``explain`` where ``EXPLAINS`` is. Every model takes the same keyword arguments: those it
    does not use (``recent_items``, ``now``) it ignores. Subclasses set ``kind`` and
    ``capabilities`` and implement ``_fit``, ``score_batch``, ``_array_state`` and ``_from_state``.
    """

    kind: ClassVar[str] = ""
    capabilities: ClassVar[Capability] = Capability.NONE
    # True where answering nothing is an honest answer (nothing is trending), not a broken model.
    may_answer_nothing: ClassVar[bool] = False
    n_items: int | None = None

    @property
    def params(self) -> dict[str, Any]:
        raise NotImplementedError

    def fit(self, data: Interactions | sp.spmatrix) -> Self:
        """Train on events (a user x item matrix is taken as timeless events, as implicit takes one)."""
        self._fit(as_interactions(data))
        return self

    def _fit(self, data: Interactions) -> None:
        raise NotImplementedError

    def size_problem(self, n_items: int) -> str | None:
        """Why this model cannot fit a catalogue of ``n_items`` (memory), or None; ``fit`` refuses
        such a catalogue too, this lets a caller refuse it before loading anything."""
        return None

    def interaction_matrix(self, data: Interactions) -> sp.csr_matrix:
        """The matrix this model learns from, applying its ``half_life_days`` (if any) per user.

        Each user's reference time is that user's own latest event: offline, that mirrors a shopper
        browsing now; online, pass ``now=time.time()`` to ``build_user_item_matrix`` instead.
        """
        half_life = getattr(self, "half_life_days", None)
        if not half_life or not np.any(data.timestamps):
            return build_user_item_matrix(data.user_idx, data.item_idx, data.weights, data.n_users, data.n_items)
        latest = np.full(data.n_users, -np.inf)
        np.maximum.at(latest, data.user_idx, data.timestamps)
        return build_user_item_matrix(
            data.user_idx,
            data.item_idx,
            data.weights,
            data.n_users,
            data.n_items,
            timestamps=data.timestamps,
            half_life_days=half_life,
            now=latest[data.user_idx],
        )

    def score_batch(
        self,
        user_items: sp.csr_matrix,
        recent_items: Sequence[np.ndarray] | None = None,
        now: np.ndarray | None = None,
    ) -> np.ndarray:
        """Dense (users x items) float32 scores for a batch of interaction rows (higher is better,
        -inf never recommended).

        ``recent_items`` are each user's items oldest first and ``now`` each user's reference time
        (unix seconds); models that do not use them ignore them.
        """
        raise NotImplementedError

    def recommend(
        self,
        user_items: sp.spmatrix | None = None,
        N: int = 10,
        *,
        filter_items: np.ndarray | None = None,
        filter_already_liked_items: bool = True,
        recent_items: np.ndarray | None = None,
        now: float | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``N`` (ids, scores) for one user's 1 x n_items row (``None``: no history at all).

        Already-liked items are the row's items and, for sequence models, the recent items.
        """
        self._check_fitted()
        row = (
            sp.csr_matrix((1, self.n_items), dtype=np.float32)
            if user_items is None
            else as_row(user_items, self.n_items)
        )
        recent = None if recent_items is None else [np.asarray(recent_items, dtype=np.int64)]
        scores = self.score_batch(row, recent, None if now is None else np.array([now], dtype=np.float64))[0]
        liked = [row.indices, *(recent or [])] if filter_already_liked_items else []
        return top_n(scores, N, *liked, filter_items)

    def recommend_batch(
        self,
        user_items: sp.csr_matrix,
        N: int = 10,
        *,
        recent_items: Sequence[np.ndarray] | None = None,
        filter_already_liked_items: bool = True,
        filter_items: np.ndarray | None = None,
        exclude: sp.spmatrix | None = None,
        now: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``N`` for many users at once; (users x N) ids, -1 where nothing is left.

        ``exclude`` (users x items, non-zero = never recommend) replaces the row's own items as the
        already-liked filter when given.
        """
        self._check_fitted()
        user_items = sp.csr_matrix(user_items, dtype=np.float32)
        scores = self.score_batch(user_items, recent_items, now)
        if filter_already_liked_items:
            coo = (user_items if exclude is None else sp.coo_matrix(exclude)).tocoo()
            scores[coo.row, coo.col] = -np.inf
        if filter_items is not None and len(filter_items):
            scores[:, np.asarray(filter_items, dtype=np.int64)] = -np.inf
        return top_n_batch(scores, N)

    def similar_items(
        self, item_id: int, N: int = 10, filter_items: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Items related to ``item_id``, best first, never the item itself (``RELATED`` models)."""
        raise NotImplementedError(f"{type(self).__name__} does not declare Capability.RELATED")

    def explain(self, user_items: sp.spmatrix, item_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each of ``item_ids``, the user's item contributing most and its share (``EXPLAINS`` models)."""
        raise NotImplementedError(f"{type(self).__name__} does not declare Capability.EXPLAINS")

    def explain_batch(
        self, user_items: sp.spmatrix, rows: Sequence[int] | np.ndarray, item_ids: Sequence[np.ndarray]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """``explain`` for many requests at once: request r explains ``item_ids[r]`` for row
        ``rows[r]`` of ``user_items``. Models that can solve many together override this."""
        matrix = sp.csr_matrix(user_items, dtype=np.float32)
        requests = zip(rows, item_ids, strict=True)
        return [self.explain(matrix[int(row)], np.asarray(targets)) for row, targets in requests]

    def explain_rows(
        self, user_items: sp.spmatrix, rows: Sequence[int] | np.ndarray, targets: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``explain_batch`` with the targets as an R x T array of item indices (-1: none), the
        answers likewise: (item index or -1, contribution) per target."""
        targets = np.asarray(targets, dtype=np.int64)
        best = np.full(targets.shape, -1, dtype=np.int64)
        weight = np.zeros(targets.shape, dtype=np.float32)
        asked = [targets[r][targets[r] >= 0] for r in range(targets.shape[0])]
        answers = self.explain_batch(user_items, rows, asked)
        for r, (found, contribution) in enumerate(answers):
            wanted = targets[r] >= 0
            best[r, wanted] = found
            weight[r, wanted] = contribution
        return best, weight

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Plain numpy arrays (no objects) with the kind and JSON params, for ``np.savez``."""
        arrays = {name: np.asarray(value) for name, value in self._array_state().items()}
        arrays["kind"] = np.array(self.kind)
        arrays["params"] = np.array(json.dumps(self.params, sort_keys=True))
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Self:
        kind = str(arrays["kind"]) if "kind" in arrays else cls.kind
        if kind != cls.kind and kind not in getattr(cls, "legacy_kinds", ()):
            raise ValueError(f"arrays hold a {kind!r} model, not {cls.kind!r}")
        params = json.loads(str(arrays["params"])) if "params" in arrays else {}
        state = {name: value for name, value in arrays.items() if name not in ("kind", "params")}
        return cls._from_state(params, state)

    def _array_state(self) -> dict[str, np.ndarray]:
        raise NotImplementedError

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> Self:
        raise NotImplementedError

    def _check_fitted(self) -> None:
        if self.n_items is None:
            raise RuntimeError(f"{type(self).__name__} is not fitted")


def csr_to_arrays(prefix: str, matrix: sp.csr_matrix) -> dict[str, np.ndarray]:
    return {
        f"{prefix}_data": matrix.data,
        f"{prefix}_indices": matrix.indices,
        f"{prefix}_indptr": matrix.indptr,
        f"{prefix}_shape": np.asarray(matrix.shape, dtype=np.int64),
    }


def csr_from_arrays(prefix: str, state: dict[str, np.ndarray]) -> sp.csr_matrix:
    shape = tuple(int(x) for x in state[f"{prefix}_shape"])
    return sp.csr_matrix((state[f"{prefix}_data"], state[f"{prefix}_indices"], state[f"{prefix}_indptr"]), shape=shape)
