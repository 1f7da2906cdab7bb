"""Personal rows of many shoppers at once, from their blended scores: the same steps as one row
(purchases and exclusions left out, the focus on the shopper's categories, the variety caps),
each an array operation over a shoppers x candidates matrix instead of a loop per shopper and
per candidate. A single request is a batch of one and runs this very code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from recommendations.artifacts import LoadedModel
from recommendations.selectors.history import EVENT_CODES, Histories
from recommendations.selectors.personal.codes import catalogue_codes, model_codes
from recommendations.selectors.ranking import oversample

# A category holding this share of a shopper's events is part of their taste; a stray click is not.
TASTE_MIN_SHARE = 0.05
# What the shopper did last is their taste now, however long the history behind it.
TASTE_LATEST_EVENTS = 5
PURCHASE = EVENT_CODES["Purchase"]


@dataclass(frozen=True)
class Rows:
    """Each shopper's row before exploration: item indices best first (-1 past the row's end)."""

    items: np.ndarray  # B x n int64
    scores: np.ndarray  # B x n float32
    lengths: np.ndarray  # int64 per shopper


def top_rows(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the indices and scores of its ``k`` best finite scores, best first (ties to the
    lower index); slots past the finite scores hold -inf."""
    n_rows, n_cols = scores.shape
    k = min(k, n_cols)
    if k <= 0:
        return np.zeros((n_rows, 0), dtype=np.int64), np.zeros((n_rows, 0), dtype=np.float32)
    if n_cols > k:
        # The k largest, without a negated copy of the matrix.
        part = np.argpartition(scores, n_cols - k, axis=1)[:, n_cols - k :]
    else:
        part = np.broadcast_to(np.arange(n_cols), (n_rows, n_cols))
    best = np.take_along_axis(scores, part, axis=1)
    # One sort of (-score, index) packed in an int64: the float's bits made to order as integers
    # (negative floats' magnitude bits flipped), the index below them breaking ties.
    bits = (-best.astype(np.float32) + np.float32(0.0)).view(np.int32)  # + 0.0: no -0.0 before 0.0
    ordered = (bits ^ ((bits >> 31) & 0x7FFFFFFF)).astype(np.int64)
    keys = np.sort((ordered << 32) | part, axis=1)
    ids = keys & 0xFFFFFFFF
    return ids, np.take_along_axis(scores, ids, axis=1)


def taste_matrix(histories: Histories) -> np.ndarray:
    """Per shopper x category code: is it their taste, the categories a personal row varies its
    styles within: those of a twentieth of the shopper's events or more, and those of their latest
    few events."""
    codes = catalogue_codes()
    n_users, n_categories = len(histories), codes.sizes[0]
    at = codes.row_of.positions(histories.product_ids)
    inside = at >= 0
    owner = histories.owners
    category = codes.category[np.where(inside, at, 0)]
    counted = np.bincount(owner[inside] * n_categories + category[inside], minlength=n_users * n_categories).reshape(
        n_users, n_categories
    )
    total = counted.sum(axis=1)
    taste = counted >= TASTE_MIN_SHARE * total[:, None]
    taste &= counted > 0
    rank = np.arange(owner.size) - histories.offsets[owner]
    latest = inside & (rank < TASTE_LATEST_EVENTS)
    taste[owner[latest], category[latest]] = True
    return taste


def diversified(
    valid: np.ndarray,
    codes: tuple[np.ndarray, np.ndarray, np.ndarray],
    caps: tuple[int | None, np.ndarray, int | None],
    sizes: tuple[int, int, int],  # how many styles, categories and departments
    n: int,
) -> np.ndarray:
    """``ranking.diversify`` for every row at once: which candidates (columns in ranked order)
    make each row. Greedy in column order, one column per step across all rows: a candidate is
    taken while its style, category and department are under their caps (``caps``: the style's,
    each row's category cap with 0 for none, the department's); when the caps leave a row short,
    the first skipped candidates fill it."""
    if valid.shape[0] <= ROWS_STEPPED_IN_PYTHON:
        return np.array(
            [
                _diversified_row(valid[r], (codes[0][r], codes[1][r], codes[2][r]), caps, int(caps[1][r]), n)
                for r in range(valid.shape[0])
            ],
            dtype=bool,
        ).reshape(valid.shape)
    n_rows, width = valid.shape
    style, category, department = codes
    style_cap, category_cap, department_cap = caps
    counts = [np.zeros((n_rows, size), dtype=np.int32) for size in sizes]
    chosen = np.zeros(n_rows, dtype=np.int64)
    skipped = np.zeros(n_rows, dtype=np.int64)
    taken = np.zeros((n_rows, width), dtype=bool)
    skip_rank = np.full((n_rows, width), n + width, dtype=np.int64)  # past any shortfall: not skipped
    # Only the rows still short of n are looked at: most are full within a few dozen columns.
    open_rows = np.flatnonzero(valid.any(axis=1)) if n > 0 else np.zeros(0, dtype=np.int64)
    for j in range(width):
        if not open_rows.size:
            break
        active = open_rows[valid[open_rows, j]]
        if not active.size:
            continue
        s, c, d = style[active, j], category[active, j], department[active, j]
        ok = np.ones(active.size, dtype=bool)
        if style_cap:
            ok &= counts[0][active, s] < style_cap
        capped = category_cap[active] > 0
        ok &= ~capped | (counts[1][active, c] < category_cap[active])
        if department_cap:
            ok &= counts[2][active, d] < department_cap
        a = active[ok]
        counts[0][a, s[ok]] += 1
        counts[1][a, c[ok]] += 1
        counts[2][a, d[ok]] += 1
        chosen[a] += 1
        taken[a, j] = True
        left = active[~ok]
        skip_rank[left, j] = skipped[left]
        skipped[left] += 1
        if a.size and (chosen[a] >= n).any():
            open_rows = open_rows[chosen[open_rows] < n]
    return taken | (skip_rank < (n - chosen)[:, None])


# Up to this many rows (one request's), the greedy pass runs in plain Python: a numpy step per
# candidate column costs more than the whole row for a batch of one.
ROWS_STEPPED_IN_PYTHON = 4


def _diversified_row(
    valid: np.ndarray,
    codes: tuple[np.ndarray, np.ndarray, np.ndarray],
    caps: tuple[int | None, np.ndarray, int | None],
    category_cap: int,
    n: int,
) -> list[bool]:
    """``diversified`` of one row, candidate by candidate (the same decisions)."""
    style_cap, _, department_cap = caps
    counts: list[dict[int, int]] = [{}, {}, {}]
    taken = [False] * valid.size
    skipped: list[int] = []
    chosen = 0
    for j, (ok, s, c, d) in enumerate(
        zip(valid.tolist(), codes[0].tolist(), codes[1].tolist(), codes[2].tolist(), strict=True)
    ):
        if chosen == n:
            break
        if not ok:
            continue
        if (
            (style_cap and counts[0].get(s, 0) >= style_cap)
            or (category_cap and counts[1].get(c, 0) >= category_cap)
            or (department_cap and counts[2].get(d, 0) >= department_cap)
        ):
            skipped.append(j)
            continue
        taken[j] = True
        chosen += 1
        for count, key in zip(counts, (s, c, d), strict=True):
            count[key] = count.get(key, 0) + 1
    for j in skipped[: max(n - chosen, 0)]:
        taken[j] = True
    return taken


def ranked_rows(
    loaded: LoadedModel,
    scores: np.ndarray,
    histories: Histories,
    exclude_items: np.ndarray,
    ruled_out: np.ndarray | None,
    n: int,
    options: dict[str, Any],
) -> Rows:
    """The model's part of each shopper's row: their purchases, ``exclude_items`` (item indices)
    and ``ruled_out`` (a filter's mask, one row per shopper or one for all) left out, the best
    ``oversample`` candidates kept if shown, focused on the shopper's categories, varied."""
    n_users = len(histories)
    masked = scores.copy()
    masked[:, exclude_items] = -np.inf
    bought = np.flatnonzero(histories.codes == PURCHASE)
    idx, known = loaded.item_lookup(histories.product_ids[bought])
    masked[histories.owners[bought][known], idx[known]] = -np.inf
    if ruled_out is not None:
        masked[np.broadcast_to(ruled_out, masked.shape)] = -np.inf
    items, best = top_rows(masked, oversample(n, 0))
    codes = model_codes(loaded)
    valid = np.isfinite(best) & codes.shown[items]
    category = codes.category[items]
    taste = taste_matrix(histories)
    focused = taste.any(axis=1)
    rows = np.arange(n_users)[:, None]
    # The model's own best n name the categories it brings in beyond the shopper's: looked in too.
    leading = valid & (np.cumsum(valid, axis=1) <= n) & focused[:, None]
    focus = taste.copy()
    focus[np.broadcast_to(rows, items.shape)[leading], category[leading]] = True
    outside = focused[:, None] & ~focus[rows, category]
    order = np.argsort(np.where(valid, outside.astype(np.int8), 2), axis=1, kind="stable")
    items, best, valid = (np.take_along_axis(a, order, axis=1) for a in (items, best, valid))
    sizes = catalogue_codes().sizes
    # A shopper of one category: capping it would only fill the row with others' categories.
    category_cap = np.where(taste.sum(axis=1) >= 2, int(options.get("max_per_category") or 0), 0)
    keep = diversified(
        valid,
        (codes.style[items], codes.category[items], codes.department[items]),
        (options.get("max_per_style"), category_cap, options.get("max_per_department")),
        (sizes[1], sizes[0], sizes[2]),
        n,
    )
    lengths = keep.sum(axis=1)
    # The kept columns, in order, moved to the front of each row.
    front = np.argsort(~keep, axis=1, kind="stable")[:, :n]
    out_items = np.take_along_axis(items, front, axis=1)
    out_scores = np.take_along_axis(best, front, axis=1)
    past = np.arange(front.shape[1])[None, :] >= lengths[:, None]
    out_items[past] = -1
    return Rows(out_items, out_scores, lengths)
