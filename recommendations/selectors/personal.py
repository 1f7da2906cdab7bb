"""Personal recommendations that follow what the shopper does now.

Two fold-ins of the same live model: the whole history (the shopper's taste) and the latest
events alone, each weighted ``0.5 ** (age / recency_half_life_hours)`` and ``session_boost``
times more when recorded in the visit asking now. Their max-normalised scores are blended, the
latest part counting up to ``max_recent_share`` the more there is of it, so three fresh views
move the next page's row while a long history still counts. Nothing is retrained.
"""

from __future__ import annotations

import gc
import math
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from recommendations import engine
from recommendations.artifacts import LoadedModel, live_model
from recommendations.engine.base import top_n
from recommendations.models import EventType, Filter
from recommendations.recipes import Input
from recommendations.selectors.exploration import cold_pool, exploration_slots, explore
from recommendations.selectors.filters import (
    ItemFilter,
    filter_allowed_products,
    filter_excluded_mask,
    item_filter_resolve,
)
from recommendations.selectors.history import HistoryEvent, user_histories, user_history
from recommendations.selectors.popular import popular_items
from recommendations.selectors.ranking import Facts, Recommendation, candidate_facts, oversample, rank

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


def user_recommendations(
    *,
    recommender: str,
    user: AbstractBaseUser | None,
    visitor_id: str = "",
    num_results: int = 25,
    history: list[HistoryEvent] | None = None,
    exclude_product_ids: set[int] | None = None,
    loaded: LoadedModel | None = None,
    facts: Facts | None = None,
    explain: bool = True,
    now: float | None = None,
    item_filter: Filter | ItemFilter | str | None = None,
    filter_values: Mapping[str, str] | None = None,
    exploration: dict[str, Any] | None = None,
) -> Recommendation:
    """Personal recommendations from the shopper's current history (no retraining needed).

    ``exploration`` overrides the recommender's ``exploration_weight`` and
    ``exploration_item_age_cutoff_days`` for this request (see ``selectors.exploration``).

    Purchased products are never recommended back; those seen in this visit rank behind the
    unseen ones like them. An empty result means no live model or no usable history; callers fall back to
    popularity. ``loaded`` and ``facts`` let a batch pass what it already read.
    """
    flt = item_filter_resolve(item_filter, filter_values)
    loaded = loaded or live_model(recommender)
    if history is None:
        history = user_history(user=user, visitor_id=visitor_id)
    if loaded is None or not history:
        return Recommendation(recommender, [], [], getattr(loaded, "version_id", None))
    spec = loaded.spec
    if not spec.personal:
        return popular_items(
            recommender=recommender,
            num_results=num_results,
            exclude_product_ids=exclude_product_ids,
            item_filter=flt,
            user=user,
            visitor_id=visitor_id,
        )
    options = {**spec.serving_options(loaded.params), **(exploration or {})}
    personal = personal_scores(loaded, history, options, now)
    if personal is None:
        return Recommendation(recommender, [], [], loaded.version_id)
    ruled_out = filter_excluded_mask(loaded, flt, user=user, visitor_id=visitor_id, history=history)
    allowed = _allowed_by(flt, user=user, visitor_id=visitor_id, history=history)
    return _personal_row(
        loaded, personal, history, exclude_product_ids, ruled_out, num_results, facts, options, explain, now, allowed
    )


def _allowed_by(
    flt: ItemFilter | None, *, user: AbstractBaseUser | None, visitor_id: str, history: list[HistoryEvent]
) -> Callable[[list[int]], list[int]] | None:
    """What exploration may show of its cold products: they are mostly newer than the model, so the
    filter is read on the live catalogue for them, not on the model's items."""
    if flt is None:
        return None
    return lambda ids: filter_allowed_products(flt, ids, user=user, visitor_id=visitor_id, history=history)


def _personal_row(
    loaded: LoadedModel,
    personal: PersonalScores,
    history: list[HistoryEvent],
    exclude_product_ids: set[int] | None,
    ruled_out: np.ndarray | None,  # mask over the model's items
    num_results: int,
    facts: Facts | None,
    options: dict[str, Any],
    explain: bool,
    now: float | None,
    allowed: Callable[[list[int]], list[int]] | None = None,
) -> Recommendation:
    """One shopper's row from their blended scores: exclusions, variety, reasons and exploration
    (of the cold products ``allowed`` keeps, when the request has a filter)."""
    result, exclude = _ranked_row(
        loaded, personal, history, exclude_product_ids, ruled_out, num_results, facts, options
    )
    if explain and loaded.spec.explains and result:
        result.because = _because(loaded, [(personal, result.product_ids)])[0]
    return explore(
        result,
        loaded=loaded,
        scores=personal.scores,
        exclude=exclude,
        n=num_results,
        options=options,
        now=now,
        facts=facts,
        allowed=allowed,
    )


def _ranked_row(
    loaded: LoadedModel,
    personal: PersonalScores,
    history: list[HistoryEvent],
    exclude_product_ids: set[int] | None,
    ruled_out: np.ndarray | None,  # mask over the model's items
    num_results: int,
    facts: Facts | None,
    options: dict[str, Any],
) -> tuple[Recommendation, set[int]]:
    """The model's part of a row (purchases, exclusions and the filter left out, varied), and what
    it left out; the single request and the batch share it, so both give the same row."""
    purchased = {e.product_id for e in history if e.event_type == EventType.PURCHASE}
    exclude = purchased | set(exclude_product_ids or ())
    ids, scores = top_n(personal.scores, oversample(num_results, 0), loaded.item_index(sorted(exclude)), ruled_out)
    focus = taste_categories(history, facts)
    row_options = {**options, "focus_categories": focus}
    if len(focus) < 2:
        # A shopper of one category: capping it would only fill the row with others' categories.
        row_options["max_per_category"] = None
    result = rank(loaded, ids, scores, exclude, num_results, row_options)
    result.taste_weights = personal.taste_weights
    result.history = history
    return result, exclude


# Float32 score entries a batch holds at once (two fold-ins per shopper): ~64 MB, whatever its size.
BATCH_SCORE_BUDGET = 1 << 24


def user_recommendations_batch(
    *,
    recommender: str,
    users: Sequence[int],
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
    item_filter: Filter | ItemFilter | str | None = None,
    filter_values: Mapping[str, str] | None = None,
    explain: bool = True,
    now: float | None = None,
    exploration: dict[str, Any] | None = None,
) -> dict[int, Recommendation]:
    """``user_recommendations`` for a chunk of registered shoppers (user ids), each answer the row
    one request for that shopper would get at ``now``: the same filter, exclusions (purchases and
    ``exclude_product_ids``), variety, reasons and exploration.

    What one request does per shopper a batch does once: one query for every history, the
    catalogue's facts and the new products' view counters read once, the fold-ins of a whole
    chunk solved together and scored in one matrix product. Unknown ids and shoppers with no
    usable history get an empty answer (callers fall back to popularity), as one request would.
    A batch job splits its shoppers into chunks (one per worker task) and calls this per chunk.
    """
    flt = item_filter_resolve(item_filter, filter_values)
    user_ids = list(dict.fromkeys(int(uid) for uid in users))
    loaded = live_model(recommender)
    if loaded is None:
        return {uid: Recommendation(recommender, [], [], None) for uid in user_ids}
    with _collector_paused():
        return _batch(recommender, loaded, user_ids, num_results, exclude_product_ids, flt, explain, now, exploration)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A batch makes a million small objects that live until it returns (events, candidates):
    Python's cycle collector re-walking them all each few hundred allocations cost half the
    time of reading the histories. Nothing of a batch is cyclic garbage; collection resumes after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _batch(
    recommender: str,
    loaded: LoadedModel,
    user_ids: list[int],
    num_results: int,
    exclude_product_ids: set[int] | None,
    flt: ItemFilter | None,
    explain: bool,
    now: float | None,
    exploration: dict[str, Any] | None,
) -> dict[int, Recommendation]:
    now = time.time() if now is None else now
    histories = user_histories(user_ids=user_ids)
    accounts: dict[int, AbstractBaseUser] = {}
    if not loaded.spec.personal or (flt is not None and flt.parsed.uses_current_user):
        accounts = get_user_model().objects.in_bulk(user_ids)
    if not loaded.spec.personal:
        return {
            uid: user_recommendations(
                recommender=recommender,
                user=accounts.get(uid),
                num_results=num_results,
                history=histories[uid],
                exclude_product_ids=exclude_product_ids,
                loaded=loaded,
                item_filter=flt,
                now=now,
            )
            for uid in user_ids
        }
    options = {**loaded.spec.serving_options(loaded.params), **(exploration or {})}
    facts = candidate_facts()
    pool = None
    if exploration_slots(float(options.get("exploration_weight") or 0.0), num_results):
        cutoff = float(options.get("exploration_item_age_cutoff_days") or 30.0)
        pool = cold_pool(cutoff_days=cutoff, now=now, facts=facts)
    results: dict[int, Recommendation] = {}
    chunk = max(1, BATCH_SCORE_BUDGET // max(2 * len(loaded.product_ids), 1))
    for start in range(0, len(user_ids), chunk):
        part = user_ids[start : start + chunk]
        scored = personal_scores_batch(loaded, [histories[uid] for uid in part], options, now)
        ranked: dict[int, tuple[Recommendation, set[int], PersonalScores]] = {}
        for uid, personal in zip(part, scored, strict=True):
            if personal is None:
                results[uid] = Recommendation(recommender, [], [], loaded.version_id)
                continue
            history = histories[uid]
            ruled_out = filter_excluded_mask(loaded, flt, user=accounts.get(uid), history=history)
            result, exclude = _ranked_row(
                loaded, personal, history, exclude_product_ids, ruled_out, num_results, facts, options
            )
            ranked[uid] = (result, exclude, personal)
        if explain and loaded.spec.explains:
            asked = [uid for uid, (result, _, _) in ranked.items() if result]
            because = _because(loaded, [(ranked[uid][2], ranked[uid][0].product_ids) for uid in asked])
            for uid, found in zip(asked, because, strict=True):
                ranked[uid][0].because = found
        for uid, (result, exclude, personal) in ranked.items():
            results[uid] = explore(
                result,
                loaded=loaded,
                scores=personal.scores,
                exclude=exclude,
                n=num_results,
                options=options,
                now=now,
                facts=facts,
                pool=pool,
                allowed=_allowed_by(flt, user=accounts.get(uid), visitor_id="", history=histories[uid]),
            )
    return {uid: results[uid] for uid in user_ids}


def personal_scores_batch(
    loaded: LoadedModel, histories: Sequence[list[HistoryEvent]], options: dict[str, Any], now: float
) -> list[PersonalScores | None]:
    """``personal_scores`` for many histories at once: every shopper's whole-history and latest-events
    rows scored in one ``score_batch`` (one batched fold-in), then blended row by row as one request
    blends its own."""
    weights_by_type = loaded.event_weights
    n_items = len(loaded.product_ids)
    kept: list[list[HistoryEvent]] = []
    for history in histories:
        kept.append([e for e in history if weights_by_type.get(e.event_type, 0) > 0])
    flat = [e for events in kept for e in events]
    item_idx, known = loaded.item_lookup([e.product_id for e in flat])
    owner_all = np.repeat(np.arange(len(kept)), [len(events) for events in kept])
    events_of: list[list[HistoryEvent]] = [[] for _ in kept]
    for e, user, is_known in zip(flat, owner_all.tolist(), known.tolist(), strict=True):
        if is_known:
            events_of[user].append(e)
    owner = owner_all[known]
    items = item_idx[known].astype(np.int32)
    events = [e for e, is_known in zip(flat, known.tolist(), strict=True) if is_known]
    base = np.array([weights_by_type[e.event_type] for e in events], dtype=np.float64)
    stamps = np.array([e.timestamp for e in events], dtype=np.float64)
    in_session = np.array([e.in_session for e in events], dtype=bool)
    bounds = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(kept)))]).astype(np.int64)
    latest = np.full(len(kept), -np.inf)
    np.maximum.at(latest, owner, stamps)  # each shopper's newest event, as one request's stamps.max()
    long_rows = engine.build_user_item_matrix(
        owner,
        items,
        base,
        len(kept),
        n_items,
        timestamps=stamps,
        half_life_days=loaded.params.get("half_life_days"),
        now=latest[owner],
    )
    recent = np.zeros(len(events))
    half_life = options.get("recency_half_life_hours")
    if half_life:
        age_hours = np.maximum(now - stamps, 0.0) / 3600.0
        recent = base * np.power(0.5, age_hours / half_life) * np.where(in_session, options["session_boost"], 1.0)
    shares = np.zeros(len(kept))
    masses = np.zeros(len(kept))
    for user in range(len(kept)):
        start, end = bounds[user], bounds[user + 1]
        if start == end:
            continue
        mine = recent[start:end]
        if half_life:
            mine[mine < RECENT_FLOOR * max(mine.max(), 1e-12)] = 0.0
        masses[user] = float(mine.sum())
        shares[user] = float(options.get("max_recent_share") or 0.0) * (1.0 - math.exp(-masses[user] / RECENT_SCALE))
    with_recent = np.flatnonzero(shares > 0)
    recent_at = np.full(len(kept), -1, dtype=np.int64)
    recent_at[with_recent] = np.arange(with_recent.size)
    keep = (recent > 0) & (recent_at[owner] >= 0)
    recent_rows = engine.build_user_item_matrix(
        recent_at[owner[keep]], items[keep], recent[keep], with_recent.size, n_items
    )
    rows = sp.vstack([long_rows, recent_rows]).tocsr()
    sequences = None
    if Input.SEQUENCE in loaded.spec.inputs:
        per_user = [_sequence(loaded, history) for history in histories]
        sequences = per_user + [per_user[user] for user in with_recent]
    raw = loaded.model.score_batch(rows, sequences, None)
    long_raw, recent_raw = raw[: len(kept)], raw[len(kept) :]
    long_part = _max_normalised_rows(long_raw)
    recent_part = _max_normalised_rows(recent_raw)
    blended = long_part.copy()
    scorable = np.isfinite(long_raw)
    if with_recent.size:
        # float32 weights, as one request's Python-float share multiplies its float32 parts.
        weight = shares[with_recent]
        blended[with_recent] = (1 - weight).astype(np.float32)[:, None] * long_part[with_recent] + weight.astype(
            np.float32
        )[:, None] * recent_part
        scorable[with_recent] |= np.isfinite(recent_raw)
    blended = np.where(scorable, blended, -np.inf).astype(np.float32)

    answers: list[PersonalScores | None] = []
    for user, user_events in enumerate(events_of):
        if not user_events:
            answers.append(None)
            continue
        start, end = bounds[user], bounds[user + 1]
        scores = blended[user]
        visit = in_session[start:end]
        if visit.any():
            seen_now = np.unique(items[start:end][visit])
            seen = scores[seen_now]
            scores[seen_now] = np.where(seen > 0, seen * SEEN_NOW_DISCOUNT, seen / SEEN_NOW_DISCOUNT)
        share = float(shares[user])
        mine = base[start:end]
        long_share = mine / mine.sum()
        mass = float(masses[user])
        recent_share = recent[start:end] / mass if mass > 0 else np.zeros(end - start)
        taste: dict[int, float] = {}
        # Python floats: the same float64 arithmetic as numpy's scalars, without their overhead.
        for event, a, b in zip(user_events, long_share.tolist(), recent_share.tolist(), strict=True):
            taste[event.product_id] = taste.get(event.product_id, 0.0) + (1 - share) * a + share * b
        at = recent_at[user]
        answers.append(
            PersonalScores(
                scores,
                share,
                rows,
                (user, len(kept) + at if at >= 0 else -1),
                (long_part[user], recent_part[at] if at >= 0 else None),
                taste,
            )
        )
    return answers


def _max_normalised_rows(scores: np.ndarray) -> np.ndarray:
    """``_max_normalised`` of each row (the same float32 operations)."""
    finite = np.isfinite(scores)
    top = np.max(np.where(finite, scores, 0.0), axis=1, initial=0.0).astype(np.float32)
    positive = top > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        divided = scores / np.where(positive, top, np.float32(1.0))[:, None]
    return np.where(finite & positive[:, None], divided, 0.0).astype(np.float32)


# A category holding this share of a shopper's events is part of their taste; a stray click is not.
TASTE_MIN_SHARE = 0.05
# What the shopper did last is their taste now, however long the history behind it.
TASTE_LATEST_EVENTS = 5


def taste_categories(history: list[HistoryEvent], facts: Facts | None = None) -> set[int]:
    """The categories a personal row varies its styles within: those of a twentieth of the
    shopper's events or more, and those of the latest few (``history`` is newest first)."""
    seen = facts if facts is not None else candidate_facts(list({e.product_id for e in history}))
    categories = [seen[e.product_id].category_id for e in history if e.product_id in seen]
    counts = Counter(categories)
    total = sum(counts.values())
    taste = {category for category, count in counts.items() if count >= TASTE_MIN_SHARE * total}
    latest = [seen[e.product_id].category_id for e in history[:TASTE_LATEST_EVENTS] if e.product_id in seen]
    return taste | set(latest)


def _because(loaded: LoadedModel, rows: list[tuple[PersonalScores, list[int]]]) -> list[list[int | None]]:
    """For each (scores, products of its row): each product explained by the part of the blend that
    put it there (the latest events or the history); one ``explain_batch`` per fold-in matrix."""
    requests: dict[int, tuple[sp.csr_matrix, list[tuple[int, int, np.ndarray, np.ndarray]]]] = {}
    sources = []
    for k, (personal, product_ids) in enumerate(rows):
        targets = loaded.item_index(product_ids)
        long_part, recent_part = personal.parts
        use_recent = np.zeros(targets.size, dtype=bool)
        if recent_part is not None:
            use_recent = personal.share * recent_part[targets] > (1 - personal.share) * long_part[targets]
        sources.append(np.full(targets.size, -1, dtype=np.int64))
        for mask, at in ((~use_recent, personal.row_at[0]), (use_recent, personal.row_at[1])):
            if mask.any():
                entry = requests.setdefault(id(personal.matrix), (personal.matrix, []))
                entry[1].append((k, at, mask, targets[mask]))
    for matrix, asked in requests.values():
        answers = loaded.model.explain_batch(matrix, [at for _, at, _, _ in asked], [t for _, _, _, t in asked])
        for (k, _, mask, _), (best, _) in zip(asked, answers, strict=True):
            sources[k][mask] = best
    return [[int(loaded.product_ids[i]) if i >= 0 else None for i in found] for found in sources]


def ranked_items(
    *,
    recommender: str,
    user: AbstractBaseUser | None,
    visitor_id: str = "",
    product_ids: list[int],
    item_filter: Filter | ItemFilter | str | None = None,
    filter_values: Mapping[str, str] | None = None,
    now: float | None = None,
) -> Recommendation:
    """Personalize's GetPersonalizedRanking: the given products reordered for this shopper,
    less those ``item_filter`` rules out.

    Products the model cannot score come last, in input order, scored below every scored one.
    Without a live model or history the input order is kept, with zero scores.
    """
    loaded = live_model(recommender)
    history = user_history(user=user, visitor_id=visitor_id)
    flt = item_filter_resolve(item_filter, filter_values)
    product_ids = filter_allowed_products(flt, product_ids, user=user, visitor_id=visitor_id, history=history)
    personal = None
    if loaded is not None and loaded.spec.ranks:
        personal = personal_scores(loaded, history, loaded.spec.serving_options(loaded.params), now)
    if personal is None:
        return Recommendation(recommender, list(product_ids), [0.0] * len(product_ids), None)
    idx, known = loaded.item_lookup(product_ids)
    score_of = {
        pid: float(personal.scores[i])
        for pid, i, ok in zip(product_ids, idx, known, strict=True)
        if ok and np.isfinite(personal.scores[i])
    }
    # Scores can be negative: 0.0 for an unknown product would read as better than the known ones above it.
    lowest = min(score_of.values()) - 1.0 if score_of else 0.0
    order = sorted(range(len(product_ids)), key=lambda k: (-score_of.get(product_ids[k], lowest), k))
    ranked = [product_ids[k] for k in order]
    result = Recommendation(recommender, ranked, [score_of.get(pid, lowest) for pid in ranked], loaded.version_id)
    if loaded.spec.explains and score_of:
        # The shopper's own item behind each scored one, as a personal row has it ("Because you viewed X").
        scored = [pid for pid in ranked if pid in score_of]
        explained = dict(zip(scored, _because(loaded, [(personal, scored)])[0], strict=True))
        result.because = [explained.get(pid) for pid in ranked]
        result.history = history
    return result


@dataclass(frozen=True)
class PersonalRanking:
    """One shopper's scores from the live personal model, to order any list of products by."""

    recommender: str
    version_id: int
    loaded: LoadedModel
    scores: np.ndarray  # per model item, -inf where the model cannot score it

    def scores_of(self, product_ids: list[int]) -> np.ndarray:
        """The score of each product, -inf for those the model does not know or cannot score."""
        idx, known = self.loaded.item_lookup(product_ids)
        if not known.any():
            return np.full(len(product_ids), -np.inf, dtype=np.float32)
        return np.where(known, self.scores[idx], -np.inf).astype(np.float32)

    def order(self, product_ids: list[int]) -> list[int]:
        """``product_ids`` best first; unscorable ones last, keeping their given order (ties too)."""
        order = np.argsort(-self.scores_of(product_ids), kind="stable")
        return [int(product_ids[k]) for k in order]


def personal_ranking(*, recommender: str, history: list[HistoryEvent]) -> PersonalRanking | None:
    """The live ranking model's scores for this history, scored once for the whole catalogue
    (a page of any size is then ordered by one lookup); None without a live model that ranks
    or without an event it knows."""
    loaded = live_model(recommender)
    if loaded is None or not loaded.spec.ranks or not history:
        return None
    personal = personal_scores(loaded, history, loaded.spec.serving_options(loaded.params))
    if personal is None:
        return None
    return PersonalRanking(recommender, loaded.version_id, loaded, personal.scores)
