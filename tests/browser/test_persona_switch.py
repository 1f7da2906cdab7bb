"""A stakeholder's demo in a real browser: anonymous home, switch persona, personal recommendations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.storefront.test_views import PersonaWorld, persona_world_build, train_synchronously

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world() -> PersonaWorld:
    world = persona_world_build()
    train_synchronously()
    return world


def row_categories(page: Page, recommender: str) -> list[str]:
    cards = page.locator(f'[data-recommender="{recommender}"] .card[data-category]')
    return cards.evaluate_all("cards => cards.map(card => card.dataset.category)")


def test_switching_persona_personalises_the_home_page(live_server, page: Page, world: PersonaWorld):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Most viewed")).to_be_visible()
    expect(page.get_by_text("Inspired by your shopping trends")).to_have_count(0)

    page.get_by_test_id("persona-menu-button").click()
    page.get_by_role("button", name=re.compile(r"Musician & reader\s+— instruments, books")).click()

    expect(page.get_by_test_id("shopper-bar")).to_contain_text(
        re.compile(r"Shopping as \w+ \w+ — likes instruments, books")
    )
    expect(page.get_by_role("heading", name="Inspired by your shopping trends")).to_be_visible()
    categories = row_categories(page, "recommended-for-you")
    own = {c.slug for c in world.categories["musician-reader"]}
    assert len(categories) >= 4
    assert sum(c in own for c in categories) > len(categories) / 2, categories


def test_switcher_works_from_the_keyboard_and_back_to_anonymous(live_server, page: Page, world: PersonaWorld):
    page.goto(f"{live_server.url}/search/?q=item")
    menu_button = page.get_by_test_id("persona-menu-button")
    menu_button.focus()
    page.keyboard.press("Enter")
    first_persona = page.locator(".persona-option").first
    expect(first_persona).to_be_visible()
    page.keyboard.press("Tab")  # into the menu: the first persona's button
    expect(first_persona).to_be_focused()
    page.keyboard.press("Enter")

    # Back on the page the shopper was on, now as a named shopper.
    expect(page).to_have_url(re.compile(r"/search/\?q=item$"))
    expect(page.get_by_test_id("shopper-bar")).to_contain_text("Shopping as")

    page.get_by_test_id("persona-menu-button").click()
    page.get_by_role("button", name="Browse anonymously").click()
    expect(page.get_by_test_id("shopper-bar")).to_have_count(0)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Most viewed")).to_be_visible()


def test_recommendation_links_carry_the_row_id_to_the_product_page(live_server, page: Page, world: PersonaWorld):
    page.goto(f"{live_server.url}/")
    row = page.locator('[data-recommender="most-viewed"]')
    rid = row.get_attribute("data-recommendation-id")
    row.locator(".card__link").first.click()
    expect(page).to_have_url(re.compile(rf"/product/\d+/\?rid={rid}$"))
    expect(page.get_by_role("button", name="Add to cart")).to_be_visible()
