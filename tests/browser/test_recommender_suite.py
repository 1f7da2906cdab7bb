"""Every row of the recommender suite in a real browser, each card with its reason: anonymous home,
a persona's home, a product page, a category page's personal order, the cart and the order page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from recommendations.models import EventType, Interaction
from recommendations.services import product_stats_rebuild
from shop.models import Product
from tests.factories import ProductFactory
from tests.storefront.test_views import PersonaWorld, persona_world_build, train_synchronously

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings) -> dict:
    settings.RECOMMENDATIONS_HOME_PROMOTION_PERCENT = 25
    persona_world: PersonaWorld = persona_world_build()
    books = next(c for cats in persona_world.categories.values() for c in cats if c.slug == "books")
    # Shoppers of another persona, so the musician the test shops as has bought neither.
    gardeners = persona_world.shoppers["green-thumb"]
    lamp, bulb = (ProductFactory(category=books, name=name, style="books-0", stock=50) for name in ("Lamp", "Bulb"))
    now = timezone.now()
    events = [
        # A pair viewed and bought together by several shoppers: the related models' answer for Lamp.
        Interaction(user=user, product=product, event_type=kind, timestamp=now - timedelta(days=3))
        for user in gardeners[:5]
        for product in (lamp, bulb)
        for kind in (EventType.VIEW, EventType.PURCHASE)
    ]
    # A first run of views in the last hour on a product of each category that nobody looked at
    # before: trending now, while still too few views overall to be most viewed.
    shoppers = [user for users in persona_world.shoppers.values() for user in users]
    Interaction.objects.filter(product__name__endswith="item 5").delete()
    events += [
        Interaction(user=user, product=product, event_type=EventType.VIEW, timestamp=now - timedelta(minutes=10 + i))
        for product in Product.objects.filter(name__endswith="item 5")
        for i, user in enumerate(shoppers[:4])
    ]
    Interaction.objects.bulk_create(events)
    # Products added two days ago that nobody has seen: New arrivals' and exploration's case.
    arrivals = [
        ProductFactory(category=books, name=f"New book {i}", style="books-1", created_at=now - timedelta(days=2))
        for i in range(3)
    ]
    # Flagged before training, as staff would in the admin: the home page promotes them.
    Product.objects.filter(name__endswith="item 2").update(promoted=True, updated_at=now)
    product_stats_rebuild()
    train_synchronously()
    return {"lamp": lamp, "bulb": bulb, "arrivals": arrivals, "books": books}


def reasons(page: Page, recommender: str) -> list[str]:
    cards = page.locator(f'[data-recommender="{recommender}"] .card')
    return cards.evaluate_all(
        "cards => cards.map(card => (card.querySelector('.card__reason') || {textContent: ''}).textContent.trim())"
    )


def assert_every_card_explained(page: Page, recommender: str, pattern: str) -> list[str]:
    found = reasons(page, recommender)
    assert found, f"{recommender}: no cards"
    unexplained = [reason for reason in found if not re.search(pattern, reason)]
    assert not unexplained, (recommender, unexplained)
    return found


def test_every_row_of_the_suite_shows_with_its_reasons(live_server, page: Page, world: dict):
    page.goto(f"{live_server.url}/")
    for title in ("Most viewed", "New arrivals", "Best sellers", "Trending now"):
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    assert_every_card_explained(page, "trending-now", r"^Trending: (views up [\d,]+%|\d+ views) in the last day")
    viewed = assert_every_card_explained(page, "most-viewed", r"^(Viewed \d+ times|Promoted$|Popular )")
    assert "Promoted" in viewed  # the home page's promotion of products flagged as promoted
    arrivals = assert_every_card_explained(page, "new-arrivals", r"^New arrival: added \d+ days? ago$")
    assert len(arrivals) == len(world["arrivals"])
    assert_every_card_explained(page, "best-sellers", r"^(Bought \d+ times?|Popular )")

    page.get_by_test_id("persona-menu-button").click()
    page.get_by_role("button", name=re.compile(r"Musician & reader\s+— instruments, books")).click()
    expect(page.get_by_role("heading", name="Inspired by your shopping trends")).to_be_visible()
    expect(page.get_by_role("heading", name="New arrivals", exact=True)).to_have_count(0)
    personal = assert_every_card_explained(
        page,
        "recommended-for-you",
        r"^(Because you (viewed|added|bought) .+|You \w+ this recently|New arrival: .+|Promoted|Popular .+)$",
    )
    # Exploration: a book nobody has seen yet reaches a shopper who reads.
    assert any(reason.startswith("New arrival") for reason in personal), personal

    page.goto(f"{live_server.url}{world['lamp'].get_absolute_url()}")
    for title in ("Customers who viewed this also viewed", "Frequently bought together", "Similar items"):
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    assert_every_card_explained(
        page, "customers-who-viewed-x-also-viewed", r"^(Viewed by shoppers who viewed Lamp|Popular (in \w+|right now))$"
    )
    together = assert_every_card_explained(page, "frequently-bought-together", r"^(Often bought with Lamp|Popular .+)$")
    assert together[0] == "Often bought with Lamp"
    expect(page.locator('[data-recommender="frequently-bought-together"] .card').first).to_contain_text("Bulb")
    assert_every_card_explained(
        page, "similar-items", r"^(Like Lamp: .+|Viewed by shoppers who viewed Lamp|Popular .+)$"
    )
    # Same category as the product, through the stored same-category filter.
    similar = page.locator('[data-recommender="similar-items"] .card[data-category]')
    assert set(similar.evaluate_all("cards => cards.map(card => card.dataset.category)")) == {"books"}

    page.goto(f"{live_server.url}{world['books'].get_absolute_url()}")
    expect(page.get_by_label("Sort by")).to_have_value("recommended")

    page.goto(f"{live_server.url}{world['lamp'].get_absolute_url()}")
    page.get_by_role("button", name="Add to cart", exact=True).click()
    page.goto(f"{live_server.url}/cart/")
    assert_every_card_explained(page, "frequently-bought-together", r"^(Often bought with Lamp|Popular .+)$")
    page.get_by_role("link", name="Go to checkout").click()
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("heading", name="You may also like")).to_be_visible()
    assert_every_card_explained(page, "frequently-bought-together", r"^(Often bought with .+|Popular .+)$")
