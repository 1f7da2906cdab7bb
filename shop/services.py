"""Writes of the shop: the cart and checkout. Each view, cart change and order is announced (``shop.signals``)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shop import page_parts, signals
from shop.cart import Cart
from shop.models import Order, OrderLine, Product

User = AbstractBaseUser | AnonymousUser | None


def _authenticated(user: User) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def _stock_check(*, product: Product, quantity: int, in_cart: int = 0) -> None:
    """``quantity`` is the total wanted; ``in_cart`` what the cart already holds (for the message)."""
    if quantity < 1:
        raise ValidationError("Please choose a quantity of at least 1.", code="quantity")
    if product.stock < 1:
        raise ValidationError(f"Sorry, {product.name} is out of stock.", code="out_of_stock")
    if quantity > product.stock:
        already = f" and you already have {in_cart} in your cart" if in_cart else ""
        raise ValidationError(
            f"Sorry, only {product.stock} of {product.name} in stock{already}.",
            code="not_enough_stock",
        )


def product_view_record(*, product: Product, user: User, visitor_id: str, recommendation_id: str = "") -> None:
    """The shopper looked at the product: nothing changes in the shop, listeners are told."""
    signals.product_viewed.send(
        sender=Product,
        product=product,
        user=_authenticated(user),
        visitor_id=visitor_id,
        recommendation_id=recommendation_id,
    )


def cart_add(
    *,
    cart: Cart,
    product: Product,
    quantity: int,
    user: User,
    visitor_id: str,
    recommendation_id: str = "",
) -> int:
    """Add ``quantity`` to the cart; returns the new quantity. Never more than the stock."""
    if quantity < 1:
        raise ValidationError("Please choose a quantity of at least 1.", code="quantity")
    current = cart.item(product.pk)
    in_cart = current.quantity if current else 0
    new_quantity = in_cart + quantity
    _stock_check(product=product, quantity=new_quantity, in_cart=in_cart)
    # Keep the first recommendation that brought the product in; a later plain add must not erase it.
    rid = (current.recommendation_id if current else "") or recommendation_id
    cart.set(product_id=product.pk, quantity=new_quantity, recommendation_id=rid)
    signals.basket_changed.send(
        sender=Cart,
        product=product,
        quantity_delta=quantity,
        user=_authenticated(user),
        visitor_id=visitor_id,
        recommendation_id=recommendation_id or rid,
    )
    return new_quantity


def cart_update(*, cart: Cart, product: Product, quantity: int, user: User, visitor_id: str) -> int:
    """Set a line's quantity; the change is announced as what was added (or taken out, negative)."""
    current = cart.item(product.pk)
    if current is None:
        raise ValidationError(f"{product.name} is not in your cart.", code="not_in_cart")
    _stock_check(product=product, quantity=quantity)
    if quantity == current.quantity:
        return quantity
    cart.set(product_id=product.pk, quantity=quantity, recommendation_id=current.recommendation_id)
    signals.basket_changed.send(
        sender=Cart,
        product=product,
        quantity_delta=quantity - current.quantity,
        user=_authenticated(user),
        visitor_id=visitor_id,
        recommendation_id=current.recommendation_id,
    )
    return quantity


def cart_remove(*, cart: Cart, product: Product, user: User, visitor_id: str) -> None:
    current = cart.item(product.pk)
    if current is None:
        raise ValidationError(f"{product.name} is not in your cart.", code="not_in_cart")
    cart.remove(product_id=product.pk)
    signals.basket_changed.send(
        sender=Cart,
        product=product,
        quantity_delta=-current.quantity,
        user=_authenticated(user),
        visitor_id=visitor_id,
        recommendation_id=current.recommendation_id,
    )


def order_place(*, cart: Cart, user: User, visitor_id: str) -> Order:
    """Turn the cart into an order: all lines or nothing, stock decremented under a row lock."""
    items = list(cart)
    if not items:
        raise ValidationError("Your cart is empty.", code="empty")
    buyer = _authenticated(user)
    with transaction.atomic():
        # Locked in id order so two concurrent checkouts cannot deadlock each other.
        products = {
            p.pk: p
            for p in Product.objects.select_for_update().filter(pk__in=[i.product_id for i in items]).order_by("pk")
        }
        problems = []
        for item in items:
            product = products.get(item.product_id)
            if product is None:
                problems.append("A product in your cart is no longer available.")
            elif product.stock < item.quantity:
                problems.append(
                    f"{product.name} is out of stock."
                    if product.stock == 0
                    else f"Only {product.stock} of {product.name} left in stock."
                )
        if problems:
            raise ValidationError(problems, code="stock")

        order = Order.objects.create(user=buyer, visitor_id=visitor_id, created_at=timezone.now())
        lines = [
            OrderLine(
                order=order,
                product=products[item.product_id],
                quantity=item.quantity,
                unit_price=products[item.product_id].price,
            )
            for item in items
        ]
        OrderLine.objects.bulk_create(lines)
        for item in items:
            # F() decrements in the database; the stock filter guards against a race the lock missed (SQLite).
            # updated_at tells every process's copy of the catalogue that the stock moved.
            updated = Product.objects.filter(pk=item.product_id, stock__gte=item.quantity).update(
                stock=F("stock") - item.quantity, updated_at=timezone.now()
            )
            if updated != 1:
                raise ValidationError(f"{products[item.product_id].name} just sold out.", code="stock")
        order.total = sum((line.line_total for line in lines), Decimal("0"))
        order.save(update_fields=["total"])
        # Inside the transaction, so what listeners record about the order commits or rolls back with it.
        signals.order_placed.send(
            sender=Order,
            order=order,
            user=buyer,
            visitor_id=visitor_id,
            recommendation_ids={item.product_id: item.recommendation_id for item in items},
        )
        # An update() sends no post_save: cached cards would keep showing the old stock.
        transaction.on_commit(lambda: page_parts.version_bump(page_parts.CATALOGUE))
    cart.clear()
    return order
