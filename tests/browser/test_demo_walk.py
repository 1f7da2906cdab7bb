"""An unscripted demo in a real browser, on the generator's own data.

A stakeholder picks a persona, wanders into a category outside its taste, goes home and expects
the row to follow; switches persona; leaves as an anonymous visitor. Each step's rows are checked.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from personas.models import Persona
from recommendations import services
from shop.models import Category, Product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo() -> None:
    call_command("generate_data", products=800, users=1200, interactions=60_000, seed=42, no_progress=True, verbosity=0)
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == "succeeded", run.error


def cards(page: Page, recommender: str):
    return page.locator(f'[data-recommender="{recommender}"] .card')


def categories(page: Page, recommender: str) -> list[str]:
    return cards(page, recommender).evaluate_all("cards => cards.map(card => card.dataset.category)")


def shop_as(page: Page, persona: str) -> None:
    page.get_by_test_id("persona-menu-button").click()
    page.get_by_role("button", name=re.compile(rf"^{re.escape(persona)}\b")).click()
    expect(page.get_by_test_id("shopper-bar")).to_contain_text("Shopping as")


def taste(persona: str) -> set[str]:
    return set(Persona.objects.get(name=persona).persona_categories.values_list("category__slug", flat=True))


def test_the_unscripted_demo(live_server, page: Page, demo) -> None:
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Most viewed")).to_be_visible()
    shop_as(page, "Cosy bookworm")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Inspired by your shopping trends")).to_be_visible()
    before = categories(page, "recommended-for-you")
    assert len(before) == 8 and "instruments" not in before
    assert sum(c in taste("Cosy bookworm") for c in before) >= 6, before

    # Three instruments, opened as a shopper would: from the category page.
    instruments = Category.objects.get(slug="instruments")
    viewed = list(Product.objects.filter(category=instruments, stock__gt=0).order_by("pk")[:3])
    for product in viewed:
        page.goto(f"{live_server.url}{product.get_absolute_url()}")
        expect(page.get_by_role("heading", level=1)).to_have_text(product.name)

    page.goto(f"{live_server.url}/")
    fresh = page.locator('[data-recommender="recommended-for-you"] .card[data-category="instruments"]')
    assert fresh.count() >= 2, categories(page, "recommended-for-you")
    names = [p.name for p in viewed]
    for reason in fresh.locator(".card__reason").all_inner_texts():
        assert any(name in reason for name in names), reason
    expect(page.locator('[data-recommender="recommended-for-you"]')).to_contain_text("instruments")

    # Another persona: its own taste, not the bookworm's wander.
    shop_as(page, "Weekend fixer")
    page.goto(f"{live_server.url}/")
    fixer = categories(page, "recommended-for-you")
    assert sum(c in taste("Weekend fixer") for c in fixer) >= 6, fixer
    assert fixer.count("instruments") <= 1, fixer

    # And out again: popular rows, one card per department.
    page.get_by_test_id("persona-menu-button").click()
    page.get_by_role("button", name="Browse anonymously").click()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Most viewed")).to_be_visible()
    expect(page.get_by_text("Inspired by your shopping trends")).to_have_count(0)
    popular = categories(page, "most-viewed")
    assert len(popular) == 8 and len(set(popular)) == 8, popular
