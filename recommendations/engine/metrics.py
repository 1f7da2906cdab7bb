"""Ranking metrics with Amazon Personalize's definitions, vectorised over all test users at once.

``recommended`` is a (users x K) array of item ids, best first, padded with -1; ``relevant`` is a
(users x items) sparse matrix whose non-zeros are each user's held-out items.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

CUTOFFS = (5, 10, 25)
# The metric the shop chooses and compares models by (tuning, the dashboard, `train`'s output).
NDCG_AT_10 = "normalized_discounted_cumulative_gain_at_10"


def hits_matrix(recommended: np.ndarray, relevant: sp.csr_matrix) -> np.ndarray:
    """Boolean (users x K): is the item at each position one of that user's relevant items?"""
    relevant = sp.csr_matrix(relevant)
    n_users, n_items = relevant.shape
    if recommended.shape[0] != n_users:
        raise ValueError("recommended and relevant must have one row per user")
    coo = relevant.tocoo()
    relevant_keys = np.sort(coo.row.astype(np.int64) * n_items + coo.col)
    rows = np.arange(n_users, dtype=np.int64)[:, None]
    keys = rows * n_items + recommended.astype(np.int64)
    found = np.isin(keys, relevant_keys)
    return found & (recommended >= 0)


def discounts(k: int) -> np.ndarray:
    """Gain of a hit at positions 1..k: ``1 / log2(1 + position)``."""
    return 1.0 / np.log2(np.arange(2, k + 2))


def precision_at_k(hits: np.ndarray, k: int) -> np.ndarray:
    """Relevant items in the top k divided by k (not by the number recommended)."""
    return hits[:, :k].sum(axis=1) / k


def recall_at_k(hits: np.ndarray, n_relevant: np.ndarray, k: int) -> np.ndarray:
    return hits[:, :k].sum(axis=1) / np.maximum(n_relevant, 1)


def hit_rate_at_k(hits: np.ndarray, k: int) -> np.ndarray:
    return hits[:, :k].any(axis=1).astype(np.float64)


def ndcg_at_k(hits: np.ndarray, n_relevant: np.ndarray, k: int) -> np.ndarray:
    """DCG of the top k over the ideal DCG of ``min(k, #relevant)`` hits at the top positions."""
    gains = discounts(k)
    dcg = (hits[:, :k] * gains[: hits[:, :k].shape[1]]).sum(axis=1)
    ideal_cumulative = np.concatenate([[0.0], np.cumsum(gains)])
    ideal = ideal_cumulative[np.minimum(n_relevant, k)]
    return np.divide(dcg, ideal, out=np.zeros_like(dcg), where=ideal > 0)


def reciprocal_rank_at_k(hits: np.ndarray, k: int) -> np.ndarray:
    """1 / rank of the first relevant item within the top k, 0 when there is none."""
    top = hits[:, :k]
    first = top.argmax(axis=1)
    return np.where(top.any(axis=1), 1.0 / (first + 1), 0.0)


def coverage(recommended: np.ndarray, n_items: int) -> float:
    """Share of the catalogue recommended to at least one test user."""
    ids = recommended[recommended >= 0]
    return float(np.unique(ids).size / n_items) if n_items else 0.0


def metric_names(k: int = 25) -> list[str]:
    names = ["coverage", f"mean_reciprocal_rank_at_{k}"]
    names += [f"normalized_discounted_cumulative_gain_at_{c}" for c in CUTOFFS if c <= k]
    names += [f"precision_at_{c}" for c in CUTOFFS if c <= k]
    if k >= 10:
        names += ["recall_at_10", "hit_rate_at_10"]
    return names


def evaluate_rankings(recommended: np.ndarray, relevant: sp.csr_matrix, n_items: int, k: int = 25) -> dict[str, float]:
    """Every metric, averaged over users, under Personalize's names (plus recall and hit rate at 10).

    ``n_items`` is the catalogue size coverage is measured against.
    """
    recommended = np.asarray(recommended)[:, :k]
    if recommended.shape[1] < k:  # fewer candidates than k: pad so cut-offs stay well defined
        pad = np.full((recommended.shape[0], k - recommended.shape[1]), -1, dtype=np.int64)
        recommended = np.hstack([recommended, pad])
    relevant = sp.csr_matrix(relevant)
    n_relevant = np.diff(relevant.indptr)
    hits = hits_matrix(recommended, relevant)
    results = {
        "coverage": coverage(recommended, n_items),
        f"mean_reciprocal_rank_at_{k}": float(reciprocal_rank_at_k(hits, k).mean()),
    }
    for cutoff in (c for c in CUTOFFS if c <= k):
        ndcg = ndcg_at_k(hits, n_relevant, cutoff)
        results[f"normalized_discounted_cumulative_gain_at_{cutoff}"] = float(ndcg.mean())
    for cutoff in (c for c in CUTOFFS if c <= k):
        results[f"precision_at_{cutoff}"] = float(precision_at_k(hits, cutoff).mean())
    if k >= 10:
        results["recall_at_10"] = float(recall_at_k(hits, n_relevant, 10).mean())
        results["hit_rate_at_10"] = float(hit_rate_at_k(hits, 10).mean())
    return results
