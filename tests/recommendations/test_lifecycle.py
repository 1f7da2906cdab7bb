from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from recommendations import selectors, services
from recommendations.defaults import BEST_SELLERS, MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.models import EventType, ModelVersion, Recommender
from tests.factories import ProductFactory, UserFactory, taste_scenario

pytestmark = pytest.mark.django_db


def _due() -> dict[str, str]:
    return {d.slug: d.reason for d in selectors.recommenders_due()}


def test_every_recommender_without_a_version_is_due():
    assert set(_due()) == set(Recommender.objects.values_list("slug", flat=True))
    Recommender.objects.filter(slug=BEST_SELLERS).update(enabled=False)
    assert BEST_SELLERS not in _due()


def test_due_by_age_with_per_recommender_override(settings):
    settings.RECOMMENDATIONS_RETRAIN_AFTER_EVENTS = 0
    taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    assert _due() == {}

    ModelVersion.objects.update(created_at=timezone.now() - timedelta(minutes=90))
    settings.RECOMMENDATIONS_RETRAIN_MINUTES = 60
    Recommender.objects.filter(slug=MOST_VIEWED).update(retrain_minutes=120)
    Recommender.objects.filter(slug=BEST_SELLERS).update(retrain_minutes=0)
    due = _due()
    assert MOST_VIEWED not in due and BEST_SELLERS not in due
    assert "older than 60 minutes" in due[RECOMMENDED_FOR_YOU]


def test_due_after_enough_new_events(settings):
    settings.RECOMMENDATIONS_RETRAIN_MINUTES = 0
    settings.RECOMMENDATIONS_RETRAIN_AFTER_EVENTS = 5
    taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    user, product = UserFactory(), ProductFactory()
    for _ in range(4):
        services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, user=user)
    assert _due() == {}
    services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, user=user)
    assert "5+ new events" in _due()[RECOMMENDED_FOR_YOU]


def test_a_run_can_train_a_subset_and_rejects_unknown_slugs():
    taste_scenario()
    run = services.training_run_start(triggered_by="test", recommenders=[MOST_VIEWED], synchronous=True)
    assert list(run.versions.values_list("recommender__slug", flat=True)) == [MOST_VIEWED]
    with pytest.raises(ValueError, match="unknown recommender"):
        services.training_run_start(triggered_by="test", recommenders=["nope"])


def test_a_failing_recommender_waits_its_interval_instead_of_retrying_every_check(settings):
    settings.RECOMMENDATIONS_RETRAIN_MINUTES = 60
    settings.RECOMMENDATIONS_RETRAIN_AFTER_EVENTS = 0
    taste_scenario()
    Recommender.objects.filter(slug=BEST_SELLERS).update(event_weights={"RemoveFromCart": 1})  # no such events
    services.training_run_start(triggered_by="test", synchronous=True)
    assert ModelVersion.objects.get(recommender__slug=BEST_SELLERS).status == "failed"
    assert BEST_SELLERS not in _due()

    ModelVersion.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert BEST_SELLERS in _due()
