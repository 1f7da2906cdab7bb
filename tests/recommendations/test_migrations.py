"""Data migrations: a database made before a default recommender existed gets it."""

from __future__ import annotations

import importlib
from importlib import import_module

import pytest
from django.apps import apps

from recommendations.defaults import BOUGHT_TOGETHER, DEFAULT_RECOMMENDERS, TRENDING_NOW
from recommendations.models import Recommender

pytestmark = pytest.mark.django_db

trending_now_migration = import_module("recommendations.migrations.0008_trending_now")


def test_0008_creates_trending_now_once_and_keeps_staff_changes():
    Recommender.objects.filter(slug=TRENDING_NOW).delete()
    trending_now_migration.create_trending_now(apps, None)
    created = Recommender.objects.get(slug=TRENDING_NOW)
    assert (created.name, created.recipe, created.event_weights) == ("Trending now", "trending", {"View": 1.0})
    assert created.params["window_hours"] == 24.0

    created.params = {"window_hours": 1.0}
    created.save()
    trending_now_migration.create_trending_now(apps, None)
    assert Recommender.objects.filter(slug=TRENDING_NOW).count() == 1
    assert Recommender.objects.get(slug=TRENDING_NOW).params == {"window_hours": 1.0}


switch = importlib.import_module("recommendations.migrations.0009_bought_together_association")


def _set(**fields) -> Recommender:
    Recommender.objects.filter(slug=BOUGHT_TOGETHER).update(**fields)
    return Recommender.objects.get(slug=BOUGHT_TOGETHER)


def test_the_shipped_item_item_recommender_moves_to_association_and_back():
    _set(**switch.OLD)
    switch.forwards(apps, None)
    recommender = Recommender.objects.get(slug=BOUGHT_TOGETHER)
    spec = next(spec for spec in DEFAULT_RECOMMENDERS if spec["slug"] == BOUGHT_TOGETHER)
    assert (recommender.recipe, recommender.params, recommender.event_weights) == (
        spec["recipe"],
        spec["params"],
        spec["event_weights"],
    )
    switch.backwards(apps, None)
    assert Recommender.objects.get(slug=BOUGHT_TOGETHER).recipe == "item-item"


@pytest.mark.parametrize(
    "changed", [{"params": {"min_support": 3}}, {"event_weights": {"Purchase": 2}}, {"recipe": "popularity"}]
)
def test_a_recommender_staff_changed_is_left_alone(changed):
    before = _set(**{**switch.OLD, **changed})
    switch.forwards(apps, None)
    after = Recommender.objects.get(slug=BOUGHT_TOGETHER)
    assert (after.recipe, after.params, after.event_weights) == (before.recipe, before.params, before.event_weights)


without_rp3beta = importlib.import_module("recommendations.migrations.0016_personal_candidates_without_rp3beta")


def test_0016_drops_rp3beta_from_the_shipped_candidates_only():
    from recommendations.defaults import RECOMMENDED_FOR_YOU

    personal = Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU)
    assert personal.get().candidates == ["als", "ease"]  # a migrated database matches the defaults
    personal.update(candidates=["als", "ease", "rp3beta"])
    without_rp3beta.drop_rp3beta(apps, None)
    assert personal.get().candidates == ["als", "ease"]
    without_rp3beta.restore_rp3beta(apps, None)
    assert personal.get().candidates == ["als", "ease", "rp3beta"]
    personal.update(candidates=["rp3beta", "als"])  # staff's own list stays
    without_rp3beta.drop_rp3beta(apps, None)
    assert personal.get().candidates == ["rp3beta", "als"]
