"""The shop's admin pages render for staff, and show and filter deals by the storefront's rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shop.models import Order
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def products():
    return {
        "deal": ProductFactory(name="Cut Price Lamp", price=Decimal("75.00"), compare_at_price=Decimal("100.00")),
        "stale": ProductFactory(name="Raised Price Lamp", price=Decimal("30.00"), compare_at_price=Decimal("25.00")),
        "plain": ProductFactory(name="Plain Lamp", price=Decimal("20.00")),
    }


def test_changelist_shows_the_old_price_and_the_saving(staff_client, products):
    response = staff_client.get(reverse("admin:shop_product_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Old price" in content
    assert "100.00" in content and "-25%" in content
    assert content.count("-25%") == 1  # the stale old price shows no saving


@pytest.mark.parametrize(
    ("value", "expected"), [("yes", {"Cut Price Lamp"}), ("no", {"Raised Price Lamp", "Plain Lamp"})]
)
def test_deal_filter_follows_is_deal(staff_client, products, value, expected):
    response = staff_client.get(reverse("admin:shop_product_changelist"), {"deal": value})
    assert {p.name for p in response.context["cl"].result_list} == expected


def _change_form(product, compare_at_price: str) -> dict[str, object]:
    return {
        "sku": product.sku, "name": product.name, "description": product.description,
        "category": product.category_id, "style": product.style, "price": "20.00",
        "compare_at_price": compare_at_price, "gender_affinity": "", "stock": product.stock, "color": product.color,
        "created_at_0": "2025-01-01", "created_at_1": "00:00:00",
    }  # fmt: skip


def test_an_old_price_above_the_price_is_saved(staff_client, products):
    product = products["plain"]
    response = staff_client.post(
        reverse("admin:shop_product_change", args=[product.pk]), _change_form(product, "25.00")
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.compare_at_price == Decimal("25.00") and product.is_deal


def test_an_old_price_below_the_price_is_refused(staff_client, products):
    product = products["plain"]
    response = staff_client.post(
        reverse("admin:shop_product_change", args=[product.pk]), _change_form(product, "18.00")
    )
    assert response.status_code == 200  # the form again, with the error
    assert "The old price must be higher than the price." in response.content.decode()
    product.refresh_from_db()
    assert product.compare_at_price is None


def test_admin_pages_render(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    product = ProductFactory(name="Admin Lamp")
    order = Order.objects.create(user=admin, created_at=timezone.now(), total=Decimal("5.00"))
    order.lines.create(product=product, quantity=1, unit_price=Decimal("5.00"))

    for url in (
        reverse("admin:shop_product_changelist"),
        reverse("admin:shop_product_changelist") + "?q=lamp&promoted__exact=0",
        reverse("admin:shop_product_change", args=[product.pk]),
        reverse("admin:shop_category_changelist"),
        reverse("admin:shop_order_changelist"),
        reverse("admin:shop_order_change", args=[order.pk]),
    ):
        assert client.get(url).status_code == 200, url
