"""Each shop service announces what it did (``shop.signals``) with what a listener needs to know."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError

from shop import services, signals
from shop.cart import Cart
from shop.models import Order, Product
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITOR = "v" * 32
SIGNALS = ("product_viewed", "basket_changed", "order_placed")


@pytest.fixture
def heard():
    """What a receiver connected for the test hears: (signal name, sender, arguments) per send."""
    calls: list[tuple[str, type, dict]] = []

    def listener(name: str):
        def receive(sender, signal, **kwargs):
            calls.append((name, sender, kwargs))

        return receive

    for name in SIGNALS:
        getattr(signals, name).connect(listener(name), weak=False, dispatch_uid=f"test-{name}")
    yield calls
    for name in SIGNALS:
        getattr(signals, name).disconnect(dispatch_uid=f"test-{name}")


@pytest.fixture
def cart() -> Cart:
    return Cart(SessionStore())


def test_product_view_record_sends_product_viewed(heard):
    product, user = ProductFactory(), UserFactory()

    services.product_view_record(product=product, user=AnonymousUser(), visitor_id=VISITOR, recommendation_id="r1")
    services.product_view_record(product=product, user=user, visitor_id=VISITOR)

    assert heard == [
        (
            "product_viewed",
            Product,
            {"product": product, "user": None, "visitor_id": VISITOR, "recommendation_id": "r1"},
        ),
        ("product_viewed", Product, {"product": product, "user": user, "visitor_id": VISITOR, "recommendation_id": ""}),
    ]


def test_cart_add_sends_what_was_added_with_the_kept_recommendation(heard, cart):
    product = ProductFactory(stock=5)

    services.cart_add(cart=cart, product=product, quantity=2, user=None, visitor_id=VISITOR, recommendation_id="r1")
    services.cart_add(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)

    common = {"product": product, "user": None, "visitor_id": VISITOR, "recommendation_id": "r1"}
    assert heard == [
        ("basket_changed", Cart, {**common, "quantity_delta": 2}),
        ("basket_changed", Cart, {**common, "quantity_delta": 1}),
    ]


def test_cart_update_sends_the_signed_difference_and_nothing_when_unchanged(heard, cart):
    product, user = ProductFactory(stock=9), UserFactory()
    services.cart_add(cart=cart, product=product, quantity=2, user=user, visitor_id=VISITOR, recommendation_id="r")
    heard.clear()

    services.cart_update(cart=cart, product=product, quantity=5, user=user, visitor_id=VISITOR)
    services.cart_update(cart=cart, product=product, quantity=1, user=user, visitor_id=VISITOR)
    services.cart_update(cart=cart, product=product, quantity=1, user=user, visitor_id=VISITOR)

    common = {"product": product, "user": user, "visitor_id": VISITOR, "recommendation_id": "r"}
    assert heard == [
        ("basket_changed", Cart, {**common, "quantity_delta": 3}),
        ("basket_changed", Cart, {**common, "quantity_delta": -4}),
    ]


def test_cart_remove_sends_the_whole_quantity_taken_out(heard, cart):
    product = ProductFactory()
    services.cart_add(cart=cart, product=product, quantity=3, user=None, visitor_id=VISITOR, recommendation_id="r2")
    heard.clear()

    services.cart_remove(cart=cart, product=product, user=AnonymousUser(), visitor_id=VISITOR)

    assert heard == [
        (
            "basket_changed",
            Cart,
            {"product": product, "quantity_delta": -3, "user": None, "visitor_id": VISITOR, "recommendation_id": "r2"},
        )
    ]


def test_refused_cart_changes_send_nothing(heard, cart):
    product = ProductFactory(stock=1)
    with pytest.raises(ValidationError):
        services.cart_add(cart=cart, product=product, quantity=2, user=None, visitor_id=VISITOR)
    with pytest.raises(ValidationError):
        services.cart_update(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)
    with pytest.raises(ValidationError):
        services.cart_remove(cart=cart, product=product, user=None, visitor_id=VISITOR)
    assert heard == []


def test_order_place_sends_order_placed_once_with_each_lines_recommendation(heard, cart):
    user = UserFactory()
    lamp, vase = ProductFactory(stock=4), ProductFactory(stock=1)
    services.cart_add(cart=cart, product=lamp, quantity=3, user=user, visitor_id=VISITOR, recommendation_id="r9")
    services.cart_add(cart=cart, product=vase, quantity=1, user=user, visitor_id=VISITOR)
    heard.clear()

    order = services.order_place(cart=cart, user=user, visitor_id=VISITOR)

    assert heard == [
        (
            "order_placed",
            Order,
            {"order": order, "user": user, "visitor_id": VISITOR, "recommendation_ids": {lamp.pk: "r9", vase.pk: ""}},
        )
    ]


def test_order_placed_is_sent_inside_the_orders_transaction(cart):
    product = ProductFactory(stock=2, price=Decimal("4.00"))
    services.cart_add(cart=cart, product=product, quantity=2, user=None, visitor_id=VISITOR)
    seen = {}

    def refuse(sender, order, **kwargs):
        # The order is complete when listeners hear of it...
        seen["lines"] = list(order.lines.values_list("product_id", "quantity"))
        seen["stock"] = Product.objects.get(pk=product.pk).stock
        raise RuntimeError("listener failed")

    signals.order_placed.connect(refuse, weak=False, dispatch_uid="test-refuse")
    try:
        with pytest.raises(RuntimeError, match="listener failed"):
            services.order_place(cart=cart, user=None, visitor_id=VISITOR)
    finally:
        signals.order_placed.disconnect(dispatch_uid="test-refuse")

    assert seen == {"lines": [(product.pk, 2)], "stock": 0}
    # ...and a listener that fails takes it back: same transaction.
    assert not Order.objects.exists()
    product.refresh_from_db()
    assert product.stock == 2
    assert cart.quantity_of(product.pk) == 2


def test_an_order_refused_for_stock_sends_nothing(heard, cart):
    product = ProductFactory(stock=2)
    services.cart_add(cart=cart, product=product, quantity=2, user=None, visitor_id=VISITOR)
    Product.objects.filter(pk=product.pk).update(stock=1)
    heard.clear()

    with pytest.raises(ValidationError):
        services.order_place(cart=cart, user=None, visitor_id=VISITOR)

    assert heard == []
