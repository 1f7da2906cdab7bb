"""A batch of shoppers scored at once gives each the row one request would, on a generated shop."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from recommendations import selectors, services
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.models import EventType, Filter, Interaction
from recommendations.selectors import personal

pytestmark = pytest.mark.django_db

FILTERS = {
    "none": (None, None),
    # Reads only the catalogue: computed once for every shopper.
    "price and sale": (
        "batch-price-sale",
        {"MAX": "60"},
    ),
    # Reads each shopper's own events.
    "exclude-viewed": ("batch-exclude-viewed", None),
}


@pytest.fixture
def shop():
    """A small generated shop, trained: 18 of its shoppers with history."""
    call_command("generate_data", products=300, users=240, interactions=12_000, seed=7, no_progress=True, verbosity=0)
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == "succeeded", run.error
    Filter.objects.create(
        name="batch-price-sale",
        expression='INCLUDE ItemID WHERE Items.PRICE <= $MAX | EXCLUDE ItemID WHERE Items.ON_SALE IN ("true")',
    )
    Filter.objects.create(
        name="batch-exclude-viewed", expression='EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("View")'
    )
    return list(get_user_model().objects.filter(interactions__isnull=False).distinct().order_by("pk")[:18])


def test_batch_rows_equal_one_request_per_shopper(shop, monkeypatch):
    explored = {name: _rows_equal(shop, *FILTERS[name]) for name in FILTERS}
    # The exploration cards were compared too, not only empty lists. Only the unfiltered rows are
    # sure to have some: a filter may rule every cold product out (on PostgreSQL, whose ids go on
    # from earlier tests, price and sale does).
    assert explored["none"]
    # Scored a few shoppers at a time (a small memory budget), the rows are the same.
    monkeypatch.setattr(personal, "BATCH_SCORE_BUDGET", 3 * 2 * 300)
    _rows_equal(shop, *FILTERS["exclude-viewed"])


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_next_chunk_is_scored_on_a_second_thread(shop, monkeypatch):
    # 18 shoppers, 5 a chunk: four chunks, three of them read and scored ahead on the second thread.
    monkeypatch.setattr(personal, "BATCH_CHUNK", 5)
    threads = set()
    scored = personal.personal_batch

    def spying(*args, **kwargs):
        threads.add(threading.current_thread().name)
        return scored(*args, **kwargs)

    monkeypatch.setattr(personal, "personal_batch", spying)
    _rows_equal(shop, *FILTERS["exclude-viewed"])
    assert "batch-ahead_0" in threads


def _rows_equal(shoppers, item_filter, values) -> int:
    """Every shopper's batch row equals their single request's; how many rows have exploration cards."""
    # Something every shopper would otherwise see, and a purchase to leave out.
    first = selectors.user_recommendations(recommender=RECOMMENDED_FOR_YOU, user=shoppers[0], num_results=10)
    excluded = set(first.product_ids[:3])
    assert Interaction.objects.filter(user__in=shoppers, event_type=EventType.PURCHASE).exists()
    now = time.time()
    batch = selectors.user_recommendations_batch(
        recommender=RECOMMENDED_FOR_YOU,
        users=[u.pk for u in shoppers],
        num_results=12,
        exclude_product_ids=excluded,
        item_filter=item_filter,
        filter_values=values,
        now=now,
    )
    assert list(batch) == [u.pk for u in shoppers]
    explained = explored = 0
    for user in shoppers:
        one = selectors.user_recommendations(
            recommender=RECOMMENDED_FOR_YOU,
            user=user,
            num_results=12,
            exclude_product_ids=excluded,
            item_filter=item_filter,
            filter_values=values,
            now=now,
        )
        got = batch[user.pk]
        assert one, user.pk
        assert got.product_ids == one.product_ids, user.pk
        np.testing.assert_allclose(got.scores, one.scores, rtol=1e-5)
        assert got.because == one.because
        assert got.reasons == one.reasons
        assert got.taste_weights == pytest.approx(one.taste_weights)
        assert got.version_id == one.version_id
        assert not excluded & set(got.product_ids)
        explained += any(got.because)
        explored += any(got.reasons)
    assert explained  # the reasons were compared, not two empty lists
    return explored


def test_the_filter_and_unknown_shoppers_in_a_batch(shop):
    shoppers = shop
    batch = selectors.user_recommendations_batch(
        recommender=RECOMMENDED_FOR_YOU,
        users=[u.pk for u in shoppers],
        num_results=12,
        item_filter="batch-exclude-viewed",
    )
    for user in shoppers:
        seen = set(Interaction.objects.filter(user=user).values_list("product_id", flat=True))
        assert not seen & set(batch[user.pk].product_ids)

    lurker = get_user_model().objects.create_user(username="lurker")
    batch = selectors.user_recommendations_batch(
        recommender=RECOMMENDED_FOR_YOU, users=[lurker.pk, 10**9, shop[0].pk], num_results=5
    )
    assert not batch[lurker.pk] and not batch[10**9]
    assert batch[shop[0].pk]
