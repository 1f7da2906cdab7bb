"""Matrix factorisation with implicit's ALS, recommending by folding the shopper's current row in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import Capability, EngineModel, as_row, single_blas_thread
from .interactions import Interactions

# implicit options that change how it trains but not what the model is; anything else in **extra
# is only remembered in params (e.g. event weights chosen by the caller).
IMPLICIT_OPTIONS = ("use_cg", "use_native", "cg_steps", "num_threads")


def confidence(user_items: sp.csr_matrix, alpha: float) -> sp.csr_matrix:
    """Hu, Koren & Volinsky confidence ``1 + alpha * weight`` on the observed entries (0 stays unobserved)."""
    conf = sp.csr_matrix(user_items, dtype=np.float32, copy=True)
    conf.data = 1.0 + np.float32(alpha) * conf.data
    return conf


class ALSRecommender(EngineModel):
    """Implicit-feedback ALS (implicit.als.AlternatingLeastSquares on the CPU).

    Confidence of an observed (user, item) is ``c = 1 + alpha * weight`` where weight is the summed,
    optionally time-decayed event weight; implicit is given ``c`` directly (its own alpha is left at 1).
    Only item factors are kept: every recommendation recomputes the user's vector from the row of
    their current interactions (implicit's ``recalculate_user`` least squares), so new events count
    at once and a reloaded model needs nothing else.
    """

    kind = "als"
    capabilities = Capability.PERSONAL | Capability.EXPLAINS

    def __init__(
        self,
        factors: int = 64,
        regularization: float = 0.05,
        iterations: int = 15,
        alpha: float = 2.0,
        seed: int = 42,
        *,
        half_life_days: float | None = None,
        **extra: Any,
    ) -> None:
        self.factors = int(factors)
        self.regularization = float(regularization)
        self.iterations = int(iterations)
        self.alpha = float(alpha)
        self.seed = int(seed)
        self.half_life_days = None if half_life_days is None else float(half_life_days)
        self.extra = dict(extra)
        self.item_factors: np.ndarray | None = None
        self._gram: np.ndarray | None = None
        self._projection: np.ndarray | None = None
        self._factors64: np.ndarray | None = None

    @property
    def params(self) -> dict[str, Any]:
        return {
            "factors": self.factors,
            "regularization": self.regularization,
            "iterations": self.iterations,
            "alpha": self.alpha,
            "seed": self.seed,
            "half_life_days": self.half_life_days,
            **self.extra,
        }

    def _new_implicit(self):
        from implicit.als import AlternatingLeastSquares

        options = {key: self.extra[key] for key in IMPLICIT_OPTIONS if key in self.extra}
        with single_blas_thread():  # implicit checks the BLAS thread count when constructed
            return AlternatingLeastSquares(
                factors=self.factors,
                regularization=self.regularization,
                alpha=1.0,
                iterations=self.iterations,
                calculate_training_loss=False,
                use_gpu=False,
                random_state=self.seed,
                **options,
            )

    def _fit(self, data: Interactions) -> None:
        matrix = self.interaction_matrix(data)
        model = self._new_implicit()
        with single_blas_thread():
            model.fit(confidence(matrix, self.alpha), show_progress=False)
        self._set_item_factors(np.asarray(model.item_factors, dtype=np.float32))

    def _set_item_factors(self, item_factors: np.ndarray) -> None:
        self.item_factors = np.ascontiguousarray(item_factors, dtype=np.float32)
        self.n_items = int(self.item_factors.shape[0])
        self._gram = None  # YtY + regularization * I, computed on first fold-in
        self._projection = None  # item_factors G^-1, likewise
        self._factors64 = None  # item_factors as float64, likewise

    def _gram_matrix(self) -> np.ndarray:
        if self._gram is None:
            factors = self.item_factors.astype(np.float64)
            self._gram = factors.T @ factors + self.regularization * np.eye(self.factors)
        return self._gram

    def _float64_factors(self) -> np.ndarray:
        """The item factors in float64, once: fold-ins and explanations gather rows of them by
        the hundred thousand, and converting each gathered stack cost a pass over it."""
        if self._factors64 is None:
            self._factors64 = self.item_factors.astype(np.float64)
        return self._factors64

    def _projected(self) -> np.ndarray:
        """Every item's factors times the inverse Gram matrix, ``Y G^-1`` (items x k), for fold-ins."""
        if self._projection is None:
            gram = self._gram_matrix()
            self._projection = np.linalg.solve(gram, self.item_factors.astype(np.float64).T).T
        return self._projection

    def user_vectors(self, user_items: sp.csr_matrix) -> np.ndarray:
        """Least-squares user factors for a batch of rows given the fixed item factors (zero for empty rows).

        The same normal equations as implicit's ``recalculate_user``, for each user
        ``(G + Yu' W Yu) x = Yu' c+`` with ``G = Y'Y + reg I``, ``W = |C_u| - 1`` and ``c+`` the
        positive confidences, solved in float64 (calling into implicit per request costs
        milliseconds of thread start-up for a 64 x 64 solve). Many users are solved together: rows
        of similar length are padded into one stack (``fold_in_chunks``). A row of L <= k items is
        solved through Woodbury's identity, an L x L system per user instead of k x k:
        ``x = u - Pu' (I + W K)^-1 W K c+`` with ``Pu = Yu G^-1``, ``u = Pu' c+``, ``K = Yu Pu'``.
        """
        self._check_fitted()
        rows = sp.csr_matrix(user_items, dtype=np.float32)
        if rows.shape[1] != self.n_items:
            raise ValueError(f"expected {self.n_items} item columns, got {rows.shape[1]}")
        conf = confidence(rows, self.alpha)
        vectors = np.zeros((rows.shape[0], self.factors), dtype=np.float32)
        with single_blas_thread():
            for users, length in fold_in_chunks(np.diff(conf.indptr), self.factors):
                items, c, inside = _padded(conf, users, length)
                # implicit's convention: a negative confidence is a dislike, |c| weighs a target of 0.
                weight = np.where(inside, np.abs(c) - 1.0, 0.0)
                positive = np.maximum(c, 0.0)
                if length <= self.factors:
                    vectors[users] = self._woodbury(items, weight, positive)
                    continue
                factors = self._float64_factors()[items]  # B x L x k
                systems = self._gram_matrix() + np.matmul(factors.transpose(0, 2, 1), factors * weight[:, :, None])
                target = np.einsum("blk,bl->bk", factors, positive)
                vectors[users] = np.linalg.solve(systems, target[:, :, None])[:, :, 0]
        return vectors

    def _woodbury(self, items: np.ndarray, weight: np.ndarray, positive: np.ndarray) -> np.ndarray:
        """Fold-ins of a stack of short rows (B x L padded items, their W and c+; padding weighs 0)."""
        factors = self._float64_factors()[items]  # B x L x k
        projected = self._projected()[items]  # B x L x k
        kernel = np.matmul(factors, projected.transpose(0, 2, 1))  # B x L x L, Yu G^-1 Yu'
        base = np.einsum("blk,bl->bk", projected, positive)  # G^-1 Yu' c+
        reach = np.einsum("blm,bm->bl", kernel, positive)  # K c+
        # Padded slots have W = 0: their rows of I + W K are the identity's, their solution 0.
        system = np.eye(items.shape[1]) + weight[:, :, None] * kernel
        solved = np.linalg.solve(system, (weight * reach)[:, :, None])[:, :, 0]
        return base - np.einsum("blk,bl->bk", projected, solved)

    def explain(self, user_items: sp.csr_matrix, item_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each of ``item_ids``, the user's other item that contributes most to its score.

        The fold-in score is a sum over the user's items j of c_j * y_i' A^-1 y_j (A the fold-in
        system), as implicit's ``explain`` decomposes it; returns (item index, contribution) per
        target, -1 where the row is empty. This is what "Because you viewed X" shows.
        """
        self._check_fitted()
        return self.explain_batch(as_row(user_items, self.n_items), [0], [np.asarray(item_ids, dtype=np.int64)])[0]

    def explain_batch(
        self, user_items: sp.spmatrix, rows: Sequence[int] | np.ndarray, item_ids: Sequence[np.ndarray]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """``explain`` for many requests (``explain_rows`` with each request's targets padded)."""
        targets = [np.asarray(t, dtype=np.int64).ravel() for t in item_ids]
        width = max((t.size for t in targets), default=0)
        padded = np.full((len(targets), width), -1, dtype=np.int64)
        for r, t in enumerate(targets):
            padded[r, : t.size] = t
        best, weight = self.explain_rows(user_items, rows, padded)
        return [(best[r, : t.size], weight[r, : t.size]) for r, t in enumerate(targets)]

    def explain_rows(
        self, user_items: sp.spmatrix, rows: Sequence[int] | np.ndarray, targets: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``explain`` for request r = row ``rows[r]`` of ``user_items`` and the targets in row r
        of ``targets`` (R x T item indices, -1 for none): (item index, contribution) per target.

        The fold-in systems are stacked as ``user_vectors`` stacks them. A stack of rows of L <= k
        items goes through Woodbury's identity, as its fold-in does: with ``K = Yu G^-1 Yu'`` and
        ``kt = yt G^-1 Yu'``, ``yt A^-1 Yu' = kt (I + W K)^-1``, an L x L solve per request
        instead of a k x k one (at reference scale most rows hold a dozen items, k is 64).
        """
        self._check_fitted()
        matrix = sp.csr_matrix(user_items, dtype=np.float32)
        if matrix.shape[1] != self.n_items:
            raise ValueError(f"expected {self.n_items} item columns, got {matrix.shape[1]}")
        conf = confidence(matrix, self.alpha)
        rows = np.asarray(rows, dtype=np.int64)
        targets = np.asarray(targets, dtype=np.int64).reshape(rows.size, -1)
        best = np.full(targets.shape, -1, dtype=np.int64)
        weight_out = np.zeros(targets.shape, dtype=np.float32)
        asked = (targets >= 0).any(axis=1)
        lengths = np.where(asked, np.diff(conf.indptr)[rows] if rows.size else 0, 0)
        with single_blas_thread():
            for requests, length in fold_in_chunks(lengths, self.factors):
                items, c, inside = _padded(conf, rows[requests], length)
                weight = np.where(inside, np.abs(c) - 1.0, 0.0)
                liked = inside & (c > 0)
                wanted = targets[requests]
                valid = wanted >= 0
                safe = np.where(valid, wanted, 0)
                factors = self._float64_factors()[items]  # B x L x k
                if length <= self.factors:
                    projected = self._projected()
                    kernel = np.matmul(projected[items], factors.transpose(0, 2, 1))  # B x L x L
                    toward = np.matmul(projected[safe], factors.transpose(0, 2, 1))  # B x T x L
                    system = np.eye(length) + weight[:, :, None] * kernel
                    # X (I + W K) = kt, solved as (I + W K)' X' = kt'.
                    scores = np.linalg.solve(system.transpose(0, 2, 1), toward.transpose(0, 2, 1)).transpose(0, 2, 1)
                else:
                    systems = self._gram_matrix() + np.matmul(factors.transpose(0, 2, 1), factors * weight[:, :, None])
                    # A^-1 y_j for every liked item j of each request (zero columns elsewhere).
                    solved = np.linalg.solve(systems, (factors * liked[:, :, None]).transpose(0, 2, 1))  # B x k x L
                    scores = np.matmul(self._float64_factors()[safe], solved)  # B x T x L
                contributions = scores * c[:, None, :]
                # Only liked items explain; an item the user already has explains itself trivially.
                unexplained = (safe[:, :, None] == items[:, None, :]) | ~liked[:, None, :]
                unexplained |= ~valid[:, :, None]
                np.putmask(contributions, unexplained, -np.inf)
                top = contributions.argmax(axis=2)
                strongest = np.take_along_axis(contributions, top[:, :, None], axis=2)[:, :, 0]
                found = np.isfinite(strongest)
                best[requests] = np.where(found, np.take_along_axis(items, top, axis=1), -1)
                weight_out[requests] = np.where(found, strongest, 0.0)
        return best, weight_out

    def user_vector(self, user_items: sp.csr_matrix) -> np.ndarray:
        """The user's factors folded in from one 1 x n_items row of their current interactions."""
        self._check_fitted()
        return self.user_vectors(as_row(user_items, self.n_items))[0]

    def score_batch(
        self,
        user_items: sp.csr_matrix,
        recent_items: Sequence[np.ndarray] | None = None,
        now: np.ndarray | None = None,
    ) -> np.ndarray:
        rows = sp.csr_matrix(user_items, dtype=np.float32)
        scores = self.user_vectors(rows) @ self.item_factors.T
        # Users with no input have nothing to fold in: rank nothing rather than arbitrary items.
        scores[np.diff(rows.indptr) == 0] = -np.inf
        return scores

    def _array_state(self) -> dict[str, np.ndarray]:
        self._check_fitted()
        return {"item_factors": self.item_factors}

    @classmethod
    def _from_state(cls, params: dict[str, Any], state: dict[str, np.ndarray]) -> ALSRecommender:
        model = cls(**params)
        model._set_item_factors(np.asarray(state["item_factors"], dtype=np.float32))
        return model


# Float64 entries held by one stack of padded fold-in systems (B x L x k factors and B x k x k
# systems): ~64 MB, so a batch of any size runs in bounded memory.
FOLD_IN_BUDGET = 1 << 23


def fold_in_chunks(lengths: np.ndarray, factors: int) -> list[tuple[np.ndarray, int]]:
    """Non-empty rows grouped for a batched fold-in: (row indices, padded length) per stack.

    Rows are sorted by length so a stack pads little; each stack's size keeps its arrays within
    ``FOLD_IN_BUDGET`` entries.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    order = np.flatnonzero(lengths > 0)
    order = order[np.argsort(lengths[order], kind="stable")]
    chunks: list[tuple[np.ndarray, int]] = []
    start = 0
    while start < order.size:
        # Grow the stack while the longest row so far (the last, sorted) keeps it within budget.
        end = start + 1
        while end < order.size:
            size = (end + 1 - start) * factors * (int(lengths[order[end]]) + factors)
            if size > FOLD_IN_BUDGET:
                break
            end += 1
        # Rows of very different lengths go to separate stacks: padding a 3-item row to 500 wastes work.
        cut = np.searchsorted(lengths[order[start:end]], 2 * int(lengths[order[start]]) + 8, side="right")
        end = start + max(int(cut), 1)
        chunks.append((order[start:end], int(lengths[order[end - 1]])))
        start = end
    return chunks


def _padded(conf: sp.csr_matrix, users: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The users' item indices and confidences as (users x length) arrays, and which slots are real."""
    starts, ends = conf.indptr[users], conf.indptr[users + 1]
    offsets = np.arange(length)[None, :]
    inside = offsets < (ends - starts)[:, None]
    at = np.where(inside, starts[:, None] + offsets, 0)
    items = np.where(inside, conf.indices[at], 0)
    c = np.where(inside, conf.data[at].astype(np.float64), 0.0)
    return items, c, inside
