"""New arrivals: the newest products of the live catalogue, with how long ago each was added.

Read from the catalogue table at request time, not only from the trained model, so a product
added a minute ago is in the row; the live model (when there is one) adds each known item's early
traction and its own ``max_age_days``.
"""

from __future__ import annotations

import time

import numpy as np
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import live_model
from recommendations.engine import NewArrivalsRecommender
from recommendations.engine.base import top_n
from recommendations.engine.matrix import SECONDS_PER_DAY
from recommendations.engine.newarrivals import arrival_scores
from recommendations.recipes import NEW_ARRIVALS
from recommendations.selectors.catalogue import item_table
from recommendations.selectors.filters import ItemFilter, filter_allowed
from recommendations.selectors.ranking import Recommendation, oversample, rank_products


def arrival_reason(created: float, now: float | None = None) -> str:
    """ "New arrival: added 3 days ago" (today, yesterday, N days ago), from the creation time."""
    days = int(max((now or time.time()) - created, 0.0) // SECONDS_PER_DAY)
    when = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    return f"New arrival: added {when}"


def arrival_reasons(product_ids: list[int], now: float | None = None) -> list[str]:
    table = item_table()
    at = table.positions(product_ids)
    created = table.column("CREATION_TIMESTAMP")
    return [arrival_reason(float(created[i]), now) if i >= 0 else "" for i in at]


def arrivals_max_age_days(recommender: str = "new-arrivals") -> float:
    """The age limit the row is served with: the live model's, else the recipe's default."""
    loaded = live_model(recommender)
    if loaded is not None and isinstance(loaded.model, NewArrivalsRecommender):
        return loaded.model.max_age_days
    return float(NEW_ARRIVALS.defaults.get("max_age_days") or 30.0)


def new_arrivals_items(
    *,
    recommender: str,
    num_results: int = 25,
    exclude_product_ids: set[int] | None = None,
    now: float | None = None,
    item_filter: ItemFilter | None = None,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
) -> Recommendation:
    """The newest in-stock products, at most ``max_age_days`` old, each with its "New arrival" reason.

    Works without a trained model (traction is then zero); empty when nothing is new. The filter
    is a mask over the whole catalogue, as it is over a model's items.
    """
    now = now or time.time()
    loaded = live_model(recommender)
    model = loaded.model if loaded is not None and isinstance(loaded.model, NewArrivalsRecommender) else None
    params = {**NEW_ARRIVALS.defaults, **(loaded.params if model is not None else {})}
    max_age = arrivals_max_age_days(recommender)
    options = NEW_ARRIVALS.serving_options(params)
    table = item_table()
    traction = np.zeros(len(table), dtype=np.float32)
    if model is not None and model.traction is not None:
        pos, known = loaded.item_lookup(table.item_ids)
        traction[known] = model.traction[pos[known]]
    scores = arrival_scores(table.column("CREATION_TIMESTAMP"), traction, now, max_age)
    if item_filter is not None:
        allowed = filter_allowed(item_filter, table, user=user, visitor_id=visitor_id)
        scores = np.where(allowed, scores, -np.inf).astype(scores.dtype)
    exclude = set(exclude_product_ids or ())
    ids, best = top_n(scores, oversample(num_results, len(exclude)), table.positions(sorted(exclude)))
    version_id = getattr(loaded, "version_id", None) if model is not None else None
    product_ids = [int(p) for p in table.item_ids[ids]]
    result = rank_products(recommender, product_ids, best, exclude, num_results, options, version_id)
    result.reasons = arrival_reasons(result.product_ids, now)
    return result
