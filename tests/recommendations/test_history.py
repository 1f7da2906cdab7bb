"""A batch's histories as arrays give each shopper the very events ``user_history`` gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.db import connection

from recommendations.models import EventType, Interaction
from recommendations.selectors import history as history_module
from recommendations.selectors.history import (
    Histories,
    HistoryEvent,
    reading,
    user_histories,
    user_history,
    user_history_arrays,
)
from tests.factories import InteractionFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_history_arrays_keep_microseconds_order_and_the_limit(monkeypatch):
    monkeypatch.setattr(history_module, "HISTORY_LIMIT", 4)  # user_history's
    monkeypatch.setattr(reading, "HISTORY_LIMIT", 4)  # the batch's
    ann, bob, idle = UserFactory(), UserFactory(), UserFactory()
    shoes, hat = ProductFactory(), ProductFactory()
    base = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    stamps = [
        base,  # whole seconds: stored without a fraction
        base + timedelta(microseconds=1),
        base + timedelta(seconds=59, microseconds=999_999),  # SQLite rounds this to the next second
        base + timedelta(microseconds=500_000),
        base + timedelta(microseconds=500_000),  # a tie: the later id comes first
        base - timedelta(days=400),
    ]
    for k, stamp in enumerate(stamps):
        InteractionFactory(user=ann, product=shoes if k % 2 else hat, timestamp=stamp, event_type=EventType.VIEW)
    InteractionFactory(user=bob, product=hat, timestamp=base, event_type=EventType.PURCHASE)

    arrays = user_history_arrays(user_ids=[bob.pk, ann.pk, idle.pk, 10**9, bob.pk])
    assert len(arrays) == 5
    expected = [user_history(user=u) for u in (bob, ann, idle)]
    assert [len(e) for e in expected] == [1, 4, 0]
    assert [arrays.events(k) for k in range(5)] == [*expected, [], expected[0]]
    assert arrays.events(1)[0].timestamp == stamps[2].timestamp()
    assert user_histories(user_ids=[ann.pk, bob.pk]) == {ann.pk: expected[1], bob.pk: expected[0]}


def test_timestamps_stored_in_another_form_are_read_as_django_reads_them():
    shopper = UserFactory()
    for _ in range(3):
        InteractionFactory(user=shopper)
    table = Interaction._meta.db_table
    with connection.cursor() as cursor:
        # A shorter fraction, as another writer might store it (SQLite keeps the text as given).
        cursor.execute(
            f"UPDATE {table} SET timestamp = %s WHERE id = %s",  # noqa: S608 - no user input
            ["2026-03-01 12:00:00.5", shopper.interactions.first().pk],
        )
    assert user_history_arrays(user_ids=[shopper.pk]).events(0) == user_history(user=shopper)


def test_histories_of_lists_round_trip():
    lists = [
        [HistoryEvent(3, "View", 10.5, True), HistoryEvent(4, "Purchase", 9.0)],
        [],
        [HistoryEvent(5, "AddToCart", 1.25)],
    ]
    arrays = Histories.of(lists)
    assert arrays.offsets.tolist() == [0, 2, 2, 3]
    assert arrays.owners.tolist() == [0, 0, 2]
    assert [arrays.events(k) for k in range(3)] == lists
    assert arrays.in_session.dtype == bool and np.array_equal(arrays.in_session, [True, False, False])


def test_newest_first_orders_rows_however_the_database_hands_them_over():
    rng = np.random.default_rng(3)
    owner = rng.integers(0, 5, 400)
    micros = rng.integers(0, 20, 400) * 1_000_000  # many ties, broken by the id
    ids = rng.permutation(400) + 1
    expected = np.lexsort((-ids, -micros, owner))
    assert np.array_equal(reading._newest_first(owner, micros, ids), expected)
    # In id order per shopper, as SQLite's index hands them over: the fast way, the same answer.
    by_id = np.lexsort((ids, owner))
    owner, micros, ids = owner[by_id], micros[by_id], ids[by_id]
    assert np.array_equal(reading._newest_first(owner, micros, ids), np.lexsort((-ids, -micros, owner)))


def test_interactions_per_type_match_a_filters_reading_of_the_events():
    from recommendations.selectors.filters import _interactions

    lists = [
        [HistoryEvent(3, "View", 9.0), HistoryEvent(4, "Purchase", 8.0), HistoryEvent(5, "View", 7.0)],
        [],
        [HistoryEvent(6, "AddToCart", 1.0), HistoryEvent(6, "View", 0.5)],
    ]
    found = Histories.of(lists).interactions()
    expected: dict[str, list[tuple[int, int]]] = {}
    for owner, events in enumerate(lists):
        for kind, ids in _interactions(events).items():
            expected.setdefault(kind, []).extend((owner, pid) for pid in ids)
    assert {kind: list(zip(*(a.tolist() for a in pair), strict=True)) for kind, pair in found.items()} == expected


def test_purchases_are_the_shoppers_or_the_anonymous_browsers_own():
    shopper, other = UserFactory(), UserFactory()
    bought, viewed, theirs, anonymous = (ProductFactory() for _ in range(4))
    for product, kwargs in (
        (bought, {"user": shopper}),
        (bought, {"user": shopper}),
        (viewed, {"user": shopper, "event_type": EventType.VIEW}),
        (theirs, {"user": other}),
        (anonymous, {"user": None, "visitor_id": "browser-1"}),
        # The same browser's purchase once its shopper logged in belongs to the shopper, not the browser.
        (theirs, {"user": other, "visitor_id": "browser-1"}),
    ):
        InteractionFactory(product=product, **{"event_type": EventType.PURCHASE, **kwargs})
    assert history_module.purchased_product_ids(user=shopper) == {bought.pk}
    assert history_module.purchased_product_ids(user=None, visitor_id="browser-1") == {anonymous.pk}
    assert history_module.purchased_product_ids(user=None, visitor_id="") == set()
