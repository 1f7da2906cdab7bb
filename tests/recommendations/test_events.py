from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from recommendations import selectors, services
from recommendations.models import EventType, Impression, Interaction, ProductStats, Recommender
from tests.factories import ProductFactory, UserFactory, taste_scenario

pytestmark = pytest.mark.django_db


def test_interaction_record_appends_and_counts_atomically():
    product, user = ProductFactory(), UserFactory()
    services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, user=user)
    services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, visitor_id="abc")
    services.interaction_record(product_id=product.pk, event_type=EventType.ADD_TO_CART, user=user)
    services.interaction_record(product_id=product.pk, event_type=EventType.PURCHASE, user=user)
    stats = ProductStats.objects.get(product=product)
    assert (stats.views, stats.add_to_carts, stats.purchases) == (2, 1, 1)
    assert Interaction.objects.filter(product=product).count() == 4


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"event_type": "Click", "visitor_id": "v"}, "unknown event type"), ({"event_type": "View"}, "user or a visitor")],
)
def test_interaction_record_rejects_bad_input(kwargs, message):
    product = ProductFactory()
    with pytest.raises(ValueError, match=message):
        services.interaction_record(product_id=product.pk, **kwargs)
    assert not Interaction.objects.exists()


def test_anonymous_user_is_recorded_by_visitor_id():
    product = ProductFactory()
    event = services.interaction_record(
        product_id=product.pk, event_type=EventType.VIEW, user=AnonymousUser(), visitor_id="browser"
    )
    assert event.user is None and event.visitor_id == "browser"


def test_visitor_history_is_attached_at_login():
    product, user = ProductFactory(), UserFactory()
    services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, visitor_id="browser")
    services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, visitor_id="other")
    assert services.interactions_attach_visitor(visitor_id="browser", user=user) == 1
    assert list(user.interactions.values_list("visitor_id", flat=True)) == ["browser"]


def test_cart_adds_and_purchases_inherit_the_clicked_recommendation():
    product, user = ProductFactory(), UserFactory()
    services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, user=user, recommendation_id="r1")
    cart = services.interaction_record(product_id=product.pk, event_type=EventType.ADD_TO_CART, user=user)
    buy = services.interaction_record(product_id=product.pk, event_type=EventType.PURCHASE, user=user)
    assert cart.recommendation_id == buy.recommendation_id == "r1"

    # Outside the attribution window, and for other shoppers, nothing is credited.
    late = services.interaction_record(
        product_id=product.pk,
        event_type=EventType.PURCHASE,
        user=user,
        timestamp=timezone.now() + timedelta(days=2),
    )
    other = services.interaction_record(product_id=product.pk, event_type=EventType.PURCHASE, user=UserFactory())
    assert late.recommendation_id == other.recommendation_id == ""


def test_impressions_and_online_metrics():
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    shopper = world["users"]["taste-0"][0]
    rows = selectors.home_rows(user=shopper, visitor_id="")
    assert services.impressions_record(rows=rows, user=shopper) == len(rows)
    personal = rows[0]
    impression = Impression.objects.get(recommendation_id=personal.recommendation_id)
    assert impression.item_ids == [p.pk for p in personal.products]
    assert impression.version_id == personal.version_id

    clicked = personal.products[0]
    services.interaction_record(
        product_id=clicked.pk, event_type=EventType.VIEW, user=shopper, recommendation_id=personal.recommendation_id
    )
    services.interaction_record(product_id=clicked.pk, event_type=EventType.PURCHASE, user=shopper)

    metrics = selectors.online_metrics(days=7)
    counts = metrics.by_recommender[personal.recommender]
    assert (counts.impressions, counts.clicks, counts.purchases) == (1, 1, 1)
    assert counts.click_through_rate == 1.0 and counts.conversion_rate == 1.0
    assert metrics.by_version[personal.version_id].clicks == 1
    today = metrics.days[-1]
    assert metrics.by_day[personal.recommender][today].impressions == 1
    best = metrics.by_recommender["best-sellers"]
    assert (best.impressions, best.clicks, best.click_through_rate) == (1, 0, 0.0)


def test_impressions_count_covers_the_days_the_online_charts_show():
    now = timezone.now()
    window_start = now - timedelta(days=selectors.ONLINE_DAYS - 1)
    for n, shown in enumerate([now, window_start, now - timedelta(days=selectors.ONLINE_DAYS + 1)]):
        Impression.objects.create(recommendation_id=f"r{n}", created_at=shown)
    assert selectors.impressions_count(now=now) == 2
    assert selectors.impressions_count(days=1, now=now) == 1
    online = selectors.online_metrics(now=now)
    assert sum(c.impressions for c in online.by_recommender.values()) == selectors.impressions_count(now=now)


def test_impressions_read_the_recommenders_once_and_name_one_made_since(django_assert_num_queries):
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    shopper = world["users"]["taste-0"][0]
    rows = selectors.home_rows(user=shopper, visitor_id="")
    services.impressions_record(rows=rows[:1], user=shopper)
    with django_assert_num_queries(1):  # the insert: the recommenders' ids are kept
        services.impressions_record(rows=rows[1:2], user=shopper)
    # Saved through the ORM (as the admin does): the kept ids are replaced at once.
    made = Recommender.objects.create(slug="made-since", name="Made since", recipe="popularity")
    services.impressions_record(
        rows=[replace(rows[0], recommender="made-since", recommendation_id="new")], user=shopper
    )
    assert Impression.objects.get(recommendation_id="new").recommender_id == made.pk
