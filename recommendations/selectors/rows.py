"""The recommendation rows the storefront renders, with their titles and explanations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import live_model, live_model_problem
from recommendations.defaults import (
    ALSO_VIEWED,
    BEST_SELLERS,
    BOUGHT_TOGETHER,
    MOST_VIEWED,
    NEW_ARRIVALS_ROW,
    RECOMMENDED_FOR_YOU,
    TRENDING_NOW,
)
from recommendations.selectors.history import HistoryEvent, purchased_product_ids, user_history
from recommendations.selectors.newarrivals import arrivals_max_age_days, new_arrivals_items
from recommendations.selectors.personal import user_recommendations
from recommendations.selectors.popular import popular_items
from recommendations.selectors.ranking import Recommendation
from recommendations.selectors.serving import products_in_order, related_items
from recommendations.selectors.trending import trending_items, window_words
from shop.models import Product

TITLES = {
    RECOMMENDED_FOR_YOU: "Inspired by your shopping trends",
    MOST_VIEWED: "Most viewed",
    BEST_SELLERS: "Best sellers",
    ALSO_VIEWED: "Customers who viewed this also viewed",
    BOUGHT_TOGETHER: "Frequently bought together",
    TRENDING_NOW: "Trending now",
    NEW_ARRIVALS_ROW: "New arrivals",
}


# A related row's per-card reason, naming the product the model paired each card with.
PAIR_REASONS = {BOUGHT_TOGETHER: "Often bought with {name}"}


@dataclass(frozen=True)
class RecommendationRow:
    recommender: str
    title: str
    products: list[Product]
    recommendation_id: str
    version_id: int | None
    explanation: str
    reasons: tuple[str, ...] = ()  # per product, "" when there is none

    @property
    def entries(self) -> list[tuple[Product, str]]:
        """(product, reason) pairs for templates."""
        reasons = self.reasons or ("",) * len(self.products)
        return list(zip(self.products, reasons, strict=True))


_VERBS = {"Purchase": "bought", "AddToCart": "added", "View": "viewed"}
_STRENGTH = ["View", "RemoveFromCart", "AddToCart", "Purchase"]


def _pair_reasons(result: Recommendation, products: list[Product]) -> tuple[str, ...]:
    """ "Often bought with X" on every card of a related row, X being the model's side of the pair."""
    phrase = PAIR_REASONS.get(result.recommender)
    name = Product.objects.filter(pk=result.paired_with).values_list("name", flat=True).first() if phrase else None
    return (phrase.format(name=name),) * len(products) if name and products else ()


def _reasons(result: Recommendation, products: list[Product], history: list[HistoryEvent]) -> tuple[str, ...]:
    """ "Because you viewed X" per product, from the model's own decomposition of each score, or
    the model's own per-product reasons when it gives them (trending, pairs)."""
    given = dict(zip(result.product_ids, result.reasons, strict=True)) if result.reasons else {}
    if given and not result.because:
        return tuple(given.get(product.pk, "") for product in products)
    if given:
        # A personal row with explored items: their "New arrival" beside the others' "Because you...".
        own = _reasons(
            Recommendation(
                result.recommender, result.product_ids, result.scores, result.version_id, because=result.because
            ),
            products,
            history,
        )
        return tuple(given.get(p.pk) or r for p, r in zip(products, own or ("",) * len(products), strict=True))
    if result.paired_with is not None:
        return _pair_reasons(result, products)
    if not result.because:
        return ()
    strongest: dict[int, str] = {}
    for event in history:
        current = strongest.get(event.product_id)
        if current is None or _STRENGTH.index(event.event_type) > _STRENGTH.index(current):
            strongest[event.product_id] = event.event_type
    because = dict(zip(result.product_ids, result.because, strict=True))
    names = dict(Product.objects.filter(pk__in={b for b in result.because if b}).values_list("pk", "name"))
    reasons = []
    for product in products:
        source = because.get(product.pk)
        if source in names:
            reasons.append(f"Because you {_VERBS.get(strongest.get(source, ''), 'viewed')} {names[source]}")
        elif product.pk in strongest:
            reasons.append(f"You {_VERBS.get(strongest[product.pk], 'viewed')} this recently")
        else:
            reasons.append("")
    return tuple(reasons)


def _row(result: Recommendation, explanation: str, history: list[HistoryEvent] | None = None) -> RecommendationRow:
    products = products_in_order(result.product_ids)
    return RecommendationRow(
        recommender=result.recommender,
        title=TITLES.get(result.recommender, result.recommender),
        products=products,
        recommendation_id=result.recommendation_id,
        version_id=result.version_id,
        explanation=explanation,
        reasons=_reasons(result, products, history or []),
    )


def _limit(limit: int | None) -> int:
    return limit or settings.RECOMMENDATIONS_ROW_SIZE


_NOUNS = {"View": ("view", "views"), "AddToCart": ("cart add", "cart adds"), "Purchase": ("purchase", "purchases")}


def _counted(history: list[HistoryEvent]) -> str:
    """ "12 views, 2 cart adds and 1 purchase": only the kinds there are."""
    counts = Counter(e.event_type for e in history if e.event_type in _NOUNS)
    parts = [f"{counts[kind]} {_NOUNS[kind][counts[kind] != 1]}" for kind in _NOUNS if counts[kind]]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else "activity"


def _taste_explanation(result: Recommendation, history: list[HistoryEvent]) -> str:
    """The categories the row was computed from, weighted as the row weighed them (recent events
    count more), so the line and the cards cannot disagree."""
    weights = result.taste_weights or {e.product_id: 1.0 for e in history}
    category_of = dict(Product.objects.filter(id__in=list(weights)).values_list("id", "category__name"))
    by_category: Counter[str] = Counter()
    for product_id, weight in weights.items():
        if product_id in category_of:
            by_category[category_of[product_id].lower()] += weight
    top = [name for name, _ in by_category.most_common(3)]
    interests = ", ".join(top[:-1]) + (" and " if len(top) > 1 else "") + top[-1] if top else "what you browse"
    return f"Based on your {_counted(history)}, mostly {interests}"


UNAVAILABLE = "Popular right now: {what} are unavailable at the moment"


def _popular_explanation(result: Recommendation, event: str) -> str:
    if result.version_id is None:
        return f"Most {event} products so far (no trained model is live yet)"
    return f"Most {event} in the last 30 days"


def _trending_explanation(result: Recommendation) -> str:
    loaded = live_model(result.recommender)
    window = window_words(loaded.model.window_hours) if loaded is not None else "the latest window"
    return f"Rising fastest in {window} compared with their usual rate"


def _new_arrivals_row(n: int, exclude: set[int]) -> list[RecommendationRow]:
    """For a shopper without a personal row (they get new items through exploration instead)."""
    arrivals = new_arrivals_items(recommender=NEW_ARRIVALS_ROW, num_results=n, exclude_product_ids=exclude)
    if not arrivals:
        return []
    max_age = arrivals_max_age_days()
    return [_row(arrivals, f"Added to the shop in the last {max_age:g} days, newest first")]


def home_rows(*, user: AbstractBaseUser | None, visitor_id: str, limit: int | None = None) -> list[RecommendationRow]:
    """Personal row once there is enough history, else most viewed and new arrivals; best sellers
    after them, then trending now when something is.

    A logged-in shopper needs one event of their own; an anonymous browser needs
    RECOMMENDATIONS_ANONYMOUS_MIN_EVENTS (the reference demo switches after 3).
    """
    n = _limit(limit)
    history = user_history(user=user, visitor_id=visitor_id)
    authenticated = user is not None and user.is_authenticated
    min_events = 1 if authenticated else settings.RECOMMENDATIONS_ANONYMOUS_MIN_EVENTS
    rows: list[RecommendationRow] = []
    purchased = {e.product_id for e in history if e.event_type == "Purchase"}
    if len(history) >= min_events:
        personal = user_recommendations(
            recommender=RECOMMENDED_FOR_YOU, user=user, visitor_id=visitor_id, num_results=n, history=history
        )
        if personal:
            rows.append(_row(personal, _taste_explanation(personal, history), history))
    if not rows:
        most_viewed = popular_items(recommender=MOST_VIEWED, num_results=n, exclude_product_ids=purchased)
        explanation = _popular_explanation(most_viewed, "viewed")
        if len(history) >= min_events and live_model_problem(RECOMMENDED_FOR_YOU):
            # Say so: a shopper who had a personal row must not think this is it.
            explanation = UNAVAILABLE.format(what="your personal recommendations")
        rows.append(_row(most_viewed, explanation))
        rows += _new_arrivals_row(n, purchased | {product.pk for product in rows[-1].products})
    # A product already on the page above is not shown again.
    shown = {product.pk for row in rows for product in row.products}
    best = popular_items(recommender=BEST_SELLERS, num_results=n, exclude_product_ids=purchased | shown)
    rows.append(_row(best, _popular_explanation(best, "purchased")))
    shown |= {product.pk for product in rows[-1].products}
    # Empty (so hidden) without a live model or when nothing is rising: never padded with popular items.
    trending = trending_items(recommender=TRENDING_NOW, num_results=n, exclude_product_ids=purchased | shown)
    if trending:
        rows.append(_row(trending, _trending_explanation(trending)))
    return [row for row in rows if row.products]


def product_rows(
    *, product: Product, user: AbstractBaseUser | None, visitor_id: str, limit: int | None = None
) -> list[RecommendationRow]:
    """ "Customers who viewed this also viewed" (minus what the shopper bought) and "Frequently bought together"."""
    n = _limit(limit)
    purchased = purchased_product_ids(user=user, visitor_id=visitor_id)
    also_viewed = related_items(
        recommender=ALSO_VIEWED, product_id=product.pk, num_results=n, exclude_product_ids=purchased
    )
    together = related_items(recommender=BOUGHT_TOGETHER, product_id=product.pk, num_results=n)
    rows = [
        _row(also_viewed, f"Shoppers who viewed {product.name} also looked at these"),
        _row(together, f"Often in the same basket as {product.name}"),
    ]
    rows = [row for row in rows if row.products]
    broken = [slug for slug in (ALSO_VIEWED, BOUGHT_TOGETHER) if live_model_problem(slug)]
    if broken and not rows:
        popular = popular_items(recommender=MOST_VIEWED, num_results=n, exclude_product_ids=purchased | {product.pk})
        rows.append(_row(popular, UNAVAILABLE.format(what="related products")))
    return rows
