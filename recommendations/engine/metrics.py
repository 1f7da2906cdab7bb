"""Ranking metrics, vectorised over all test users at once, under names that mean one formula each.

``recommended`` is a (users x K) array of item ids, best first, padded with -1; ``relevant`` is a
(users x items) sparse matrix whose non-zeros are each user's held-out items (binary relevance).
Every mean is over the test users with at least one relevant item.

The names, wherever they appear (the ``evaluate`` command, training reports, tuning):

* ``precision_at_K``: hits in the top K divided by K (not by the number recommended).
* ``recall_at_K``: hits in the top K divided by the user's number of relevant items.
* ``normalized_discounted_cumulative_gain_at_K``: DCG of the top K (a hit at position p gains
  ``1 / log2(1 + p)``) over the ideal DCG of ``min(K, #relevant)`` hits at the top.
* ``mean_average_precision_at_K``: per user, the precision at each hit's position within the top
  K, summed and divided by ``min(K, #relevant)``, as Microsoft Recommenders' current ``map_at_k``
  does (its ``map`` divides by ``#relevant``; Spark's ``meanAveragePrecisionAt`` too).
* ``hit_rate_at_K``: share of users with at least one hit in the top K.
* ``mean_reciprocal_rank_at_K`` (Personalize's): 1 / rank of the first hit within the top K, 0
  past K.
* ``mean_reciprocal_rank`` (leave-last-out): 1 / rank of the held-out item among *all* candidate
  items, not cut at any K; 0 only when the model gives it no score.
* ``coverage``: share of the catalogue recommended to at least one test user.

Amazon Personalize's report (``evaluate_rankings``) uses the names above at K = 5, 10 and 25;
Microsoft Recommenders' stratified protocol (``evaluate_top_k``) precision, recall, nDCG and MAP at
K; the leave-last-out protocol (``evaluate_ranks``) hit rate and nDCG at K and the full MRR.
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


def average_precision_at_k(hits: np.ndarray, n_relevant: np.ndarray, k: int) -> np.ndarray:
    """Sum of the precision at each hit's position in the top k, over ``min(k, #relevant)``."""
    top = hits[:, :k].astype(np.float64)
    precision_at_hits = top * np.cumsum(top, axis=1) / np.arange(1, top.shape[1] + 1)
    denominator = np.minimum(n_relevant, k)
    total = precision_at_hits.sum(axis=1)
    return np.divide(total, denominator, out=np.zeros_like(total), where=denominator > 0)


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


def top_k_metric_names(k: int = 10) -> list[str]:
    """Microsoft Recommenders' ranking metrics at ``k`` (the stratified protocol)."""
    return [
        f"precision_at_{k}",
        f"recall_at_{k}",
        f"normalized_discounted_cumulative_gain_at_{k}",
        f"mean_average_precision_at_{k}",
    ]


def rank_metric_names(k: int = 10) -> list[str]:
    """The leave-last-out metrics: hit rate and nDCG at ``k``, and the reciprocal rank of the full ranking."""
    return [f"hit_rate_at_{k}", f"normalized_discounted_cumulative_gain_at_{k}", "mean_reciprocal_rank"]


def evaluate_top_k(recommended: np.ndarray, relevant: sp.csr_matrix, k: int = 10) -> dict[str, float]:
    """Precision, recall, nDCG and MAP at ``k`` as Microsoft Recommenders defines them, averaged over
    the rows (callers pass only users with at least one relevant item)."""
    recommended = np.asarray(recommended)[:, :k]
    if recommended.shape[1] < k:
        pad = np.full((recommended.shape[0], k - recommended.shape[1]), -1, dtype=np.int64)
        recommended = np.hstack([recommended, pad])
    relevant = sp.csr_matrix(relevant)
    n_relevant = np.diff(relevant.indptr)
    hits = hits_matrix(recommended, relevant)
    values = (
        precision_at_k(hits, k),
        recall_at_k(hits, n_relevant, k),
        ndcg_at_k(hits, n_relevant, k),
        average_precision_at_k(hits, n_relevant, k),
    )
    return {name: float(value.mean()) for name, value in zip(top_k_metric_names(k), values, strict=True)}


def evaluate_ranks(ranks: np.ndarray, k: int = 10) -> dict[str, float]:
    """Leave-last-out metrics from each user's rank (1 = first) of their one held-out item among all
    candidates; ``inf`` where the model gives that item no score (it can never be recommended).

    With one relevant item, nDCG@k is ``1 / log2(1 + rank)`` within the top k (the ideal DCG is 1)
    and the hit rate the share ranked within k; the reciprocal rank is not cut at k.
    """
    ranks = np.asarray(ranks, dtype=np.float64)
    within = ranks <= k
    ndcg = np.where(within, 1.0 / np.log2(1.0 + np.where(within, ranks, 1.0)), 0.0)
    values = (within.astype(np.float64), ndcg, 1.0 / ranks)
    return {name: float(value.mean()) for name, value in zip(rank_metric_names(k), values, strict=True)}
