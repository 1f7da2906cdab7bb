"""The same items for everyone: most viewed and best sellers."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, IntegerField, Value, When

from recommendations.artifacts import live_model
from recommendations.defaults import BEST_SELLERS, MOST_VIEWED
from recommendations.models import Filter, ProductStats
from recommendations.selectors.filters import (
    ItemFilter,
    filter_allowed_products,
    filter_excluded_indices,
    item_filter_resolve,
)
from recommendations.selectors.ranking import Recommendation, oversample, rank
from shop.models import Product


def popular_items(
    *,
    recommender: str,
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
    item_filter: Filter | ItemFilter | str | None = None,
    filter_values: Mapping[str, str] | None = None,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
) -> Recommendation:
    """Most viewed / best sellers from the live popularity model, else from the live counters;
    ``item_filter`` (a Filter, its name, or resolved) keeps only the items it allows."""
    exclude = set(exclude_product_ids or ())
    flt = item_filter_resolve(item_filter, filter_values)
    loaded = live_model(recommender)
    if loaded is not None:
        ruled_out = filter_excluded_indices(loaded, flt, user=user, visitor_id=visitor_id)
        ids, scores = loaded.model.recommend(
            N=oversample(num_results, len(exclude)), filter_items=_union(loaded.item_index(sorted(exclude)), ruled_out)
        )
        result = rank(loaded, np.asarray(ids), np.asarray(scores), exclude, num_results)
        if result:
            return result
    # No model yet: the atomic counters are real popularity, just not windowed.
    counter = "purchases" if recommender == BEST_SELLERS else "views"
    rows = (
        ProductStats.objects.filter(**{f"{counter}__gt": 0}, product__stock__gt=0)
        .exclude(product_id__in=exclude)
        .order_by(f"-{counter}", "product_id")
        .values_list("product_id", counter)
    )
    if flt is None:
        rows = rows[:num_results]
    else:
        counts = dict(rows)
        allowed = filter_allowed_products(flt, list(counts), user=user, visitor_id=visitor_id)[:num_results]
        rows = [(pid, counts[pid]) for pid in allowed]
    return Recommendation(
        recommender=recommender if recommender in (MOST_VIEWED, BEST_SELLERS) else MOST_VIEWED,
        product_ids=[pid for pid, _ in rows],
        scores=[float(count) for _, count in rows],
        version_id=None,
    )


def popular_products(
    *, num_results: int, exclude_product_ids: set[int] | None = None, category_id: int | None = None
) -> list[Product]:
    """The most viewed products in stock, those of ``category_id`` first, in one query (with
    their category): what pads a recommendation row the model left short.

    The live counters, not a model: padding must work before any training and for products a
    model has not seen yet. Never-viewed products are not "popular" and are never returned.
    """
    if num_results <= 0:
        return []
    products = (
        Product.objects.select_related("category")
        .filter(stock__gt=0, stats__views__gt=0)
        .exclude(pk__in=sorted(exclude_product_ids or ()))
    )
    in_context = Case(When(category_id=category_id, then=Value(1)), default=Value(0), output_field=IntegerField())
    if category_id is None:
        in_context = Value(0, output_field=IntegerField())
    return list(products.annotate(in_context=in_context).order_by("-in_context", "-stats__views", "pk")[:num_results])


def _union(*parts: np.ndarray | None) -> np.ndarray:
    """Item indices to leave out, from several sources (None ones skipped)."""
    given = [np.asarray(part, dtype=np.int64) for part in parts if part is not None and len(part)]
    if len(given) == 1:
        return given[0]  # already distinct: no sort of a filter's thousands of indices per request
    return np.unique(np.concatenate(given)) if given else np.empty(0, dtype=np.int64)
