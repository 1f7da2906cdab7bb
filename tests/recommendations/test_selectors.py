from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from recommendations import selectors, services
from recommendations.models import EventType
from tests.factories import ProductFactory, UserFactory, taste_scenario, trending_scenario

pytestmark = pytest.mark.django_db


def _categories(row) -> list[str]:
    return [p.category.slug for p in row.products]


def test_without_a_model_anonymous_home_shows_most_viewed_from_the_counters():
    world = taste_scenario()
    services.product_stats_rebuild()
    rows = selectors.home_rows(user=AnonymousUser(), visitor_id="v1")
    assert rows[0].title == "Most viewed"
    assert rows[0].version_id is None
    assert "no trained model" in rows[0].explanation
    assert len(rows[0].products) == 8
    assert set(rows[0].products) <= {p for ps in world["products"].values() for p in ps}


def test_shopper_with_history_gets_their_own_category():
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    for slug, users in world["users"].items():
        rows = selectors.home_rows(user=users[0], visitor_id="")
        assert rows[0].title == "Inspired by your shopping trends"
        assert rows[0].version_id is not None
        cats = _categories(rows[0])
        assert cats.count(slug) >= len(cats) * 0.6, (slug, cats)


def test_purchased_and_out_of_stock_items_are_never_recommended():
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    user = world["users"]["taste-0"][0]
    bought = set(user.interactions.filter(event_type=EventType.PURCHASE).values_list("product_id", flat=True))
    sold_out = world["products"]["taste-0"][-1]
    sold_out.stock = 0
    sold_out.save()
    for row in selectors.home_rows(user=user, visitor_id="", limit=30):
        ids = {p.pk for p in row.products}
        assert not ids & bought
        assert sold_out.pk not in ids


def test_new_events_change_recommendations_without_retraining():
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    newcomer = UserFactory()
    for product in world["products"]["taste-1"][:3]:
        services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, user=newcomer)
    before = _categories(selectors.home_rows(user=newcomer, visitor_id="")[0])
    assert before.count("taste-1") > len(before) / 2

    for product in world["products"]["taste-2"]:
        for _ in range(3):
            services.interaction_record(product_id=product.pk, event_type=EventType.ADD_TO_CART, user=newcomer)
    after = _categories(selectors.home_rows(user=newcomer, visitor_id="")[0])
    assert after.count("taste-2") > after.count("taste-1")


def test_anonymous_browser_switches_to_personal_after_three_events():
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    anonymous = AnonymousUser()
    products = world["products"]["taste-2"]
    for i, product in enumerate(products[:3]):
        assert selectors.home_rows(user=anonymous, visitor_id="browser-1")[0].title == "Most viewed", i
        services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, visitor_id="browser-1")
    row = selectors.home_rows(user=anonymous, visitor_id="browser-1")[0]
    assert row.title == "Inspired by your shopping trends"
    assert _categories(row).count("taste-2") > len(row.products) / 2


def test_product_rows_show_related_items_but_not_the_product_itself():
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    product = world["products"]["taste-0"][0]
    rows = {row.title: row for row in selectors.product_rows(product=product, user=AnonymousUser(), visitor_id="x")}
    also = rows["Customers who viewed this also viewed"]
    assert product not in also.products
    assert _categories(also).count("taste-0") == len(also.products)


def test_product_rows_are_empty_without_models():
    product = ProductFactory()
    assert selectors.product_rows(product=product, user=AnonymousUser(), visitor_id="x") == []


def test_sequential_recipe_trains_serves_and_follows_the_latest_event():
    from recommendations.defaults import RECOMMENDED_FOR_YOU
    from recommendations.models import Recommender

    world = taste_scenario()
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(
        recipe="sequential", params={"factors": 8, "iterations": 5, "seed": 1}, candidates=[]
    )
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == "succeeded", run.error
    version = run.versions.get(recommender__slug=RECOMMENDED_FOR_YOU)
    assert "model" in version.metrics

    shopper = UserFactory()
    for product in world["products"]["taste-0"][:3] + world["products"]["taste-2"][:2]:
        services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, user=shopper)
    row = selectors.home_rows(user=shopper, visitor_id="")[0]
    assert row.title == "Inspired by your shopping trends" and row.version_id == version.pk
    assert set(_categories(row)) <= {"taste-0", "taste-2"}


def test_personal_row_says_which_of_your_products_each_item_comes_from():
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    shopper = UserFactory()
    guitar = world["products"]["taste-1"][0]
    services.interaction_record(product_id=guitar.pk, event_type=EventType.VIEW, user=shopper)
    services.interaction_record(product_id=guitar.pk, event_type=EventType.ADD_TO_CART, user=shopper)
    services.interaction_record(product_id=world["products"]["taste-1"][1].pk, event_type=EventType.VIEW, user=shopper)

    row = selectors.home_rows(user=shopper, visitor_id="")[0]
    assert len(row.reasons) == len(row.products)
    assert all(reason.startswith(("Because you ", "You viewed this")) for reason in row.reasons)
    for product, reason in row.entries:
        assert not reason.endswith(f" {product.name}")  # never "because you viewed" the item itself
    assert f"Because you added {guitar.name}" in row.reasons  # the strongest event names the verb
    assert [product for product, _ in row.entries] == row.products


def test_popular_rows_say_how_often_each_card_was_viewed_or_bought():
    from recommendations.models import ProductStats

    taste_scenario()
    services.product_stats_rebuild()
    row = selectors.home_rows(user=AnonymousUser(), visitor_id="v")[0]
    views = dict(ProductStats.objects.values_list("product_id", "views"))
    assert row.reasons == tuple(f"Viewed {views[p.pk]} times so far" for p in row.products)

    services.training_run_start(triggered_by="test", synchronous=True)
    for row in selectors.home_rows(user=AnonymousUser(), visitor_id="v")[:2]:
        verb = "Viewed" if row.recommender == "most-viewed" else "Bought"
        assert all(re.fullmatch(rf"{verb} \d+ times? in the last 30 days", r) for r in row.reasons), row.reasons


def test_user_histories_match_user_history_in_one_query(django_assert_num_queries):
    world = taste_scenario()
    users = world["users"]["taste-0"][:3]
    expected = {u.pk: selectors.user_history(user=u) for u in users}
    with django_assert_num_queries(1):
        batched = selectors.user_histories(user_ids=[u.pk for u in users])
    assert batched == expected


def test_home_ends_with_trending_now_each_card_saying_how_fast_it_rises():
    world = trending_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    for user in (AnonymousUser(), world["users"]["taste-0"][0]):
        # Four cards, one per department: a longer row would fill up with the rising product.
        rows = selectors.home_rows(user=user, visitor_id="v-trend", limit=4)
        trending = rows[-1]
        assert trending.title == "Trending now", [row.title for row in rows]
        # The steady item has more views but no growth; the taste items' views are all in the baseline.
        assert trending.products == [world["rising"]]
        assert trending.entries == [(world["rising"], "Trending: views up 300% in the last day")]
        assert trending.explanation == "Rising fastest in the last day compared with their usual rate"
        assert trending.version_id is not None


def test_trending_now_never_repeats_a_product_shown_above_and_hides_when_nothing_is_left():
    world = trending_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    # With the steady product sold out, most viewed shows the rising one for its department.
    world["steady"].stock = 0
    world["steady"].save()
    rows = selectors.home_rows(user=AnonymousUser(), visitor_id="v-trend", limit=4)
    assert world["rising"] in rows[0].products
    assert [row.title for row in rows] == ["Most viewed", "Best sellers"]


def test_no_trending_row_without_a_trained_model():
    trending_scenario()
    services.product_stats_rebuild()
    assert "Trending now" not in [row.title for row in selectors.home_rows(user=AnonymousUser(), visitor_id="v")]


def _bought_together_scenario() -> dict:
    """Everyone buys the mug; the lamp and its bulb go together, the pen and the ink go together."""
    from django.utils import timezone

    from recommendations.models import Interaction

    names = ["Mug", "Lamp", "Bulb", "Pen", "Ink", "Cap"]
    products = {name: ProductFactory(name=f"Plain {name}", stock=50) for name in names}
    baskets = [["Lamp", "Bulb"]] * 4 + [["Pen", "Ink"]] * 4 + [["Lamp"], ["Pen"], ["Cap", "Ink"], ["Cap", "Bulb"]]
    now = timezone.now()
    rows = []
    for basket in baskets:
        user = UserFactory()
        for name in ["Mug", *basket]:
            for event in (EventType.VIEW, EventType.ADD_TO_CART, EventType.PURCHASE):
                rows.append(Interaction(user=user, product=products[name], event_type=event, timestamp=now))
    Interaction.objects.bulk_create(rows)
    return products


def test_frequently_bought_together_shows_the_complement_not_the_best_seller_and_says_why():
    products = _bought_together_scenario()
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == "succeeded", run.error
    lamp = products["Lamp"]
    rows = {row.title: row for row in selectors.product_rows(product=lamp, user=AnonymousUser(), visitor_id="x")}
    together = rows["Frequently bought together"]
    assert together.products[0] == products["Bulb"]
    assert lamp not in together.products
    assert together.products.index(products["Mug"]) > 0
    assert together.reasons == (f"Often bought with {lamp.name}",) * len(together.products)
    also = rows["Customers who viewed this also viewed"]
    assert also.reasons == (f"Viewed by shoppers who viewed {lamp.name}",) * len(also.products)


def test_a_shoppers_history_reads_the_newest_events_first_capped(monkeypatch):
    from datetime import UTC, datetime, timedelta

    from recommendations.models import Interaction
    from recommendations.selectors import history
    from tests.factories import InteractionFactory

    user, other = UserFactory(), UserFactory()
    products = ProductFactory.create_batch(3)
    start = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
    for n in range(7):
        InteractionFactory(user=user, product=products[n % 3], timestamp=start + timedelta(minutes=n // 2))
    InteractionFactory(user=other, product=products[0], timestamp=start + timedelta(days=1))
    monkeypatch.setattr(history, "HISTORY_LIMIT", 5)
    events = history.user_history(user=user)
    expected = Interaction.objects.filter(user=user).order_by("-timestamp", "-id")[:5]
    assert [(e.product_id, e.event_type, e.timestamp) for e in events] == [
        (i.product_id, i.event_type, i.timestamp.timestamp()) for i in expected
    ]
    assert not any(e.in_session for e in events)
    # With the browser visit asking, its own events are marked.
    marked = history.user_history(user=user, visitor_id=Interaction.objects.filter(user=user).first().visitor_id)
    assert len(marked) == 5


def test_a_shoppers_purchases_have_an_index_whatever_the_length_of_their_history():
    from django.db import connection

    from recommendations.models import Interaction

    # Every product page reads the shopper's purchases: an index on the shopper alone would visit
    # every view they ever made (a persona clicking through the demo makes thousands).
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Interaction._meta.db_table)
    indexes = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
    assert {("user_id", "event_type"), ("visitor_id", "event_type")} <= indexes
    # Their prefixes serve the lookups by shopper or browser alone: no index of one column is kept.
    assert not {("user_id",), ("visitor_id",)} & indexes
