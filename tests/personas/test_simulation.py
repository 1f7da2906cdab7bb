from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from personas.simulation import traffic_simulate
from recommendations import services
from recommendations.models import Impression
from recommendations.selectors import online_metrics
from shop.models import Order
from tests.factories import PersonaFactory, ShopperProfileFactory, taste_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained_personas():
    world = taste_scenario(users_per_category=8)
    for category in world["categories"]:
        persona = PersonaFactory(slug=f"fan-{category.slug}", category_list=[category])
        for user in world["users"][category.slug]:
            ShopperProfileFactory(user=user, persona=persona)
    services.product_stats_rebuild()
    services.training_run_start(triggered_by="test", synchronous=True)
    return world


def test_simulated_shoppers_produce_attributed_online_metrics(trained_personas):
    summary = traffic_simulate(sessions=80, seed=3)
    assert summary.sessions == 80 and summary.clicks > 0 and summary.orders > 0
    assert Order.objects.count() == summary.orders

    metrics = online_metrics(days=1).by_recommender
    personal, best = metrics["recommended-for-you"], metrics["best-sellers"]
    assert sum(counts.clicks for counts in metrics.values()) == summary.clicks
    # Rows tailored to each persona get clicked more than the same best sellers for everyone.
    assert personal.click_through_rate > best.click_through_rate
    assert personal.purchases > 0


def test_command_reports_and_refuses_bad_input(trained_personas):
    out = StringIO()
    call_command("simulate_traffic", "--sessions", "5", stdout=out)
    assert "5 sessions" in out.getvalue()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("simulate_traffic", "--sessions", "0")


def test_needs_persona_shoppers():
    with pytest.raises(ValueError, match="generate_data"):
        traffic_simulate(sessions=1)


def test_if_empty_fills_the_online_charts_once_and_then_leaves_them(trained_personas):
    out = StringIO()
    call_command("simulate_traffic", "--sessions", "5", "--if-empty", stdout=out)
    assert "No row shown in the last 14 days: simulating shopper visits" in out.getvalue()
    assert "5 sessions" in out.getvalue()
    shown = Impression.objects.count()
    assert shown > 0

    out = StringIO()
    call_command("simulate_traffic", "--sessions", "5", "--if-empty", stdout=out)
    assert out.getvalue().strip() == (
        f"The online charts already have {shown:,} rows shown in the last 14 days: "
        "no simulated traffic (make traffic adds more)."
    )
    assert Impression.objects.count() == shown


def test_if_empty_counts_only_what_the_charts_show(trained_personas):
    Impression.objects.create(recommendation_id="long-ago", created_at=timezone.now() - timedelta(days=30))
    out = StringIO()
    call_command("simulate_traffic", "--sessions", "3", "--if-empty", stdout=out)
    assert "3 sessions" in out.getvalue() and Impression.objects.count() > 1
