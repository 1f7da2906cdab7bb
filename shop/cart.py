"""The session cart: a small dict in the session, so it works for anonymous visitors.

Quantities change only through ``shop.services`` (which check the stock and announce the change);
views and templates read it. Reading its lines drops products deleted meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.sessions.backends.base import SessionBase

from shop.models import Product

CART_SESSION_KEY = "cart"


@dataclass(frozen=True)
class CartItem:
    """What the session stores per product: quantity and the row that led to it."""

    product_id: int
    quantity: int
    # The recommendation that brought the product into the cart, so the purchase is attributed too.
    recommendation_id: str = ""


@dataclass(frozen=True)
class CartLine:
    product: Product
    quantity: int
    recommendation_id: str

    @property
    def line_total(self) -> Decimal:
        return self.product.price * self.quantity

    @property
    def exceeds_stock(self) -> bool:
        return self.quantity > self.product.stock


class Cart:
    def __init__(self, session: SessionBase) -> None:
        self.session = session
        raw = session.get(CART_SESSION_KEY) or {}
        self._items: dict[int, CartItem] = {}
        for key, value in raw.items():
            # Tolerate a hand-edited or stale session instead of failing every page.
            try:
                self._items[int(key)] = CartItem(int(key), int(value["quantity"]), str(value.get("rid", "")))
            except (TypeError, ValueError, KeyError):
                continue

    def __iter__(self) -> Iterator[CartItem]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    @property
    def item_count(self) -> int:
        return sum(item.quantity for item in self._items.values())

    def item(self, product_id: int) -> CartItem | None:
        return self._items.get(product_id)

    def quantity_of(self, product_id: int) -> int:
        item = self._items.get(product_id)
        return item.quantity if item else 0

    def set(self, *, product_id: int, quantity: int, recommendation_id: str = "") -> None:
        self._items[product_id] = CartItem(product_id, quantity, recommendation_id)
        self._save()

    def remove(self, *, product_id: int) -> None:
        if self._items.pop(product_id, None) is not None:
            self._save()

    def clear(self) -> None:
        self._items = {}
        self._save()

    def lines(self) -> list[CartLine]:
        """Cart lines with their products (one query); products deleted meanwhile drop out."""
        products = Product.objects.select_related("category").in_bulk(list(self._items))
        stale = [pid for pid in self._items if pid not in products]
        for pid in stale:
            del self._items[pid]
        if stale:
            self._save()
        return [
            CartLine(products[item.product_id], item.quantity, item.recommendation_id) for item in self._items.values()
        ]

    @staticmethod
    def subtotal(lines: list[CartLine]) -> Decimal:
        return sum((line.line_total for line in lines), Decimal("0"))

    def _save(self) -> None:
        self.session[CART_SESSION_KEY] = {
            str(pid): {"quantity": item.quantity, "rid": item.recommendation_id} for pid, item in self._items.items()
        }
        self.session.modified = True
