"""Cart and checkout services: stock rules, events and the all-or-nothing order."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError

from recommendations.models import EventType, Interaction
from shop import services
from shop.cart import Cart
from shop.models import Order, OrderLine
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITOR = "v" * 32


@pytest.fixture
def cart() -> Cart:
    return Cart(SessionStore())


def events(event_type: str) -> list[Interaction]:
    return list(Interaction.objects.filter(event_type=event_type).order_by("id"))


def test_cart_add_accumulates_and_records_add_to_cart(cart):
    product = ProductFactory(stock=5)

    services.cart_add(cart=cart, product=product, quantity=2, user=AnonymousUser(), visitor_id=VISITOR)
    quantity = services.cart_add(
        cart=cart, product=product, quantity=1, user=AnonymousUser(), visitor_id=VISITOR, recommendation_id="r1"
    )

    assert quantity == 3
    assert cart.quantity_of(product.pk) == 3
    added = events(EventType.ADD_TO_CART)
    assert [e.recommendation_id for e in added] == ["", "r1"]
    assert all(e.user_id is None and e.visitor_id == VISITOR for e in added)


def test_cart_add_keeps_the_first_recommendation_for_the_purchase(cart):
    product = ProductFactory(stock=5)
    services.cart_add(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR, recommendation_id="r1")
    services.cart_add(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)

    assert cart.item(product.pk).recommendation_id == "r1"


@pytest.mark.parametrize("quantity", [0, -1])
def test_cart_add_rejects_non_positive_quantity(cart, quantity):
    product = ProductFactory(stock=5)
    with pytest.raises(ValidationError):
        services.cart_add(cart=cart, product=product, quantity=quantity, user=None, visitor_id=VISITOR)
    assert not cart
    assert not Interaction.objects.exists()


def test_cart_add_never_exceeds_stock(cart):
    product = ProductFactory(stock=3, name="Lamp")
    services.cart_add(cart=cart, product=product, quantity=2, user=None, visitor_id=VISITOR)

    with pytest.raises(ValidationError, match="only 3 of Lamp in stock and you already have 2"):
        services.cart_add(cart=cart, product=product, quantity=2, user=None, visitor_id=VISITOR)

    assert cart.quantity_of(product.pk) == 2
    assert len(events(EventType.ADD_TO_CART)) == 1


def test_cart_add_refuses_out_of_stock(cart):
    product = ProductFactory(stock=0, name="Kettle")
    with pytest.raises(ValidationError, match="Kettle is out of stock"):
        services.cart_add(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)
    assert not cart


def test_cart_update_logs_direction_of_change(cart):
    product = ProductFactory(stock=9)
    services.cart_add(cart=cart, product=product, quantity=2, user=None, visitor_id=VISITOR, recommendation_id="r")

    services.cart_update(cart=cart, product=product, quantity=5, user=None, visitor_id=VISITOR)
    services.cart_update(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)
    services.cart_update(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)  # no change

    assert cart.quantity_of(product.pk) == 1
    kinds = list(Interaction.objects.order_by("id").values_list("event_type", "recommendation_id"))
    assert kinds == [
        (EventType.ADD_TO_CART, "r"),
        (EventType.ADD_TO_CART, "r"),
        (EventType.REMOVE_FROM_CART, "r"),
    ]


def test_cart_update_validates_stock_and_presence(cart):
    product = ProductFactory(stock=2)
    with pytest.raises(ValidationError, match="not in your cart"):
        services.cart_update(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)
    services.cart_add(cart=cart, product=product, quantity=1, user=None, visitor_id=VISITOR)
    with pytest.raises(ValidationError):
        services.cart_update(cart=cart, product=product, quantity=3, user=None, visitor_id=VISITOR)
    with pytest.raises(ValidationError):
        services.cart_update(cart=cart, product=product, quantity=0, user=None, visitor_id=VISITOR)
    assert cart.quantity_of(product.pk) == 1


def test_cart_remove_records_remove_from_cart(cart):
    product = ProductFactory()
    user = UserFactory()
    services.cart_add(cart=cart, product=product, quantity=1, user=user, visitor_id=VISITOR)

    services.cart_remove(cart=cart, product=product, user=user, visitor_id=VISITOR)

    assert not cart
    removed = events(EventType.REMOVE_FROM_CART)
    assert len(removed) == 1
    assert removed[0].user == user
    with pytest.raises(ValidationError):
        services.cart_remove(cart=cart, product=product, user=user, visitor_id=VISITOR)


def test_cart_drops_products_deleted_meanwhile(cart):
    kept, gone = ProductFactory(), ProductFactory()
    cart.set(product_id=kept.pk, quantity=1)
    cart.set(product_id=gone.pk, quantity=1)
    gone.delete()

    assert [line.product for line in cart.lines()] == [kept]
    assert len(cart) == 1


def test_cart_ignores_a_corrupt_session():
    session = SessionStore()
    session["cart"] = {"x": {"quantity": 1}, "5": {"quantity": "two"}, "7": "junk"}
    assert len(Cart(session)) == 0


def test_order_place_creates_lines_decrements_stock_and_records_purchases(cart):
    user = UserFactory()
    lamp = ProductFactory(stock=4, price=Decimal("10.00"))
    vase = ProductFactory(stock=1, price=Decimal("2.50"))
    services.cart_add(cart=cart, product=lamp, quantity=3, user=user, visitor_id=VISITOR, recommendation_id="r9")
    services.cart_add(cart=cart, product=vase, quantity=1, user=user, visitor_id=VISITOR)

    order = services.order_place(cart=cart, user=user, visitor_id=VISITOR)

    assert order.user == user
    assert order.visitor_id == VISITOR
    assert order.total == Decimal("32.50")
    assert sorted(order.lines.values_list("product_id", "quantity", "unit_price")) == sorted(
        [(lamp.pk, 3, Decimal("10.00")), (vase.pk, 1, Decimal("2.50"))]
    )
    lamp.refresh_from_db()
    vase.refresh_from_db()
    assert (lamp.stock, vase.stock) == (1, 0)
    purchases = events(EventType.PURCHASE)
    assert sorted((e.product_id, e.recommendation_id) for e in purchases) == sorted([(lamp.pk, "r9"), (vase.pk, "")])
    assert all(e.user == user for e in purchases)
    assert not cart


def test_order_place_anonymous_keeps_visitor_id(cart):
    product = ProductFactory(stock=2)
    services.cart_add(cart=cart, product=product, quantity=1, user=AnonymousUser(), visitor_id=VISITOR)

    order = services.order_place(cart=cart, user=AnonymousUser(), visitor_id=VISITOR)

    assert order.user is None
    assert order.visitor_id == VISITOR
    assert events(EventType.PURCHASE)[0].visitor_id == VISITOR


def test_order_place_is_all_or_nothing_when_stock_ran_out(cart):
    plenty = ProductFactory(stock=10, name="Plenty")
    scarce = ProductFactory(stock=3, name="Scarce")
    services.cart_add(cart=cart, product=plenty, quantity=2, user=None, visitor_id=VISITOR)
    services.cart_add(cart=cart, product=scarce, quantity=3, user=None, visitor_id=VISITOR)
    scarce.stock = 1
    scarce.save()  # someone else bought two meanwhile

    with pytest.raises(ValidationError, match="Only 1 of Scarce left"):
        services.order_place(cart=cart, user=None, visitor_id=VISITOR)

    assert not Order.objects.exists()
    assert not OrderLine.objects.exists()
    plenty.refresh_from_db()
    assert plenty.stock == 10
    assert not events(EventType.PURCHASE)
    assert len(cart) == 2


def test_order_place_refuses_an_empty_cart(cart):
    with pytest.raises(ValidationError, match="empty"):
        services.order_place(cart=cart, user=None, visitor_id=VISITOR)
    assert not Order.objects.exists()


def test_order_place_refuses_a_deleted_product(cart):
    product = ProductFactory()
    cart.set(product_id=product.pk + 1000, quantity=1)
    with pytest.raises(ValidationError, match="no longer available"):
        services.order_place(cart=cart, user=None, visitor_id=VISITOR)
