"""Simulated shoppers browsing the live shop, so a demo's online metrics have something to show.

Each session is a persona's demo shopper going through the same selectors and services as the
storefront: the home rows are shown (and logged as impressions), the shopper clicks what matches
their taste more often than what does not, sometimes adds it to the cart and checks out. The
click-through and conversion that come out are measured by the real attribution code; how good
they are depends on how well the live models match each persona's taste.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError

from personas.selectors import demo_shopper_profiles
from recommendations import selectors as recommendation_selectors
from recommendations.services import impressions_record
from shop import services as shop_services
from shop.cart import Cart
from shop.models import Product


@dataclass
class SimulationSummary:
    sessions: int = 0
    rows_shown: int = 0
    clicks: int = 0
    add_to_carts: int = 0
    orders: int = 0


@dataclass(frozen=True)
class ShopperTaste:
    """How likely a simulated shopper is to click, add and buy."""

    click_in_taste: float = 0.35
    click_outside: float = 0.03
    add_to_cart: float = 0.35
    checkout: float = 0.6
    position_decay: float = 0.15  # people click the first cards of a row more


def _pick(row_products: list[Product], tastes: set[int], rng: random.Random, taste: ShopperTaste) -> Product | None:
    for position, product in enumerate(row_products):
        base = taste.click_in_taste if product.category_id in tastes else taste.click_outside
        if rng.random() < base / (1 + taste.position_decay * position):
            return product
    return None


def traffic_simulate(*, sessions: int = 200, seed: int = 7, taste: ShopperTaste | None = None) -> SimulationSummary:
    """Run ``sessions`` persona-shopper visits against the live models; returns what happened."""
    if sessions < 1:
        raise ValueError("sessions must be at least 1")
    taste = taste or ShopperTaste()
    rng = random.Random(seed)
    profiles = list(
        demo_shopper_profiles()
        .filter(persona__isnull=False)
        .select_related("user")
        .prefetch_related("persona__persona_categories")
        .order_by("user_id")
    )
    if not profiles:
        raise ValueError("no persona shoppers to simulate: run generate_data first")
    summary = SimulationSummary()
    for number in range(sessions):
        profile = rng.choice(profiles)
        user = profile.user
        tastes = {pc.category_id for pc in profile.persona.persona_categories.all()}
        visitor_id = f"simulated-{seed}-{number}"
        cart = Cart(SessionStore())
        rows = recommendation_selectors.home_rows(user=user, visitor_id=visitor_id)
        summary.rows_shown += impressions_record(rows=rows, user=user, visitor_id=visitor_id)
        for row in rows:
            product = _pick(row.products, tastes, rng, taste)
            if product is None:
                continue
            summary.clicks += 1
            shop_services.product_view_record(
                product=product, user=user, visitor_id=visitor_id, recommendation_id=row.recommendation_id
            )
            related = recommendation_selectors.product_rows(product=product, user=user, visitor_id=visitor_id)
            summary.rows_shown += impressions_record(rows=related, user=user, visitor_id=visitor_id)
            for related_row in related:
                onward = _pick(related_row.products, tastes, rng, taste)
                if onward is not None:
                    summary.clicks += 1
                    shop_services.product_view_record(
                        product=onward,
                        user=user,
                        visitor_id=visitor_id,
                        recommendation_id=related_row.recommendation_id,
                    )
                    break  # one step further along the related rows per click is plenty
            if rng.random() < taste.add_to_cart:
                try:
                    shop_services.cart_add(
                        cart=cart,
                        product=product,
                        quantity=1,
                        user=user,
                        visitor_id=visitor_id,
                        recommendation_id=row.recommendation_id,
                    )
                except ValidationError:
                    continue  # sold out meanwhile: the shopper moves on, as a real one would
                summary.add_to_carts += 1
        if len(cart) and rng.random() < taste.checkout:
            try:
                shop_services.order_place(cart=cart, user=user, visitor_id=visitor_id)
            except ValidationError:
                pass
            else:
                summary.orders += 1
        summary.sessions += 1
    return summary
