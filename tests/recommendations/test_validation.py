from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.defaults import DEFAULT_RECOMMENDERS, MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.models import ModelVersion, Recommender, TrainingRun
from recommendations.validation import catalogue_problems, recommender_config_problems
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


def test_ease_is_refused_for_a_catalogue_above_its_limit(settings):
    settings.RECOMMENDATIONS_EASE_MAX_ITEMS = 100
    weights = {"View": 1}
    assert recommender_config_problems(recipe="ease", params={}, event_weights=weights, n_items=101) == [
        "EASE needs 0.1 GB for 101 items (limit 100 items): use the item-kNN recipe (rp3beta) or raise max_items"
    ]
    assert recommender_config_problems(recipe="ease", params={}, event_weights=weights, n_items=100) == []
    assert recommender_config_problems(recipe="ease", params={}, event_weights=weights) == []
    assert (
        recommender_config_problems(recipe="ease", params={"max_items": 500}, event_weights=weights, n_items=101) == []
    )
    assert catalogue_problems("rp3beta", {}, 10**6) == [] and catalogue_problems("als", {}, 10**6) == []
    # Invalid params are named once, by the parameter check.
    assert recommender_config_problems(recipe="ease", params={"l2": -1}, event_weights=weights, n_items=101) == [
        "l2 must be at least 0.01, not -1"
    ]


@pytest.mark.django_db
def test_admin_form_refuses_ease_for_a_catalogue_it_cannot_hold(admin_client, settings):
    taste_scenario()  # 24 products
    settings.RECOMMENDATIONS_EASE_MAX_ITEMS = 10
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    url = reverse("admin:recommendations_recommender_change", args=[recommender.pk])
    form = {"name": recommender.name, "recipe": "ease", "params": "{}", "event_weights": '{"View": 1}'}
    response = admin_client.post(url, {**form, "enabled": "on"})
    assert response.status_code == 200
    assert "EASE needs 0.1 GB for 24 items (limit 10 items)" in response.content.decode()
    recommender.refresh_from_db()
    assert recommender.recipe == "als"
    # Switched off it trains nothing, so it may be saved; raising max_items lets it train again.
    assert admin_client.post(url, form).status_code == 302
    response = admin_client.post(url, {**form, "params": '{"max_items": 24}', "enabled": "on"})
    assert response.status_code == 302
    recommender.refresh_from_db()
    assert (recommender.recipe, recommender.params, recommender.enabled) == ("ease", {"max_items": 24}, True)
