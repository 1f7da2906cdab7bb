"""The home and product pages' rows, cached per shopper history, model versions, catalogue and staff settings."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import live_model_problem, live_versions
from recommendations.defaults import (
    ALSO_VIEWED,
    BEST_SELLERS,
    BOUGHT_TOGETHER,
    EXCLUDE_PURCHASED_FILTER,
    MOST_VIEWED,
    NEW_ARRIVALS_ROW,
    PROMOTED_ITEMS_FILTER,
    RECOMMENDED_FOR_YOU,
    SAME_CATEGORY_FILTER,
    SIMILAR_ITEMS_SLUG,
    TRENDING_NOW,
)
from recommendations.models import Recommender
from recommendations.selectors.filters import FilterRequestError, ItemFilter, item_filter_resolve
from recommendations.selectors.history import (
    HistoryEvent,
    history_fingerprint,
    purchased_product_ids,
    user_history,
)
from recommendations.selectors.newarrivals import arrivals_max_age_days, new_arrivals_items
from recommendations.selectors.personal import user_recommendations
from recommendations.selectors.popular import popular_items
from recommendations.selectors.ranking import Recommendation
from recommendations.selectors.rows.backfill import rows_backfilled
from recommendations.selectors.rows.row import (
    HOME_PROMOTION,
    SERVING_CONFIG,
    UNAVAILABLE,
    RecommendationRow,
    _limit,
    _popular_explanation,
    _row,
    _taste_explanation,
    _trending_explanation,
)
from recommendations.selectors.serving import (
    products_in_order,
    promoted_slots,
    promotion_apply,
    related_items,
)
from recommendations.selectors.trending import trending_items
from shop.models import Product
from shop.page_parts import catalogue_version, page_part, version_get


def item_filter_stored(name: str) -> ItemFilter | None:
    """A stored filter the storefront uses, None when staff deleted it (the page must still render)."""
    try:
        return item_filter_resolve(name)
    except FilterRequestError:
        return None


def _promoted(
    result: Recommendation,
    recommender: str,
    n: int,
    *,
    user: AbstractBaseUser | None,
    visitor_id: str,
    item_filter: ItemFilter | None = None,
) -> Recommendation:
    """The home page's first row with RECOMMENDATIONS_HOME_PROMOTION_PERCENT of its cards for
    promoted products (the same recommender ranks them), as a Personalize promotion would."""
    percent = settings.RECOMMENDATIONS_HOME_PROMOTION_PERCENT
    promotion = item_filter_stored(PROMOTED_ITEMS_FILTER)
    k = promoted_slots(percent, n) if percent else 0
    if promotion is None or k == 0:
        return result
    history_free = {"user": user, "visitor_id": visitor_id}
    if recommender == RECOMMENDED_FOR_YOU:
        # The history the row was scored from, not read a second time.
        promoted = user_recommendations(
            recommender=recommender,
            num_results=k,
            item_filter=promotion,
            explain=False,
            history=result.history or None,
            **history_free,
        )
    else:
        promoted = popular_items(recommender=recommender, num_results=k, item_filter=promotion, **history_free)
    if not promoted:
        return result
    kept = replace(
        result,
        product_ids=result.product_ids[: n - len(promoted.product_ids)],
        scores=result.scores[: n - len(promoted.product_ids)],
    )
    return promotion_apply(kept, promoted, name=HOME_PROMOTION)


def _new_arrivals_result(n: int, exclude: set[int]) -> tuple[Recommendation, str] | None:
    """For a shopper without a personal row (they get new items through exploration instead)."""
    arrivals = new_arrivals_items(recommender=NEW_ARRIVALS_ROW, num_results=n, exclude_product_ids=exclude)
    if not arrivals:
        return None
    max_age = arrivals_max_age_days()
    return arrivals, f"Added to the shop in the last {max_age:g} days, newest first"


def _rows_built(
    results: list[tuple[Recommendation, str, list[HistoryEvent] | None]], pool: dict[int, Product] | None = None
) -> list[RecommendationRow]:
    """The rows of a page, their products read in one query between them (``pool``: ones already read)."""
    pool = pool if pool is not None else {}
    products_in_order([pid for result, _, _ in results for pid in result.product_ids], pool)
    return [_row(result, explanation, history, pool) for result, explanation, history in results]


# The home rows (and a product page's) are a function of the shopper's history, the live models, the catalogue and what
# staff configured (exploration and trending read the clock too, within minutes): cached for each
# of those (see ``shop.page_parts``), and shared by every anonymous visitor without history. Each
# copy is served under its own recommendation id, so impressions and clicks stay per page view.
HOME_ROWS = "home-rows"
PRODUCT_ROWS = "product-rows"


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def serving_versions() -> tuple[str, ...]:
    """What any recommendation answer is a function of besides the shopper and the request: the
    catalogue, staff's configuration (stored filters, recommenders) and the live models."""
    return (
        catalogue_version(),
        version_get(SERVING_CONFIG),
        *(f"{slug}={pk}" for slug, (pk, _) in sorted(live_versions().items())),
    )


def recommender_ids() -> dict[str, int]:
    """Recommender slug -> primary key, read once per change of the recommenders (every page's
    impressions name theirs)."""
    return page_part(
        "recommender-ids", (version_get(SERVING_CONFIG),), lambda: dict(Recommender.objects.values_list("slug", "id"))
    )


def _rows_cached(name: str, shopper: tuple[str, ...], n: int, build) -> list[RecommendationRow]:
    """``build()``'s rows, cached for ``shopper`` (who, and a digest of what of theirs the rows read)
    under the live models, the catalogue and staff's configuration; each copy under a new
    recommendation id."""
    versions = (*shopper, str(n), *serving_versions())
    # The token tells one build of the rows from the next under the same versions (see cache_key).
    token, rows = page_part(name, versions, lambda: (uuid.uuid4().hex, build()))
    return [replace(row, recommendation_id=uuid.uuid4().hex, cache_key=f"{token}:{i}") for i, row in enumerate(rows)]


def home_rows(*, user: AbstractBaseUser | None, visitor_id: str, limit: int | None = None) -> list[RecommendationRow]:
    """Personal row once there is enough history, else most viewed and new arrivals; best sellers
    after them, then trending now when something is.

    A logged-in shopper needs one event of their own; an anonymous browser needs
    RECOMMENDATIONS_ANONYMOUS_MIN_EVENTS (the reference demo switches after 3).
    """
    n = _limit(limit)
    # The history's count and newest event stand for it in the key: a hit never reads the history.
    fingerprint = history_fingerprint(user=user, visitor_id=visitor_id)
    if user is not None and user.is_authenticated:
        # The visitor id too: the rows weigh the events of this browser's visit more.
        shopper = f"user:{user.pk}:{visitor_id}"
    else:
        shopper = f"visitor:{visitor_id}" if fingerprint[0] else "anonymous"

    def build() -> list[RecommendationRow]:
        return _home_rows(user, visitor_id, n, user_history(user=user, visitor_id=visitor_id))

    return _rows_cached(HOME_ROWS, (shopper, repr(fingerprint)), n, build)


def _home_rows(
    user: AbstractBaseUser | None, visitor_id: str, n: int, history: list[HistoryEvent]
) -> list[RecommendationRow]:
    results: list[tuple[Recommendation, str, list[HistoryEvent] | None]] = []
    # What the shopper bought is left out by the stored filter (Personalize's way); the ad-hoc set
    # only when staff deleted it. Padding reads no filter, so it always leaves the purchases out.
    bought = item_filter_stored(EXCLUDE_PURCHASED_FILTER)
    bought_ids = {e.product_id for e in history if e.event_type == "Purchase"}
    purchased = set() if bought is not None else bought_ids
    shopper = {"user": user, "visitor_id": visitor_id, "item_filter": bought}
    if enough_history(user=user, history=history):
        personal = user_recommendations(
            recommender=RECOMMENDED_FOR_YOU, user=user, visitor_id=visitor_id, num_results=n, history=history
        )
        if personal:
            personal = _promoted(personal, RECOMMENDED_FOR_YOU, n, user=user, visitor_id=visitor_id)
            results.append((personal, _taste_explanation(personal, history), history))
    if not results:
        most_viewed = popular_items(recommender=MOST_VIEWED, num_results=n, exclude_product_ids=purchased, **shopper)
        most_viewed = _promoted(most_viewed, MOST_VIEWED, n, user=user, visitor_id=visitor_id, item_filter=bought)
        explanation = _popular_explanation(most_viewed, "viewed")
        if enough_history(user=user, history=history) and live_model_problem(RECOMMENDED_FOR_YOU):
            # Say so: a shopper who had a personal row must not think this is it.
            explanation = UNAVAILABLE.format(what="your personal recommendations")
        results.append((most_viewed, explanation, None))
        arrivals = _new_arrivals_result(n, bought_ids | set(most_viewed.product_ids))
        if arrivals is not None:
            results.append((*arrivals, None))
    # A product already on the page above is not shown again.
    shown = {pid for result, _, _ in results for pid in result.product_ids}
    best = popular_items(recommender=BEST_SELLERS, num_results=n, exclude_product_ids=purchased | shown, **shopper)
    results.append((best, _popular_explanation(best, "purchased"), None))
    shown |= set(best.product_ids)
    # Empty (so hidden) without a live model or when nothing is rising: never padded with popular items.
    trending = trending_items(recommender=TRENDING_NOW, num_results=n, exclude_product_ids=purchased | shown, **shopper)
    if trending:
        results.append((trending, _trending_explanation(trending), None))
    rows = _rows_built(results)
    return rows_backfilled([row for row in rows if row.products], n, exclude_product_ids=bought_ids)


def _similar_result(*, product: Product, n: int, exclude: set[int]) -> tuple[Recommendation, str, None]:
    # As the reference demo's "compare similar items": alternatives of the product's own category
    # (the stored "same-category" filter; unfiltered when staff deleted it).
    similar = related_items(
        recommender=SIMILAR_ITEMS_SLUG,
        product_id=product.pk,
        num_results=n,
        exclude_product_ids=exclude,
        item_filter=item_filter_stored(SAME_CATEGORY_FILTER),
    )
    return similar, f"Like {product.name} in style, price and description", None


def product_rows(
    *, product: Product, user: AbstractBaseUser | None, visitor_id: str, limit: int | None = None
) -> list[RecommendationRow]:
    """ "Customers who viewed this also viewed" (minus what the shopper bought), "Frequently bought
    together" and "Similar items" (full even for a product nobody has viewed yet)."""
    n = _limit(limit)
    purchased = purchased_product_ids(user=user, visitor_id=visitor_id)
    return _rows_cached(
        PRODUCT_ROWS,
        (f"product:{product.pk}", _digest(sorted(purchased))),
        n,
        lambda: _product_rows(product, n, purchased),
    )


def _product_rows(product: Product, n: int, purchased: set[int]) -> list[RecommendationRow]:
    also_viewed = related_items(
        recommender=ALSO_VIEWED, product_id=product.pk, num_results=n, exclude_product_ids=purchased
    )
    together = related_items(recommender=BOUGHT_TOGETHER, product_id=product.pk, num_results=n)
    # Similar items blends in co-view, so it would repeat the rows above: it shows the next ones.
    shown = set(also_viewed.product_ids) | set(together.product_ids)
    results = [
        (also_viewed, f"Shoppers who viewed {product.name} also looked at these", None),
        (together, f"Often in the same basket as {product.name}", None),
        _similar_result(product=product, n=n, exclude=purchased | shown),
    ]
    # The page's own product is known: the pair reasons name it without reading it again.
    rows = [row for row in _rows_built(results, {product.pk: product}) if row.products]
    broken = [slug for slug in (ALSO_VIEWED, BOUGHT_TOGETHER, SIMILAR_ITEMS_SLUG) if live_model_problem(slug)]
    if broken and not rows:
        popular = popular_items(recommender=MOST_VIEWED, num_results=n, exclude_product_ids=purchased | {product.pk})
        rows.append(_row(popular, UNAVAILABLE.format(what="related products")))
    return rows_backfilled(rows, n, exclude_product_ids=purchased | {product.pk}, category_id=product.category_id)


def enough_history(*, user: AbstractBaseUser | None, history: list[HistoryEvent]) -> bool:
    """Whether the shopper has done enough for personal results: one event of their own when
    logged in, RECOMMENDATIONS_ANONYMOUS_MIN_EVENTS for an anonymous browser."""
    authenticated = user is not None and user.is_authenticated
    return len(history) >= (1 if authenticated else settings.RECOMMENDATIONS_ANONYMOUS_MIN_EVENTS)


# --- Backfill: a short row is padded with popular items, each card saying so --------------------
