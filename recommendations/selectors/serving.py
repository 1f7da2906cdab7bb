"""Scoring with the live models: one GetRecommendations call, and related items."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import live_model
from recommendations.defaults import MOST_VIEWED
from recommendations.engine import TrendingRecommender
from recommendations.engine.base import top_n
from recommendations.models import Recommender
from recommendations.recipes import recipe_get
from recommendations.selectors.history import purchased_product_ids
from recommendations.selectors.personal import user_recommendations
from recommendations.selectors.popular import popular_items
from recommendations.selectors.ranking import Recommendation, oversample, rank
from recommendations.selectors.similar import scores_from_content, similar_reasons_set, unseen_product_similar
from recommendations.selectors.trending import trending_items
from shop.models import Product


def related_items(
    *,
    recommender: str,
    product_id: int,
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
) -> Recommendation:
    """Items related to one product by the live item-item model (empty without one).

    A content model also answers for a product created after it was trained, from the product's
    attributes, and gives each card its reason.
    """
    loaded = live_model(recommender)
    if loaded is None or not loaded.spec.related:
        return Recommendation(recommender, [], [], getattr(loaded, "version_id", None))
    idx = loaded.item_index([product_id])
    content = scores_from_content(loaded.model)
    if idx.size == 0 and not content:
        return Recommendation(recommender, [], [], loaded.version_id)
    exclude = set(exclude_product_ids or ()) | {product_id}
    n, filter_items = oversample(num_results, len(exclude)), loaded.item_index(sorted(exclude))
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


def products_in_order(product_ids: list[int]) -> list[Product]:
    by_id = Product.objects.select_related("category").in_bulk(product_ids)
    return [by_id[pid] for pid in product_ids if pid in by_id]


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
    if issubclass(spec.engine, TrendingRecommender):
        # Never padded with popular items: "nothing is trending" is the answer then.
        return trending_items(recommender=recommender.slug, num_results=num_results, exclude_product_ids=exclude), None
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
