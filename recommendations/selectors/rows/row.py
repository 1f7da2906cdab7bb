"""A rendered recommendation row (``RecommendationRow``): its title, cards and each card's reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import live_model
from recommendations.defaults import (
    ALSO_VIEWED,
    BEST_SELLERS,
    BOUGHT_TOGETHER,
    MOST_VIEWED,
    NEW_ARRIVALS_ROW,
    RECOMMENDED_FOR_YOU,
    SIMILAR_ITEMS_SLUG,
    TRENDING_NOW,
)
from recommendations.selectors.history import (
    HistoryEvent,
    user_history,
)
from recommendations.selectors.ranking import Recommendation
from recommendations.selectors.serving import (
    PROMOTED_REASON,
    products_in_order,
)
from recommendations.selectors.trending import window_words
from shop.models import Product

# The page-part version of what staff configure rows with: stored filters and recommenders.
SERVING_CONFIG = "recommendation-config"

TITLES = {
    RECOMMENDED_FOR_YOU: "Inspired by your shopping trends",
    MOST_VIEWED: "Most viewed",
    BEST_SELLERS: "Best sellers",
    ALSO_VIEWED: "Customers who viewed this also viewed",
    BOUGHT_TOGETHER: "Frequently bought together",
    TRENDING_NOW: "Trending now",
    SIMILAR_ITEMS_SLUG: "Similar items",
    NEW_ARRIVALS_ROW: "New arrivals",
}


HOME_PROMOTION = "home-promoted"

# A related row's per-card reason, naming the product the model paired each card with.
PAIR_REASONS = {
    BOUGHT_TOGETHER: "Often bought with {name}",
    ALSO_VIEWED: "Viewed by shoppers who viewed {name}",
}


@dataclass(frozen=True)
class RecommendationRow:
    recommender: str
    title: str
    products: list[Product]
    recommendation_id: str
    version_id: int | None
    explanation: str
    reasons: tuple[str, ...] = ()  # per product, "" when there is none
    backfilled: int = 0  # the last so many products are popular items padding a short row
    # Set on rows served from the rows cache: the same key means the same products and reasons, so
    # a page may cache the row's markup under it (with the recommendation id filled in per view).
    cache_key: str = ""

    @property
    def entries(self) -> list[tuple[Product, str]]:
        """(product, reason) pairs for templates."""
        reasons = self.reasons or ("",) * len(self.products)
        return list(zip(self.products, reasons, strict=True))


_VERBS = {"Purchase": "bought", "AddToCart": "added", "View": "viewed"}
_STRENGTH = ["View", "RemoveFromCart", "AddToCart", "Purchase"]


def _pair_reasons(result: Recommendation, products: list[Product], pool: dict[int, Product]) -> tuple[str, ...]:
    """ "Often bought with X" on every card of a related row, X being the model's side of the pair."""
    phrase = PAIR_REASONS.get(result.recommender)
    name = None
    if phrase and result.paired_with in pool:
        name = pool[result.paired_with].name
    elif phrase:
        name = Product.objects.filter(pk=result.paired_with).values_list("name", flat=True).first()
    return (phrase.format(name=name),) * len(products) if name and products else ()


def _reasons(
    result: Recommendation, products: list[Product], history: list[HistoryEvent], pool: dict[int, Product]
) -> tuple[str, ...]:
    """The model's reasons, with "Promoted" on the cards a promotion placed."""
    promoted = {pid for pid, name in zip(result.product_ids, result.promotion_names, strict=False) if name}
    if not promoted:
        return _model_reasons(result, products, history, pool)
    others = [r for pid, r in zip(result.product_ids, result.reasons, strict=False) if pid not in promoted]
    base = replace(
        result,
        reasons=[("" if pid in promoted else r) for pid, r in zip(result.product_ids, result.reasons, strict=True)]
        if any(others)
        else [],
    )
    reasons = _model_reasons(base, products, history, pool) or ("",) * len(products)
    return tuple(PROMOTED_REASON if p.pk in promoted else r for p, r in zip(products, reasons, strict=True))


def _model_reasons(
    result: Recommendation, products: list[Product], history: list[HistoryEvent], pool: dict[int, Product]
) -> tuple[str, ...]:
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
            pool,
        )
        return tuple(given.get(p.pk) or r for p, r in zip(products, own or ("",) * len(products), strict=True))
    if result.paired_with is not None:
        return _pair_reasons(result, products, pool)
    if not result.because:
        return ()
    strongest: dict[int, str] = {}
    for event in history:
        current = strongest.get(event.product_id)
        if current is None or _STRENGTH.index(event.event_type) > _STRENGTH.index(current):
            strongest[event.product_id] = event.event_type
    because = dict(zip(result.product_ids, result.because, strict=True))
    sources = {b for b in result.because if b}
    names = {pid: pool[pid].name for pid in sources if pid in pool}
    if sources - set(names):
        names.update(Product.objects.filter(pk__in=sources - set(names)).values_list("pk", "name"))
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


_POPULAR_VERBS = {MOST_VIEWED: "Viewed", BEST_SELLERS: "Bought"}


def _popular_reasons(result: Recommendation) -> list[str]:
    """ "Viewed 42 times in the last 30 days" per card of a popularity row, from its own scores.

    A model's score is a count only when every event weighs 1; with other weights the cards say
    nothing rather than a wrong number.
    """
    verb = _POPULAR_VERBS.get(result.recommender)
    if verb is None or not result:
        return []
    suffix = " so far"
    if result.version_id is not None:
        loaded = live_model(result.recommender)
        if loaded is None or loaded.version_id != result.version_id:
            return []
        if any(weight != 1 for weight in loaded.event_weights.values()):
            return []
        window = loaded.params.get("window_days")
        suffix = f" in the last {window:g} days" if window else ""
    return [f"{verb} {int(score)} time{'' if int(score) == 1 else 's'}{suffix}" for score in result.scores]


def _row(
    result: Recommendation,
    explanation: str,
    history: list[HistoryEvent] | None = None,
    pool: dict[int, Product] | None = None,
) -> RecommendationRow:
    """``pool``: the page's products read so far (see ``products_in_order``)."""
    pool = pool if pool is not None else {}
    if not result.because and result.paired_with is None:
        # A promotion leaves "" on the cards it did not place: they keep their count.
        counted = _popular_reasons(result)
        if counted:
            given = result.reasons or [""] * len(counted)
            result.reasons = [r or c for r, c in zip(given, counted, strict=True)]
    products = products_in_order(result.product_ids, pool)
    return RecommendationRow(
        recommender=result.recommender,
        title=TITLES.get(result.recommender, result.recommender),
        products=products,
        recommendation_id=result.recommendation_id,
        version_id=result.version_id,
        explanation=explanation,
        reasons=_reasons(result, products, history or [], pool),
    )


def recommendation_reasons(
    result: Recommendation, *, user: AbstractBaseUser | None = None, visitor_id: str = ""
) -> list[str]:
    """The reason on each of ``result``'s items, as its card in a row says it ("Because you
    viewed X", "Often bought with X", "Viewed 42 times in the last 30 days", "Promoted"); "" where
    there is none. For the API, so a client shows what the storefront shows."""
    if not result:
        return []
    history = (result.history or user_history(user=user, visitor_id=visitor_id)) if result.because else []
    row = _row(result, "", history)
    by_product = dict(zip((p.pk for p in row.products), row.reasons or ("",) * len(row.products), strict=True))
    return [by_product.get(pid, "") for pid in result.product_ids]


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
