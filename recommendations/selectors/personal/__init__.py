"""Personal recommendations that follow what the shopper does now, for one request or a batch of
shoppers. Both run the same code, a request being a batch of one: ``scores`` blends the two
fold-ins, ``rows`` ranks and varies each row, ``answers`` explains and ``exploration`` explores
them; ``ranking`` is GetPersonalizedRanking's.
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import LoadedModel, live_model
from recommendations.models import Filter
from recommendations.selectors.ahead import one_ahead
from recommendations.selectors.exploration import cold_pool, exploration_slots
from recommendations.selectors.filters import (
    ItemFilter,
    filter_allowed_products_shoppers,
    filter_allowed_shoppers,
    filter_excluded_mask,
    item_filter_resolve,
    model_item_table,
)
from recommendations.selectors.history import Histories, HistoryEvent, user_history, user_history_arrays
from recommendations.selectors.personal.answers import personal_answers
from recommendations.selectors.personal.ranking import PersonalRanking, personal_ranking, ranked_items
from recommendations.selectors.personal.scores import (
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
from recommendations.selectors.ranking import Facts, Recommendation

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
    ruled_out, allowed = _filter_parts(loaded, flt, histories, [user])
    pool = _pool(options, num_results, now, facts)
    result = personal_answers(
        loaded, personal, histories, exclude_product_ids, ruled_out, num_results, options, explain, now, pool, allowed
    )[0]
    if result is None:
        return Recommendation(recommender, [], [], loaded.version_id)
    result.history = history
    return result


def _filter_parts(
    loaded: LoadedModel, flt: ItemFilter | None, histories: Histories, users: list[AbstractBaseUser | None]
) -> tuple[np.ndarray | None, Callable[[np.ndarray], np.ndarray] | None]:
    """The request's filter for these shoppers (one request's, or a batch chunk's): what it rules out
    of the model's items, and given products, which of them it lets each shopper see (exploration).

    A filter of the catalogue alone rules out the same items for everyone: one mask, computed once
    per model table. Any other is one evaluation for all the shoppers, their events per type read
    off the history arrays."""
    if flt is None:
        return None, None
    events = histories.interactions() if flt.parsed.uses_interactions else None
    if flt.parsed.reads_only_catalogue:
        ruled_out = filter_excluded_mask(loaded, flt)
    else:
        ruled_out = ~filter_allowed_shoppers(
            flt, model_item_table(loaded), shoppers=len(histories), users=users, interactions=events
        )
    allowed = functools.partial(
        filter_allowed_products_shoppers, flt, shoppers=len(histories), users=users, interactions=events
    )
    return ruled_out, allowed


def _pool(options: dict[str, Any], n: int, now: float, facts: Facts | None) -> list[int]:
    """The cold products every row of this request or batch may explore (none without slots)."""
    if not exploration_slots(float(options.get("exploration_weight") or 0.0), n):
        return []
    cutoff = float(options.get("exploration_item_age_cutoff_days") or 30.0)
    return cold_pool(cutoff_days=cutoff, now=now, facts=facts)


# Float32 score entries a batch holds at once (two fold-ins per shopper): ~64 MB, whatever its size.
BATCH_SCORE_BUDGET = 1 << 24
# Shoppers scored together at most: small enough that reading the next chunk's histories (on a
# second thread) overlaps nearly all of the batch, large enough that array work dominates.
BATCH_CHUNK = 500


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
    accounts: dict[int, AbstractBaseUser] = {}
    if not loaded.spec.personal or (flt is not None and flt.parsed.uses_current_user):
        accounts = get_user_model().objects.in_bulk(user_ids)
    if not loaded.spec.personal:
        histories = user_history_arrays(user_ids=user_ids)
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
    results: dict[int, Recommendation] = {}
    chunk = max(1, min(BATCH_CHUNK, BATCH_SCORE_BUDGET // max(2 * len(loaded.product_ids), 1)))
    parts = [user_ids[start : start + chunk] for start in range(0, len(user_ids), chunk)]

    def scored(part: list[int]) -> tuple[Histories, PersonalBatch]:
        histories = user_history_arrays(user_ids=part)
        return histories, personal_batch(loaded, histories, options, now)

    for part, (mine, personal) in zip(parts, one_ahead(parts, scored), strict=True):
        ruled_out, allowed = _filter_parts(loaded, flt, mine, [accounts.get(uid) for uid in part])
        rows = personal_answers(
            loaded, personal, mine, exclude_product_ids, ruled_out, num_results, options, explain, now, pool, allowed
        )
        for uid, result in zip(part, rows, strict=True):
            results[uid] = result if result is not None else Recommendation(recommender, [], [], loaded.version_id)
    return {uid: results[uid] for uid in user_ids}
