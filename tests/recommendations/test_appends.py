"""Rows appended by prepared statements read back as the ORM would have written them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from recommendations.models import Impression, Interaction, ProductStats
from recommendations.services.appends import counter_add, rows_append
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_rows_come_back_with_every_value_their_primary_keys_in_order_and_defaults_filled():
    product, shopper = ProductFactory(), UserFactory()
    when = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    rows = [
        {"user_id": shopper.pk, "visitor_id": "", "product_id": product.pk, "event_type": "View", "timestamp": when},
        {
            "user_id": None,
            "visitor_id": "browser-1",
            "product_id": product.pk,
            "event_type": "Purchase",
            "timestamp": when,
            "recommendation_id": "r" * 64,
            "event_value": 12.5,
        },
    ]
    pks = rows_append(model=Interaction, rows=rows)
    assert pks is not None and len(pks) == 2 and pks[0] < pks[1]
    first, second = (Interaction.objects.get(pk=pk) for pk in pks)
    assert (first.user_id, first.visitor_id, first.event_type, first.timestamp) == (shopper.pk, "", "View", when)
    assert (first.recommendation_id, first.event_value, first.imported) == ("", None, False)  # the fields' defaults
    assert (second.user_id, second.visitor_id, second.recommendation_id, second.event_value) == (
        None,
        "browser-1",
        "r" * 64,
        12.5,
    )
    assert rows_append(model=Interaction, rows=[]) == []


def test_conflicting_rows_are_skipped_and_the_first_kept():
    when = datetime(2026, 1, 1, tzinfo=UTC)
    row = {"recommendation_id": "rid-1", "visitor_id": "b", "item_ids": [3, 1, 2], "created_at": when}
    assert rows_append(model=Impression, rows=[row], ignore_conflicts=True) is None
    again = {**row, "item_ids": [9]}
    other = {**row, "recommendation_id": "rid-2"}
    rows_append(model=Impression, rows=[again, other], ignore_conflicts=True)
    kept = {i.recommendation_id: i.item_ids for i in Impression.objects.all()}
    assert kept == {"rid-1": [3, 1, 2], "rid-2": [3, 1, 2]}


def test_a_counter_grows_by_the_amount_and_a_missing_row_is_reported():
    product = ProductFactory()
    ProductStats.objects.filter(product=product).delete()
    assert counter_add(model=ProductStats, key=product.pk, field="views") is False
    ProductStats.objects.create(product=product, views=4)
    assert counter_add(model=ProductStats, key=product.pk, field="views") is True
    assert counter_add(model=ProductStats, key=product.pk, field="purchases", amount=3) is True
    stats = ProductStats.objects.get(product=product)
    assert (stats.views, stats.add_to_carts, stats.purchases) == (5, 0, 3)
