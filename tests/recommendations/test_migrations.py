"""Data migrations: a database made before a default recommender existed gets it."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from recommendations.defaults import TRENDING_NOW
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
