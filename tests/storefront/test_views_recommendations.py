"""Recommendations across the storefront's pages: the personal sort, the cart's and the order's rows."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from personas.selectors import persona_demo_shopper
from recommendations import selectors as recommendation_selectors
from recommendations.models import EventType, Interaction
from recommendations.services import interaction_record
from shop.models import Category, Order, Product
from storefront.views import PAGE_SIZE, RANKED_SORT
from tests.factories import ProductFactory, UserFactory
from tests.storefront.test_views import (
    _bought_together_world,
    add,
    cart_of,
    persona_world_build,
    train_synchronously,
)

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    return [p.pk for p in response.context["page"].object_list]


def _sort_options(body: str) -> dict[str, str]:
    """value -> the option's attributes and label, as rendered."""
    return {value: rest for value, rest in re.findall(r'<option value="([\w-]+)"([^<]*)</option>', body)}


@pytest.fixture
def ranked_world():
    world = persona_world_build()
    train_synchronously()
    books = Category.objects.get(slug="books")
    # More than a page of books, so the ranked order is paginated.
    ProductFactory.create_batch(PAGE_SIZE, category=books, stock=5)
    return world, books


def test_category_is_in_the_personal_order_for_a_shopper_with_history_across_pages(client, ranked_world):
    world, books = ranked_world
    shopper = persona_demo_shopper(persona=world.personas[0])
    client.force_login(shopper)
    first = client.get(books.get_absolute_url())
    assert first.context["sort"] == RANKED_SORT
    second = client.get(books.get_absolute_url(), {"sort": RANKED_SORT, "page": 2})
    shown = _ids(first) + _ids(second)
    ranking = recommendation_selectors.personal_sort(user=shopper, visitor_id="").ranking
    usual = list(Product.objects.filter(category=books).order_by("-featured", "-promoted", "name", "id"))
    assert shown == ranking.order([p.pk for p in usual])
    assert len(shown) == len(usual) and len(set(shown)) == len(shown)
    assert first.context["page"].paginator.count == len(usual)
    options = _sort_options(first.content.decode())
    assert "selected" in options[RANKED_SORT] and "disabled" not in options[RANKED_SORT]


def test_the_other_sorts_stay_selectable_for_a_shopper_with_history(client, ranked_world):
    world, books = ranked_world
    client.force_login(persona_demo_shopper(persona=world.personas[0]))
    response = client.get(books.get_absolute_url(), {"sort": "price-asc"})
    assert response.context["sort"] == "price-asc"
    prices = [p.price for p in response.context["page"].object_list]
    assert prices == sorted(prices)


def test_without_history_the_sort_menu_says_the_personal_order_is_not_available(client, ranked_world):
    _, books = ranked_world
    response = client.get(books.get_absolute_url(), {"sort": RANKED_SORT})
    assert response.context["sort"] == "featured"
    body = response.content.decode()
    options = _sort_options(body)
    assert "disabled" in options[RANKED_SORT] and "selected" in options["featured"]
    assert "Recommended for you appears once you have looked at a few products." in body


def test_without_a_live_model_the_default_sort_stays_and_the_menu_says_why(client):
    book = ProductFactory(name="Book one")
    shopper = UserFactory()
    interaction_record(product_id=book.pk, event_type=EventType.VIEW, user=shopper)
    client.force_login(shopper)
    response = client.get(book.category.get_absolute_url())
    assert response.context["personal_sort"].note
    assert response.context["sort"] == "featured"
    assert "Recommended for you is unavailable at the moment." in response.content.decode()


def test_search_results_are_in_the_personal_order_and_relevance_stays(client, ranked_world):
    world, _ = ranked_world
    shopper = persona_demo_shopper(persona=world.personas[0])
    client.force_login(shopper)
    response = client.get(reverse("storefront:search"), {"q": "item"})
    assert response.context["sort"] == RANKED_SORT
    hits = list(Product.objects.filter(name__icontains="item").order_by("name", "id"))
    ranking = recommendation_selectors.personal_sort(user=shopper, visitor_id="").ranking
    assert _ids(response) == ranking.order([p.pk for p in hits])[:PAGE_SIZE]
    body = response.content.decode()
    assert 'name="q" value="item"' in body.split('class="sort-form"')[1]
    relevance = client.get(reverse("storefront:search"), {"q": "item", "sort": "relevance"})
    assert _ids(relevance) == [p.pk for p in hits][:PAGE_SIZE]


def test_cart_shows_frequently_bought_together_with_reasons_and_add_to_cart_buttons(client):
    lamp, bulb = _bought_together_world()
    add(client, lamp)
    response = client.get(reverse("storefront:cart"))
    (row,) = response.context["rows"]
    assert row.title == "Frequently bought together"
    assert row.products[0] == bulb and row.reasons[0] == f"Often bought with {lamp.name}"
    assert lamp not in row.products
    body = response.content.decode()
    action = reverse("storefront:cart_add", args=[bulb.pk])
    form = body.split(f'action="{action}"')[1].split("</form>")[0]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert fields["rid"] == row.recommendation_id and fields["next"] == reverse("storefront:cart")
    client.post(action, fields)
    assert cart_of(client)[str(bulb.pk)]["quantity"] == 1
    add_event = Interaction.objects.filter(event_type=EventType.ADD_TO_CART, product=bulb).latest("id")
    assert add_event.recommendation_id == row.recommendation_id


def test_order_page_shows_you_may_also_like_without_the_ordered_products(client):
    lamp, bulb = _bought_together_world()
    add(client, lamp)
    client.post(reverse("storefront:checkout"))
    placed = Order.objects.get()
    response = client.get(placed.get_absolute_url())
    (row,) = response.context["rows"]
    assert row.title == "You may also like"
    assert row.products[0] == bulb and row.reasons[0] == f"Often bought with {lamp.name}"
    assert lamp not in row.products
    assert "You may also like" in response.content.decode()


def test_cart_and_order_pages_show_no_row_heading_without_recommendations(client):
    lamp = ProductFactory(stock=3)
    add(client, lamp)
    response = client.get(reverse("storefront:cart"))
    assert response.context["rows"] == []
    assert "rec-row" not in response.content.decode()
