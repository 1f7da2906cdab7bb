"""Personal rows of many shoppers at once, from their blended scores: the same steps as one row
(purchases and exclusions left out, the variety caps, "because you ..." reasons), each an array
operation over a shoppers x candidates matrix instead of a loop per shopper and per candidate.

A single request is a batch of one and runs this very code, so the two always agree.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np

from recommendations.artifacts import LoadedModel
from recommendations.selectors.catalogue import TableCache, item_table
from recommendations.selectors.history import EVENT_CODES, Histories
from recommendations.selectors.ranking import Recommendation, item_facts, oversample

# A category holding this share of a shopper's events is part of their taste; a stray click is not.
TASTE_MIN_SHARE = 0.05
# What the shopper did last is their taste now, however long the history behind it.
TASTE_LATEST_EVENTS = 5
PURCHASE = EVENT_CODES["Purchase"]


@dataclass(frozen=True)
class IdIndex:
    """Positions of product ids in a sorted id array, by one array lookup where the ids are
    dense enough (a batch looks up every event's product: binary searches cost 25 ms a time)."""

    ids: np.ndarray  # sorted
    dense: np.ndarray | None  # id -> position, -1 for none; None when ids are too sparse

    @classmethod
    def of(cls, ids: np.ndarray) -> IdIndex:
        ids = np.asarray(ids, dtype=np.int64)
        top = int(ids[-1]) if ids.size else -1
        if ids.size and (int(ids[0]) < 0 or top > 8 * ids.size + 1_000_000):
            return cls(ids, None)
        dense = np.full(top + 1, -1, dtype=np.int64)
        dense[ids] = np.arange(ids.size)
        return cls(ids, dense)

    def positions(self, query: np.ndarray) -> np.ndarray:
        query = np.asarray(query, dtype=np.int64)
        if self.dense is None:
            if not self.ids.size:
                return np.full(query.shape, -1, dtype=np.int64)
            at = np.clip(np.searchsorted(self.ids, query), 0, self.ids.size - 1)
            return np.where(self.ids[at] == query, at, -1)
        inside = (query >= 0) & (query < self.dense.size)
        return np.where(inside, self.dense[np.where(inside, query, 0)], -1)


@dataclass(frozen=True)
class CatalogueCodes:
    """Per catalogue table row: its category, its style within that category and its department
    as small dense integers, so the variety caps count with array indexing."""

    category: np.ndarray  # int64, -1 for a product without one
    style: np.ndarray  # int64: one code per (category, style) pair
    department: np.ndarray  # int64: the department, or the category when it names none
    sizes: tuple[int, int, int]  # how many categories, styles and departments
    row_of: IdIndex  # product id -> table row


@dataclass(frozen=True)
class ModelCodes:
    """``CatalogueCodes`` aligned with a live model's item index, and which items may be shown."""

    shown: np.ndarray  # bool: in the catalogue and in stock
    category: np.ndarray
    style: np.ndarray
    department: np.ndarray
    at: np.ndarray  # the item's catalogue row, -1 for none
    item_of: IdIndex  # product id -> model item index


_catalogue_codes = TableCache()
_model_codes = TableCache()


def catalogue_codes() -> CatalogueCodes:
    table = item_table()
    return _catalogue_codes.get("codes", table, lambda: _codes(table))


def _codes(table: Any) -> CatalogueCodes:
    if not len(table):
        empty = np.zeros(0, dtype=np.int64)
        return CatalogueCodes(empty, empty, empty, (0, 0, 0), IdIndex.of(table.item_ids))
    category_ids = table.column("CATEGORY_ID").astype(np.int64)
    categories, category = np.unique(category_ids, return_inverse=True)
    style_codes = table.column("STYLE").codes.astype(np.int64) + 1  # 0: no style
    _, style = np.unique(category * (int(style_codes.max()) + 1) + style_codes, return_inverse=True)
    departments = table.column("DEPARTMENT")
    named = departments.codes.astype(np.int64)
    # A category without a department is its own ("category 12"), as ranking names it.
    department = np.where(named >= 0, named, len(departments.values) + category)
    _, department = np.unique(department, return_inverse=True)
    sizes = (categories.size, int(style.max()) + 1, int(department.max()) + 1)
    return CatalogueCodes(category.ravel(), style.ravel(), department.ravel(), sizes, IdIndex.of(table.item_ids))


def model_codes(loaded: LoadedModel) -> ModelCodes:
    table = item_table()
    key: Hashable = (loaded.version_id, id(loaded.product_ids))
    return _model_codes.get(key, table, lambda: _aligned_codes(table, loaded))


def _aligned_codes(table: Any, loaded: LoadedModel) -> ModelCodes:
    codes = catalogue_codes()
    facts = item_facts(loaded)
    at = table.positions(loaded.product_ids)
    safe = np.where(at >= 0, at, 0)
    if not len(table):
        zeros = np.zeros(at.size, dtype=np.int64)
        return ModelCodes(np.zeros(at.size, dtype=bool), zeros, zeros, zeros, at, IdIndex.of(loaded.product_ids))
    return ModelCodes(
        facts.known & facts.in_stock,
        codes.category[safe],
        codes.style[safe],
        codes.department[safe],
        at,
        IdIndex.of(loaded.product_ids),
    )


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
    """Per shopper x category code: is it their taste (``taste_categories``, for every shopper)."""
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
