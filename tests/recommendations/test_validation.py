from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.defaults import DEFAULT_RECOMMENDERS, MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.models import ModelVersion, Recommender, TrainingRun
from recommendations.validation import recommender_config_problems
from tests.factories import taste_scenario


@pytest.mark.parametrize("spec", DEFAULT_RECOMMENDERS, ids=lambda spec: spec["slug"])
def test_the_defaults_are_valid(spec):
    assert (
        recommender_config_problems(recipe=spec["recipe"], params=spec["params"], event_weights=spec["event_weights"])
        == []
    )


@pytest.mark.parametrize(
    ("recipe", "params", "weights", "message"),
    [
        ("als", {"factors": "64"}, {"View": 1}, "factors must be a whole number"),
        ("als", {"factors": 0}, {"View": 1}, "factors must be at least 1"),
        ("als", {"alpha": -1.0}, {"View": 1}, "alpha must be at least 0"),
        ("als", {"nope": 1}, {"View": 1}, "als has no parameter 'nope'"),
        ("als", [], {"View": 1}, "parameters must be an object"),
        ("popularity", {"window_days": "30"}, {"View": 1}, "window_days must be a number"),
        ("als", {}, {"View": "1"}, "the weight of View must be a number"),
        ("als", {}, {"Click": 1}, "unknown event type 'Click'"),
        ("als", {}, ["View"], "event weights must be an object"),
        ("als", {}, {"View": 0}, "at least one event type needs a weight above 0"),
        ("als", {}, {"View": float("nan")}, "the weight of View must be a number"),
        ("magic", {}, {"View": 1}, "unknown recipe"),
        # Absurd values an operator tried: each is refused with its range.
        ("als", {"factors": 10**9}, {"View": 1}, "factors must be at most 1024"),
        ("als", {"iterations": 10**9}, {"View": 1}, "iterations must be at most 200"),
        ("popularity", {"window_days": 1e308}, {"View": 1}, "window_days must be at most 3650"),
        ("popularity", {}, {"View": 1e308}, "the weight of View must be at most 1000"),
        ("als", {"max_per_style": 0}, {"View": 1}, "max_per_style must be at least 1"),
    ],
)
def test_bad_configurations_are_named(recipe, params, weights, message):
    problems = recommender_config_problems(recipe=recipe, params=params, event_weights=weights)
    assert any(message in problem for problem in problems), problems


@pytest.mark.django_db
def test_admin_form_refuses_a_bad_configuration_and_keeps_the_old_one(admin_client):
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    url = reverse("admin:recommendations_recommender_change", args=[recommender.pk])
    response = admin_client.post(
        url,
        {
            "name": recommender.name,
            "recipe": "als",
            "params": '{"factors": "64"}',
            "event_weights": '{"View": "1"}',
            "enabled": "on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "factors must be a whole number" in page and "the weight of View must be a number" in page
    recommender.refresh_from_db()
    assert recommender.params["factors"] == 64


@pytest.mark.django_db
def test_a_bad_configuration_fails_only_its_own_version():
    taste_scenario()
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(event_weights=["View"])
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == TrainingRun.Status.FAILED
    failed = ModelVersion.objects.get(training_run=run, recommender__slug=RECOMMENDED_FOR_YOU)
    assert failed.status == "failed" and "event weights must be an object" in failed.error
    assert ModelVersion.objects.get(training_run=run, recommender__slug=MOST_VIEWED).status == "live"
