"""Scoring with the live models: one GetRecommendations call, and related items."""

from __future__ import annotations

import numpy as np
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import live_model
from recommendations.defaults import MOST_VIEWED
from recommendations.engine import NewArrivalsRecommender, TrendingRecommender
from recommendations.models import Recommender
from recommendations.recipes import recipe_get
from recommendations.selectors.history import purchased_product_ids
from recommendations.selectors.newarrivals import new_arrivals_items
from recommendations.selectors.personal import user_recommendations
from recommendations.selectors.popular import popular_items
from recommendations.selectors.ranking import Recommendation, oversample, rank
from recommendations.selectors.trending import trending_items
from shop.models import Product


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
        int(idx[0]), N=oversample(num_results, len(exclude)), filter_items=loaded.item_index(sorted(exclude))
    )
    result = rank(loaded, np.asarray(ids), np.asarray(scores), exclude, num_results)
    result.paired_with = product_id
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
    exploration: dict[str, float] | None = None,
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
    if issubclass(spec.engine, NewArrivalsRecommender):
        # Read from the live catalogue: a product added since training is there too.
        result = new_arrivals_items(recommender=recommender.slug, num_results=num_results, exclude_product_ids=exclude)
        return result, None
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
        exploration=exploration,
    )
    if personal:
        return personal, None
    purchased = purchased_product_ids(user=user, visitor_id=visitor_id)
    fallback = popular_items(recommender=MOST_VIEWED, num_results=num_results, exclude_product_ids=exclude | purchased)
    return fallback, MOST_VIEWED
