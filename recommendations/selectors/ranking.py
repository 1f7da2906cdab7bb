"""From a model's ranked item indices to a row of products: stock, exclusions and variety."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from recommendations.artifacts import LoadedModel
from recommendations.engine.catalogue import ItemTable
from recommendations.selectors.catalogue import TableCache, item_table
from recommendations.selectors.history import HistoryEvent


@dataclass
class Recommendation:
    """Ranked product ids from one recommender, with the version that produced them."""

    recommender: str
    product_ids: list[int]
    scores: list[float]
    version_id: int | None
    recommendation_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # Per product: the shopper's own product that contributed most to it (None: not explained).
    because: list[int | None] = field(default_factory=list)
    # Per product of the shopper's history: its share of what the row was computed from.
    taste_weights: dict[int, float] = field(default_factory=dict)
    # Per product: a sentence the model can justify ("Trending: views up 240% in the last day"), or "".
    reasons: list[str] = field(default_factory=list)
    # Related rows: the product the model paired every one of these with.
    paired_with: int | None = None
    # Personal rows: the shopper's events they were computed from, so a reason ("Because you
    # added X") is worded without reading them again.
    history: list[HistoryEvent] = field(default_factory=list)
    # Per product: the promotion that placed it ("" for the request's own items); empty: none.
    promotion_names: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.product_ids)


class Candidate(NamedTuple):
    """A tuple, not a dataclass: a row builds hundreds per request and a batch millions."""

    product_id: int
    score: float
    category_id: int
    style: str
    department: str  # the category's department, or the category itself


@dataclass(frozen=True)
class Fact:
    category_id: int
    style: str
    stock: int
    department: str


Facts = dict[int, Fact]


def candidate_facts(product_ids: Iterable[int] | None = None) -> Facts:
    """Category, style, stock and department per product (every product when ``product_ids`` is
    None), from the process's catalogue table: no query per row."""
    table = item_table()
    if product_ids is None:
        ids, positions = table.item_ids, np.arange(len(table))
    else:
        ids = np.fromiter(product_ids, dtype=np.int64)
        positions = table.positions(ids)
        ids, positions = ids[positions >= 0], positions[positions >= 0]
    category = table.column("CATEGORY_ID")[positions].astype(np.int64)
    stock = table.column("STOCK")[positions].astype(np.int64)
    styles, departments = table.column("STYLE"), table.column("DEPARTMENT")
    style_codes, department_codes = styles.codes[positions], departments.codes[positions]
    return {
        int(pid): Fact(
            int(c),
            styles.values[s] if s >= 0 else "",
            int(k),
            departments.values[d] if d >= 0 else f"category {c}",
        )
        for pid, c, s, k, d in zip(
            ids.tolist(),
            category.tolist(),
            style_codes.tolist(),
            stock.tolist(),
            department_codes.tolist(),
            strict=True,
        )
    }


def diversify(
    candidates: list[Candidate],
    n: int,
    *,
    max_per_style: int | None,
    max_per_category: int | None,
    max_per_department: int | None = None,
    focus: Collection[int] | None = None,
) -> list[Candidate]:
    """The best ``n`` candidates with at most so many of one style, of one category and of one department.

    Greedy in score order, so each list keeps its own order; when the caps leave the row short,
    the best of the skipped candidates fill it (a full row beats a perfectly varied short one).

    ``focus`` (a shopper's categories), with those of the best ``n`` candidates, is where a
    personal row looks first when a cap skips a card. Without it a taste for three categories
    traded cards for other categories' styles: on the reference-scale demo the persona check put
    70-96% of ALS's rows in taste with the caps, 93-100% with the focus, in as many styles (5.5 per
    row of 10).
    """
    if focus:
        # The model's own best n name the categories it brings in beyond the shopper's (a taste
        # learnt from shoppers alike): those are looked in too.
        focus = set(focus) | {c.category_id for c in candidates[:n]}
        inside = [c for c in candidates if c.category_id in focus]
        candidates = inside + [c for c in candidates if c.category_id not in focus]
    chosen: list[Candidate] = []
    skipped: list[Candidate] = []
    styles: Counter[tuple[int, str]] = Counter()
    categories: Counter[int] = Counter()
    departments: Counter[str] = Counter()
    for candidate in candidates:
        if len(chosen) == n:
            break
        style = (candidate.category_id, candidate.style)
        if (
            (max_per_style and styles[style] >= max_per_style)
            or (max_per_category and categories[candidate.category_id] >= max_per_category)
            or (max_per_department and departments[candidate.department] >= max_per_department)
        ):
            skipped.append(candidate)
            continue
        chosen.append(candidate)
        styles[style] += 1
        categories[candidate.category_id] += 1
        departments[candidate.department] += 1
    if len(chosen) < n:
        fill = skipped[: n - len(chosen)]
        rank = {id(c): i for i, c in enumerate(candidates)}
        chosen = sorted(chosen + fill, key=lambda c: rank[id(c)])
    return chosen


# Candidates read per row: deep enough that the variety caps find other styles and categories
# (a strong taste fills a model's top 40 with one style), cheap at any catalogue size.
CANDIDATE_POOL = 200


def oversample(n: int, excluded: int) -> int:
    # Spares, so dropping out-of-stock items and capping styles still fills the row.
    return max(4 * n, CANDIDATE_POOL) + excluded


@dataclass(frozen=True)
class ItemFacts:
    """``Fact`` columns aligned with a model's item index, so ranking a row's candidates is array
    indexing instead of a dictionary lookup and an object per candidate."""

    known: np.ndarray  # bool: the product is in the catalogue now
    in_stock: np.ndarray  # bool
    category_id: np.ndarray  # int64
    style: np.ndarray  # str objects, "" for none
    department: np.ndarray  # str objects, the category's when it names none


# Per (version id, id of its product ids), while the catalogue table they were read from is current.
_item_facts = TableCache()


def item_facts(loaded: LoadedModel) -> ItemFacts:
    """The catalogue's facts for a live model's items, built once per version and catalogue."""
    table = item_table()
    return _item_facts.get((loaded.version_id, id(loaded.product_ids)), table, lambda: _facts(table, loaded))


def _facts(table: ItemTable, loaded: LoadedModel) -> ItemFacts:
    at = table.positions(loaded.product_ids)
    known = at >= 0
    safe = np.where(known, at, 0)
    if not len(table):
        empty = np.zeros(at.size, dtype=np.int64)
        return ItemFacts(known, known, empty, np.full(at.size, "", dtype=object), np.full(at.size, "", dtype=object))
    category = table.column("CATEGORY_ID")[safe].astype(np.int64)
    styles, departments = table.column("STYLE"), table.column("DEPARTMENT")
    style_values = np.array([*styles.values, ""], dtype=object)
    department_codes = departments.codes[safe]
    department = np.array(
        [
            departments.values[d] if d >= 0 else f"category {c}"
            for d, c in zip(department_codes.tolist(), category.tolist(), strict=True)
        ],
        dtype=object,
    )
    return ItemFacts(
        known,
        known & (table.column("STOCK")[safe].astype(np.int64) > 0),
        category,
        style_values[styles.codes[safe]],  # code -1 takes the trailing ""
        department,
    )


def rank(
    loaded: LoadedModel,
    ids: np.ndarray,
    scores: np.ndarray,
    exclude: set[int],
    n: int,
    options: dict[str, Any] | None = None,
) -> Recommendation:
    """Map item indices to products, dropping excluded and out-of-stock ones, and vary the row
    by the recommender's ``max_per_style`` / ``max_per_category``."""
    ids = np.asarray(ids, dtype=np.int64)
    options = options if options is not None else loaded.spec.serving_options(loaded.params)
    facts = item_facts(loaded)
    keep = facts.known[ids] & facts.in_stock[ids]
    ids = ids[keep]
    product_ids = loaded.product_ids[ids].tolist()
    candidates = [
        candidate
        for candidate in map(
            Candidate,
            product_ids,
            np.asarray(scores, dtype=np.float64)[keep].tolist(),
            facts.category_id[ids].tolist(),
            facts.style[ids].tolist(),
            facts.department[ids].tolist(),
        )
        if candidate.product_id not in exclude
    ]
    return _diversified(loaded.recommender, candidates, n, options, loaded.version_id)


def rank_products(
    recommender: str,
    product_ids: list[int],
    scores: Iterable[float],
    exclude: set[int],
    n: int,
    options: dict[str, Any],
    version_id: int | None,
    facts: Facts | None = None,
) -> Recommendation:
    """``rank`` for candidates already given as product ids (rows served from the catalogue)."""
    if facts is None:
        facts = candidate_facts(product_ids)
    candidates = []
    for pid, score in zip(product_ids, np.asarray(scores, dtype=np.float64).tolist(), strict=True):
        fact = facts.get(pid)
        if fact is not None and fact.stock > 0 and pid not in exclude:
            candidates.append(Candidate(pid, score, fact.category_id, fact.style, fact.department))
    return _diversified(recommender, candidates, n, options, version_id)


def _diversified(
    recommender: str, candidates: list[Candidate], n: int, options: dict[str, Any], version_id: int | None
) -> Recommendation:
    kept = diversify(
        candidates,
        n,
        max_per_style=options.get("max_per_style"),
        max_per_category=options.get("max_per_category"),
        max_per_department=options.get("max_per_department"),
        focus=options.get("focus_categories"),
    )
    return Recommendation(
        recommender=recommender,
        product_ids=[c.product_id for c in kept],
        scores=[c.score for c in kept],
        version_id=version_id,
    )
