"""templates/includes/product_card.html: the price a shopper sees and which badge says so."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def card(**fields) -> str:
    html = render_to_string("includes/product_card.html", {"product": ProductFactory(**fields)})
    return re.sub(r"\s+", " ", html)


def test_a_deal_shows_the_old_price_struck_through_and_the_saving():
    html = card(price=Decimal("74.99"), compare_at_price=Decimal("99.99"), promoted=True)
    assert 'class="badge badge--deal">Deal<' in html
    assert '<span class="price__now">$74.99</span>' in html
    assert re.search(r'<s class="price__was">.*\$99\.99</s>', html)
    assert ">-25%<" in html
    # Struck-through text is not announced: the saving is also spelt out.
    assert "was </span>$99.99" in html and "25% off" in html


def test_a_promoted_product_without_an_old_price_is_no_deal():
    html = card(price=Decimal("74.99"), promoted=True)
    assert "Deal" not in html and "price__was" not in html and "%" not in html
    assert '<p class="card__price price"><span class="visually-hidden">Price: </span>$74.99</p>' in html


def test_a_stale_old_price_below_the_price_shows_nothing():
    html = card(price=Decimal("30.00"), compare_at_price=Decimal("25.00"))
    assert "Deal" not in html and "$25.00" not in html and "$30.00" in html


def test_sold_out_wins_over_deal():
    html = card(price=Decimal("75.00"), compare_at_price=Decimal("100.00"), stock=0)
    assert "Sold out" in html and "badge--deal" not in html
    assert "$100.00</s>" in html  # the price itself is still the discounted one
