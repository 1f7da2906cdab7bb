"""Storefront views: parse the request, call the shop's and the recommendations' selectors and services, render.

What they decide themselves is the web's part: where to redirect, what the session remembers between
two pages, and which recommendation rows a page shows (logged as impressions).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recommendations import selectors as recommendation_selectors
from recommendations import services as recommendation_services
from recommendations.defaults import BOUGHT_TOGETHER
from recommendations.selectors import PersonalSort, RecommendationRow
from shop import images, selectors, services
from shop.cart import Cart
from shop.models import Product
from shop.page_parts import PAGE_PART_SECONDS, catalogue_version
from shop.visitor import VISITOR_SESSION_KEY, visitor_id_get
from storefront.forms import MAX_QUANTITY, QuantityForm, SearchForm, TogetherForm

PAGE_SIZE = 12
IMAGE_MAX_AGE = 60 * 60 * 24
# Anonymous shoppers may revisit the orders this browser placed (there is no account to list them).
PLACED_ORDERS_SESSION_KEY = "placed_order_ids"
# The product page a cart form is sending the shopper back to: arriving there is not a new view.
RETURNING_TO_PRODUCT = "returning_to_product"
# The live personal model's order, offered on category pages and search results (the default
# for a shopper it can rank for); the shop's own sorts stay selectable.
RANKED_SORT = "recommended"
RANKED_SORT_LABEL = "Recommended for you"
# Search results' own order (name hits first), their default without a personal order.
RELEVANCE_SORT = "relevance"

T = TypeVar("T")

logger = logging.getLogger(__name__)


def _or_404(getter: Callable[..., T], **kwargs: object) -> T:
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404(str(exc)) from exc


def _page(request: HttpRequest, items: QuerySet) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _redirect_back(request: HttpRequest, next_url: str | None, fallback: str) -> HttpResponseRedirect:
    """Back where the form was posted from, if that is a page of this site."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect(fallback)


def _impressions_record(request: HttpRequest, rows: list[RecommendationRow], visitor_id: str) -> None:
    """Log the rows the page shows, so clicks and sales can be credited to them.

    Metrics must not cost the shopper the page, so a database failure is logged and the page goes
    on (in a savepoint, so the rest of the page can still query); any other error is a bug and surfaces.
    """
    try:
        with transaction.atomic():
            recommendation_services.impressions_record(rows=rows, user=request.user, visitor_id=visitor_id)
    except DatabaseError:
        logger.exception("recording %d impressions failed", len(rows))


def _view_and_impressions_record(
    request: HttpRequest, viewed: Product | None, rid: str, rows: list[RecommendationRow], visitor_id: str
) -> None:
    """The product page's writes in one transaction: on SQLite each transaction queues for the
    write lock, and two gunicorn workers waited on each other's twice a page."""

    def view() -> None:
        if viewed is not None:
            services.product_view_record(
                product=viewed, user=request.user, visitor_id=visitor_id, recommendation_id=rid
            )

    try:
        with transaction.atomic():
            view()
            _impressions_record(request, rows, visitor_id)
    except DatabaseError:
        # The impressions' savepoint catches their own failures, but a foreign key is checked at
        # the commit (a row cached before its recommender was deleted): keep the view at least.
        logger.exception("recording a product view with %d impressions failed; recording the view alone", len(rows))
        view()


def _back_from_cart_add(request: HttpRequest, item: Product, next_url: str | None) -> HttpResponseRedirect:
    """Back where the add-to-cart form was posted from (the product page unless told otherwise).

    Only a redirect to this product's own page is flagged as a return: landing anywhere else, the
    shopper's next visit to the product is a real view and must be recorded.
    """
    response = _redirect_back(request, next_url, item.get_absolute_url())
    if urlsplit(response.url).path == item.get_absolute_url():
        request.session[RETURNING_TO_PRODUCT] = item.pk
    return response


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    visitor_id = visitor_id_get(request)
    rows = recommendation_selectors.home_rows(user=request.user, visitor_id=visitor_id)
    _impressions_record(request, rows, visitor_id)
    return render(
        request,
        "storefront/home.html",
        {
            "rows": rows,
            # Cached per catalogue change, and so is their markup (the template's cache tag).
            "featured": selectors.product_featured_cached(limit=10),
            "categories": selectors.category_list_cached(),
            "catalogue_version": catalogue_version(),
            "page_part_seconds": PAGE_PART_SECONDS,
        },
    )


@dataclass(frozen=True)
class SortChoice:
    sort: str  # the order the page shows
    sorts: dict[str, str]  # key -> label, in menu order ("Recommended for you" first, even when not offered)
    personal: PersonalSort  # whether "Recommended for you" is offered, and why not


def _sort_choice(request: HttpRequest, usual: dict[str, str], default: str) -> SortChoice:
    """The sort asked for if it is on offer; else the personal order when there is one, else ``default``.

    No visitor id is created here: a browser without one has no history to rank by.
    """
    personal = recommendation_selectors.personal_sort(
        user=request.user, visitor_id=request.session.get(VISITOR_SESSION_KEY, "")
    )
    asked = request.GET.get("sort")
    if asked in usual or (asked == RANKED_SORT and personal.available):
        sort = asked
    else:
        sort = RANKED_SORT if personal.available else default
    return SortChoice(sort, {RANKED_SORT: RANKED_SORT_LABEL, **usual}, personal)


def _sorted_page(request: HttpRequest, products: QuerySet[Product], choice: SortChoice) -> Page:
    """A page of ``products``; in the personal order, every product scored at once and only the
    page's own products read (ties keep the queryset's order)."""
    if choice.sort != RANKED_SORT or choice.personal.ranking is None:
        return _page(request, products)
    ordered = choice.personal.ranking.order(list(products.values_list("pk", flat=True)))
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = recommendation_selectors.products_in_order(list(page.object_list))
    return page


def _shop_sorts() -> dict[str, str]:
    return {key: label for key, (label, _) in selectors.PRODUCT_SORTS.items()}


@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    current = _or_404(selectors.category_get, slug=slug)
    choice = _sort_choice(request, _shop_sorts(), selectors.DEFAULT_SORT)
    # The personal order ranks the default order's list: equal scores keep the usual order.
    usual = choice.sort if choice.sort != RANKED_SORT else selectors.DEFAULT_SORT
    return render(
        request,
        "storefront/category.html",
        {
            "category": current,
            "page": _sorted_page(request, selectors.product_list(category=current, sort=usual), choice),
            "sort": choice.sort,
            "sorts": choice.sorts,
            "personal_sort": choice.personal,
            "ranked_sort": RANKED_SORT,
        },
    )


@require_GET
def product(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(selectors.product_shown_get, pk=pk)
    visitor_id = visitor_id_get(request)
    rid = request.GET.get("rid", "")[:64]
    # Coming back from this page's own cart form is not a new view (nor a second click on the row).
    viewed = request.session.pop(RETURNING_TO_PRODUCT, None) != item.pk
    in_cart = Cart(request.session).quantity_of(item.pk)
    rows = recommendation_selectors.product_rows(product=item, user=request.user, visitor_id=visitor_id)
    _view_and_impressions_record(request, item if viewed else None, rid, rows, visitor_id)
    can_add = max(0, min(item.stock - in_cart, MAX_QUANTITY))
    return render(
        request,
        "storefront/product_detail.html",
        {
            "product": item,
            "rid": rid,
            "in_cart": in_cart,
            "can_add": can_add,
            "rows": rows,
            "together": _together(rows) if can_add else None,
        },
    )


def _together(rows: list[RecommendationRow]) -> RecommendationRow | None:
    """The "frequently bought together" row when its first partner can go in the cart with the product."""
    row = next((row for row in rows if row.recommender == BOUGHT_TOGETHER and row.products), None)
    return row if row is not None and row.products[0].in_stock else None


@require_GET
def product_image(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(selectors.product_shown_get, pk=pk)
    etag = f'"{images.product_image_etag(product=item)}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(images.product_svg(product=item), content_type="image/svg+xml")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=IMAGE_MAX_AGE)
    return response


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    choice = _sort_choice(request, {RELEVANCE_SORT: "Best match", **_shop_sorts()}, RELEVANCE_SORT)
    page = None
    if query:
        # Ranked, the results keep relevance order among equal scores.
        usual = None if choice.sort in (RANKED_SORT, RELEVANCE_SORT) else choice.sort
        page = _sorted_page(request, selectors.product_search(query=query, sort=usual), choice)
    # No query, a refused one or no hits: offer the departments instead of a dead end.
    categories = selectors.category_list() if page is None or not page.object_list else None
    return render(
        request,
        "storefront/search.html",
        {
            "query": query,
            "search_text": form.query_to_show(),
            "search_error": form.first_error(),
            "page": page,
            "categories": categories,
            "sort": choice.sort,
            "sorts": choice.sorts,
            "personal_sort": choice.personal,
            "ranked_sort": RANKED_SORT,
        },
    )


@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    lines = Cart(request.session).lines()
    rows: list[RecommendationRow] = []
    if lines:
        visitor_id = visitor_id_get(request)
        rows = recommendation_selectors.cart_rows(
            products=[line.product for line in lines], user=request.user, visitor_id=visitor_id
        )
        _impressions_record(request, rows, visitor_id)
    return render(
        request,
        "storefront/cart.html",
        {"lines": lines, "subtotal": Cart.subtotal(lines), "max_quantity": MAX_QUANTITY, "rows": rows},
    )


@require_POST
def cart_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(selectors.product_shown_get, pk=pk)
    form = QuantityForm(request.POST)
    back = request.POST.get("next")
    if not form.is_valid():
        messages.error(request, form.first_error())
        return _back_from_cart_add(request, item, back)
    try:
        quantity = services.cart_add(
            cart=Cart(request.session),
            product=item,
            quantity=form.cleaned_data["quantity"],
            user=request.user,
            visitor_id=visitor_id_get(request),
            recommendation_id=form.cleaned_data["rid"],
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Added {item.name} to your cart ({quantity} in cart).")
    return _back_from_cart_add(request, item, back)


@require_POST
def cart_add_together(request: HttpRequest, pk: int) -> HttpResponse:
    """The product page's "Add both": two adds, each recorded and attributed as a single add is."""
    item = _or_404(selectors.product_shown_get, pk=pk)
    form = TogetherForm(request.POST)
    back = request.POST.get("next")
    if not form.is_valid():
        messages.error(request, "Please choose the products again.")
        return _back_from_cart_add(request, item, back)
    partner = _or_404(selectors.product_get, pk=form.cleaned_data["partner"])
    cart, visitor_id = Cart(request.session), visitor_id_get(request)
    added = []
    # The product first: if it cannot be added, neither is its partner (a pair was asked for).
    for product, rid in ((item, form.cleaned_data["rid"]), (partner, form.cleaned_data["partner_rid"])):
        try:
            services.cart_add(
                cart=cart, product=product, quantity=1, user=request.user, visitor_id=visitor_id, recommendation_id=rid
            )
        except ValidationError as exc:
            messages.error(request, f"{product.name}: {exc.messages[0]}")
            break
        added.append(product.name)
    if added:
        messages.success(request, f"Added {' and '.join(added)} to your cart.")
    return _back_from_cart_add(request, item, back)


@require_POST
def cart_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(selectors.product_shown_get, pk=pk)
    form = QuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{item.name}: {form.first_error()}")
        return redirect("storefront:cart")
    try:
        services.cart_update(
            cart=Cart(request.session),
            product=item,
            quantity=form.cleaned_data["quantity"],
            user=request.user,
            visitor_id=visitor_id_get(request),
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Updated {item.name}.")
    return redirect("storefront:cart")


@require_POST
def cart_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(selectors.product_shown_get, pk=pk)
    try:
        services.cart_remove(
            cart=Cart(request.session), product=item, user=request.user, visitor_id=visitor_id_get(request)
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Removed {item.name} from your cart.")
    return redirect("storefront:cart")


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    current = Cart(request.session)
    if not current:
        messages.info(request, "Your cart is empty. Add something first.")
        return redirect("storefront:cart")
    if request.method == "GET":
        lines = current.lines()
        return render(request, "storefront/checkout.html", {"lines": lines, "subtotal": Cart.subtotal(lines)})
    try:
        placed = services.order_place(cart=current, user=request.user, visitor_id=visitor_id_get(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("storefront:cart")
    if not request.user.is_authenticated:
        request.session[PLACED_ORDERS_SESSION_KEY] = [
            *request.session.get(PLACED_ORDERS_SESSION_KEY, []),
            placed.pk,
        ][-20:]
    messages.success(request, f"Thank you! Your order #{placed.pk} is confirmed.")
    return redirect(placed.get_absolute_url())


@require_GET
@login_required(login_url=reverse_lazy("personas:list"))
def orders(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.order_list(user=request.user))
    return render(request, "storefront/order_list.html", {"page": page})


@require_GET
def order(request: HttpRequest, pk: int) -> HttpResponse:
    placed = _or_404(
        selectors.order_get,
        pk=pk,
        user=request.user,
        visitor_order_ids=request.session.get(PLACED_ORDERS_SESSION_KEY, []),
    )
    visitor_id = visitor_id_get(request)
    rows = recommendation_selectors.order_rows(
        products=[line.product for line in placed.lines.all()], user=request.user, visitor_id=visitor_id
    )
    _impressions_record(request, rows, visitor_id)
    return render(request, "storefront/order_detail.html", {"order": placed, "rows": rows})
