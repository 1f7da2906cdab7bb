"""The shop's admin pages render for staff."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shop.models import Order
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


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
