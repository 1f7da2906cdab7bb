"""Reads of the shop: the catalogue, search and orders."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from shop.models import Category, Order, OrderLine, Product
from shop.page_parts import catalogue_version, page_part

User = AbstractBaseUser | AnonymousUser | None

# Label shown in the sort menu, then the ordering it applies.
PRODUCT_SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "featured": ("Featured", ("-featured", "-promoted", "name", "id")),
    "price-asc": ("Price: low to high", ("price", "name", "id")),
    "price-desc": ("Price: high to low", ("-price", "name", "id")),
    "newest": ("Newest", ("-created_at", "-id")),
    "name": ("Name", ("name", "id")),
}
DEFAULT_SORT = "featured"
SEARCH_MAX_TERMS = 8


def category_list() -> QuerySet[Category]:
    """Categories with their product count and a cover product whose image illustrates them."""
    cover = Product.objects.filter(category=OuterRef("pk")).order_by("-featured", "-promoted", "id").values("id")[:1]
    return Category.objects.annotate(product_count=Count("products"), cover_product_id=Subquery(cover)).order_by("name")


def category_nav_list() -> QuerySet[Category]:
    """Categories for the header strip: those with products, by name."""
    has_products = Exists(Product.objects.filter(category=OuterRef("pk")))
    return Category.objects.filter(has_products).order_by("name").only("slug", "name")


def category_list_cached() -> list[Category]:
    """``category_list``, read once per catalogue change (the home page's departments)."""
    return page_part("categories", (catalogue_version(),), lambda: list(category_list()))


def product_featured_cached(*, limit: int = 8) -> list[Product]:
    """``product_featured_list``, read once per catalogue change (the home page's featured grid)."""
    return page_part(f"featured:{limit}", (catalogue_version(),), lambda: product_featured_list(limit=limit))


def category_nav_cached() -> list[Category]:
    """``category_nav_list``, read once per catalogue change (every page's header shows it)."""
    return page_part("nav-categories", (catalogue_version(),), lambda: list(category_nav_list()))


def category_get(*, slug: str) -> Category:
    """Raises ``Category.DoesNotExist``."""
    return Category.objects.get(slug=slug)


def product_list(*, category: Category | None = None, sort: str = DEFAULT_SORT) -> QuerySet[Product]:
    products = Product.objects.select_related("category")
    if category is not None:
        products = products.filter(category=category)
    return products.order_by(*PRODUCT_SORTS.get(sort, PRODUCT_SORTS[DEFAULT_SORT])[1])


def product_get(*, pk: int) -> Product:
    """Raises ``Product.DoesNotExist``."""
    return Product.objects.select_related("category").get(pk=pk)


def product_shown_get(*, pk: int) -> Product:
    """``product_get`` for a page that only shows the product, read once per catalogue change
    (every save and stock move changes it); what changes the product or the stock reads it afresh.
    Raises ``Product.DoesNotExist`` (never cached). Callers must not change the product."""
    return page_part("product", (catalogue_version(), str(pk)), lambda: product_get(pk=pk))


def product_featured_list(*, limit: int = 8) -> list[Product]:
    """Featured (then promoted) products in stock, for the home page."""
    return list(
        Product.objects.select_related("category")
        .filter(stock__gt=0)
        .filter(Q(featured=True) | Q(promoted=True))
        .order_by("-featured", "-promoted", "-created_at", "id")[:limit]
    )


def product_search(*, query: str, sort: str | None = None) -> QuerySet[Product]:
    """Products whose name or description contains every word of the query: name hits first,
    or in a ``PRODUCT_SORTS`` order (an unknown ``sort`` keeps the relevance order)."""
    terms = query.split()[:SEARCH_MAX_TERMS]
    if not terms:
        return Product.objects.none()
    products = Product.objects.select_related("category")
    for term in terms:
        products = products.filter(Q(name__icontains=term) | Q(description__icontains=term))
    name_hits = Q()
    for term in terms:
        name_hits &= Q(name__icontains=term)
    # Products whose name holds every term rank above description-only matches.
    rank = Case(When(name_hits, then=Value(0)), default=Value(1), output_field=IntegerField())
    products = products.annotate(search_rank=rank)
    if sort in PRODUCT_SORTS:
        return products.order_by(*PRODUCT_SORTS[sort][1])
    return products.order_by("search_rank", "name", "id")


def order_list(*, user: AbstractBaseUser) -> QuerySet[Order]:
    return Order.objects.filter(user=user).annotate(item_count=Count("lines")).order_by("-created_at", "-id")


def order_get(*, pk: int, user: User, visitor_order_ids: list[int] | None = None) -> Order:
    """The shopper's own order, or an anonymous order this browser placed; else ``Order.DoesNotExist``."""
    orders = Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("product__category").order_by("id"))
    )
    if user is not None and user.is_authenticated:
        return orders.get(pk=pk, user=user)
    if visitor_order_ids and pk in visitor_order_ids:
        return orders.get(pk=pk, user__isnull=True)
    raise Order.DoesNotExist
