from __future__ import annotations

import pytest

from recommendations import selectors, services
from recommendations.artifacts import live_model
from recommendations.defaults import ALSO_VIEWED, MOST_VIEWED, RECOMMENDED_FOR_YOU
from recommendations.models import ModelVersion, Recommender, TrainingRun
from tests.factories import taste_scenario

pytestmark = pytest.mark.django_db


def test_training_run_trains_every_recommender_and_publishes_them():
    taste_scenario()
    # Pinned: which candidate wins on 18 shoppers is a coin toss (test_selection covers the choice).
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(candidates=[])
    run = services.training_run_start(triggered_by="test", synchronous=True)

    assert run.status == TrainingRun.Status.SUCCEEDED, run.error
    assert run.n_interactions > 0 and run.n_users == 18 and run.n_items == 24
    versions = ModelVersion.objects.filter(training_run=run)
    assert versions.count() == Recommender.objects.filter(enabled=True).count()
    assert set(versions.values_list("status", flat=True)) == {ModelVersion.Status.LIVE}
    als = versions.get(recommender__slug=RECOMMENDED_FOR_YOU)
    assert als.artifact.name.endswith(".npz")
    assert als.params["factors"] == 64 and als.training_seconds > 0
    assert "normalized_discounted_cumulative_gain_at_10" in als.metrics["model"]
    assert live_model(RECOMMENDED_FOR_YOU).version_id == als.pk


def test_new_run_replaces_the_live_version_and_keeps_the_old_one_ready():
    taste_scenario()
    first = services.training_run_start(triggered_by="test", synchronous=True)
    second = services.training_run_start(triggered_by="test", synchronous=True)

    old = ModelVersion.objects.get(training_run=first, recommender__slug=MOST_VIEWED)
    new = ModelVersion.objects.get(training_run=second, recommender__slug=MOST_VIEWED)
    assert (old.status, new.status) == (ModelVersion.Status.READY, ModelVersion.Status.LIVE)
    assert live_model(MOST_VIEWED).version_id == new.pk


def test_rollback_puts_the_previous_version_back():
    taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    services.training_run_start(triggered_by="test", synchronous=True)
    recommender = Recommender.objects.get(slug=ALSO_VIEWED)
    first, second = recommender.versions.order_by("pk")

    services.model_version_rollback(recommender_id=recommender.pk)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ModelVersion.Status.LIVE and second.status == ModelVersion.Status.READY
    assert live_model(ALSO_VIEWED).version_id == first.pk


def test_failed_recommender_keeps_its_live_version_serving():
    taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    live_before = ModelVersion.objects.get(recommender__slug=RECOMMENDED_FOR_YOU, status=ModelVersion.Status.LIVE)
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(params={"factors": -3})

    run = services.training_run_start(triggered_by="test", synchronous=True)

    assert run.status == TrainingRun.Status.FAILED
    assert RECOMMENDED_FOR_YOU in run.error
    failed = ModelVersion.objects.get(training_run=run, recommender__slug=RECOMMENDED_FOR_YOU)
    assert failed.status == ModelVersion.Status.FAILED and failed.error
    assert live_model(RECOMMENDED_FOR_YOU).version_id == live_before.pk
    # The recommenders that did train still went live.
    assert ModelVersion.objects.get(training_run=run, recommender__slug=MOST_VIEWED).status == "live"


def test_training_with_no_interactions_fails_with_a_clear_error():
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == TrainingRun.Status.FAILED
    assert "no interactions" in run.error
    assert not ModelVersion.objects.filter(status=ModelVersion.Status.LIVE).exists()


def test_only_one_training_run_at_a_time():
    taste_scenario()
    running = TrainingRun.objects.create(status=TrainingRun.Status.RUNNING)
    with pytest.raises(services.TrainingInProgress):
        services.training_run_start(triggered_by="test")

    # Even a run queued behind the check cannot start while one is running (database constraint).
    queued = TrainingRun.objects.create(status=TrainingRun.Status.QUEUED)
    result = services.training_run_execute(run_id=queued.pk)
    assert result.status == TrainingRun.Status.FAILED
    assert "another training run" in result.error
    running.refresh_from_db()
    assert running.status == TrainingRun.Status.RUNNING


def test_execute_twice_runs_once():
    taste_scenario()
    run = services.training_run_start(triggered_by="test", synchronous=True)
    again = services.training_run_execute(run_id=run.pk)
    assert again.status == TrainingRun.Status.SUCCEEDED
    assert ModelVersion.objects.filter(training_run=run).count() == Recommender.objects.count()


def test_training_with_no_enabled_recommender_fails_clearly():
    taste_scenario()
    Recommender.objects.update(enabled=False)
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == TrainingRun.Status.FAILED and "no enabled recommender" in run.error


def test_defaults_are_recreated_when_missing():
    Recommender.objects.filter(slug=MOST_VIEWED).delete()
    assert services.recommenders_ensure_defaults() == 1
    assert services.recommenders_ensure_defaults() == 0


def test_a_future_dated_event_does_not_empty_the_popularity_window():
    from datetime import timedelta

    from django.utils import timezone

    from recommendations.models import Interaction
    from tests.factories import InteractionFactory

    world = taste_scenario()
    future = world["products"]["taste-0"][0]
    InteractionFactory(product=future, timestamp=timezone.now() + timedelta(days=365 * 5))
    run = services.training_run_start(triggered_by="test", synchronous=True)
    most_viewed = run.versions.get(recommender__slug=MOST_VIEWED)
    assert most_viewed.status == "live"
    assert most_viewed.n_interactions == Interaction.objects.filter(event_type="View").count()


def test_evaluation_tests_the_same_shoppers_as_the_data_grows(settings):
    from recommendations.engine.split import stable_groups
    from tests.factories import InteractionFactory

    settings.RECOMMENDATIONS_EVALUATION_FOLDS = 2
    world = taste_scenario(users_per_category=10)
    first = services.training_run_start(triggered_by="test", synchronous=True)
    als = first.versions.get(recommender__slug=RECOMMENDED_FOR_YOU)
    assert als.metrics["folds"] == 2 and als.metrics["model_std"]
    # A visitor's first events: the shoppers tested before are tested again, with the same split.
    product = world["products"]["taste-0"][0]
    InteractionFactory(user=None, visitor_id="newcomer", product=product)
    InteractionFactory(user=None, visitor_id="newcomer", product=product)
    second = services.training_run_start(triggered_by="test", synchronous=True)
    again = second.versions.get(recommender__slug=RECOMMENDED_FOR_YOU)
    # The newcomer may join a test fold (its own hash says which); nobody else moves.
    joined = int(stable_groups(["vnewcomer"], 10)[0] in (0, 1))
    assert als.metrics["n_test_users"] <= again.metrics["n_test_users"] <= als.metrics["n_test_users"] + joined


def test_a_model_that_would_serve_nothing_fails_its_version_and_the_old_one_keeps_serving():
    import numpy as np

    from recommendations.engine import PopularityRecommender
    from recommendations.recipes import POPULARITY, Recipe, recipe_registered

    class Broken(PopularityRecommender):
        kind = "broken-test"

        def score_batch(self, user_items, recent_items=None, now=None):
            return np.full((user_items.shape[0], self.n_items), np.nan, dtype=np.float32)

    taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    live = ModelVersion.objects.get(recommender__slug=MOST_VIEWED, status="live")
    broken = Recipe(
        name="broken-test",
        label="Broken",
        engine=Broken,
        params=POPULARITY.params,
        inputs=frozenset(),
        event_weights={"View": 1.0},
    )
    with recipe_registered(broken):
        Recommender.objects.filter(slug=MOST_VIEWED).update(recipe="broken-test")
        run = services.training_run_start(triggered_by="test", recommenders=[MOST_VIEWED], synchronous=True)
    failed = run.versions.get()
    assert failed.status == "failed" and "recommends nothing" in failed.error
    live.refresh_from_db()
    assert live.status == "live"


@pytest.mark.parametrize("recipe", ["ease", "rp3beta"])
def test_an_item_model_trains_through_the_normal_run_and_serves(recipe):
    world = taste_scenario()
    recommender = Recommender.objects.create(
        slug=f"{recipe}-test", name=recipe, recipe=recipe, params={"exploration_weight": 0.0}, event_weights={}
    )
    run = services.training_run_start(triggered_by="test", recommenders=[recommender.slug], synchronous=True)
    version = run.versions.get()
    assert version.status == ModelVersion.Status.LIVE, version.error
    assert version.event_weights == {"View": 1.0, "AddToCart": 3.0, "Purchase": 5.0}
    assert "normalized_discounted_cumulative_gain_at_10" in version.metrics["model"]
    assert live_model(recommender.slug).model.kind == recipe

    shopper = world["users"]["taste-1"][0]
    result, fallback = selectors.recommendations_get(recommender=recommender, user=shopper, num_results=2)
    assert fallback is None and len(result.product_ids) == 2
    assert set(result.product_ids) <= {p.pk for p in world["products"]["taste-1"]}
    history = {e.product_id for e in selectors.user_history(user=shopper)}
    assert result.because and set(result.because) <= history


def test_ease_is_refused_for_a_catalogue_above_its_limit_before_it_fits(settings):
    taste_scenario()  # 24 products
    settings.RECOMMENDATIONS_EASE_MAX_ITEMS = 10
    Recommender.objects.create(slug="ease-test", name="EASE", recipe="ease", event_weights={})
    run = services.training_run_start(triggered_by="test", recommenders=["ease-test"], synchronous=True)
    assert run.status == TrainingRun.Status.FAILED and "ease-test" in run.error
    failed = run.versions.get()
    assert failed.status == ModelVersion.Status.FAILED
    assert "EASE needs 0.1 GB for 24 items (limit 10 items): use the item-kNN recipe (rp3beta)" in failed.error
    assert live_model("ease-test") is None

    Recommender.objects.filter(slug="ease-test").update(params={"max_items": 24})
    run = services.training_run_start(triggered_by="test", recommenders=["ease-test"], synchronous=True)
    assert run.versions.get().status == ModelVersion.Status.LIVE


def test_a_version_goes_live_after_one_fit_and_is_evaluated_after(monkeypatch):
    from recommendations.engine import ALSRecommender
    from recommendations.services import training

    taste_scenario()
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(candidates=[])
    fits, seen = [], []
    real_fit, real_metrics = ALSRecommender.fit, training._offline_metrics

    def counting_fit(self, *args, **kwargs):
        fits.append(1)
        return real_fit(self, *args, **kwargs)

    def metrics_when_live(*args, **kwargs):
        live = ModelVersion.objects.get(recommender__slug=RECOMMENDED_FOR_YOU, status=ModelVersion.Status.LIVE)
        seen.append((live.pk, len(fits)))
        return real_metrics(*args, **kwargs)

    monkeypatch.setattr(ALSRecommender, "fit", counting_fit)
    monkeypatch.setattr(training, "_offline_metrics", metrics_when_live)
    run = services.training_run_start(triggered_by="test", synchronous=True)

    als = ModelVersion.objects.get(training_run=run, recommender__slug=RECOMMENDED_FOR_YOU)
    # Already live when the evaluation started, after exactly one ALS fit of its own.
    assert seen[0][0] == als.pk
    assert seen[0][1] == 1
    assert "normalized_discounted_cumulative_gain_at_10" in als.metrics["model"]
    assert als.metrics["evaluation_seconds"] >= 0 and "evaluate" in run.timings


def test_a_failed_evaluation_is_recorded_and_the_version_stays_live(monkeypatch):
    from recommendations.services import training

    taste_scenario()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(training, "_offline_metrics", broken)
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == TrainingRun.Status.SUCCEEDED, run.error
    als = ModelVersion.objects.get(training_run=run, recommender__slug=RECOMMENDED_FOR_YOU)
    assert als.status == ModelVersion.Status.LIVE
    assert als.metrics["error"] == "evaluation failed: disk full"
    assert live_model(RECOMMENDED_FOR_YOU).version_id == als.pk
