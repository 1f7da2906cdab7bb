"""Pages served from the page-part cache: a few queries, and never stale after a change.

The header's persona menu, shopper and category strip, the home page's featured grid and
departments, and the home and product rows are cached (``shop.page_parts``); a product or
category saved, a persona changed, a new model version or new history must show on the next request.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personas.models import Persona
from personas.selectors import persona_demo_shopper
from recommendations.models import Impression
from shop.models import Category, Product
from tests.storefront.test_views import persona_world_build, train_synchronously

pytestmark = pytest.mark.django_db

HOME = reverse("storefront:home")


@pytest.fixture
def world(settings):
    # The live-version pointer must not expire between two requests of a test.
    settings.RECOMMENDATIONS_LIVE_CHECK_SECONDS = 3600
    built = persona_world_build()
    train_synchronously()
    return built


@pytest.fixture
def shopper_client(world) -> Client:
    client = Client()
    client.force_login(persona_demo_shopper(persona=world.personas[0]))
    return client


def _product_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if 'FROM "shop_product"' in q["sql"]]


def test_a_persona_shoppers_home_page_comes_back_in_a_few_queries(shopper_client, django_assert_max_num_queries):
    shopper_client.get(HOME)
    # Session, user, the history's fingerprint, the visitor id's session read, impressions (savepoint,
    # insert, release; the recommenders' ids are kept): no product, persona or category query.
    with django_assert_max_num_queries(8) as queries:
        response = shopper_client.get(HOME)
    assert response.status_code == 200
    assert response.context["rows"]
    assert _product_queries(queries) == []


def test_a_product_page_shown_again_reads_no_product(shopper_client, world, django_assert_max_num_queries):
    product = Product.objects.filter(category__slug="books").order_by("pk").first()
    shopper_client.get(product.get_absolute_url())
    # Session, user, the shopper's purchases; then one transaction (a savepoint here) with the
    # view, its counter and the impressions, each write in its own savepoint: 3 reads, 3 writes.
    with django_assert_max_num_queries(12) as queries:
        response = shopper_client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert response.context["rows"]
    # The page's own product is kept per catalogue change; its rows come from the rows cache.
    assert _product_queries(queries) == []
    assert response.context["product"] == product


def test_a_personal_api_call_reads_its_products_in_one_query(settings, world, django_assert_max_num_queries):
    settings.RECOMMENDATIONS_API_KEY = "test-key"
    api = Client(headers={"Authorization": "Api-Key test-key"})
    user = persona_demo_shopper(persona=world.personas[0])
    params = {"recommender": "recommended-for-you", "userId": user.username, "numResults": 8}
    api.get(reverse("recommendations:recommendations"), {**params, "numResults": 9})  # loads the model
    with django_assert_max_num_queries(10) as queries:
        # Another request than the first, so computed, not the cached answer.
        response = api.get(reverse("recommendations:recommendations"), params)
    assert response.status_code == 200
    assert len(response.json()["itemList"]) == 8
    assert len([q for q in _product_queries(queries) if '"shop_product"."sku"' in q]) == 1


def test_anonymous_visitors_share_the_rows_each_under_its_own_recommendation_id(world):
    first, second = Client(), Client()
    one = first.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        other = second.get(HOME)
    assert _product_queries(queries) == []  # rows, featured and departments all cached
    rows_one, rows_other = one.context["rows"], other.context["rows"]
    assert [[p.pk for p in r.products] for r in rows_one] == [[p.pk for p in r.products] for r in rows_other]
    ids_one = {r.recommendation_id for r in rows_one}
    ids_other = {r.recommendation_id for r in rows_other}
    assert not ids_one & ids_other
    # Each view's markup links with its own ids, and each view's impressions are logged.
    body = other.content.decode()
    assert set(re.findall(r'data-recommendation-id="(\w+)"', body)) == ids_other
    assert all(f"?rid={rid}" in body for rid in ids_other)
    assert set(Impression.objects.values_list("recommendation_id", flat=True)) == ids_one | ids_other


def test_a_new_model_version_shows_on_the_next_home_page(world, shopper_client, django_capture_on_commit_callbacks):
    anonymous = Client()
    before_anonymous = {r.version_id for r in anonymous.get(HOME).context["rows"]} - {None}
    before_shopper = shopper_client.get(HOME).context["rows"][0].version_id
    # Publishing tells the processes once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        train_synchronously()
    after_anonymous = {r.version_id for r in anonymous.get(HOME).context["rows"]} - {None}
    assert after_anonymous and not after_anonymous & before_anonymous
    assert shopper_client.get(HOME).context["rows"][0].version_id != before_shopper


def test_a_renamed_product_shows_on_the_next_request(world):
    client = Client()
    product = client.get(HOME).context["rows"][0].products[0]
    product.name = "Renamed in the admin"
    product.save()
    body = client.get(HOME).content.decode()
    assert "Renamed in the admin" in body
    featured = Product.objects.filter(featured=True, stock__gt=0).order_by("pk").first()
    featured.name = "A featured product, renamed"
    featured.save()
    assert "A featured product, renamed" in client.get(HOME).content.decode()


def test_a_product_pages_own_details_follow_the_admin_and_the_stock(world, shopper_client):
    product = Product.objects.filter(stock__gt=20).order_by("pk").first()
    shopper_client.get(product.get_absolute_url())
    product.name, product.stock = "Renamed on its own page", 3
    product.save()
    body = shopper_client.get(product.get_absolute_url()).content.decode()
    assert '<h1 class="product__title">Renamed on its own page</h1>' in body
    assert "Only 3 left" in body and 'max="3"' in body


def test_a_deleted_product_is_gone_from_its_page_at_once(world, shopper_client):
    product = Product.objects.order_by("pk").last()
    assert shopper_client.get(product.get_absolute_url()).status_code == 200
    url = product.get_absolute_url()
    product.delete()
    assert shopper_client.get(url).status_code == 404


def test_a_renamed_category_shows_in_the_header_on_the_next_request(world):
    client = Client()
    client.get(HOME)
    category = Category.objects.order_by("pk").first()
    category.name = "Renamed department"
    category.save()
    assert "Renamed department" in client.get(reverse("storefront:search")).content.decode()


def test_a_renamed_persona_shows_in_the_menu_on_the_next_request(world, shopper_client):
    shopper_client.get(HOME)
    persona = Persona.objects.get(pk=world.personas[1].pk)
    persona.name = "Renamed persona"
    persona.save()
    assert "Renamed persona" in shopper_client.get(HOME).content.decode()


def test_a_shoppers_new_view_rebuilds_their_home_rows(world, shopper_client):
    shopper_client.get(HOME)
    product = Product.objects.order_by("pk").last()
    shopper_client.get(product.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        shopper_client.get(HOME)
    assert _product_queries(queries), "the rows were served from before the view"
