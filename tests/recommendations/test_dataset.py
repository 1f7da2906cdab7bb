from __future__ import annotations

import numpy as np
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


def _events_by_key(data) -> list[tuple[str, int, int, float]]:
    return sorted(
        (data.user_keys[u], int(data.product_ids[i]), int(c), round(float(t), 3))
        for u, i, c, t in zip(data.user_idx, data.item_idx, data.event_code, data.timestamps, strict=True)
    )


def test_the_log_reads_the_same_in_chunks_of_any_size(monkeypatch):
    from datetime import UTC, datetime, timedelta

    from recommendations import dataset
    from recommendations.models import Interaction

    users, products = UserFactory.create_batch(4), ProductFactory.create_batch(5)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(23):
        owner = {"user": users[n % 4]} if n % 5 else {"user": None, "visitor_id": f"browser-{n % 3}"}
        InteractionFactory(product=products[n % 5], timestamp=start + timedelta(minutes=7 * n), **owner)
    whole = dataset.interaction_data_load()
    monkeypatch.setattr(dataset, "CHUNK_ROWS", 2)
    chunked = dataset.interaction_data_load()
    assert _events_by_key(chunked) == _events_by_key(whole)
    expected = sorted(
        (f"u{e.user_id}" if e.user_id else f"v{e.visitor_id}", e.product_id, EVENT_CODES[e.event_type],
         round(e.timestamp.timestamp(), 3))
        for e in Interaction.objects.all()
    )  # fmt: skip
    assert _events_by_key(whole) == expected
    # Shoppers first by id, then visitors; every user index has an event.
    assert list(whole.user_keys[:4]) == [f"u{u.pk}" for u in sorted(users, key=lambda u: u.pk)]
    assert {k[0] for k in whole.user_keys[4:]} == {"v"}
    assert set(np.unique(whole.user_idx)) == set(range(whole.n_users))
    assert whole.user_idx.dtype == np.int32 and whole.item_idx.dtype == np.int32
    assert whole.event_code.dtype == np.int8 and whole.timestamps.dtype == np.float64


def test_a_visitor_whose_only_events_are_dropped_is_no_user(monkeypatch):
    kept, gone = ProductFactory(), ProductFactory()
    InteractionFactory(user=None, visitor_id="a", product=kept)
    InteractionFactory(user=None, visitor_id="b", product=gone)
    from shop.models import Product

    real = Product.objects.values_list
    monkeypatch.setattr(
        Product.objects, "values_list", lambda *a, **k: real(*a, **k).exclude(pk=gone.pk), raising=False
    )
    data = interaction_data_load()
    assert list(data.user_keys) == ["va"] and data.user_idx.tolist() == [0]


def test_products_with_ids_past_four_bytes_are_read(monkeypatch):
    # An import may create products under its own large ITEM_IDs (bigint ids).
    user = UserFactory()
    big = ProductFactory(pk=2**33 + 7)
    small = ProductFactory()
    InteractionFactory(user=user, product=big)
    InteractionFactory(user=user, product=small)
    data = interaction_data_load()
    assert sorted(int(data.product_ids[i]) for i in data.item_idx) == sorted([big.pk, small.pk])
