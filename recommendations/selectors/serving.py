"""Scoring with the live models: one GetRecommendations call, and related items."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import live_model
from recommendations.defaults import MOST_VIEWED
from recommendations.engine import NewArrivalsRecommender, TrendingRecommender
from recommendations.engine.base import top_n
from recommendations.models import Filter, Recommender
from recommendations.recipes import recipe_get
from recommendations.selectors.filters import (
    FilterRequestError,
    ItemFilter,
    filter_excluded_indices,
    item_filter_resolve,
)
from recommendations.selectors.history import purchased_product_ids
from recommendations.selectors.newarrivals import new_arrivals_items
from recommendations.selectors.personal import user_recommendations
from recommendations.selectors.popular import _union, popular_items
from recommendations.selectors.ranking import Recommendation, oversample, rank
from recommendations.selectors.similar import scores_from_content, similar_reasons_set, unseen_product_similar
from recommendations.selectors.trending import trending_items
from shop.models import Product

PROMOTED_REASON = "Promoted"


def related_items(
    *,
    recommender: str,
    product_id: int,
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
    item_filter: Filter | ItemFilter | str | None = None,
    filter_values: Mapping[str, str] | None = None,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
) -> Recommendation:
    """Items related to one product by the live item-item model (empty without one); the filter
    may read the product as CurrentItem.

    A content model also answers for a product created after it was trained, from the product's
    attributes, and gives each card its reason.
    """
    flt = item_filter_resolve(item_filter, filter_values)
    loaded = live_model(recommender)
    if loaded is None or not loaded.spec.related:
        return Recommendation(recommender, [], [], getattr(loaded, "version_id", None))
    idx = loaded.item_index([product_id])
    content = scores_from_content(loaded.model)
    if idx.size == 0 and not content:
        return Recommendation(recommender, [], [], loaded.version_id)
    exclude = set(exclude_product_ids or ()) | {product_id}
    ruled_out = filter_excluded_indices(loaded, flt, user=user, visitor_id=visitor_id, product_id=product_id)
    n = oversample(num_results, len(exclude))
    filter_items = _union(loaded.item_index(sorted(exclude)), ruled_out)
    if idx.size:
        source: object = int(idx[0])
        ids, scores = loaded.model.similar_items(source, N=n, filter_items=filter_items)
    else:
        ids, scores, source = unseen_product_similar(
            loaded=loaded, product_id=product_id, n=n, filter_items=filter_items
        )
    result = rank(loaded, np.asarray(ids), np.asarray(scores), exclude, num_results)
    result.paired_with = product_id
    if content and source is not None:
        similar_reasons_set(loaded=loaded, result=result, source=source)
    return result


def basket_items(
    *,
    recommender: str,
    product_ids: list[int],
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
) -> Recommendation:
    """Items related to a whole basket by the live item-item model (empty without one).

    Each item scores the sum of its scores against every basket product, all in one matrix
    product; ``because`` names the basket product whose own score for it was the largest.
    The basket's products are never returned.
    """
    loaded = live_model(recommender)
    if loaded is None or not loaded.spec.related or not product_ids:
        return Recommendation(recommender, [], [], getattr(loaded, "version_id", None))
    idx = loaded.item_index(sorted(set(product_ids)))
    if idx.size == 0:
        return Recommendation(recommender, [], [], loaded.version_id)
    one_per_row = sp.csr_matrix(
        (np.ones(idx.size, dtype=np.float32), (np.arange(idx.size), idx)), shape=(idx.size, len(loaded.product_ids))
    )
    per_item = loaded.model.score_batch(one_per_row)
    per_item = np.where(np.isfinite(per_item) & (per_item > 0), per_item, 0.0)
    total = per_item.sum(axis=0)
    scores = np.where(total > 0, total, -np.inf).astype(np.float32)
    exclude = set(exclude_product_ids or ()) | set(product_ids)
    ids, top = top_n(scores, oversample(num_results, len(exclude)), loaded.item_index(sorted(exclude)))
    result = rank(loaded, np.asarray(ids), np.asarray(top), exclude, num_results)
    contributor = loaded.product_ids[idx[per_item.argmax(axis=0)]]
    targets = loaded.item_index(result.product_ids)
    result.because = [int(pid) for pid in contributor[targets]]
    return result


def products_in_order(product_ids: list[int], known: dict[int, Product] | None = None) -> list[Product]:
    """The products (with their category) in the order given, ids gone since left out.

    ``known``: products already read for the same page; only the others are queried (in one
    query), and are added to it, so a page's rows read their products once between them.
    """
    by_id = known if known is not None else {}
    missing = [pid for pid in dict.fromkeys(product_ids) if pid not in by_id]
    if missing:
        by_id.update(Product.objects.select_related("category").in_bulk(missing))
    return [by_id[pid] for pid in product_ids if pid in by_id]


class RecommendationRequestError(ValueError):
    """A request the recommender cannot answer as asked (e.g. related items without an item)."""


@dataclass(frozen=True)
class Promotion:
    """Personalize's promotion: a share of a request's slots for items its own filter allows."""

    name: str
    percent: int  # 1-100
    item_filter: Filter | ItemFilter | str
    filter_values: Mapping[str, str] | None = None


def promoted_slots(percent: int, num_results: int) -> int:
    """round(percent x n / 100), halves up (Python's round would send 2.5 to 2)."""
    return math.floor(percent * num_results / 100 + 0.5)


def _seed(recommendation_id: str) -> int:
    return int.from_bytes(hashlib.sha256(recommendation_id.encode()).digest()[:8], "big")


def _padded(values: list, n: int, blank: object) -> list:
    return list(values) + [blank] * (n - len(values))


def promotion_apply(result: Recommendation, promoted: Recommendation, *, name: str) -> Recommendation:
    """The two lists merged, each in its own order, promoted items at random positions drawn from
    the result's recommendation id (so the same answer is reproducible); promoted items say
    "Promoted" and carry the promotion's name. A promoted item also in ``result`` is kept once, promoted."""
    promoted_ids = set(promoted.product_ids)
    keep = [i for i, pid in enumerate(result.product_ids) if pid not in promoted_ids]
    n_main, n_promoted = len(keep), len(promoted.product_ids)
    total = n_main + n_promoted
    rng = np.random.default_rng(_seed(result.recommendation_id))
    slots = np.zeros(total, dtype=bool)
    slots[rng.choice(total, size=n_promoted, replace=False)] = True
    main_because = _padded(result.because, len(result.product_ids), None)
    main_reasons = _padded(result.reasons, len(result.product_ids), "")
    merged = Recommendation(
        recommender=result.recommender,
        product_ids=[],
        scores=[],
        version_id=result.version_id,
        recommendation_id=result.recommendation_id,
        taste_weights=result.taste_weights,
        paired_with=result.paired_with,
        history=result.history,
    )
    main, extra = iter(keep), iter(range(n_promoted))
    for is_promoted in slots:
        if is_promoted:
            k = next(extra)
            merged.product_ids.append(promoted.product_ids[k])
            merged.scores.append(promoted.scores[k])
            merged.because.append(None)
            merged.reasons.append(PROMOTED_REASON)
            merged.promotion_names.append(name)
        else:
            k = next(main)
            merged.product_ids.append(result.product_ids[k])
            merged.scores.append(result.scores[k])
            merged.because.append(main_because[k])
            merged.reasons.append(main_reasons[k])
            merged.promotion_names.append("")
    if not any(merged.because):
        merged.because = []
    return merged


def recommendations_get(
    *,
    recommender: Recommender,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    product_id: int | None = None,
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
    item_filter: Filter | ItemFilter | str | None = None,
    filter_values: Mapping[str, str] | None = None,
    promotion: Promotion | None = None,
    exploration: dict[str, float] | None = None,
) -> tuple[Recommendation, str | None]:
    """One GetRecommendations call: (result, fallback recommender or None).

    Unlike Personalize, a fallback is never silent: a personal request with no model or no
    history answers from most viewed and says so. With a ``promotion``, its share of the slots
    goes to the items its filter allows, ranked by the same recommender; the request's filter
    applies to the other items only.
    """
    try:
        flt = item_filter_resolve(item_filter, filter_values)
        if promotion is None:
            return _recommendations(
                recommender, user, visitor_id, product_id, num_results, exclude_product_ids, flt, exploration
            )
        if not 1 <= promotion.percent <= 100:
            raise RecommendationRequestError(f"promotionPercent must be 1 to 100, not {promotion.percent}")
        promoted_filter = item_filter_resolve(promotion.item_filter, promotion.filter_values)
        exclude = set(exclude_product_ids or ())
        k = promoted_slots(promotion.percent, num_results)
        # Promoted slots explore nothing: they are the promotion's.
        promoted, _ = _recommendations(recommender, user, visitor_id, product_id, k, exclude, promoted_filter, {})
        result, fallback = _recommendations(
            recommender,
            user,
            visitor_id,
            product_id,
            num_results - len(promoted.product_ids),
            exclude | set(promoted.product_ids),
            flt,
            exploration,
        )
        return promotion_apply(result, promoted, name=promotion.name), fallback
    except FilterRequestError as exc:
        raise RecommendationRequestError(str(exc)) from exc


def _recommendations(
    recommender: Recommender,
    user: AbstractBaseUser | None,
    visitor_id: str,
    product_id: int | None,
    num_results: int,
    exclude_product_ids: set[int] | None,
    flt: ItemFilter | None,
    exploration: dict[str, float] | None = None,
) -> tuple[Recommendation, str | None]:
    exclude = set(exclude_product_ids or ())
    spec = recipe_get(recommender.recipe)
    if num_results <= 0:
        return Recommendation(recommender.slug, [], [], None), None
    if flt is not None and flt.parsed.uses_current_item and not spec.related:
        raise RecommendationRequestError(
            f"filter {flt.name} reads CurrentItem: only a related-items recommender can use it, not {recommender.slug}"
        )
    shopper = {"user": user, "visitor_id": visitor_id, "item_filter": flt}
    if spec.related:
        if product_id is None:
            raise RecommendationRequestError(f"{recommender.slug} needs an itemId")
        return related_items(
            recommender=recommender.slug,
            product_id=product_id,
            num_results=num_results,
            exclude_product_ids=exclude,
            **shopper,
        ), None
    if issubclass(spec.engine, TrendingRecommender):
        # Never padded with popular items: "nothing is trending" is the answer then.
        return trending_items(
            recommender=recommender.slug, num_results=num_results, exclude_product_ids=exclude, **shopper
        ), None
    if issubclass(spec.engine, NewArrivalsRecommender):
        # Read from the live catalogue: a product added since training is there too.
        result = new_arrivals_items(
            recommender=recommender.slug, num_results=num_results, exclude_product_ids=exclude, **shopper
        )
        return result, None
    if not spec.personal:
        return popular_items(
            recommender=recommender.slug, num_results=num_results, exclude_product_ids=exclude, **shopper
        ), None
    if user is None and not visitor_id:
        raise RecommendationRequestError(f"{recommender.slug} needs a userId or a sessionId")
    personal = user_recommendations(
        recommender=recommender.slug,
        user=user,
        visitor_id=visitor_id,
        num_results=num_results,
        exclude_product_ids=exclude,
        item_filter=flt,
        exploration=exploration,
    )
    if personal:
        return personal, None
    purchased = purchased_product_ids(user=user, visitor_id=visitor_id)
    fallback = popular_items(
        recommender=MOST_VIEWED, num_results=num_results, exclude_product_ids=exclude | purchased, **shopper
    )
    return fallback, MOST_VIEWED
