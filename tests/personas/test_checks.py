"""The persona check runs once per trained personal version and is stored on it."""

from __future__ import annotations

import pytest

from personas.checks import PersonaCheck, persona_check_compute
from recommendations import artifacts, services
from recommendations.defaults import MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.models import ModelVersion
from tests.factories import PersonaFactory, ShopperProfileFactory, taste_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = taste_scenario(users_per_category=8, products_per_category=20)
    cats = world["categories"]
    # A persona that likes what its shoppers do, and one whose shoppers browse elsewhere.
    right = PersonaFactory(slug="right", name="Right", category_list=[cats[0]])
    wrong = PersonaFactory(slug="wrong", name="Wrong", category_list=[cats[2]])
    for user in world["users"]["taste-0"]:
        ShopperProfileFactory(user=user, persona=right)
    for user in world["users"]["taste-1"]:
        ShopperProfileFactory(user=user, persona=wrong)
    ShopperProfileFactory(user=world["users"]["taste-2"][0], persona=wrong, is_demo=False)  # never sampled
    return world


def test_training_stores_the_check_on_personal_versions_only(world):
    run = services.training_run_start(triggered_by="test", synchronous=True)
    personal = ModelVersion.objects.get(training_run=run, recommender__slug=RECOMMENDED_FOR_YOU)
    checks = {c["persona"]: PersonaCheck.from_dict(c) for c in personal.metrics["persona_check"]}
    # At most two of a style (four styles here) leave 8 of 10 places for its one category.
    assert checks["Right"].shoppers == 8 and checks["Right"].share_in_categories >= 0.7
    assert checks["Right"].categories_covered == 1.0
    assert checks["Right"].most_of_one_style <= 2 and checks["Right"].distinct_styles >= 4
    # Only the two places the style cap leaves to other categories can land in its one.
    assert checks["Wrong"].shoppers == 8 and checks["Wrong"].share_in_categories <= 0.2
    popular = ModelVersion.objects.get(training_run=run, recommender__slug=MOST_VIEWED)
    assert "persona_check" not in popular.metrics


def test_the_check_reads_in_batch(world, django_assert_max_num_queries):
    services.training_run_start(triggered_by="test", synchronous=True)
    loaded = artifacts.live_model(RECOMMENDED_FOR_YOU)
    with django_assert_max_num_queries(8):
        checks = persona_check_compute(loaded=loaded, k=5)
    assert [c.persona for c in checks] == ["Right", "Wrong"]


def test_a_failing_check_never_keeps_a_model_off_the_air(world, monkeypatch):
    import personas.receivers

    def broken(**kwargs):
        raise RuntimeError("check broke")

    monkeypatch.setattr(personas.receivers, "persona_check_compute", broken)
    run = services.training_run_start(triggered_by="test", synchronous=True)
    personal = ModelVersion.objects.get(training_run=run, recommender__slug=RECOMMENDED_FOR_YOU)
    assert personal.status == ModelVersion.Status.LIVE
    assert any("check broke" in error for error in personal.metrics["check_errors"])
