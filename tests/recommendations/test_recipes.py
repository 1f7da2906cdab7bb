"""The recipe registry: a recipe declared once is validated, trained, served, tuned and explained.

The extra recipe below exists only in this file: no other module knows its name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from django.test import Client
from django.urls import reverse

from recommendations import selectors, services
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.engine import Capability, EngineModel, Interactions
from recommendations.engine.search import Range
from recommendations.models import ModelVersion, Recommender
from recommendations.recipes import (
    ALS,
    PERSONAL_WEIGHTS,
    Input,
    Param,
    Recipe,
    UnknownRecipe,
    recipe_choices,
    recipe_get,
    recipe_list,
    recipe_register,
    recipe_registered,
)
from recommendations.validation import recommender_config_problems
from tests.factories import taste_scenario


class CoCountModel(EngineModel):
    """Scores an item by how many of the shopper's items were seen with it (times ``boost``)."""

    kind = "co-count-test"
    capabilities = Capability.PERSONAL | Capability.EXPLAINS

    def __init__(self, boost: float = 1.0) -> None:
        self.boost = float(boost)
        self.together: sp.csr_matrix | None = None

    @property
    def params(self) -> dict[str, Any]:
        return {"boost": self.boost}

    def _fit(self, data: Interactions) -> None:
        seen = self.interaction_matrix(data)
        seen.data[:] = 1.0
        together = (seen.T @ seen).tocsr()
        together.setdiag(0)
        together.eliminate_zeros()
        self.together = together.astype(np.float32)
        self.n_items = data.n_items

    def score_batch(
        self, user_items: sp.csr_matrix, recent_items: Sequence[np.ndarray] | None = None, now=None
    ) -> np.ndarray:
        scores = np.asarray((sp.csr_matrix(user_items) @ self.together).todense(), dtype=np.float32) * self.boost
        scores[scores <= 0] = -np.inf
        return scores

    def explain(self, user_items, item_ids):
        row = sp.csr_matrix(user_items)
        contributions = self.together[row.indices][:, np.asarray(item_ids)].toarray()  # history x targets
        best = contributions.argmax(axis=0)
        return row.indices[best].astype(np.int64), contributions.max(axis=0).astype(np.float32)

    def _array_state(self) -> dict[str, np.ndarray]:
        t = self.together
        return {"data": t.data, "indices": t.indices, "indptr": t.indptr, "shape": np.array(t.shape)}

    @classmethod
    def _from_state(cls, params, state):
        model = cls(**params)
        shape = tuple(int(x) for x in state["shape"])
        model.together = sp.csr_matrix((state["data"], state["indices"], state["indptr"]), shape=shape)
        model.n_items = shape[1]
        return model


CO_COUNT = Recipe(
    name="co-count-test",
    label="Co-count (test only)",
    engine=CoCountModel,
    params={"boost": Param(float, low=0.1, high=10, search=(0.5, 2.0))},
    inputs=frozenset({Input.HISTORY, Input.INPUT_LIST}),
    event_weights={"View": 1.0},
)


@pytest.fixture
def co_count():
    with recipe_registered(CO_COUNT) as recipe:
        yield recipe


@pytest.mark.django_db
def test_an_extra_recipe_trains_serves_and_explains_without_any_other_file_knowing_it(co_count, settings):
    settings.RECOMMENDATIONS_API_KEY = "test-key"
    client = Client(headers={"Authorization": "Api-Key test-key"})
    world = taste_scenario()
    assert ("co-count-test", "Co-count (test only)") in recipe_choices()
    assert recommender_config_problems(recipe="co-count-test", params={"boost": 2.0}, event_weights={"View": 1}) == []
    # Event weights left empty: the recipe's defaults apply.
    recommender = Recommender.objects.create(
        slug="co-count", name="Co-count", recipe="co-count-test", params={"boost": 2.0}, event_weights={}
    )
    run = services.training_run_start(triggered_by="test", recommenders=["co-count"], synchronous=True)
    version = ModelVersion.objects.get(training_run=run, recommender=recommender)
    assert version.status == ModelVersion.Status.LIVE, version.error
    assert version.recipe == "co-count-test" and version.event_weights == {"View": 1.0}
    assert "model" not in version.metrics  # not declared for offline evaluation

    shopper = world["users"]["taste-1"][0]
    result, fallback = selectors.recommendations_get(recommender=recommender, user=shopper, num_results=5)
    assert fallback is None and len(result.product_ids) == 5
    taste = {p.pk for p in world["products"]["taste-1"]}
    assert set(result.product_ids) <= taste
    history = {e.product_id for e in selectors.user_history(user=shopper)}
    assert result.because and set(result.because) <= history

    # The API serves and explains it too; its ranking endpoint accepts it because it declares INPUT_LIST.
    response = client.get(reverse("recommendations:recommendations"), {"recommender": "co-count", "userId": shopper})
    assert response.status_code == 200, response.content
    items = response.json()["itemList"]
    assert [i["itemId"] for i in items][:5] == [str(p) for p in result.product_ids]
    assert all(int(i["becauseItemId"]) in history for i in items)
    response = client.post(
        reverse("recommendations:rankings"),
        {"recommender": "co-count", "userId": shopper.username, "inputList": [str(p) for p in sorted(taste)]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_the_storefront_row_can_use_an_extra_recipe(co_count):
    world = taste_scenario()
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(recipe="co-count-test", params={}, candidates=[])
    services.training_run_start(triggered_by="test", recommenders=[RECOMMENDED_FOR_YOU], synchronous=True)
    shopper = world["users"]["taste-2"][0]
    row = selectors.home_rows(user=shopper, visitor_id="")[0]
    assert row.title == "Inspired by your shopping trends"
    assert {p.category.slug for p in row.products} == {"taste-2"}
    assert all(reason.startswith("Because you") for reason in row.reasons), row.reasons


@pytest.mark.django_db
def test_tuning_reads_the_search_space_from_the_registry(co_count):
    taste_scenario(users_per_category=10)
    recommender = Recommender.objects.create(
        slug="co-count", name="Co-count", recipe="co-count-test", event_weights={"View": 1}
    )
    run = services.tuning_run_start(recommender=recommender, triggered_by="test", synchronous=True)
    assert run.status == "succeeded", run.error
    # the settings in use first (no params of its own), then every value the registry lists
    assert sorted(trial["params"].get("boost", 0) for trial in run.trials) == [0, 0.5, 2.0]
    assert run.recipe == "co-count-test" and run.start_score is not None


@pytest.mark.django_db
def test_a_recipe_without_a_search_space_cannot_be_tuned():
    recommender = Recommender.objects.get(slug="most-viewed")
    with pytest.raises(services.TuningNotSupported):
        services.tuning_run_start(recommender=recommender, triggered_by="test")


@pytest.mark.django_db
def test_the_admin_offers_a_registered_recipe(co_count, admin_client):
    recommender = Recommender.objects.get(slug=RECOMMENDED_FOR_YOU)
    url = reverse("admin:recommendations_recommender_change", args=[recommender.pk])
    assert 'value="co-count-test"' in admin_client.get(url).content.decode()


def test_parameters_are_checked_against_their_declared_range(co_count):
    assert co_count.params_problems({"boost": 0.01}) == ["boost must be at least 0.1, not 0.01"]
    assert co_count.params_problems({"boost": 11}) == ["boost must be at most 10, not 11"]
    assert co_count.params_problems({"boost": True}) == ["boost must be a number, not True"]
    assert co_count.params_problems({"nope": 1}) == ["co-count-test has no parameter 'nope'; it takes boost"]
    assert ALS.params_problems({"factors": 10**9}) == ["factors must be at most 1024, not 1000000000"]


def test_defaults_come_from_the_engine_class(co_count):
    assert co_count.defaults == {"boost": 1.0}
    assert ALS.default_params("factors", "alpha") == {"factors": 64, "alpha": 2.0}


def test_capabilities_are_read_from_the_engine_not_guessed():
    assert recipe_get("als").explains and not recipe_get("item-item").explains
    assert recipe_get("item-item").related and not recipe_get("als").related
    assert recipe_get("sequential").ranks and not recipe_get("popularity").ranks
    assert [r.name for r in recipe_list()][:4] == ["popularity", "als", "sequential", "item-item"]


def test_a_name_is_registered_once_and_unknown_names_are_named():
    with pytest.raises(ValueError, match="already registered"):
        recipe_register(
            Recipe(
                name="als", label="again", engine=CoCountModel, params={}, inputs=frozenset(), event_weights={"View": 1}
            )
        )
    with pytest.raises(UnknownRecipe, match="unknown recipe 'magic'; one of: popularity, als"):
        recipe_get("magic")
    with pytest.raises(ValueError, match="takes no parameter nope"):
        Recipe(
            name="x",
            label="x",
            engine=CoCountModel,
            params={"nope": Param(int)},
            inputs=frozenset(),
            event_weights={"View": 1},
        )


def test_registering_is_undone_after_the_block():
    with recipe_registered(CO_COUNT):
        assert recipe_get("co-count-test") is CO_COUNT
    with pytest.raises(UnknownRecipe):
        recipe_get("co-count-test")


def test_the_association_recipe_relates_items_from_purchases_within_bounded_parameters():
    association = recipe_get("association")
    assert association.related and not association.personal and not association.explains
    assert association.event_weights == {"Purchase": 1.0}
    assert association.defaults["shrinkage"] == 5.0 and association.defaults["max_per_style"] == 2
    assert association.params_problems({"shrinkage": -1}) == ["shrinkage must be at least 0, not -1"]
    assert association.params_problems({"min_support": 0}) == ["min_support must be at least 1, not 0"]
    assert association.build({"min_support": 3, "max_per_style": 1}).params["min_support"] == 3


@pytest.mark.parametrize(
    ("name", "label"),
    [("ease", "User personalization (EASE)"), ("rp3beta", "User personalization (item-kNN, RP3beta)")],
)
def test_the_item_models_rank_for_a_shopper_and_explain(name, label):
    spec = recipe_get(name)
    assert spec.label == label and spec.engine.kind == name
    # Not related: a recipe taking an item is served for an itemId only, never for a shopper.
    assert spec.personal and spec.ranks and spec.explains and not spec.related
    assert spec.evaluate and spec.event_weights == PERSONAL_WEIGHTS
    assert spec.serving_options({})["session_boost"] == 2.0


def test_the_item_models_tune_over_log_scale_ranges():
    ease, rp3beta = recipe_get("ease"), recipe_get("rp3beta")
    assert ease.search_space["l2"] == Range(10, 5000)
    assert ease.search_space["session_gap_minutes"] == Range(0.5, 1440)
    assert "max_items" not in ease.search_space
    assert rp3beta.search_space["beta"] == Range(0.0, 1.0, log=False)
    assert rp3beta.search_space["neighbours"] == Range(20, 1000, integer=True)
    assert ease.params_problems({"max_items": 300_000}) == ["max_items must be at most 200000, not 300000"]
    assert rp3beta.build({"neighbours": 40, "max_per_style": 1}).params["neighbours"] == 40


def test_the_ease_catalogue_limit_is_the_shop_setting_unless_params_say(settings):
    settings.RECOMMENDATIONS_EASE_MAX_ITEMS = 1234
    assert recipe_get("ease").build({}).max_items == 1234
    assert recipe_get("ease").build({"max_items": 99}).max_items == 99
    with pytest.raises(ValueError, match="undeclared parameters nope"):
        Recipe(
            name="x",
            label="x",
            engine=CoCountModel,
            params={},
            inputs=frozenset(),
            event_weights={"View": 1},
            setting_defaults={"nope": "RECOMMENDATIONS_EASE_MAX_ITEMS"},
        )
