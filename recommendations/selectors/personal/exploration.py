"""``exploration.explore`` for many personal rows at once: every shopper's affinity for each cold
product as one shoppers x pool matrix, ranked and capped by style with array operations. A
single request is a batch of one and runs this very code.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from recommendations.artifacts import LoadedModel
from recommendations.engine.catalogue import Categorical
from recommendations.selectors.catalogue import item_table
from recommendations.selectors.exploration import MODEL_AFFINITY, STYLE_AFFINITY, exploration_slots, interleave
from recommendations.selectors.newarrivals import arrival_reason
from recommendations.selectors.personal.codes import catalogue_codes
from recommendations.selectors.ranking import Recommendation


def _affinities(
    column: Categorical, owner: np.ndarray, at: np.ndarray, weights: np.ndarray, total: np.ndarray
) -> np.ndarray:
    """Per shopper x value of ``column`` (and a last slot, no value): the share of their taste
    weight on products of that value (``exploration._affinity`` for every shopper)."""
    n_users, n_values = total.size, len(column.values)
    codes = column.codes[at]
    valued = codes >= 0
    by_code = np.zeros((n_users, n_values + 1))
    by_code[:, :-1] = (
        np.bincount(
            owner[valued] * n_values + codes[valued], weights=weights[valued], minlength=n_users * n_values
        ).reshape(n_users, n_values)
        / total[:, None]
    )
    return by_code


def explored_rows(
    results: list[Recommendation],
    *,
    loaded: LoadedModel,
    scores: np.ndarray,
    taste: tuple[np.ndarray, np.ndarray, np.ndarray],
    excluded: tuple[np.ndarray, np.ndarray],
    n: int,
    options: dict[str, Any],
    pool: list[int],
    now: float | None = None,
    allowed: Callable[[np.ndarray], np.ndarray] | None = None,
) -> list[Recommendation]:
    """Each result with ``exploration_slots`` of its cards given to cold products of ``pool``, as
    ``explore`` gives one row (each marked "New arrival: added N days ago").

    ``scores``: the shoppers' blended scores (one row each); ``taste``: (shopper, product,
    weight) of every shopper's taste weights; ``excluded``: (shopper, product) never shown;
    ``allowed``: given product ids, per shopper x product, does their request's filter let it through."""
    slots = exploration_slots(float(options.get("exploration_weight") or 0.0), n)
    if not slots or not pool or not results:
        return results
    now = now or time.time()
    table = item_table()
    created = table.column("CREATION_TIMESTAMP")
    ids = np.asarray(pool, dtype=np.int64)
    at = table.positions(ids)
    # Best first; among equals the newest, then the lower id: the pool in that order, and a
    # stable sort on relevance alone keeps it.
    static = np.lexsort((ids, -created[at]))
    ids, at = ids[static], at[static]
    n_users, width = len(results), ids.size

    owner, products, weights = taste
    history_at = table.positions(products)
    known = history_at >= 0
    owner, history_at, weights = owner[known], history_at[known], weights[known]
    total = np.bincount(owner, weights=weights, minlength=n_users)
    total[total == 0] = 1.0
    category = _affinities(table.column("CATEGORY"), owner, history_at, weights, total)
    style = _affinities(table.column("STYLE"), owner, history_at, weights, total)
    relevance = category[:, table.column("CATEGORY").codes[at]]
    same_category = relevance > 0
    relevance += STYLE_AFFINITY * same_category * style[:, table.column("STYLE").codes[at]]
    pos, in_model = loaded.item_lookup(ids)
    model = np.zeros((n_users, width))
    if in_model.any():
        raw = scores[:, pos[in_model]]
        model[:, in_model] = np.where(np.isfinite(raw), np.maximum(raw, 0.0), 0.0)
    relevance += MODEL_AFFINITY * model

    # Only what touches the shopper's taste, and not what they bought, the request leaves out or
    # the row already shows.
    eligible = relevance > 0
    shown = [result.product_ids for result in results]
    gone_owner = np.concatenate([excluded[0], np.repeat(np.arange(n_users), [len(p) for p in shown])])
    gone = np.concatenate([excluded[1], np.fromiter((p for row in shown for p in row), np.int64)])
    sorted_ids = np.argsort(ids)
    spot = np.clip(np.searchsorted(ids[sorted_ids], gone), 0, width - 1)
    hit = ids[sorted_ids][spot] == gone
    eligible[gone_owner[hit], sorted_ids[spot[hit]]] = False
    if allowed is not None:
        eligible &= allowed(ids)
    order = np.argsort(-np.where(eligible, relevance, -np.inf), axis=1, kind="stable")
    available = eligible.sum(axis=1)

    # The first ``slots`` that keep the row within max_per_style (counting the cards kept).
    codes = catalogue_codes()
    pool_style = codes.style[at]
    cap = options.get("max_per_style")
    per_style = np.zeros((n_users, codes.sizes[1]), dtype=np.int32)
    if cap:
        kept = [result.product_ids[: max(n - slots, 0)] for result in results]
        kept_owner = np.repeat(np.arange(n_users), [len(k) for k in kept])
        kept_at = table.positions(np.fromiter((p for k in kept for p in k), dtype=np.int64, count=kept_owner.size))
        inside = kept_at >= 0
        np.add.at(per_style, (kept_owner[inside], codes.style[kept_at[inside]]), 1)
    picked: list[list[int]] = [[] for _ in range(n_users)]
    chosen = np.zeros(n_users, dtype=np.int64)
    rows = np.arange(n_users)
    for j in range(width):
        active = rows[(chosen < slots) & (j < available)]
        if not active.size:
            break
        columns = order[active, j]
        s = pool_style[columns]
        ok = per_style[active, s] < cap if cap else np.ones(active.size, dtype=bool)
        a = active[ok]
        per_style[a, s[ok]] += 1
        chosen[a] += 1
        for k, pid in zip(a.tolist(), ids[columns[ok]].tolist(), strict=True):
            picked[k].append(pid)

    # The same sentence for a product on every row of the batch: worded once per product.
    reason_of = {pid: arrival_reason(c, now) for pid, c in zip(ids.tolist(), created[at].tolist(), strict=True)}
    for result, candidates in zip(results, picked, strict=True):
        if candidates:
            _interleaved(result, candidates, n, reason_of)
    return results


@lru_cache(maxsize=1024)
def _layout(explored: int, exploit: int, n: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where ``interleave`` puts ``explored`` cold cards among ``exploit`` model cards in a row of
    ``n`` (the same for most rows of a batch): per slot, the model card's index (explored ones
    ``~k``), and the index of the model score it shows (an explored card takes the score of the
    slot it fills, the card before it, else after it; -1: no model card, score 0)."""
    ids, flags = interleave(list(range(exploit)), [~k for k in range(explored)], n)
    scores, seen = [], 0
    for flag in flags:
        if flag:
            scores.append(seen - 1 if seen else (0 if exploit else -1))
        else:
            scores.append(seen)
            seen += 1
    return tuple(ids), tuple(scores)


def _interleaved(result: Recommendation, candidates: list[int], n: int, reason_of: dict[int, str]) -> None:
    """The row with its explored cards spread in, as ``explore`` places them, so the list stays in
    score order as the API promises (an explored card's own model score would not be comparable)."""
    slots, score_at = _layout(len(candidates), len(result.product_ids), n)
    exploit, scores, because = result.product_ids, result.scores, result.because
    result.product_ids = [exploit[i] if i >= 0 else candidates[~i] for i in slots]
    result.scores = [scores[j] if j >= 0 else 0.0 for j in score_at]
    if because:
        result.because = [because[i] if i >= 0 else None for i in slots]
    result.reasons = ["" if i >= 0 else reason_of[candidates[~i]] for i in slots]
