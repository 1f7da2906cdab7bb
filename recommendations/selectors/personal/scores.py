"""Personal scores that follow what the shopper does now.

Two fold-ins of the same live model: the whole history (the shopper's taste) and the latest
events alone, each weighted ``0.5 ** (age / recency_half_life_hours)`` and ``session_boost``
times more when recorded in the visit asking now. Their max-normalised scores are blended, the
latest part counting up to ``max_recent_share`` the more there is of it, so three fresh views
move the next page's row while a long history still counts. Nothing is retrained.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp

from recommendations import engine
from recommendations.artifacts import LoadedModel
from recommendations.recipes import Input
from recommendations.selectors.history import EVENT_TYPES, Histories, HistoryEvent
from recommendations.selectors.personal.codes import model_codes

# Events whose recency weight fell below this share of the newest one are history, not "now".
RECENT_FLOOR = 0.05
# What the shopper looked at in this visit still counts, behind what is like it: its score is
# discounted so unseen neighbours come first (it returns when nothing else fits).
SEEN_NOW_DISCOUNT = 0.5
# How much latest-event weight makes the latest part count ~63% of max_recent_share: one fresh
# view in this visit (it weighs session_boost, 5 by default). An older event of today weighs
# under 1, so a shopper who does nothing new keeps a row of their long-term taste.
RECENT_SCALE = 5.0


@dataclass(frozen=True)
class PersonalScores:
    """Blended scores over the model's items and what they were computed from."""

    scores: np.ndarray  # blended, -inf where neither part can score
    share: float  # of the latest part
    matrix: sp.csr_matrix  # the rows the scores were folded in from (a batch shares one)
    row_at: tuple[int, int]  # its row of the whole history, and of the latest events (-1: none)
    parts: tuple[np.ndarray, np.ndarray | None]  # their max-normalised scores
    taste_weights: dict[int, float]  # per history product, its share of what the row is based on


def _max_normalised(scores: np.ndarray) -> np.ndarray:
    finite = np.isfinite(scores)
    top = float(np.max(scores[finite], initial=0.0))
    return np.where(finite, scores / top if top > 0 else 0.0, 0.0).astype(np.float32)


def personal_scores(
    loaded: LoadedModel, history: list[HistoryEvent], options: dict[str, Any], now: float | None = None
) -> PersonalScores | None:
    """None when no event of the history is one the model learns from and knows.

    A batch of one: a single request and a batch job blend alike because they run the same code."""
    return personal_scores_batch(loaded, [history], options, time.time() if now is None else now)[0]


def _sequence(loaded: LoadedModel, history: list[HistoryEvent]) -> np.ndarray | None:
    """What the shopper did last, oldest first, for recipes that predict the next item from it."""
    if Input.SEQUENCE not in loaded.spec.inputs:
        return None
    return loaded.item_index([e.product_id for e in reversed(history)])


@dataclass(frozen=True)
class PersonalBatch:
    """``PersonalScores`` of many shoppers as matrices (row k: shopper k)."""

    scores: np.ndarray  # B x items, blended, -inf where neither part can score
    answered: np.ndarray  # bool per shopper: some event the model learns from and knows
    shares: np.ndarray  # float64 per shopper, of the latest part
    matrix: sp.csr_matrix  # the whole histories' rows, then the latest events' rows
    long_part: np.ndarray  # B x items, max-normalised
    recent_part: np.ndarray  # R x items, max-normalised, for the shoppers with recent_at >= 0
    recent_at: np.ndarray  # int64 per shopper: its row of recent_part, -1 for none
    taste: list[dict[int, float]]  # per shopper, as PersonalScores.taste_weights
    taste_arrays: tuple[np.ndarray, np.ndarray, np.ndarray]  # the same as (shopper, product, weight)

    def __len__(self) -> int:
        return int(self.answered.size)

    def row(self, k: int) -> PersonalScores | None:
        if not self.answered[k]:
            return None
        at = int(self.recent_at[k])
        return PersonalScores(
            self.scores[k],
            float(self.shares[k]),
            self.matrix,
            (k, len(self) + at if at >= 0 else -1),
            (self.long_part[k], self.recent_part[at] if at >= 0 else None),
            self.taste[k],
        )


def personal_scores_batch(
    loaded: LoadedModel,
    histories: Histories | Sequence[list[HistoryEvent]],
    options: dict[str, Any],
    now: float,
) -> list[PersonalScores | None]:
    """``personal_scores`` for many histories at once (see ``personal_batch``)."""
    batch = personal_batch(loaded, histories, options, now)
    return [batch.row(k) for k in range(len(batch))]


def personal_batch(
    loaded: LoadedModel,
    histories: Histories | Sequence[list[HistoryEvent]],
    options: dict[str, Any],
    now: float,
) -> PersonalBatch:
    """Every shopper's whole-history and latest-events rows scored in one ``score_batch`` (one
    batched fold-in), then blended as one request blends its own, with array operations over
    all shoppers' events: a loop per shopper cost a quarter of a batch."""
    if not isinstance(histories, Histories):
        histories = Histories.of(histories)
    n_users, n_items = len(histories), len(loaded.product_ids)
    weight_of = np.array([float(loaded.event_weights.get(name, 0) or 0) for name in EVENT_TYPES])
    learnt = np.flatnonzero((histories.codes >= 0) & (weight_of[histories.codes] > 0))
    item_idx = model_codes(loaded).item_of.positions(histories.product_ids[learnt])
    known = item_idx >= 0
    used = learnt[known]
    owner = histories.owners[used]
    items = item_idx[known].astype(np.int32)
    base = weight_of[histories.codes[used]]
    stamps = histories.timestamps[used]
    in_session = histories.in_session[used]
    counts = np.bincount(owner, minlength=n_users)
    answered = counts > 0
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    latest = np.full(n_users, -np.inf)
    if used.size:
        # Each shopper's newest event, as one request's stamps.max().
        latest[answered] = np.maximum.reduceat(stamps, starts[answered])
    long_rows = engine.build_user_item_matrix(
        owner,
        items,
        base,
        n_users,
        n_items,
        timestamps=stamps,
        half_life_days=loaded.params.get("half_life_days"),
        now=latest[owner],
    )
    recent = np.zeros(used.size)
    half_life = options.get("recency_half_life_hours")
    if half_life and used.size:
        age_hours = np.maximum(now - stamps, 0.0) / 3600.0
        recent = base * np.power(0.5, age_hours / half_life) * np.where(in_session, options["session_boost"], 1.0)
        newest = np.zeros(n_users)
        newest[answered] = np.maximum.reduceat(recent, starts[answered])
        recent[recent < RECENT_FLOOR * np.maximum(newest, 1e-12)[owner]] = 0.0
    masses = np.bincount(owner, weights=recent, minlength=n_users)
    shares = float(options.get("max_recent_share") or 0.0) * (1.0 - np.exp(-masses / RECENT_SCALE))
    with_recent = np.flatnonzero(shares > 0)
    recent_at = np.full(n_users, -1, dtype=np.int64)
    recent_at[with_recent] = np.arange(with_recent.size)
    keep = (recent > 0) & (recent_at[owner] >= 0)
    recent_rows = engine.build_user_item_matrix(
        recent_at[owner[keep]], items[keep], recent[keep], with_recent.size, n_items
    )
    rows = sp.vstack([long_rows, recent_rows]).tocsr()
    sequences = None
    if Input.SEQUENCE in loaded.spec.inputs:
        per_user = [_sequence(loaded, histories.events(k)) for k in range(n_users)]
        sequences = per_user + [per_user[user] for user in with_recent]
    raw = loaded.model.score_batch(rows, sequences, None)
    long_raw, recent_raw = raw[:n_users], raw[n_users:]
    long_part, long_finite = _max_normalised_rows(long_raw)
    recent_part, recent_finite = _max_normalised_rows(recent_raw)
    blended = np.where(long_finite, long_part, np.float32(-np.inf))
    if with_recent.size:
        # float32 weights, as one request's Python-float share multiplies its float32 parts.
        weight = shares[with_recent]
        mixed = long_part[with_recent]
        mixed *= (1 - weight).astype(np.float32)[:, None]
        mixed += weight.astype(np.float32)[:, None] * recent_part
        unscorable = ~long_finite[with_recent]
        unscorable &= ~recent_finite
        mixed[unscorable] = -np.inf
        blended[with_recent] = mixed
    if in_session.any():
        # What the shopper looked at in this visit, once per product, ranks behind what is like it.
        pairs = np.unique(owner[in_session].astype(np.int64) * n_items + items[in_session])
        who, what = pairs // n_items, pairs % n_items
        seen = blended[who, what]
        blended[who, what] = np.where(seen > 0, seen * SEEN_NOW_DISCOUNT, seen / SEEN_NOW_DISCOUNT)
    taste, flat = _taste_weights(
        histories.product_ids[used], owner, items, n_items, base, recent, masses, shares, n_users
    )
    return PersonalBatch(blended, answered, shares, rows, long_part, recent_part, recent_at, taste, flat)


def _taste_weights(
    products: np.ndarray,
    owner: np.ndarray,
    items: np.ndarray,
    n_items: int,
    base: np.ndarray,
    recent: np.ndarray,
    masses: np.ndarray,
    shares: np.ndarray,
    n_users: int,
) -> tuple[list[dict[int, float]], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per shopper, each history product's share of what the row is based on: its events' shares
    of the whole history and of the latest events, blended as the scores are; products in the
    order of their newest event."""
    if not products.size:
        empty = np.zeros(0, dtype=np.int64)
        return [{} for _ in range(n_users)], (empty, empty, np.zeros(0))
    total = np.bincount(owner, weights=base, minlength=n_users)
    share = shares[owner]
    mass = masses[owner]
    recent_share = np.divide(recent, mass, out=np.zeros_like(recent), where=mass > 0)
    value = (1 - share) * (base / total[owner]) + share * recent_share
    keys, first, inverse = np.unique(owner.astype(np.int64) * n_items + items, return_index=True, return_inverse=True)
    summed = np.bincount(inverse, weights=value, minlength=keys.size)
    order = np.argsort(first, kind="stable")  # grouped by shopper (their events are), newest first
    pair_owner = (keys // n_items)[order]
    flat = (pair_owner, products[first[order]], summed[order])
    pids, weights = flat[1].tolist(), flat[2].tolist()
    bounds = np.searchsorted(pair_owner, np.arange(n_users + 1)).tolist()
    taste = [dict(zip(pids[a:b], weights[a:b], strict=True)) for a, b in pairwise(bounds)]
    return taste, flat


def _max_normalised_rows(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``_max_normalised`` of each row (the same float32 operations, in a few passes over the
    matrix), and which scores were finite (the blend needs that mask too)."""
    finite = np.isfinite(scores)
    top = np.max(scores, axis=1, where=finite, initial=0.0).astype(np.float32)
    positive = top > 0
    out = np.zeros(scores.shape, dtype=np.float32)
    np.divide(scores, np.where(positive, top, np.float32(1.0))[:, None], out=out, where=finite & positive[:, None])
    return out, finite
