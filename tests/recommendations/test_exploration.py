"""Exploration: cold new items mixed into personal rows, at known counts and positions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations import selectors, services
from recommendations.defaults import NEW_ARRIVALS_ROW, RECOMMENDED_FOR_YOU
from recommendations.models import Recommender
from recommendations.recipes import recipe_get
from recommendations.selectors.exploration import exploration_positions, exploration_slots, interleave
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db
RECS = reverse("recommendations:recommendations")


def test_slots_grow_with_the_weight():
    assert exploration_slots(0.0, 10) == 0
    assert exploration_slots(0.3, 10) == 2
    assert exploration_slots(0.3, 25) == 4
    assert exploration_slots(1.0, 10) == 5
    assert exploration_positions(2, 10) == [3, 6]


def test_interleave_keeps_both_orders():
    ids, flags = interleave([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [100, 200], 10)
    assert ids == [1, 2, 3, 100, 4, 5, 200, 6, 7, 8]
    assert flags == [False, False, False, True, False, False, True, False, False, False]


def _new(category, days: float, **kwargs):
    return ProductFactory(category=category, created_at=timezone.now() - timedelta(days=days), **kwargs)


def _row(user, **exploration):
    return selectors.user_recommendations(
        recommender=RECOMMENDED_FOR_YOU, user=user, num_results=10, exploration=exploration or None
    )


def test_weight_zero_is_the_unexplored_row(trained):
    user = trained["users"]["taste-1"][0]
    _new(trained["categories"][1], 2)
    before = _row(user, exploration_weight=0.0)
    assert not before.reasons
    assert before.product_ids == _row(user, exploration_weight=0.0).product_ids


def test_new_products_after_training_are_explored_for_a_shopper_of_their_category(trained):
    user = trained["users"]["taste-1"][0]
    plain = _row(user, exploration_weight=0.0)
    mine = [_new(trained["categories"][1], days, style="new-line") for days in (3, 1, 5)]
    other = _new(trained["categories"][0], 0.5)
    old = _new(trained["categories"][1], 45)
    row = _row(user)  # the default weight 0.3 of a 10-card row: 2 slots
    explored = [pid for pid, reason in zip(row.product_ids, row.reasons, strict=True) if reason]
    # Their own category first (newest among equals), never the 45-day-old product.
    assert explored == [mine[1].pk, mine[0].pk]
    assert [row.product_ids.index(pid) for pid in explored] == [3, 6]
    assert row.reasons[3] == "New arrival: added yesterday" and row.reasons[6] == "New arrival: added 3 days ago"
    # The model's own list keeps its order around them.
    exploit = [pid for pid, reason in zip(row.product_ids, row.reasons, strict=True) if not reason]
    assert exploit == plain.product_ids[:8]
    assert old.pk not in row.product_ids and other.pk not in explored


def test_the_age_cutoff_and_the_weight_are_per_request(trained):
    user = trained["users"]["taste-1"][0]
    for days in (3, 6, 9, 12, 15):
        _new(trained["categories"][1], days, style=f"line-{days}")  # each its own style: no cap applies
    assert sum(bool(r) for r in _row(user, exploration_item_age_cutoff_days=4).reasons) == 1
    assert sum(bool(r) for r in _row(user, exploration_weight=1.0).reasons) == 5


def test_per_recommender_configuration(trained):
    user = trained["users"]["taste-1"][0]
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    recommender.params = {**recommender.params, "exploration_weight": 0.0}
    recommender.save()
    services.training_run_start(triggered_by="test", synchronous=True)
    _new(trained["categories"][1], 2)
    assert not _row(user).reasons  # the recommender's own weight: none
    assert any(_row(user, exploration_weight=0.5).reasons)  # a request may still ask
    assert recipe_get("als").params_problems({"exploration_weight": 1.5})
    assert not recipe_get("als").params_problems({"exploration_weight": 0.0, "exploration_item_age_cutoff_days": 7.0})


@pytest.fixture
def api(settings):
    settings.RECOMMENDATIONS_API_KEY = "k"
    return Client(headers={"Authorization": "Api-Key k"})


@pytest.mark.parametrize(
    "query", [{"explorationWeight": "1.5"}, {"explorationWeight": "-0.1"}, {"explorationItemAgeCutOff": "0"}]
)
def test_api_refuses_exploration_out_of_range(api, trained, query):
    user = trained["users"]["taste-1"][0]
    response = api.get(RECS, {"recommender": RECOMMENDED_FOR_YOU, "userId": user.username, **query})
    assert response.status_code == 400 and next(iter(query)) in response.json()


def test_api_marks_explored_items_and_obeys_the_weight(api, trained):
    user = trained["users"]["taste-1"][0]
    new = _new(trained["categories"][1], 2)
    query = {"recommender": RECOMMENDED_FOR_YOU, "userId": user.username, "numResults": 10}
    body = api.get(RECS, {**query, "explorationWeight": "0.3"}).json()
    marked = [item for item in body["itemList"] if item.get("reason", "").startswith("New arrival")]
    assert [item["itemId"] for item in marked] == [str(new.pk)]
    scores = [item["score"] for item in body["itemList"]]
    assert scores == sorted(scores, reverse=True)
    body = api.get(RECS, {**query, "explorationWeight": "0"}).json()
    assert str(new.pk) not in [item["itemId"] for item in body["itemList"]]


def test_home_page_new_arrivals_for_a_visitor_without_history_not_for_a_shopper_with_one(trained):
    category = CategoryFactory()
    newest = _new(category, 1)
    older = _new(category, 4, style="other")
    _new(category, 40)  # past the 30 days
    rows = selectors.home_rows(user=AnonymousUser(), visitor_id="nobody")
    titles = [row.title for row in rows]
    assert titles[:2] == ["Most viewed", "New arrivals"]
    arrivals = rows[1]
    assert arrivals.recommender == NEW_ARRIVALS_ROW
    assert [p.pk for p in arrivals.products][:2] == [newest.pk, older.pk]
    assert [reason for _, reason in arrivals.entries][:2] == [
        "New arrival: added yesterday",
        "New arrival: added 4 days ago",
    ]
    assert "30 days" in arrivals.explanation
    shopper = trained["users"]["taste-0"][0]
    assert "New arrivals" not in [row.title for row in selectors.home_rows(user=shopper, visitor_id="v")]


def test_new_arrivals_api_shows_a_product_added_after_training(api, trained):
    services.training_run_start(triggered_by="test", synchronous=True)
    added = _new(trained["categories"][0], 0)
    body = api.get(RECS, {"recommender": NEW_ARRIVALS_ROW}).json()
    assert body["itemList"][0] == {**body["itemList"][0], "itemId": str(added.pk), "reason": "New arrival: added today"}


def test_explored_cards_keep_the_rows_style_cap(trained):
    user = trained["users"]["taste-1"][0]
    category = trained["categories"][1]
    plain = _row(user, exploration_weight=0.0)
    facts = selectors.candidate_facts(plain.product_ids[:5])
    # The style the model's own kept cards already show twice (the personal cap).
    crowded = next(
        style
        for style in {f.style for f in facts.values()}
        if sum(f.style == style for f in facts.values() if f.category_id == category.pk) >= 2
    )
    same = [_new(category, days, style=crowded) for days in (1, 2)]
    fresh = _new(category, 4, style="brand-new-style")
    row = _row(user, exploration_weight=1.0)  # 5 slots, 5 cards of the model's kept
    explored = [pid for pid, reason in zip(row.product_ids, row.reasons, strict=True) if reason]
    # The newer products of the crowded style would rank first; the cap leaves them out.
    assert fresh.pk in explored and not {p.pk for p in same} & set(explored)


def test_the_cold_pool_is_read_once_a_minute_and_again_after_a_catalogue_change(trained, django_assert_num_queries):
    from recommendations.models import ProductStats
    from recommendations.selectors.exploration import COLD_MAX_EVENTS, cold_pool

    category = trained["categories"][1]
    fresh, other = _new(category, 1), _new(category, 2)
    now = timezone.now().timestamp()
    assert {fresh.pk, other.pk} <= set(cold_pool(cutoff_days=30, now=now))
    ProductStats.objects.update_or_create(product=fresh, defaults={"views": COLD_MAX_EVENTS})
    with django_assert_num_queries(0):
        assert fresh.pk in cold_pool(cutoff_days=30, now=now)  # the same minute: the pool read then
    assert fresh.pk not in cold_pool(cutoff_days=30, now=now + 60)  # the next: seen enough
    newest = _new(category, 0.5)  # saving a product is a catalogue change
    assert newest.pk in cold_pool(cutoff_days=30, now=now + 60)


def test_explored_cards_obey_the_requests_filter_in_one_request_and_in_a_batch(trained):
    from decimal import Decimal

    from recommendations.models import Filter

    user = trained["users"]["taste-1"][0]
    category = trained["categories"][1]
    cheap = [_new(category, days, style=f"cheap-{days}", price=Decimal("9.99")) for days in (1, 2)]
    dear = [_new(category, days, style=f"dear-{days}", price=Decimal("99.00")) for days in (0.5, 1.5)]
    Filter.objects.create(name="under-20", expression="INCLUDE ItemID WHERE Items.PRICE <= 20")
    single = selectors.user_recommendations(
        recommender=RECOMMENDED_FOR_YOU,
        user=user,
        num_results=10,
        item_filter="under-20",
        exploration={"exploration_weight": 1.0},
    )
    batch = selectors.user_recommendations_batch(
        recommender=RECOMMENDED_FOR_YOU,
        users=[user.pk],
        num_results=10,
        item_filter="under-20",
        exploration={"exploration_weight": 1.0},
    )[user.pk]
    for row in (single, batch):
        explored = {pid for pid, reason in zip(row.product_ids, row.reasons, strict=True) if reason}
        assert explored == {p.pk for p in cheap}  # the newer dear ones are left out, as the filter says
        assert not {p.pk for p in dear} & set(row.product_ids)
    assert batch.product_ids == single.product_ids
