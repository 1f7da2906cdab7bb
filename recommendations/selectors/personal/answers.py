"""Each shopper's answer from their ranked row: the ``Recommendation``, its "because you ..."
reasons (one ``explain_rows`` for every row's cards) and its explored cards."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np

from recommendations.artifacts import LoadedModel
from recommendations.selectors.history import Histories
from recommendations.selectors.personal.exploration import explored_rows
from recommendations.selectors.personal.rows import PURCHASE, Rows, ranked_rows
from recommendations.selectors.personal.scores import PersonalBatch
from recommendations.selectors.ranking import Recommendation


def personal_answers(
    loaded: LoadedModel,
    personal: PersonalBatch,
    histories: Histories,
    exclude_product_ids: set[int] | None,
    ruled_out: np.ndarray | None,  # over the model's items: one mask for all, or one row per shopper
    num_results: int,
    options: dict[str, Any],
    explain: bool,
    now: float,
    pool: list[int],
    allowed: Callable[[np.ndarray], np.ndarray] | None,
) -> list[Recommendation | None]:
    """Each shopper's answer (None without an event the model knows): purchases, exclusions and the
    filter left out, varied, explained, then explored; the single request and the batch share it,
    so both give the same row. ``allowed``: given product ids, per shopper x product, may the
    request's filter show it (asked only of the cold products a row may explore)."""
    exclude = sorted(exclude_product_ids or ())
    rows = ranked_rows(loaded, personal.scores, histories, loaded.item_index(exclude), ruled_out, num_results, options)
    results = recommendations_of(loaded, rows, personal.taste)
    if explain and loaded.spec.explains:
        for result, found in zip(results, _because_rows(loaded, personal, rows), strict=True):
            if result:
                result.because = found
    answered = np.flatnonzero(personal.answered)
    if pool and answered.size:
        bought = np.flatnonzero(histories.codes == PURCHASE)
        position = np.full(len(histories), -1, dtype=np.int64)
        position[answered] = np.arange(answered.size)
        # What each explored row leaves out: the shopper's purchases and the request's exclusions.
        owners = np.concatenate([histories.owners[bought], np.repeat(answered, len(exclude))])
        everyone = np.tile(np.asarray(exclude, dtype=np.int64), answered.size)
        products = np.concatenate([histories.product_ids[bought], everyone])
        inside = position[owners] >= 0
        taste_owner, taste_products, taste_weights = personal.taste_arrays
        explored_rows(
            [results[k] for k in answered],
            loaded=loaded,
            scores=personal.scores[answered],
            taste=(position[taste_owner], taste_products, taste_weights),
            excluded=(position[owners[inside]], products[inside]),
            n=num_results,
            options=options,
            pool=pool,
            now=now,
            allowed=(lambda ids: allowed(ids)[answered]) if allowed is not None else None,
        )
    return [results[k] if personal.answered[k] else None for k in range(len(histories))]


def _because_rows(loaded: LoadedModel, personal: PersonalBatch, rows: Rows) -> list[list[int | None]]:
    """Per row, each card explained by the part of the blend that put it there (the latest events
    or the whole history): one ``explain_batch`` for every row's cards."""
    present = rows.items >= 0
    safe = np.where(present, rows.items, 0)
    use_recent = np.zeros(rows.items.shape, dtype=bool)
    has = personal.recent_at >= 0
    if has.any():
        # Only each row's cards are gathered, never whole rows of the score matrices.
        who = np.flatnonzero(has)[:, None]
        long = personal.long_part[who, safe[has]]
        recent = personal.recent_part[personal.recent_at[has][:, None], safe[has]]
        # float32 shares, as a Python float share multiplies one row's float32 parts.
        share = personal.shares[has].astype(np.float32)[:, None]
        rest = (1 - personal.shares[has]).astype(np.float32)[:, None]
        use_recent[has] = share * recent > rest * long
    use_recent &= present
    users = np.flatnonzero(personal.answered & present.any(axis=1))
    from_history = present[users] & ~use_recent[users]
    from_recent = use_recent[users]
    recent = users[from_recent.any(axis=1)]
    asked_rows = np.concatenate([users, len(personal) + personal.recent_at[recent]])
    asked = np.concatenate(
        [np.where(from_history, rows.items[users], -1), np.where(use_recent[recent], rows.items[recent], -1)]
    )
    sources = np.full(rows.items.shape, -1, dtype=np.int64)
    if asked_rows.size:
        best, _ = loaded.model.explain_rows(personal.matrix, asked_rows, asked)
        sources[users] = np.where(from_history, best[: users.size], -1)
        sources[recent] = np.where(use_recent[recent], best[users.size :], sources[recent])
    named = np.where(sources >= 0, loaded.product_ids[np.maximum(sources, 0)], -1).tolist()
    return [
        [p if p >= 0 else None for p in found[:length]]
        for found, length in zip(named, rows.lengths.tolist(), strict=True)
    ]


def recommendations_of(loaded: LoadedModel, rows: Rows, taste: list[dict[int, float]]) -> list[Recommendation]:
    """One ``Recommendation`` per row (its scores as float64, as one request reports them)."""
    present = rows.items >= 0
    products = loaded.product_ids[rows.items[present]].tolist()
    values = rows.scores[present].astype(np.float64).tolist()
    bounds = np.concatenate([[0], np.cumsum(rows.lengths)]).tolist()
    ids = _recommendation_ids(rows.lengths.size)
    answers = []
    for k in range(rows.lengths.size):
        start, end = bounds[k], bounds[k + 1]
        answers.append(
            Recommendation(
                loaded.recommender,
                products[start:end],
                values[start:end],
                loaded.version_id,
                recommendation_id=ids[k],
                taste_weights=taste[k],
            )
        )
    return answers


def _recommendation_ids(count: int) -> list[str]:
    """``uuid4().hex`` for many at once: one read of random bytes, the version and variant bits set."""
    raw = np.frombuffer(os.urandom(16 * count), dtype=np.uint8).reshape(count, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    text = raw.tobytes().hex()
    return [text[32 * k : 32 * (k + 1)] for k in range(count)]
