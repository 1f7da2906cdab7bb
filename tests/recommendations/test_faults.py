"""Serving degrades visibly on the faults it expects and fails loudly on everything else."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from recommendations import artifacts, selectors, services
from recommendations.defaults import ALSO_VIEWED, BOUGHT_TOGETHER, RECOMMENDED_FOR_YOU, SIMILAR_ITEMS_SLUG
from recommendations.models import ModelVersion
from tests.factories import taste_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    artifacts._loaded.clear()
    artifacts._failed.clear()
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    yield world
    artifacts._loaded.clear()
    artifacts._failed.clear()


def _break(slug: str, how: str) -> ModelVersion:
    version = ModelVersion.objects.get(recommender__slug=slug, status=ModelVersion.Status.LIVE)
    path = version.artifact.path
    if how == "deleted":
        version.artifact.storage.delete(version.artifact.name)
    elif how == "corrupt":
        with open(path, "wb") as handle:
            handle.write(b"\x93NUMPY not really" * 50)
    else:  # truncated
        with open(path, "rb") as handle:
            data = handle.read()
        with open(path, "wb") as handle:
            handle.write(data[: len(data) // 2])
    return version


@pytest.mark.parametrize("how", ["deleted", "corrupt", "truncated"])
def test_an_unreadable_personal_model_falls_back_visibly_and_is_logged_once(world, how, caplog, monkeypatch):
    version = _break(RECOMMENDED_FOR_YOU, how)
    shopper = world["users"]["taste-0"][0]
    loads = []
    real_load = artifacts.artifact_load
    monkeypatch.setattr(artifacts, "artifact_load", lambda v: loads.append(v.pk) or real_load(v))

    with caplog.at_level(logging.ERROR, logger="recommendations.artifacts"):
        rows = selectors.home_rows(user=shopper, visitor_id="")
        again = selectors.home_rows(user=shopper, visitor_id="")

    assert [row.title for row in rows] == ["Most viewed", "Best sellers"]
    assert "personal recommendations are unavailable" in rows[0].explanation
    assert all(len(row.products) == 8 for row in rows)
    assert [row.title for row in again] == ["Most viewed", "Best sellers"]
    assert loads.count(version.pk) == 1  # backed off: not re-read on the next request
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and f"{RECOMMENDED_FOR_YOU} v{version.pk}" in messages[0]


def test_the_api_says_it_fell_back(world, settings):
    settings.RECOMMENDATIONS_API_KEY = "k"
    _break(RECOMMENDED_FOR_YOU, "corrupt")
    shopper = world["users"]["taste-1"][0]
    response = Client(headers={"Authorization": "Api-Key k"}).get(
        reverse("recommendations:recommendations"),
        {"recommender": RECOMMENDED_FOR_YOU, "userId": shopper.username, "numResults": 10},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["fallback"] == "most-viewed" and len(body["itemList"]) == 10


def test_broken_related_models_show_popular_items_instead(world):
    _break(ALSO_VIEWED, "deleted")
    _break(BOUGHT_TOGETHER, "corrupt")
    _break(SIMILAR_ITEMS_SLUG, "corrupt")
    product = world["products"]["taste-2"][0]
    rows = selectors.product_rows(product=product, user=None, visitor_id="v")
    assert len(rows) == 1 and "related products are unavailable" in rows[0].explanation
    assert product not in rows[0].products and len(rows[0].products) == 8


def test_similar_items_still_serve_when_the_co_occurrence_models_break(world):
    _break(ALSO_VIEWED, "deleted")
    _break(BOUGHT_TOGETHER, "corrupt")
    product = world["products"]["taste-2"][0]
    rows = selectors.product_rows(product=product, user=None, visitor_id="v")
    assert [row.recommender for row in rows] == [SIMILAR_ITEMS_SLUG]
    # Filtered to the product's category ("same-category"): every other product of it.
    others = {p.pk for p in world["products"]["taste-2"]} - {product.pk}
    assert {p.pk for p in rows[0].products} == others


def test_a_model_that_loads_again_serves_again(world, monkeypatch):
    version = _break(RECOMMENDED_FOR_YOU, "deleted")
    shopper = world["users"]["taste-0"][0]
    assert selectors.home_rows(user=shopper, visitor_id="")[0].title == "Most viewed"
    services.training_run_start(triggered_by="test", recommenders=[RECOMMENDED_FOR_YOU], synchronous=True)
    assert ModelVersion.objects.get(pk=version.pk).status == ModelVersion.Status.READY
    assert selectors.home_rows(user=shopper, visitor_id="")[0].title == "Inspired by your shopping trends"


def test_any_other_error_is_a_bug_and_surfaces(world, monkeypatch):
    shopper = world["users"]["taste-0"][0]
    loaded = artifacts.live_model(RECOMMENDED_FOR_YOU)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the model")

    monkeypatch.setattr(loaded.model, "score_batch", broken)
    with pytest.raises(RuntimeError, match="a bug in the model"):
        selectors.home_rows(user=shopper, visitor_id="")


def test_the_dashboard_shows_the_unhealthy_version_and_stays_up(world, admin_client):
    version = _break(RECOMMENDED_FOR_YOU, "corrupt")
    response = admin_client.get(reverse("admin:recommendations_dashboard"))
    assert response.status_code == 200
    table = response.content.decode().split('id="live-versions"')[1].split("</table>")[0]
    row = table.split("Recommended for you</a>")[1].split("</tr>")[0]
    assert f"v{version.pk}" in row and 'data-testid="unhealthy"' in row and "cannot be loaded" in row
    assert table.count('data-testid="unhealthy"') == 1  # the others serve
