"""Product prices: when a product is a deal and what saving it shows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shop.models import Product
from tests.factories import ProductFactory


def priced(price: str, old: str | None) -> Product:
    return Product(price=Decimal(price), compare_at_price=None if old is None else Decimal(old))


@pytest.mark.parametrize(
    ("price", "old", "deal", "percent"),
    [
        ("75.00", "100.00", True, 25),
        ("19.99", "24.99", True, 20),  # 20.008% off: shown as 20, never rounded up
        ("29.99", "39.99", True, 25),  # 25.006%
        ("9.99", "10.00", True, 0),  # a real but sub-percent saving
        ("19.99", None, False, None),
        ("19.99", "19.99", False, None),  # same price: nothing saved
        ("24.99", "19.99", False, None),  # price raised above a stale old price
    ],
)
def test_deal_only_when_the_old_price_is_higher(price, old, deal, percent):
    product = priced(price, old)
    assert product.is_deal is deal
    assert product.discount_percent == percent


def test_discount_is_rounded_down_not_to_nearest():
    # 33.3...% and 66.6...%: rounding to nearest would claim 67%.
    assert priced("20.00", "30.00").discount_percent == 33
    assert priced("10.00", "30.00").discount_percent == 66


@pytest.mark.parametrize("old", ["19.99", "15.00"])
def test_clean_rejects_an_old_price_that_is_no_saving(old):
    with pytest.raises(ValidationError) as raised:
        priced("19.99", old).clean()
    assert "compare_at_price" in raised.value.message_dict


def test_clean_accepts_a_real_saving_or_no_old_price():
    priced("19.99", "24.99").clean()
    priced("19.99", None).clean()


@pytest.mark.django_db
def test_deals_queryset_agrees_with_is_deal():
    products = [
        ProductFactory(price=Decimal("10.00"), compare_at_price=old)
        for old in (None, Decimal("9.00"), Decimal("10.00"), Decimal("12.49"))
    ]
    assert list(Product.objects.deals()) == [p for p in products if p.is_deal] == [products[3]]
