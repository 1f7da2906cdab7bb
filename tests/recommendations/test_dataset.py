from __future__ import annotations

import pytest

from recommendations.dataset import EVENT_CODES, interaction_data_load
from recommendations.models import EventType
from tests.factories import InteractionFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_loads_every_event_with_every_product_as_an_item():
    user, other = UserFactory(), UserFactory()
    products = ProductFactory.create_batch(3)
    InteractionFactory(user=user, product=products[0])
    InteractionFactory(user=user, product=products[2], event_type=EventType.PURCHASE)
    InteractionFactory(user=None, visitor_id="browser", product=products[1])
    InteractionFactory(user=other, product=products[1])

    data = interaction_data_load()
    assert len(data) == 4 and data.n_items == 3 and data.n_users == 3
    assert sorted(data.user_keys) == sorted([f"u{user.pk}", f"u{other.pk}", "vbrowser"])
    by_user = {data.user_keys[u]: [] for u in range(data.n_users)}
    for u, i, code in zip(data.user_idx, data.item_idx, data.event_code, strict=True):
        by_user[data.user_keys[u]].append((int(data.product_ids[i]), int(code)))
    assert sorted(by_user[f"u{user.pk}"]) == sorted(
        [(products[0].pk, EVENT_CODES["View"]), (products[2].pk, EVENT_CODES["Purchase"])]
    )
    assert data.weights_for({"Purchase": 5}).tolist().count(5.0) == 1


def test_events_of_a_product_missing_from_the_catalogue_read_are_dropped(monkeypatch):
    kept, gone = ProductFactory(), ProductFactory()
    InteractionFactory(product=kept)
    InteractionFactory(product=gone)
    # The catalogue is read after the events: simulate the product deleted in between.
    from shop.models import Product

    real = Product.objects.values_list
    monkeypatch.setattr(
        Product.objects, "values_list", lambda *a, **k: real(*a, **k).exclude(pk=gone.pk), raising=False
    )
    data = interaction_data_load()
    assert len(data) == 1 and data.product_ids.tolist() == [kept.pk]
    assert data.product_ids[data.item_idx[0]] == kept.pk


def test_an_empty_log_loads_as_empty_arrays():
    ProductFactory()
    data = interaction_data_load()
    assert len(data) == 0 and data.n_items == 1
