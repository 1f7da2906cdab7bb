"""Queries per page with trained models live: a page's count must not grow with its rows' or grids' size.

Each page is fetched once to warm what a process keeps (the live models, the session), then
counted for a small and a large row (or a small and a large category), and the counts compared.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personas.selectors import persona_demo_shopper
from recommendations.defaults import TRENDING_NOW
from shop.models import Category, Order, Product
from storefront.views import RANKED_SORT
from tests.factories import ProductFactory
from tests.storefront.test_views import PersonaWorld, add, persona_world_build, train_synchronously

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings) -> PersonaWorld:
    # The live-version pointer must not expire between the two counts of a page.
    settings.RECOMMENDATIONS_LIVE_CHECK_SECONDS = 3600
    built = persona_world_build()
    train_synchronously()
    return built


def _shopper(world: PersonaWorld) -> AbstractBaseUser:
    return persona_demo_shopper(persona=world.personas[0])


def _queries(client, url: str, params: dict | None = None):
    client.get(url, params or {})  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries), response


def _counts_by_row_size(client, settings, url: str) -> list[int]:
    """The page's queries for rows of 4 and of 12, less one per row that was backfilled: padding
    a short row is one query for the whole padding, asked only when a row is short (and not
    served from the rows cache, which the warm-up filled)."""
    counts = []
    for size in (4, 12):
        settings.RECOMMENDATIONS_ROW_SIZE = size
        count, response = _queries(client, url)
        rows = [row for row in response.context["rows"] if row.recommender != TRENDING_NOW]
        # Rows of the asked size (backfilled where short), or the comparison would prove nothing.
        assert rows and all(len(row.products) == size for row in rows), [len(r.products) for r in rows]
        counts.append(count - sum(row.backfilled > 0 and not row.cache_key for row in rows))
    return counts


def test_home_anonymous_queries_do_not_grow_with_the_rows(client, settings, world):
    small, large = _counts_by_row_size(client, settings, reverse("storefront:home"))
    assert small == large


def test_home_with_history_queries_do_not_grow_with_the_rows(client, settings, world):
    client.force_login(_shopper(world))
    small, large = _counts_by_row_size(client, settings, reverse("storefront:home"))
    assert small == large


def test_product_page_queries_do_not_grow_with_the_rows(client, settings, world):
    product = Product.objects.filter(category__slug="books").order_by("pk").first()
    small, large = _counts_by_row_size(client, settings, product.get_absolute_url())
    assert small == large


def test_cart_page_queries_do_not_grow_with_the_row(client, settings, world):
    for product in Product.objects.filter(category__slug="instruments").order_by("pk")[:2]:
        add(client, product)
    small, large = _counts_by_row_size(client, settings, reverse("storefront:cart"))
    assert small == large


def test_order_page_queries_do_not_grow_with_the_row(client, settings, world):
    client.force_login(_shopper(world))
    for product in Product.objects.filter(category__slug="instruments").order_by("pk")[:2]:
        add(client, product)
    client.post(reverse("storefront:checkout"))
    placed = Order.objects.get()
    small, large = _counts_by_row_size(client, settings, placed.get_absolute_url())
    assert small == large


def _counts_by_catalogue_size(client, url: str, params: dict, category: Category) -> list[tuple[int, str]]:
    counts = []
    for _ in range(2):
        count, response = _queries(client, url, params)
        counts.append((count, response.context["sort"]))
        # 8 products, then 30: a grid of a full page and a ranked list well past it.
        ProductFactory.create_batch(22, category=category, name="Books extra")
    return counts


@pytest.mark.parametrize("with_history", [False, True])
def test_category_page_queries_do_not_grow_with_the_category(client, world, with_history):
    if with_history:
        client.force_login(_shopper(world))
    books = Category.objects.get(slug="books")
    (small, sort), (large, _) = _counts_by_catalogue_size(client, books.get_absolute_url(), {}, books)
    assert sort == (RANKED_SORT if with_history else "featured")
    assert small == large


@pytest.mark.parametrize("with_history", [False, True])
def test_search_queries_do_not_grow_with_the_results(client, world, with_history):
    if with_history:
        client.force_login(_shopper(world))
    books = Category.objects.get(slug="books")
    (small, sort), (large, _) = _counts_by_catalogue_size(client, reverse("storefront:search"), {"q": "books"}, books)
    assert sort == (RANKED_SORT if with_history else "relevance")
    assert small == large
