"""What the interaction log records when the shop announces something, and at login."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from recommendations import services
from recommendations.models import EventType, Interaction, ProductStats
from shop import services as shop_services
from shop import signals
from shop.cart import Cart
from shop.models import Order, Product
from shop.visitor import VISITOR_SESSION_KEY
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITOR = "v" * 32


def logged() -> list[tuple]:
    return list(
        Interaction.objects.order_by("id").values_list(
            "event_type", "product_id", "user_id", "visitor_id", "recommendation_id"
        )
    )


def test_a_view_is_recorded_with_the_rows_recommendation_id():
    product, user = ProductFactory(), UserFactory()

    signals.product_viewed.send(sender=Product, product=product, user=None, visitor_id=VISITOR, recommendation_id="r1")
    signals.product_viewed.send(sender=Product, product=product, user=user, visitor_id=VISITOR, recommendation_id="")

    assert logged() == [
        (EventType.VIEW, product.pk, None, VISITOR, "r1"),
        (EventType.VIEW, product.pk, user.pk, VISITOR, ""),
    ]
    assert ProductStats.objects.get(product=product).views == 2


def test_cart_changes_are_recorded_as_adds_and_removes():
    product = ProductFactory()
    for delta, rid in ((2, "r1"), (-1, "r1"), (3, "")):
        signals.basket_changed.send(
            sender=Cart, product=product, quantity_delta=delta, user=None, visitor_id=VISITOR, recommendation_id=rid
        )

    assert logged() == [
        (EventType.ADD_TO_CART, product.pk, None, VISITOR, "r1"),
        (EventType.REMOVE_FROM_CART, product.pk, None, VISITOR, "r1"),
        (EventType.ADD_TO_CART, product.pk, None, VISITOR, ""),
    ]


def test_an_add_without_a_token_inherits_the_clicked_recommendation():
    product = ProductFactory()
    cart = Cart(SessionStore())
    shop_services.product_view_record(product=product, user=None, visitor_id=VISITOR, recommendation_id="r7")

    shop_services.cart_add(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)

    assert logged()[-1] == (EventType.ADD_TO_CART, product.pk, None, VISITOR, "r7")


def test_an_order_records_one_purchase_per_line_with_its_recommendation():
    user = UserFactory()
    lamp, vase = ProductFactory(stock=4), ProductFactory(stock=1)
    cart = Cart(SessionStore())
    shop_services.cart_add(cart=cart, product=lamp, quantity=3, user=user, visitor_id=VISITOR, recommendation_id="r9")
    shop_services.cart_add(cart=cart, product=vase, quantity=1, user=user, visitor_id=VISITOR)

    shop_services.order_place(cart=cart, user=user, visitor_id=VISITOR)

    purchases = [row for row in logged() if row[0] == EventType.PURCHASE]
    assert purchases == [
        (EventType.PURCHASE, lamp.pk, user.pk, VISITOR, "r9"),
        (EventType.PURCHASE, vase.pk, user.pk, VISITOR, ""),
    ]
    assert ProductStats.objects.get(product=lamp).purchases == 1


def test_purchases_are_recorded_inside_the_orders_transaction():
    product = ProductFactory(stock=2, price=Decimal("4.00"))
    cart = Cart(SessionStore())
    shop_services.cart_add(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)
    recorded_before_failure = []

    def fail_after_recommendations(sender, order, **kwargs):
        recorded_before_failure.extend(Interaction.objects.filter(event_type=EventType.PURCHASE))
        raise RuntimeError("a later listener failed")

    signals.order_placed.connect(fail_after_recommendations, weak=False, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            shop_services.order_place(cart=cart, user=None, visitor_id=VISITOR)
    finally:
        signals.order_placed.disconnect(dispatch_uid="test-fail")

    assert len(recorded_before_failure) == 1  # recorded while the order was being placed...
    # ...and gone with it, counters included.
    assert not Order.objects.exists()
    assert not Interaction.objects.filter(event_type=EventType.PURCHASE).exists()
    assert ProductStats.objects.get(product=product).purchases == 0


def test_login_signal_attaches_the_session_visitor(client):
    product, user = ProductFactory(), UserFactory()
    session = client.session
    session[VISITOR_SESSION_KEY] = "browser-42"
    session.save()
    services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, visitor_id="browser-42")
    client.force_login(user)
    assert user.interactions.count() == 1


def test_an_anonymous_browsers_history_follows_the_shopper_who_logs_in(client):
    product, user = ProductFactory(), UserFactory()
    client.get(product.get_absolute_url(), {"rid": "r3"})
    client.post(reverse("storefront:cart_add", args=[product.pk]), {"quantity": 1, "rid": "r3"})
    visitor_id = client.session[VISITOR_SESSION_KEY]
    assert logged() == [
        (EventType.VIEW, product.pk, None, visitor_id, "r3"),
        (EventType.ADD_TO_CART, product.pk, None, visitor_id, "r3"),
    ]

    client.force_login(user)
    client.post(reverse("storefront:checkout"))

    assert logged() == [
        (EventType.VIEW, product.pk, user.pk, visitor_id, "r3"),
        (EventType.ADD_TO_CART, product.pk, user.pk, visitor_id, "r3"),
        (EventType.PURCHASE, product.pk, user.pk, visitor_id, "r3"),
    ]
