"""The recommendation rows the storefront renders, with their titles and explanations."""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from recommendations.artifacts import live_model, live_model_problem, live_versions
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
from recommendations.selectors.personal import PersonalRanking, personal_ranking, user_recommendations
from recommendations.selectors.popular import popular_items, popular_products
from recommendations.selectors.ranking import Recommendation
from recommendations.selectors.serving import (
    PROMOTED_REASON,
    basket_items,
    products_in_order,
    promoted_slots,
    promotion_apply,
    related_items,
)
from recommendations.selectors.trending import trending_items, window_words
from shop.models import Product
from shop.page_parts import catalogue_version, page_part, version_get

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

POPULAR_IN = "Popular in {category}"
POPULAR_NOW = "Popular right now"
# "Nothing is trending" and "nothing is new" are answers: these rows are never padded.
NEVER_PADDED = frozenset({TRENDING_NOW, NEW_ARRIVALS_ROW})


def row_backfilled(
    row: RecommendationRow, n: int, *, exclude_product_ids: set[int], category_id: int | None = None
) -> RecommendationRow:
    """``row`` padded up to ``n`` products with the most viewed ones in stock (those of
    ``category_id`` first), none of ``exclude_product_ids`` nor of the row itself.

    Each padded card's reason is "Popular in <its category>" when it is of the row's category,
    else "Popular right now". A row without products stays empty (hidden): padding never invents
    a row its model did not answer.
    """
    missing = n - len(row.products)
    if missing <= 0 or not row.products or row.recommender in NEVER_PADDED:
        return row
    taken = set(exclude_product_ids) | {product.pk for product in row.products}
    padding = popular_products(num_results=missing, exclude_product_ids=taken, category_id=category_id)
    if not padding:
        return row
    reasons = row.reasons or ("",) * len(row.products)
    padded = tuple(
        POPULAR_IN.format(category=p.category.name)
        if category_id is not None and p.category_id == category_id
        # Not of the row's category: "popular in X" would claim a context the row does not have.
        else POPULAR_NOW
        for p in padding
    )
    return dataclasses.replace(
        row, products=[*row.products, *padding], reasons=reasons + padded, backfilled=len(padding)
    )


def rows_backfilled(
    rows: list[RecommendationRow], n: int, *, exclude_product_ids: set[int], category_id: int | None = None
) -> list[RecommendationRow]:
    """Every row padded to ``n`` (see ``row_backfilled``), top row first, never with a product
    shown anywhere on the page."""
    shown = set(exclude_product_ids) | {product.pk for row in rows for product in row.products}
    filled = []
    for row in rows:
        row = row_backfilled(row, n, exclude_product_ids=shown, category_id=category_id)
        shown |= {product.pk for product in row.products}
        filled.append(row)
    return filled


# --- "Recommended for you" as a sort of category pages and search results ------------------------


@dataclass(frozen=True)
class PersonalSort:
    """The personal order offered to a shopper, or why it is not (for the sort menu)."""

    ranking: PersonalRanking | None
    note: str  # why the order is not offered, "" when it is

    @property
    def available(self) -> bool:
        return self.ranking is not None


SORT_NEEDS_HISTORY = "Recommended for you appears once you have looked at a few products."
SORT_UNAVAILABLE = "Recommended for you is unavailable at the moment."
SORT_NOT_YET = "Recommended for you appears once the next model has learned from your browsing."


def personal_sort(*, user: AbstractBaseUser | None, visitor_id: str) -> PersonalSort:
    """The live personal model's order for this shopper, under home_rows' history thresholds."""
    history = user_history(user=user, visitor_id=visitor_id)
    if not enough_history(user=user, history=history):
        return PersonalSort(None, SORT_NEEDS_HISTORY)
    ranking = personal_ranking(recommender=RECOMMENDED_FOR_YOU, history=history)
    if ranking is not None:
        return PersonalSort(ranking, "")
    if live_model(RECOMMENDED_FOR_YOU) is None:
        return PersonalSort(None, SORT_UNAVAILABLE)
    # A live model that knows none of the shopper's products (all newer than its training).
    return PersonalSort(None, SORT_NOT_YET)


# --- Cart and order pages: what goes with a basket ------------------------------------------------

YOU_MAY_ALSO_LIKE = "You may also like"


def _main_category(products: list[Product]) -> int | None:
    """The basket's most common category (the first product's on a tie): what padding is popular in."""
    # Counter keeps first-seen order, and most_common is stable: a tie goes to the first product's.
    counts = Counter(product.category_id for product in products)
    return counts.most_common(1)[0][0] if counts else None


def _basket_row(
    products: list[Product], n: int, purchased: set[int], explanation: str, *, offer_purchased: bool
) -> RecommendationRow | None:
    """``offer_purchased``: whether the model's partners may be products bought before (padding never is)."""
    ids = [product.pk for product in products]
    exclude = set() if offer_purchased else purchased
    result = basket_items(recommender=BOUGHT_TOGETHER, product_ids=ids, num_results=n, exclude_product_ids=exclude)
    if not result:
        return None
    names = {product.pk: product.name for product in products}
    phrase = PAIR_REASONS[BOUGHT_TOGETHER]
    result.reasons = [phrase.format(name=names[source]) if source in names else "" for source in result.because]
    row = _row(result, explanation)
    return row_backfilled(row, n, exclude_product_ids=purchased | set(ids), category_id=_main_category(products))


def cart_rows(
    *, products: list[Product], user: AbstractBaseUser | None, visitor_id: str, limit: int | None = None
) -> list[RecommendationRow]:
    """ "Frequently bought together" for the whole cart: each candidate scored by its pairs with
    every cart product summed, its card naming the cart product that contributed most; padded
    with popular items (never the cart's or what the shopper bought). Empty for an empty cart or
    when the model pairs nothing with the cart."""
    if not products:
        return []
    purchased = purchased_product_ids(user=user, visitor_id=visitor_id)
    words = products[0].name if len(products) == 1 else "the products in your cart"
    # As on the product page, a partner bought before is still offered (consumables are bought again).
    row = _basket_row(products, _limit(limit), purchased, f"Often in the same basket as {words}", offer_purchased=True)
    return [row] if row is not None else []


def order_rows(
    *, products: list[Product], user: AbstractBaseUser | None, visitor_id: str, limit: int | None = None
) -> list[RecommendationRow]:
    """ "You may also like" after checkout: what is bought with the order's products.

    Complements, not the also-viewed model's look-alikes: right after buying a lamp, another lamp
    is what the shopper just decided against, a bulb is what the order still lacks. Nothing
    ordered (nor bought before) is offered.
    """
    if not products:
        return []
    purchased = purchased_product_ids(user=user, visitor_id=visitor_id)
    words = products[0].name if len(products) == 1 else "the products you ordered"
    row = _basket_row(products, _limit(limit), purchased, f"Often bought with {words}", offer_purchased=False)
    return [dataclasses.replace(row, title=YOU_MAY_ALSO_LIKE)] if row is not None else []
