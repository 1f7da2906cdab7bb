"""Scoring with the live models: personal, popular and related items."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from recommendations import engine
from recommendations.artifacts import LoadedModel, live_model
from recommendations.defaults import BEST_SELLERS, MOST_VIEWED
from recommendations.models import EventType, Interaction, ProductStats, Recommender
from recommendations.recipes import Input, recipe_get
from shop.models import Product

# The newest events of a shopper that fold-in uses, like Personalize's latest-events window.
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class HistoryEvent:
    product_id: int
    event_type: str
    timestamp: float


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

    def __bool__(self) -> bool:
        return bool(self.product_ids)


def user_history(*, user: AbstractBaseUser | None, visitor_id: str = "") -> list[HistoryEvent]:
    """A shopper's (or an anonymous browser's) newest events, newest first."""
    if user is not None and user.is_authenticated:
        qs = Interaction.objects.filter(user=user)
    elif visitor_id:
        qs = Interaction.objects.filter(visitor_id=visitor_id, user__isnull=True)
    else:
        return []
    rows = qs.order_by("-timestamp", "-id").values_list("product_id", "event_type", "timestamp")[:HISTORY_LIMIT]
    return [HistoryEvent(pid, event, ts.timestamp()) for pid, event, ts in rows]


def user_histories(*, user_ids: list[int]) -> dict[int, list[HistoryEvent]]:
    """``user_history`` for many shoppers in one query (dashboards, batch jobs)."""
    histories: dict[int, list[HistoryEvent]] = {uid: [] for uid in user_ids}
    rows = (
        Interaction.objects.filter(user_id__in=user_ids)
        .order_by("user_id", "-timestamp", "-id")
        .values_list("user_id", "product_id", "event_type", "timestamp")
    )
    for uid, pid, event, ts in rows.iterator(chunk_size=5000):
        if len(histories[uid]) < HISTORY_LIMIT:
            histories[uid].append(HistoryEvent(pid, event, ts.timestamp()))
    return histories


def unavailable_product_ids(candidates: list[int]) -> set[int]:
    """The out-of-stock ones among ``candidates`` (never recommended)."""
    return set(Product.objects.filter(id__in=candidates, stock=0).values_list("id", flat=True))


def _rank(
    loaded: LoadedModel,
    ids: np.ndarray,
    scores: np.ndarray,
    exclude: set[int],
    n: int,
    unavailable: set[int] | None = None,
) -> Recommendation:
    """Map item indices to products, dropping excluded and out-of-stock ones (``unavailable``
    when the caller already knows them, as a batch does)."""
    product_ids = [int(p) for p in loaded.product_ids[ids]]
    if unavailable is None:
        unavailable = unavailable_product_ids(product_ids)
    unavailable = unavailable | exclude
    kept = [(p, float(s)) for p, s in zip(product_ids, scores, strict=True) if p not in unavailable][:n]
    return Recommendation(
        recommender=loaded.recommender,
        product_ids=[p for p, _ in kept],
        scores=[s for _, s in kept],
        version_id=loaded.version_id,
    )


def _oversample(n: int, excluded: int) -> int:
    # Ask the model for spares so dropping out-of-stock items still fills the row.
    return n + excluded + max(10, n)


def user_recommendations(
    *,
    recommender: str,
    user: AbstractBaseUser | None,
    visitor_id: str = "",
    num_results: int = 25,
    history: list[HistoryEvent] | None = None,
    exclude_product_ids: set[int] | None = None,
    loaded: LoadedModel | None = None,
    unavailable: set[int] | None = None,
    explain: bool = True,
) -> Recommendation:
    """Personal recommendations folded in from the shopper's current history (no retraining needed).

    Purchased products are never recommended back. An empty result means no live model
    or no usable history; callers fall back to popularity. ``loaded`` and ``unavailable``
    let a batch pass what it already read.
    """
    loaded = loaded or live_model(recommender)
    if history is None:
        history = user_history(user=user, visitor_id=visitor_id)
    if loaded is None or not history:
        return Recommendation(recommender, [], [], getattr(loaded, "version_id", None))
    spec = loaded.spec
    if not spec.personal:
        return popular_items(recommender=recommender, num_results=num_results, exclude_product_ids=exclude_product_ids)
    row = _history_row(loaded, history)
    if row is None:
        return Recommendation(recommender, [], [], loaded.version_id)
    purchased = {e.product_id for e in history if e.event_type == EventType.PURCHASE}
    exclude = purchased | set(exclude_product_ids or ())
    exclude_idx = loaded.item_index(sorted(exclude))
    ids, scores = loaded.model.recommend(
        row,
        N=_oversample(num_results, 0),
        filter_items=exclude_idx,
        filter_already_liked_items=False,
        **_sequence_arguments(loaded, history),
    )
    result = _rank(loaded, np.asarray(ids), np.asarray(scores), exclude, num_results, unavailable)
    if explain and spec.explains and result:
        sources, _ = loaded.model.explain(row, loaded.item_index(result.product_ids))
        result.because = [int(loaded.product_ids[i]) if i >= 0 else None for i in sources]
    return result


def _sequence_arguments(loaded: LoadedModel, history: list[HistoryEvent]) -> dict:
    """What the shopper did last, oldest first, for recipes that predict the next item from it."""
    if Input.SEQUENCE not in loaded.spec.inputs:
        return {}
    return {"recent_items": loaded.item_index([e.product_id for e in reversed(history)])}


def _history_row(loaded: LoadedModel, history: list[HistoryEvent]):
    """The shopper's events as one weighted row over the model's items (None if nothing usable)."""
    weights_by_type = loaded.event_weights
    events = [e for e in history if weights_by_type.get(e.event_type, 0) > 0]
    item_idx, known = loaded.item_lookup([e.product_id for e in events])
    events = [e for e, is_known in zip(events, known, strict=True) if is_known]
    if not events:
        return None
    weights = np.array([weights_by_type[e.event_type] for e in events], dtype=np.float32)
    timestamps = np.array([e.timestamp for e in events], dtype=np.float64)
    return engine.build_user_item_matrix(
        np.zeros(len(events), dtype=np.int32),
        item_idx[known].astype(np.int32),
        weights,
        1,
        len(loaded.product_ids),
        timestamps=timestamps,
        half_life_days=loaded.params.get("half_life_days"),
        now=float(timestamps.max()),
    )


def ranked_items(
    *,
    recommender: str,
    user: AbstractBaseUser | None,
    visitor_id: str = "",
    product_ids: list[int],
) -> Recommendation:
    """Personalize's GetPersonalizedRanking: the given products reordered for this shopper.

    Without a live model or history the input order is kept, with zero scores.
    """
    loaded = live_model(recommender)
    history = user_history(user=user, visitor_id=visitor_id)
    row = _history_row(loaded, history) if loaded is not None and loaded.spec.ranks else None
    if row is None:
        return Recommendation(recommender, list(product_ids), [0.0] * len(product_ids), None)
    ids, scores = loaded.model.recommend(
        row, N=len(loaded.product_ids), filter_already_liked_items=False, **_sequence_arguments(loaded, history)
    )
    score_of = {int(loaded.product_ids[i]): float(s) for i, s in zip(ids, scores, strict=True)}
    lowest = min(score_of.values(), default=0.0) - 1.0  # unknown products rank last, in input order
    order = sorted(range(len(product_ids)), key=lambda k: (-score_of.get(product_ids[k], lowest), k))
    return Recommendation(
        recommender,
        [product_ids[k] for k in order],
        [score_of.get(product_ids[k], 0.0) for k in order],
        loaded.version_id,
    )


def popular_items(
    *, recommender: str, num_results: int = 25, exclude_product_ids: set[int] | None = None
) -> Recommendation:
    """Most viewed / best sellers from the live popularity model, else from the live counters."""
    exclude = set(exclude_product_ids or ())
    loaded = live_model(recommender)
    if loaded is not None:
        ids, scores = loaded.model.recommend(
            N=_oversample(num_results, len(exclude)), filter_items=loaded.item_index(sorted(exclude))
        )
        result = _rank(loaded, np.asarray(ids), np.asarray(scores), exclude, num_results)
        if result:
            return result
    # No model yet: the atomic counters are real popularity, just not windowed.
    counter = "purchases" if recommender == BEST_SELLERS else "views"
    rows = (
        ProductStats.objects.filter(**{f"{counter}__gt": 0}, product__stock__gt=0)
        .exclude(product_id__in=exclude)
        .order_by(f"-{counter}", "product_id")
        .values_list("product_id", counter)[:num_results]
    )
    return Recommendation(
        recommender=recommender if recommender in (MOST_VIEWED, BEST_SELLERS) else MOST_VIEWED,
        product_ids=[pid for pid, _ in rows],
        scores=[float(count) for _, count in rows],
        version_id=None,
    )


def related_items(
    *,
    recommender: str,
    product_id: int,
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
) -> Recommendation:
    """Items related to one product by the live item-item model (empty without one)."""
    loaded = live_model(recommender)
    if loaded is None or not loaded.spec.related:
        return Recommendation(recommender, [], [], getattr(loaded, "version_id", None))
    idx = loaded.item_index([product_id])
    if idx.size == 0:
        return Recommendation(recommender, [], [], loaded.version_id)
    exclude = set(exclude_product_ids or ()) | {product_id}
    ids, scores = loaded.model.similar_items(
        int(idx[0]), N=_oversample(num_results, len(exclude)), filter_items=loaded.item_index(sorted(exclude))
    )
    return _rank(loaded, np.asarray(ids), np.asarray(scores), exclude, num_results)


def products_in_order(product_ids: list[int]) -> list[Product]:
    by_id = Product.objects.select_related("category").in_bulk(product_ids)
    return [by_id[pid] for pid in product_ids if pid in by_id]


def purchased_product_ids(*, user: AbstractBaseUser | None, visitor_id: str = "") -> set[int]:
    if user is not None and user.is_authenticated:
        who = Q(user=user)
    elif visitor_id:
        who = Q(visitor_id=visitor_id, user__isnull=True)
    else:
        return set()
    return set(
        # order_by(): the model's default ordering would add columns to the DISTINCT.
        Interaction.objects.filter(who, event_type=EventType.PURCHASE)
        .order_by()
        .values_list("product_id", flat=True)
        .distinct()
    )


class RecommendationRequestError(ValueError):
    """A request the recommender cannot answer as asked (e.g. related items without an item)."""


def recommendations_get(
    *,
    recommender: Recommender,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    product_id: int | None = None,
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
) -> tuple[Recommendation, str | None]:
    """One GetRecommendations call: (result, fallback recommender or None).

    Unlike Personalize, a fallback is never silent: a personal request with no model or no
    history answers from most viewed and says so.
    """
    exclude = set(exclude_product_ids or ())
    spec = recipe_get(recommender.recipe)
    if spec.related:
        if product_id is None:
            raise RecommendationRequestError(f"{recommender.slug} needs an itemId")
        return related_items(
            recommender=recommender.slug, product_id=product_id, num_results=num_results, exclude_product_ids=exclude
        ), None
    if not spec.personal:
        return popular_items(recommender=recommender.slug, num_results=num_results, exclude_product_ids=exclude), None
    if user is None and not visitor_id:
        raise RecommendationRequestError(f"{recommender.slug} needs a userId or a sessionId")
    personal = user_recommendations(
        recommender=recommender.slug,
        user=user,
        visitor_id=visitor_id,
        num_results=num_results,
        exclude_product_ids=exclude,
    )
    if personal:
        return personal, None
    purchased = purchased_product_ids(user=user, visitor_id=visitor_id)
    fallback = popular_items(recommender=MOST_VIEWED, num_results=num_results, exclude_product_ids=exclude | purchased)
    return fallback, MOST_VIEWED
