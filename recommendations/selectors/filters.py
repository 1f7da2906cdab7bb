"""Item filters for API requests, as sets of products to leave out (the engine's filter_items)."""

from __future__ import annotations

from decimal import Decimal

from shop.models import Product


def products_excluded_by(
    *,
    categories: list[str] | None = None,
    exclude_categories: list[str] | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
) -> set[int]:
    """Product ids a request's filters rule out: INCLUDE categories, EXCLUDE categories, a price range."""
    if not (categories or exclude_categories or min_price is not None or max_price is not None):
        return set()
    allowed = Product.objects.all()
    if categories:
        allowed = allowed.filter(category__slug__in=categories)
    if exclude_categories:
        allowed = allowed.exclude(category__slug__in=exclude_categories)
    if min_price is not None:
        allowed = allowed.filter(price__gte=min_price)
    if max_price is not None:
        allowed = allowed.filter(price__lte=max_price)
    return set(Product.objects.exclude(pk__in=allowed.values("pk")).values_list("pk", flat=True))
