"""Trending now: the products rising fastest, each with the counts that make it trend."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import LoadedModel, live_model
from recommendations.engine import TrendingRecommender
from recommendations.models import Filter
from recommendations.selectors.filters import ItemFilter, filter_excluded_indices, item_filter_resolve
from recommendations.selectors.popular import _union
from recommendations.selectors.ranking import Recommendation, oversample, rank

_NOUNS = {"View": "views", "AddToCart": "cart adds", "Purchase": "purchases"}


def window_words(hours: float) -> str:
    """ "the last day", "the last 6 hours", "the last week": how a reason names the window."""
    named = {1: "the last hour", 24: "the last day", 168: "the last week"}
    if hours in named:
        return named[hours]
    if hours % 168 == 0:
        return f"the last {int(hours // 168)} weeks"
    if hours % 24 == 0:
        return f"the last {int(hours // 24)} days"
    return f"the last {hours:g} hours"


def _noun(event_weights: dict[str, float]) -> str:
    """What the model counted: "views" when it learns from views only, else "interactions"."""
    kinds = [kind for kind, weight in event_weights.items() if weight > 0]
    return _NOUNS.get(kinds[0], "interactions") if len(kinds) == 1 else "interactions"


def _reason(recent: float, expected: float, noun: str, window: str) -> str:
    # The raw rise, not the smoothed score: "up 300%" must be what a shopper could count.
    if expected <= 0:
        return f"Trending: {recent:g} {noun} in {window}, none before"
    return f"Trending: {noun} up {round((recent / expected - 1) * 100):,}% in {window}"


def trend_reasons(loaded: LoadedModel, product_ids: list[int]) -> list[str]:
    """ "Trending: views up 240% in the last day" per product, from the model's own counts."""
    model: TrendingRecommender = loaded.model
    assert model.recent is not None and model.expected is not None
    pos, known = loaded.item_lookup(product_ids)
    noun, window = _noun(loaded.event_weights), window_words(model.window_hours)
    return [
        _reason(float(model.recent[i]), float(model.expected[i]), noun, window) if ok else ""
        for i, ok in zip(pos, known, strict=True)
    ]


def trending_items(
    *,
    recommender: str,
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
    item_filter: Filter | ItemFilter | str | None = None,
    filter_values: Mapping[str, str] | None = None,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
) -> Recommendation:
    """The live trending model's products with their reasons; empty without one or when nothing
    is trending (a trending row padded with popular items would say something untrue)."""
    loaded = live_model(recommender)
    if loaded is None or not isinstance(loaded.model, TrendingRecommender):
        return Recommendation(recommender, [], [], getattr(loaded, "version_id", None))
    exclude = set(exclude_product_ids or ())
    ruled_out = filter_excluded_indices(
        loaded, item_filter_resolve(item_filter, filter_values), user=user, visitor_id=visitor_id
    )
    ids, scores = loaded.model.recommend(
        N=oversample(num_results, len(exclude)), filter_items=_union(loaded.item_index(sorted(exclude)), ruled_out)
    )
    result = rank(loaded, np.asarray(ids), np.asarray(scores), exclude, num_results)
    result.reasons = trend_reasons(loaded, result.product_ids)
    return result
