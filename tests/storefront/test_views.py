"""Storefront pages: each renders, each action records its event, bad input changes nothing."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from personas.models import Persona
from personas.selectors import persona_demo_shopper
from recommendations.models import EventType, Impression, Interaction
from recommendations.services import interaction_record, product_stats_rebuild
from shop.models import Category, Order, Product
from shop.visitor import VISITOR_SESSION_KEY
from tests.factories import (
    CategoryFactory,
    PersonaFactory,
    ProductFactory,
    ShopperProfileFactory,
    UserFactory,
    demo_catalogue_build,
    trending_scenario,
)

pytestmark = pytest.mark.django_db


# --- A small world of personas with distinct tastes (also used by the browser test) ---------------

PERSONA_SPECS = (
    ("musician-reader", "Musician & reader", ("instruments", "books")),
    ("green-thumb", "Green thumb", ("floral", "tools")),
    ("style-seeker", "Style seeker", ("apparel", "footwear")),
)
FIRST_NAMES = ("Jane", "Omar", "Mei", "Lucas", "Ada", "Ravi", "Sofia", "Tom", "Nia", "Ken")


@dataclass
class PersonaWorld:
    personas: list[Persona]
    categories: dict[str, list[Category]]  # persona slug -> its categories
    shoppers: dict[str, list[AbstractBaseUser]]


def persona_world_build(
    *, seed: int = 7, shoppers_per_persona: int = 10, products_per_category: int = 8, events_per_shopper: int = 16
) -> PersonaWorld:
    """Personas with two categories each; shoppers who mostly browse and buy within their persona's taste."""
    rng = random.Random(seed)
    world = PersonaWorld(personas=[], categories={}, shoppers={})
    colors = ("#2563eb", "#e11d48", "#16a34a", "#f59e0b", "#7c3aed", "#0f766e")
    for slug, name, category_slugs in PERSONA_SPECS:
        categories = [CategoryFactory(slug=c, name=c.title()) for c in category_slugs]
        for category in categories:
            for i in range(products_per_category):
                ProductFactory(
                    category=category,
                    name=f"{category.name} item {i + 1}",
                    style=f"{category.slug}-{i % 4}",  # a few styles per category, as real ones have
                    stock=50,
                    color=rng.choice(colors),
                    featured=i == 0,
                )
        world.personas.append(PersonaFactory(slug=slug, name=name, category_list=categories))
        world.categories[slug] = categories

    products = list(Product.objects.all())
    now = timezone.now()
    interactions = []
    for persona in world.personas:
        own = [p for p in products if p.category_id in {c.pk for c in world.categories[persona.slug]}]
        world.shoppers[persona.slug] = []
        for i in range(shoppers_per_persona):
            user = UserFactory(first_name=FIRST_NAMES[i % len(FIRST_NAMES)], last_name=persona.name.split()[0])
            ShopperProfileFactory(user=user, persona=persona, is_demo=True)
            world.shoppers[persona.slug].append(user)
            for _ in range(events_per_shopper):
                product = rng.choice(own) if rng.random() < 0.9 else rng.choice(products)
                roll = rng.random()
                event_type = (
                    EventType.PURCHASE if roll < 0.1 else EventType.ADD_TO_CART if roll < 0.25 else EventType.VIEW
                )
                interactions.append(
                    Interaction(
                        user=user,
                        product=product,
                        event_type=event_type,
                        # Days old: these shoppers' taste, not what they are doing right now.
                        timestamp=now - timedelta(minutes=rng.randint(60 * 48, 60 * 24 * 20)),
                    )
                )
    Interaction.objects.bulk_create(interactions)
    product_stats_rebuild()
    return world


def train_synchronously() -> None:
    """Train and publish every recommender now."""
    from recommendations.services import training_run_start

    run = training_run_start(triggered_by="test", synchronous=True)
    assert run.status == "succeeded", run.error


# --- Helpers ----------------------------------------------------------------------------------------


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def cart_of(client) -> dict:
    return client.session.get("cart", {})


def add(client, product: Product, quantity: object = 1, **extra: str):
    return client.post(reverse("storefront:cart_add", args=[product.pk]), {"quantity": quantity, **extra}, follow=True)


def cart_events() -> list[str]:
    """Cart events in order (following a redirect to the product page also records a View)."""
    return list(
        Interaction.objects.exclude(event_type=EventType.VIEW).order_by("id").values_list("event_type", flat=True)
    )


# --- Home, categories, product pages, search --------------------------------------------------------


def test_home_anonymous_shows_most_viewed_row_with_rid_links(client):
    viewed = ProductFactory(name="Cedar Guitar")
    interaction_record(product_id=viewed.pk, event_type=EventType.VIEW, visitor_id="someone-else")

    response = client.get(reverse("storefront:home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Most viewed" in content
    row = response.context["rows"][0]
    assert row.title == "Most viewed"
    assert row.explanation in content
    assert f'href="{viewed.get_absolute_url()}?rid={row.recommendation_id}"' in content
    assert 'data-category="' in content


def test_home_shows_trending_now_with_each_cards_reason(client, settings):
    settings.RECOMMENDATIONS_ROW_SIZE = 4  # one card per department, so most viewed keeps the steady item
    world = trending_scenario()
    train_synchronously()

    response = client.get(reverse("storefront:home"))

    content = response.content.decode()
    row = response.context["rows"][-1]
    assert row.title == "Trending now" and row.products == [world["rising"]]
    assert "Trending now" in content
    assert "Trending: views up 300% in the last day" in content
    assert f'href="{world["rising"].get_absolute_url()}?rid={row.recommendation_id}"' in content


def test_rows_shown_are_logged_and_a_click_then_purchase_is_credited_to_them(client):
    from recommendations.models import Impression
    from recommendations.selectors import online_metrics

    viewed = ProductFactory(name="Cedar Guitar")
    interaction_record(product_id=viewed.pk, event_type=EventType.VIEW, visitor_id="someone-else")
    row = client.get(reverse("storefront:home")).context["rows"][0]
    impression = Impression.objects.get(recommendation_id=row.recommendation_id)
    assert impression.item_ids == [viewed.pk] and impression.recommender.slug == "most-viewed"

    client.get(viewed.get_absolute_url(), {"rid": row.recommendation_id})
    add(client, viewed)
    client.post(reverse("storefront:checkout"))

    counts = online_metrics(days=1).by_recommender["most-viewed"]
    assert (counts.impressions, counts.clicks, counts.add_to_carts, counts.purchases) == (1, 1, 1, 1)


def test_adding_to_cart_from_a_recommended_product_counts_one_click(client):
    from recommendations.selectors import online_metrics

    viewed = ProductFactory(name="Cedar Guitar")
    interaction_record(product_id=viewed.pk, event_type=EventType.VIEW, visitor_id="someone-else")
    row = client.get(reverse("storefront:home")).context["rows"][0]
    page = client.get(viewed.get_absolute_url(), {"rid": row.recommendation_id}).content.decode()
    # Post the form exactly as the page renders it (its hidden rid and next fields included).
    form = page.split(f'action="{reverse("storefront:cart_add", args=[viewed.pk])}"')[1].split("</form>")[0]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert fields.get("rid") == row.recommendation_id
    client.post(reverse("storefront:cart_add", args=[viewed.pk]), {**fields, "quantity": 1}, follow=True)

    events = list(
        Interaction.objects.filter(product=viewed)
        .exclude(visitor_id="someone-else")
        .values_list("event_type", "recommendation_id")
    )
    assert sorted(events) == sorted([("View", row.recommendation_id), ("AddToCart", row.recommendation_id)])
    counts = online_metrics(days=1).by_recommender["most-viewed"]
    assert (counts.impressions, counts.clicks, counts.add_to_carts) == (1, 1, 1)


def test_reloading_a_clicked_product_is_one_click_in_the_metrics(client):
    from recommendations.selectors import online_metrics

    viewed = ProductFactory()
    interaction_record(product_id=viewed.pk, event_type=EventType.VIEW, visitor_id="someone-else")
    row = client.get(reverse("storefront:home")).context["rows"][0]
    for _ in range(3):
        client.get(viewed.get_absolute_url(), {"rid": row.recommendation_id})
    assert Interaction.objects.filter(recommendation_id=row.recommendation_id).count() == 3  # every view is logged
    assert online_metrics(days=1).by_recommender["most-viewed"].clicks == 1


def test_home_renders_on_an_empty_shop(client):
    response = client.get(reverse("storefront:home"))
    assert response.status_code == 200
    assert "Most viewed" not in response.content.decode()  # rows without products are not rendered


def category_nav_of(body: str) -> tuple[str, str]:
    """The header's category strip and its "More" menu, as rendered (before any script runs)."""
    nav = body.split("data-category-nav>", 1)[1].split("</nav>", 1)[0]
    strip, more = nav.split("<details", 1)
    return strip, "<details" + more


def test_category_nav_links_every_department_in_the_row_and_again_under_more(client):
    departments = demo_catalogue_build()["categories"]
    CategoryFactory(slug="empty", name="Empty shelf")  # no products: not offered

    strip, more = category_nav_of(client.get(reverse("storefront:home")).content.decode())

    link = r'<li><a href="(/category/[^/]+/)">([^<]+)</a></li>'
    expected = [(c.get_absolute_url(), c.name) for c in departments]
    assert len(expected) == 20
    # Without JavaScript the row holds (and wraps) every department, and "More" stays out of the way.
    assert re.findall(link, strip) == expected
    assert re.match(r'<details class="category-more" data-menu data-category-more hidden>', more)
    # The script moves what does not fit into "More", whose copies start hidden.
    assert re.findall(r"<li hidden>" + link[4:], more) == expected
    assert 'data-testid="category-more-button"' in more
    assert "departments" in more.split("</summary>")[0]  # the button's name says what is under it
    assert "Empty shelf" not in strip + more


def test_category_nav_marks_the_department_being_browsed_in_the_row_and_under_more(client):
    departments = demo_catalogue_build()["categories"]
    last = departments[-1]

    strip, more = category_nav_of(client.get(last.get_absolute_url()).content.decode())

    current = f'<a href="{last.get_absolute_url()}" aria-current="page">{last.name}</a>'
    assert strip.count('aria-current="page"') == more.count('aria-current="page"') == 1
    assert current in strip and current in more


def test_a_failing_recommender_surfaces_instead_of_showing_an_empty_row(client, monkeypatch):
    from recommendations import selectors as recommendation_selectors

    def broken(**kwargs):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(recommendation_selectors, "home_rows", broken)
    monkeypatch.setattr(recommendation_selectors, "product_rows", broken)
    product = ProductFactory(featured=True, name="Still Here Lamp")
    for url in (reverse("storefront:home"), product.get_absolute_url()):
        with pytest.raises(RuntimeError, match="model file missing"):
            client.get(url)


def test_a_database_failure_logging_impressions_still_serves_the_page(client, monkeypatch, caplog):
    from recommendations import services as recommendation_services

    def broken(**kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(recommendation_services, "impressions_record", broken)
    viewed = ProductFactory(name="Cedar Guitar")
    interaction_record(product_id=viewed.pk, event_type=EventType.VIEW, visitor_id="someone-else")

    home = client.get(reverse("storefront:home"))
    page = client.get(viewed.get_absolute_url())

    assert home.status_code == page.status_code == 200
    assert "Most viewed" in home.content.decode()
    assert "recording 1 impressions failed" in caplog.text


class _DeletedRecommender(dict):
    """A recommender-id map cached before its recommenders were deleted."""

    def get(self, key, default=None):
        return 987654


@pytest.mark.django_db(transaction=True)
def test_a_product_view_is_kept_when_its_impressions_fail_at_the_commit(client, monkeypatch, caplog):
    from django.contrib.auth.models import AnonymousUser

    from recommendations import selectors as recommendation_selectors
    from recommendations.services import events

    viewed, other = ProductFactory(name="Cedar Guitar"), ProductFactory(name="Oak Stool")
    interaction_record(product_id=other.pk, event_type=EventType.VIEW, visitor_id="someone-else")
    rows = recommendation_selectors.home_rows(user=AnonymousUser(), visitor_id="")
    monkeypatch.setattr(recommendation_selectors, "product_rows", lambda **kwargs: rows)
    # A foreign key is checked when the transaction commits, past the impressions' savepoint.
    monkeypatch.setattr(events, "recommender_ids", _DeletedRecommender)

    page = client.get(viewed.get_absolute_url())

    assert page.status_code == 200 and "Oak Stool" in page.content.decode()
    visitor = client.session[VISITOR_SESSION_KEY]
    assert Interaction.objects.filter(product=viewed, visitor_id=visitor, event_type=EventType.VIEW).count() == 1
    assert not Impression.objects.exists()
    assert "recording the view alone" in caplog.text


def test_any_other_failure_logging_impressions_surfaces(client, monkeypatch):
    from recommendations import services as recommendation_services

    def broken(**kwargs):
        raise TypeError("impressions_record() got an unexpected keyword argument")

    monkeypatch.setattr(recommendation_services, "impressions_record", broken)
    viewed = ProductFactory(name="Cedar Guitar")
    interaction_record(product_id=viewed.pk, event_type=EventType.VIEW, visitor_id="someone-else")

    with pytest.raises(TypeError):
        client.get(reverse("storefront:home"))


def test_category_is_paginated_and_sortable(client):
    category = CategoryFactory(slug="lamps", name="Lamps")
    for i in range(15):
        ProductFactory(category=category, name=f"Lamp {i:02d}", price=Decimal(100 - i))
    ProductFactory(name="Elsewhere")
    url = reverse("storefront:category", args=["lamps"])

    first = client.get(url)
    second = client.get(url, {"page": 2})
    beyond = client.get(url, {"page": 99})
    junk = client.get(url, {"page": "abc", "sort": "nonsense"})
    cheapest = client.get(url, {"sort": "price-asc"})

    assert first.status_code == second.status_code == beyond.status_code == junk.status_code == 200
    assert len(first.context["page"].object_list) == 12
    assert len(second.context["page"].object_list) == 3
    assert beyond.context["page"].number == 2
    assert junk.context["page"].number == 1
    assert "Elsewhere" not in first.content.decode()
    assert cheapest.context["page"].object_list[0].name == "Lamp 14"
    assert "Page 1 of 2" in first.content.decode()


def test_unknown_category_is_404(client):
    assert client.get(reverse("storefront:category", args=["nope"])).status_code == 404


def test_product_page_records_a_view_with_the_rows_rid(client):
    product = ProductFactory()

    response = client.get(product.get_absolute_url(), {"rid": "rec-123"})

    assert response.status_code == 200
    view = Interaction.objects.get(event_type=EventType.VIEW)
    assert view.product == product
    assert view.recommendation_id == "rec-123"
    assert view.user is None
    assert view.visitor_id == client.session[VISITOR_SESSION_KEY]
    # The add-to-cart form carries the rid on, so the add is attributed to the row too.
    assert 'name="rid" value="rec-123"' in response.content.decode()


def test_product_page_records_the_logged_in_shopper(client):
    user = UserFactory()
    client.force_login(user)
    product = ProductFactory()

    client.get(product.get_absolute_url())

    assert Interaction.objects.get(event_type=EventType.VIEW).user == user


def test_product_page_of_a_sold_out_product_has_no_add_button(client):
    product = ProductFactory(stock=0)
    content = client.get(product.get_absolute_url()).content.decode()
    assert "Out of stock" in content
    assert reverse("storefront:cart_add", args=[product.pk]) not in content


@pytest.mark.parametrize(
    "name", ["storefront:product", "storefront:product_image", "storefront:cart_add", "storefront:cart_remove"]
)
def test_unknown_product_is_404(client, name):
    url = reverse(name, args=[987654])
    response = client.post(url, {"quantity": 1}) if "cart" in name else client.get(url)
    assert response.status_code == 404
    assert not Interaction.objects.exists()


def test_product_image_is_cacheable_svg(client):
    product = ProductFactory(color="#2563eb")
    url = product.image_url

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response.content.startswith(b"<svg")
    # No session is touched, so shared caches may keep it.
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    not_modified = client.get(url, headers={"if-none-match": response["ETag"]})
    assert not_modified.status_code == 304
    assert not Interaction.objects.exists()  # an image fetch is not a view


def test_search_matches_name_and_description_and_shows_the_query(client):
    ProductFactory(name="Walnut Desk Lamp", description="Warm light.")
    ProductFactory(name="Reading Chair", description="Pairs well with a lamp.")
    ProductFactory(name="Kettle", description="Boils water.")

    response = client.get(reverse("storefront:search"), {"q": "lamp"})

    assert response.status_code == 200
    names = [p.name for p in response.context["page"].object_list]
    assert names == ["Walnut Desk Lamp", "Reading Chair"]  # name hits first
    assert "Results for “lamp”" in response.content.decode()


def test_search_needs_every_word(client):
    ProductFactory(name="Oak Table", description="Solid oak.")
    ProductFactory(name="Oak Chair", description="Matches the table.")
    ProductFactory(name="Glass Table")
    response = client.get(reverse("storefront:search"), {"q": "oak table"})
    assert [p.name for p in response.context["page"].object_list] == ["Oak Table", "Oak Chair"]


def test_search_is_paginated(client):
    for i in range(14):
        ProductFactory(name=f"Mug {i}")
    response = client.get(reverse("storefront:search"), {"q": "mug", "page": 2})
    assert len(response.context["page"].object_list) == 2
    assert 'href="?q=mug&amp;page=1"' in response.content.decode()


def test_search_empty_query_and_no_results_are_friendly(client):
    CategoryFactory(slug="books", name="Books")
    ProductFactory(category=Category.objects.get(slug="books"))

    empty = client.get(reverse("storefront:search"), {"q": "   "})
    nothing = client.get(reverse("storefront:search"), {"q": "zzzz<script>"})

    assert empty.status_code == nothing.status_code == 200
    assert "Search the shop" in empty.content.decode()
    body = nothing.content.decode()
    assert "No products match “zzzz&lt;script&gt;”" in body
    assert "<script>" not in body.split("</head>")[1].replace('<script src="', "")
    assert "Browse departments" in body


def test_a_too_long_search_says_so_keeps_the_text_and_offers_the_departments(client):
    books = CategoryFactory(slug="books", name="Books")
    ProductFactory(category=books, name="Long Book")

    response = client.get(reverse("storefront:search"), {"q": "long " * 60})  # 300 characters

    assert response.status_code == 200
    body = response.content.decode()
    assert "Your search is too long: use at most 200 characters." in body
    assert 'role="alert"' in body
    kept = ("long " * 60)[:200]
    # Both search boxes, the header's and the page's, hold the first 200 characters to edit.
    assert body.count(f'value="{kept}"') == 2
    assert 'aria-invalid="true" aria-describedby="search-error"' in body
    assert "Search the shop" in body
    assert response.context["page"] is None  # nothing is searched for a refused query
    assert "Browse departments" in body
    assert f'<a class="pill" href="{books.get_absolute_url()}">Books</a>' in body


def test_a_long_accepted_search_is_shortened_in_headings_and_kept_whole_in_the_boxes(client):
    response = client.get(reverse("storefront:search"), {"q": "a" * 200})

    body = response.content.decode()
    assert "too long" not in body
    assert "aria-invalid" not in body
    assert body.count(f'value="{"a" * 200}"') == 2
    assert f"<h1>Results for “{'a' * 59}…”</h1>" in body
    assert f"<h2>No products match “{'a' * 59}…”</h2>" in body


# --- Cart --------------------------------------------------------------------------------------------


def test_cart_add_records_add_to_cart_and_shows_in_cart(client):
    product = ProductFactory(stock=5, name="Desk Lamp", price=Decimal("12.50"))

    response = add(client, product, 2, rid="rec-9", next=reverse("storefront:cart"))

    assert response.redirect_chain[-1][0] == reverse("storefront:cart")
    assert cart_of(client) == {str(product.pk): {"quantity": 2, "rid": "rec-9"}}
    event = Interaction.objects.get(event_type=EventType.ADD_TO_CART)
    assert (event.product, event.recommendation_id) == (product, "rec-9")
    assert "Added Desk Lamp to your cart" in messages_of(response)[0]
    assert "$25.00" in response.content.decode()
    assert response.context["cart_item_count"] == 2


def views_logged() -> list[tuple[int, str]]:
    views = Interaction.objects.filter(event_type=EventType.VIEW).order_by("id")
    return list(views.values_list("product_id", "recommendation_id"))


@pytest.mark.parametrize("quantity", [1, 0], ids=["added", "refused"])
def test_coming_back_from_the_product_pages_own_cart_form_is_not_a_new_view(client, quantity):
    product = ProductFactory()
    page = f"{product.get_absolute_url()}?rid=rec-5"
    client.get(page)

    response = client.post(
        reverse("storefront:cart_add", args=[product.pk]), {"quantity": quantity, "rid": "rec-5", "next": page}
    )
    client.get(response.url)

    assert response.url == page
    assert views_logged() == [(product.pk, "rec-5")]


@pytest.mark.parametrize("quantity", [1, 0], ids=["added", "refused"])
def test_a_cart_add_that_lands_elsewhere_does_not_hide_the_next_view_of_the_product(client, quantity):
    product = ProductFactory()
    cart = reverse("storefront:cart")

    response = client.post(reverse("storefront:cart_add", args=[product.pk]), {"quantity": quantity, "next": cart})
    client.get(response.url)
    client.get(product.get_absolute_url(), {"rid": "rec-5"})  # later, a click on a recommendation row

    assert response.url == cart
    assert views_logged() == [(product.pk, "rec-5")]


def test_cart_add_ignores_an_offsite_next(client):
    product = ProductFactory()
    response = client.post(
        reverse("storefront:cart_add", args=[product.pk]), {"quantity": 1, "next": "https://evil.example/"}
    )
    assert response.url == product.get_absolute_url()


@pytest.mark.parametrize("quantity", [0, -2, "abc", "", "1.5", 100])
def test_cart_add_rejects_bad_quantities(client, quantity):
    product = ProductFactory(stock=500)

    response = add(client, product, quantity)

    assert response.status_code == 200
    assert messages_of(response)
    assert cart_of(client) == {}
    assert not Interaction.objects.filter(event_type=EventType.ADD_TO_CART).exists()


def test_cart_add_more_than_stock_is_refused(client):
    product = ProductFactory(stock=3, name="Vase")

    response = add(client, product, 4)

    assert messages_of(response) == ["Sorry, only 3 of Vase in stock."]
    assert cart_of(client) == {}
    assert not Interaction.objects.filter(event_type=EventType.ADD_TO_CART).exists()


def test_cart_add_out_of_stock_is_refused(client):
    product = ProductFactory(stock=0, name="Drum")
    response = add(client, product, 1)
    assert messages_of(response) == ["Sorry, Drum is out of stock."]
    assert cart_of(client) == {}


def test_cart_add_is_post_only(client):
    product = ProductFactory()
    assert client.get(reverse("storefront:cart_add", args=[product.pk])).status_code == 405


def test_cart_page_lists_lines_and_totals(client):
    lamp = ProductFactory(name="Lamp", price=Decimal("10.00"))
    rug = ProductFactory(name="Rug", price=Decimal("1234.50"))
    add(client, lamp, 2)
    add(client, rug, 1)

    response = client.get(reverse("storefront:cart"))

    assert response.status_code == 200
    assert response.context["subtotal"] == Decimal("1254.50")
    body = response.content.decode()
    assert "$1,254.50" in body
    assert "Lamp" in body and "Rug" in body


def test_empty_cart_page(client):
    response = client.get(reverse("storefront:cart"))
    assert response.status_code == 200
    assert "Your cart is empty" in response.content.decode()


def test_cart_update_changes_quantity_and_logs_direction(client):
    product = ProductFactory(stock=10)
    add(client, product, 2)
    url = reverse("storefront:cart_update", args=[product.pk])

    client.post(url, {"quantity": 4})
    client.post(url, {"quantity": 1})

    assert cart_of(client)[str(product.pk)]["quantity"] == 1
    assert cart_events() == [
        EventType.ADD_TO_CART,
        EventType.ADD_TO_CART,
        EventType.REMOVE_FROM_CART,
    ]


@pytest.mark.parametrize("quantity", [0, -1, "x", 11])
def test_cart_update_rejects_bad_quantities(client, quantity):
    product = ProductFactory(stock=10)
    add(client, product, 2)

    response = client.post(reverse("storefront:cart_update", args=[product.pk]), {"quantity": quantity}, follow=True)

    assert messages_of(response)
    assert cart_of(client)[str(product.pk)]["quantity"] == 2
    assert cart_events() == [EventType.ADD_TO_CART]


def test_cart_remove_records_remove_from_cart(client):
    product = ProductFactory()
    add(client, product, 1, rid="r-1")

    response = client.post(reverse("storefront:cart_remove", args=[product.pk]), follow=True)

    assert cart_of(client) == {}
    removed = Interaction.objects.get(event_type=EventType.REMOVE_FROM_CART)
    assert (removed.product, removed.recommendation_id) == (product, "r-1")
    assert "Removed" in messages_of(response)[0]


def test_cart_remove_of_a_product_not_in_the_cart_changes_nothing(client):
    product = ProductFactory()
    response = client.post(reverse("storefront:cart_remove", args=[product.pk]), follow=True)
    assert "not in your cart" in messages_of(response)[0]
    assert cart_events() == []


# --- Checkout and orders -----------------------------------------------------------------------------


def test_checkout_with_an_empty_cart_sends_back_to_the_cart(client):
    for response in (
        client.get(reverse("storefront:checkout"), follow=True),
        client.post(reverse("storefront:checkout"), follow=True),
    ):
        assert response.redirect_chain[-1][0] == reverse("storefront:cart")
        assert "Your cart is empty" in messages_of(response)[0]
    assert not Order.objects.exists()


def test_checkout_anonymous_places_the_order(client):
    lamp = ProductFactory(stock=5, price=Decimal("10.00"), name="Lamp")
    rug = ProductFactory(stock=2, price=Decimal("99.00"), name="Rug")
    add(client, lamp, 3, rid="rec-1")
    add(client, rug, 2)

    review = client.get(reverse("storefront:checkout"))
    response = client.post(reverse("storefront:checkout"), follow=True)

    assert review.status_code == 200
    assert "Place order" in review.content.decode()
    order = Order.objects.get()
    assert response.redirect_chain[-1][0] == order.get_absolute_url()
    assert response.status_code == 200
    assert f"Your order #{order.pk} is confirmed" in messages_of(response)[0]
    assert order.user is None
    assert order.visitor_id == client.session[VISITOR_SESSION_KEY]
    assert order.total == Decimal("228.00")
    assert sorted(order.lines.values_list("product__name", "quantity")) == [("Lamp", 3), ("Rug", 2)]
    lamp.refresh_from_db()
    rug.refresh_from_db()
    assert (lamp.stock, rug.stock) == (2, 0)
    purchases = Interaction.objects.filter(event_type=EventType.PURCHASE)
    assert sorted(purchases.values_list("product__name", "recommendation_id")) == [("Lamp", "rec-1"), ("Rug", "")]
    assert cart_of(client) == {}
    # Another browser cannot see the anonymous order.
    from django.test import Client

    assert Client().get(order.get_absolute_url()).status_code == 404


def test_checkout_logged_in_links_the_order_to_the_shopper(client):
    user = UserFactory()
    client.force_login(user)
    add(client, ProductFactory(stock=1), 1)

    client.post(reverse("storefront:checkout"))

    order = Order.objects.get()
    assert order.user == user
    assert Interaction.objects.get(event_type=EventType.PURCHASE).user == user
    assert client.get(reverse("storefront:orders")).status_code == 200


def test_checkout_when_stock_ran_out_places_nothing(client):
    product = ProductFactory(stock=2, name="Last Lamp")
    add(client, product, 2)
    Product.objects.filter(pk=product.pk).update(stock=1)

    response = client.post(reverse("storefront:checkout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("storefront:cart")
    assert "Only 1 of Last Lamp left in stock." in messages_of(response)
    assert not Order.objects.exists()
    product.refresh_from_db()
    assert product.stock == 1
    assert not Interaction.objects.filter(event_type=EventType.PURCHASE).exists()
    assert "please lower the quantity" in response.content.decode()


def test_orders_require_login(client):
    response = client.get(reverse("storefront:orders"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("personas:list"))
    assert "next=/orders/" in response.url


def test_orders_list_and_detail_show_only_the_shoppers_own_orders(client):
    mine, theirs = UserFactory(), UserFactory()
    product = ProductFactory(name="Teapot")
    now = timezone.now()
    my_order = Order.objects.create(user=mine, created_at=now, total=Decimal("5.00"))
    my_order.lines.create(product=product, quantity=1, unit_price=Decimal("5.00"))
    their_order = Order.objects.create(user=theirs, created_at=now, total=Decimal("7.00"))
    client.force_login(mine)

    listing = client.get(reverse("storefront:orders"))
    detail = client.get(my_order.get_absolute_url())

    assert [o.pk for o in listing.context["page"].object_list] == [my_order.pk]
    assert detail.status_code == 200
    assert "Teapot" in detail.content.decode()
    assert client.get(their_order.get_absolute_url()).status_code == 404
    assert client.get(reverse("storefront:order", args=[999999])).status_code == 404


# --- Recommendations after training --------------------------------------------------------------------


def test_persona_shopper_home_shows_personal_row_in_their_categories(client):
    world = persona_world_build()
    train_synchronously()

    for persona in world.personas:
        client.force_login(persona_demo_shopper(persona=persona))
        response = client.get(reverse("storefront:home"))

        rows = response.context["rows"]
        assert rows[0].title == "Inspired by your shopping trends"
        assert rows[0].version_id is not None
        own = {c.pk for c in world.categories[persona.slug]}
        products = rows[0].products
        in_taste = sum(p.category_id in own for p in products)
        assert len(products) >= 4
        assert in_taste > len(products) / 2, (persona.slug, [p.category.slug for p in products])
        body = response.content.decode()
        assert "Inspired by your shopping trends" in body
        assert re.search(rf"\?rid={rows[0].recommendation_id}", body)


def test_grids_do_not_query_per_product(client, django_assert_max_num_queries):
    """The card reads its category; grids must fetch it with the product, not once per card."""
    category = CategoryFactory(slug="mugs", name="Mugs")
    ProductFactory.create_batch(3, category=category)
    url = reverse("storefront:category", args=["mugs"])
    client.get(url)  # warm the session

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    budget = len(few)  # now: the next request clears the query log
    ProductFactory.create_batch(9, category=category)
    client.get(url)  # the new products made the cached header stale: read it again first
    with django_assert_max_num_queries(budget):
        client.get(url)


# --- Frequently bought together: add both ----------------------------------------------------------


def _bought_together_world() -> tuple[Product, Product]:
    lamp, bulb = ProductFactory(name="Brass Lamp", stock=5), ProductFactory(name="Warm Bulb", stock=5)
    for k in range(3):
        for product in (lamp, bulb):
            for event in (EventType.VIEW, EventType.ADD_TO_CART, EventType.PURCHASE):
                interaction_record(product_id=product.pk, event_type=event, visitor_id=f"buyer-{k}")
    train_synchronously()
    return lamp, bulb


def test_add_both_puts_the_product_and_its_first_partner_in_the_cart_with_two_attributed_adds(client):
    lamp, bulb = _bought_together_world()
    response = client.get(lamp.get_absolute_url(), {"rid": "came-from-home"})
    row = response.context["together"]
    assert row.products[0] == bulb and row.reasons[0] == f"Often bought with {lamp.name}"
    page = response.content.decode()
    action = reverse("storefront:cart_add_together", args=[lamp.pk])
    # Post the form exactly as the page renders it.
    form = page.split(f'action="{action}"')[1].split("</form>")[0]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert fields["partner"] == str(bulb.pk) and fields["partner_rid"] == row.recommendation_id
    response = client.post(action, fields, follow=True)

    assert {int(pk): line["quantity"] for pk, line in cart_of(client).items()} == {lamp.pk: 1, bulb.pk: 1}
    assert f"Added {lamp.name} and {bulb.name} to your cart." in messages_of(response)
    adds = Interaction.objects.filter(event_type=EventType.ADD_TO_CART).exclude(visitor_id__startswith="buyer-")
    assert sorted(adds.values_list("product_id", "recommendation_id")) == sorted(
        [(lamp.pk, "came-from-home"), (bulb.pk, row.recommendation_id)]
    )


def test_add_both_adds_nothing_when_the_product_itself_cannot_be_added(client):
    lamp, bulb = _bought_together_world()
    add(client, lamp, 5)  # all the lamps in stock
    response = client.post(reverse("storefront:cart_add_together", args=[lamp.pk]), {"partner": bulb.pk}, follow=True)
    assert str(bulb.pk) not in cart_of(client)
    assert any(message.startswith(f"{lamp.name}: ") for message in messages_of(response))


def test_add_both_is_post_only(client):
    lamp = ProductFactory()
    assert client.get(reverse("storefront:cart_add_together", args=[lamp.pk])).status_code == 405


def test_no_add_both_button_without_a_bought_together_row(client):
    lamp = ProductFactory()
    response = client.get(lamp.get_absolute_url())
    assert response.context["together"] is None
    assert reverse("storefront:cart_add_together", args=[lamp.pk]) not in response.content.decode()


# --- Similar items ------------------------------------------------------------------------------


def _similar_row(response):
    return next((row for row in response.context["rows"] if row.recommender == "similar-items"), None)


def test_a_product_created_after_training_has_a_full_similar_items_row_with_reasons(client, settings):
    mugs, lamps = CategoryFactory(slug="mugs", name="Mugs"), CategoryFactory(slug="lamps", name="Lamps")
    stoneware = [
        ProductFactory(category=mugs, style="stoneware", price=Decimal("12.00"), name=f"Stoneware Mug {k}")
        for k in range(settings.RECOMMENDATIONS_ROW_SIZE)
    ]
    others = ProductFactory.create_batch(6, category=lamps, price=Decimal("80.00"))
    for k, product in enumerate(stoneware + others):
        interaction_record(product_id=product.pk, event_type=EventType.VIEW, visitor_id=f"viewer-{k % 3}")
    for lamp in others[:2]:  # every recommender needs its events to train
        for event in (EventType.ADD_TO_CART, EventType.PURCHASE):
            interaction_record(product_id=lamp.pk, event_type=event, visitor_id="viewer-0")
    train_synchronously()

    new = ProductFactory(category=mugs, style="stoneware", price=Decimal("13.00"), name="Stoneware Cup")
    response = client.get(new.get_absolute_url())
    row = _similar_row(response)
    assert row is not None and row.title == "Similar items" and row.version_id is not None
    assert len(row.products) == settings.RECOMMENDATIONS_ROW_SIZE
    assert set(row.products) == set(stoneware)
    assert set(row.reasons) == {"Like Stoneware Cup: same style, similar price, shared words"}
    body = response.content.decode()
    assert "Similar items" in body and "Like Stoneware Cup: same style, similar price" in body
