"""Personal recommendations that follow what the shopper does now (``personal_scores`` blends
them), for one request or a batch of shoppers: both run the same row code
(``personal_rows``, ``exploration_rows``), a request being a batch of one.
"""

from __future__ import annotations

import gc
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

from recommendations.artifacts import LoadedModel, live_model
from recommendations.models import Filter
from recommendations.selectors.exploration import cold_pool, exploration_slots
from recommendations.selectors.exploration_rows import explored_rows
from recommendations.selectors.filters import (
    ItemFilter,
    filter_allowed_products,
    filter_excluded_mask,
    item_filter_resolve,
)
from recommendations.selectors.history import Histories, HistoryEvent, user_history, user_history_arrays
from recommendations.selectors.personal_rows import PURCHASE, Rows, ranked_rows, recommendations_of
from recommendations.selectors.personal_scores import (
    RECENT_FLOOR,
    RECENT_SCALE,
    SEEN_NOW_DISCOUNT,
    PersonalBatch,
    PersonalScores,
    personal_batch,
    personal_scores,
    personal_scores_batch,
)
from recommendations.selectors.popular import popular_items
from recommendations.selectors.ranking import Facts, Recommendation, candidate_facts

__all__ = [
    "RECENT_FLOOR",
    "RECENT_SCALE",
    "SEEN_NOW_DISCOUNT",
    "PersonalBatch",
    "PersonalRanking",
    "PersonalScores",
    "personal_batch",
    "personal_ranking",
    "personal_scores",
    "personal_scores_batch",
    "ranked_items",
    "taste_categories",
    "user_recommendations",
    "user_recommendations_batch",
]


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
    popularity. ``loaded`` and ``facts`` let a caller pass what it already read. A batch of one
    shopper: ``user_recommendations_batch`` runs the same code for many.
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
    now = time.time() if now is None else now
    options = {**spec.serving_options(loaded.params), **(exploration or {})}
    histories = Histories.of([history])
    personal = personal_batch(loaded, histories, options, now)
    ruled_out = filter_excluded_mask(loaded, flt, user=user, visitor_id=visitor_id, history=history)
    allowed = _allowed_by(flt, user=user, visitor_id=visitor_id, history=history)
    pool = _pool(options, num_results, now, facts)
    result = _rows(
        loaded, personal, histories, exclude_product_ids, ruled_out, num_results, options, explain, now, pool, [allowed]
    )[0]
    if result is None:
        return Recommendation(recommender, [], [], loaded.version_id)
    result.history = history
    return result


def _allowed_by(
    flt: ItemFilter | None,
    *,
    user: AbstractBaseUser | None,
    visitor_id: str,
    history: list[HistoryEvent] | None,
    interactions: dict[str, list[int]] | None = None,
) -> Callable[[list[int]], list[int]] | None:
    """What exploration may show of its cold products: they are mostly newer than the model, so the
    filter is read on the live catalogue for them, not on the model's items."""
    if flt is None:
        return None
    return lambda ids: filter_allowed_products(
        flt, ids, user=user, visitor_id=visitor_id, history=history, interactions=interactions
    )


def _pool(options: dict[str, Any], n: int, now: float, facts: Facts | None) -> list[int]:
    """The cold products every row of this request or batch may explore (none without slots)."""
    if not exploration_slots(float(options.get("exploration_weight") or 0.0), n):
        return []
    cutoff = float(options.get("exploration_item_age_cutoff_days") or 30.0)
    return cold_pool(cutoff_days=cutoff, now=now, facts=facts)


def _rows(
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
    allowed: Sequence[Callable[[list[int]], list[int]] | None] | None,
) -> list[Recommendation | None]:
    """Each shopper's row (None without an event the model knows): purchases, exclusions and the
    filter left out, varied, explained, then explored; the single request and the batch share it,
    so both give the same row."""
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
            allowed=[allowed[k] for k in answered] if allowed is not None else None,
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

    What one request does per shopper a batch does once: one query for every history (read as
    arrays), the catalogue's facts and the new products' view counters read once, the fold-ins of
    a whole chunk solved together and scored in one matrix product, every row ranked, varied,
    explained and explored as one matrix. Unknown ids and shoppers with no usable history get an
    empty answer (callers fall back to popularity), as one request would. The answers carry no
    ``history`` (one request's does, for wording its reasons): nothing a batch writes reads it.
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
    """A batch makes many small objects that live until it returns (rows, reasons): Python's
    cycle collector re-walking them all each few hundred allocations cost a good share of a
    batch. Nothing of a batch is cyclic garbage; collection resumes after."""
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
    histories = user_history_arrays(user_ids=user_ids)
    accounts: dict[int, AbstractBaseUser] = {}
    if not loaded.spec.personal or (flt is not None and flt.parsed.uses_current_user):
        accounts = get_user_model().objects.in_bulk(user_ids)
    if not loaded.spec.personal:
        return {
            uid: user_recommendations(
                recommender=recommender,
                user=accounts.get(uid),
                num_results=num_results,
                history=histories.events(k),
                exclude_product_ids=exclude_product_ids,
                loaded=loaded,
                item_filter=flt,
                now=now,
            )
            for k, uid in enumerate(user_ids)
        }
    options = {**loaded.spec.serving_options(loaded.params), **(exploration or {})}
    pool = _pool(options, num_results, now, None)
    # A filter of the catalogue alone rules out the same items for everyone: one mask for all.
    per_shopper = flt is not None and (flt.parsed.uses_interactions or flt.parsed.uses_current_user)
    shared = filter_excluded_mask(loaded, flt) if flt is not None and not per_shopper else None
    results: dict[int, Recommendation] = {}
    chunk = max(1, BATCH_SCORE_BUDGET // max(2 * len(loaded.product_ids), 1))
    for start in range(0, len(user_ids), chunk):
        part = user_ids[start : start + chunk]
        mine = histories.part(start, start + len(part))
        personal = personal_batch(loaded, mine, options, now)
        ruled_out, allowed = shared, None
        if flt is not None:
            # Only a filter of the shopper's own events needs them: read off the arrays per type.
            events = mine.interactions() if flt.parsed.uses_interactions else [None] * len(part)
            users = [accounts.get(uid) for uid in part]
            if per_shopper:
                ruled_out = np.stack(
                    [
                        filter_excluded_mask(loaded, flt, user=user, interactions=seen)
                        for user, seen in zip(users, events, strict=True)
                    ]
                )
            allowed = [
                _allowed_by(flt, user=user, visitor_id="", history=None, interactions=seen)
                for user, seen in zip(users, events, strict=True)
            ]
        rows = _rows(
            loaded, personal, mine, exclude_product_ids, ruled_out, num_results, options, explain, now, pool, allowed
        )
        for uid, result in zip(part, rows, strict=True):
            results[uid] = result if result is not None else Recommendation(recommender, [], [], loaded.version_id)
    return {uid: results[uid] for uid in user_ids}


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
