"""Exploration in personal rows (Personalize's explorationWeight and explorationItemAgeCutOff).

A model can only recommend what shoppers already interacted with, so a new product would never be
shown and never gain the history that would get it shown. Some slots of a personal row go to
"cold" items instead: created within ``exploration_item_age_cutoff_days`` and with little history,
including products created after the model was trained (unknown to it). They are ranked by the
shopper's own category and style affinity (and the model's score where it knows the item), never at
random, and spread over the row so both lists keep their order.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

from recommendations.artifacts import LoadedModel
from recommendations.engine.catalogue import Categorical
from recommendations.engine.matrix import SECONDS_PER_DAY
from recommendations.models import ProductStats
from recommendations.selectors.catalogue import item_table
from recommendations.selectors.newarrivals import arrival_reason
from recommendations.selectors.ranking import Facts, Recommendation, candidate_facts
from shop.page_parts import catalogue_version, page_part

# An item seen this many times or more has history enough for the model: not explored.
COLD_MAX_EVENTS = 25
# Style affinity counts half as much as category affinity: a style is a narrower guess.
STYLE_AFFINITY = 0.5
# The model's (max-normalised) score, where it knows the item, counts half as much as category.
MODEL_AFFINITY = 0.5


def exploration_slots(weight: float, n: int) -> int:
    """Slots for new items in a row of ``n``: ``weight * n / 2`` rounded half up, so 0 gives none,
    the default 0.3 gives 2 of 10 (4 of 25) and 1 gives half the row: the row keeps its taste."""
    if weight <= 0 or n <= 0:
        return 0
    return min(n, math.floor(weight * n / 2 + 0.5))


def exploration_positions(slots: int, n: int) -> list[int]:
    """Row positions (0-based) of the explored items: evenly spread, never first."""
    return [((k + 1) * n) // (slots + 1) for k in range(slots)]


def interleave(exploit: list[int], explored: list[int], n: int) -> tuple[list[int], list[bool]]:
    """Both lists in their own order, the explored ones at ``exploration_positions``; (ids, is_explored)."""
    slots = min(len(explored), n)
    positions = set(exploration_positions(slots, n))
    ids: list[int] = []
    flags: list[bool] = []
    e = x = 0
    for position in range(n):
        if position in positions and x < slots:
            ids.append(explored[x])
            flags.append(True)
            x += 1
        elif e < len(exploit):
            ids.append(exploit[e])
            flags.append(False)
            e += 1
        elif x < slots:
            ids.append(explored[x])
            flags.append(True)
            x += 1
    return ids, flags


def _affinity(column: Categorical, at: np.ndarray, history_at: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per candidate: the share of the shopper's history weight in its value of ``column``."""
    known = history_at >= 0
    codes = column.codes[history_at[known]]
    total = float(weights[known].sum()) or 1.0
    valued = codes >= 0
    # One slot per value and a last one for "no value" (code -1), which has no affinity.
    by_code = np.zeros(len(column.values) + 1)
    by_code[:-1] = np.bincount(codes[valued], weights=weights[known][valued], minlength=len(column.values)) / total
    return by_code[column.codes[at]]


def cold_pool(*, cutoff_days: float, now: float, facts: Facts | None = None) -> list[int]:
    """Every shopper's possible cold products: created within ``cutoff_days`` of ``now``, seen
    fewer than ``COLD_MAX_EVENTS`` times by the live counters (one query, which see events since
    training too), in stock; in the catalogue table's order.

    The same for every shopper, so read once a minute per catalogue change (the counters it reads
    move with every view; a product seen its 25th time leaves the pool within the minute), not per
    request: it was a quarter of a personal request's time.
    """
    minute = str(int(now // 60))
    return page_part(
        "cold-pool", (catalogue_version(), f"{cutoff_days:g}", minute), lambda: _cold_pool(cutoff_days, now, facts)
    )


def _cold_pool(cutoff_days: float, now: float, facts: Facts | None) -> list[int]:
    table = item_table()
    age = now - table.column("CREATION_TIMESTAMP")
    new = np.flatnonzero(np.isfinite(age) & (age >= 0) & (age <= cutoff_days * SECONDS_PER_DAY))
    ids = [int(p) for p in table.item_ids[new]]
    if not ids:
        return []
    seen = dict(ProductStats.objects.filter(product_id__in=ids).values_list("product_id", "views"))
    ids = [pid for pid in ids if seen.get(pid, 0) < COLD_MAX_EVENTS]
    facts = facts if facts is not None else candidate_facts(ids)
    return [pid for pid in ids if pid in facts and facts[pid].stock > 0]


def cold_candidates(
    *,
    loaded: LoadedModel,
    scores: np.ndarray,
    taste_weights: dict[int, float],
    exclude: set[int],
    cutoff_days: float,
    now: float,
    facts: Facts | None = None,
    pool: list[int] | None = None,
) -> list[int]:
    """Cold products (``cold_pool``) of a category the shopper's history touches or the model
    already scores for them, best for this shopper first. A batch passes the ``pool`` it read once."""
    if pool is None:
        pool = cold_pool(cutoff_days=cutoff_days, now=now, facts=facts)
    ids = [pid for pid in pool if pid not in exclude]
    if not ids:
        return []
    table = item_table()
    created = table.column("CREATION_TIMESTAMP")
    at = table.positions(ids)
    history = np.array(list(taste_weights), dtype=np.int64)
    weights = np.array(list(taste_weights.values()), dtype=np.float64)
    history_at = table.positions(history)
    relevance = _affinity(table.column("CATEGORY"), at, history_at, weights)
    # A style is only the same style within the same category.
    same_category = relevance > 0
    relevance += STYLE_AFFINITY * same_category * _affinity(table.column("STYLE"), at, history_at, weights)
    pos, known = loaded.item_lookup(ids)
    model = np.zeros(len(ids))
    if known.any():
        raw = scores[pos[known]]
        model[known] = np.where(np.isfinite(raw), np.maximum(raw, 0.0), 0.0)
    relevance += MODEL_AFFINITY * model
    # Best first; among equals the newest, then the lower id: deterministic for a request.
    order = np.lexsort((np.array(ids), -created[at], -relevance))
    # Only what touches the shopper's taste: a new drill is no discovery in a shoe lover's row.
    return [ids[i] for i in order if relevance[i] > 0]


def _within_style_cap(
    candidates: list[int], kept: list[int], slots: int, options: dict[str, Any], facts: Facts | None = None
) -> list[int]:
    """The first ``slots`` cold candidates that keep the row within its ``max_per_style``: an
    explored card must not make a third scarf where the model's own cards stop at two."""
    cap = options.get("max_per_style")
    if not cap:
        return candidates[:slots]
    facts = facts if facts is not None else candidate_facts([*kept, *candidates])
    per_style = Counter((facts[p].category_id, facts[p].style) for p in kept if p in facts)
    chosen = []
    for pid in candidates:
        if len(chosen) == slots:
            break
        style = (facts[pid].category_id, facts[pid].style) if pid in facts else None
        if style is not None and per_style[style] >= cap:
            continue
        per_style[style] += 1
        chosen.append(pid)
    return chosen


def explore(
    result: Recommendation,
    *,
    loaded: LoadedModel,
    scores: np.ndarray,
    exclude: set[int],
    n: int,
    options: dict[str, Any],
    now: float | None = None,
    facts: Facts | None = None,
    pool: list[int] | None = None,
    allowed: Callable[[list[int]], list[int]] | None = None,
) -> Recommendation:
    """``result`` with ``exploration_slots`` of its cards given to cold items, each marked
    "New arrival: added N days ago"; unchanged when the weight is 0 or nothing is cold.

    ``pool``: see ``cold_candidates``. ``allowed``: the cold products the request's filter lets
    through (a filter applies to explored cards as to the others)."""
    slots = exploration_slots(float(options.get("exploration_weight") or 0.0), n)
    if not slots:
        return result
    now = now or time.time()
    candidates = cold_candidates(
        loaded=loaded,
        scores=scores,
        taste_weights=result.taste_weights,
        exclude=exclude | set(result.product_ids),
        cutoff_days=float(options.get("exploration_item_age_cutoff_days") or 30.0),
        now=now,
        facts=facts,
        pool=pool,
    )
    if allowed is not None and candidates:
        candidates = allowed(candidates)
    candidates = _within_style_cap(candidates, result.product_ids[: max(n - slots, 0)], slots, options, facts)
    if not candidates:
        return result
    ids, flags = interleave(result.product_ids, candidates, n)
    score_of = dict(zip(result.product_ids, result.scores, strict=True))
    because_of = dict(zip(result.product_ids, result.because or [None] * len(result.product_ids), strict=True))
    table = item_table()
    created = table.column("CREATION_TIMESTAMP")
    created_of = {pid: float(created[i]) for pid, i in zip(candidates, table.positions(candidates), strict=True)}
    result.product_ids = ids
    # An explored card takes the score of the slot it fills (the card before it, else after it), so
    # the list stays in score order as the API promises; its own model score would not be comparable.
    exploit_scores = [score_of[pid] for pid, flag in zip(ids, flags, strict=True) if not flag]
    slot_scores, seen = [], 0
    for flag in flags:
        if flag:
            slot_scores.append(exploit_scores[seen - 1] if seen else (exploit_scores[0] if exploit_scores else 0.0))
        else:
            slot_scores.append(exploit_scores[seen])
            seen += 1
    result.scores = slot_scores
    if result.because:
        result.because = [None if flag else because_of[pid] for pid, flag in zip(ids, flags, strict=True)]
    result.reasons = [
        arrival_reason(created_of[pid], now) if flag else "" for pid, flag in zip(ids, flags, strict=True)
    ]
    return result
