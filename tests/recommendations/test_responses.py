"""GetRecommendations answers cached per request and per state of what they read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Filter, Recommender
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RECS = reverse("recommendations:recommendations")
EVENTS = reverse("recommendations:events")


@pytest.fixture
def client(settings):
    settings.RECOMMENDATIONS_API_KEY = "test-key"
    return Client(headers={"Authorization": "Api-Key test-key"})


def _items(body: dict) -> list[str]:
    return [item["itemId"] for item in body["itemList"]]


def test_a_repeated_request_is_the_same_answer_under_a_new_id_from_one_query(client, trained, settings):
    settings.RECOMMENDATIONS_LIVE_CHECK_SECONDS = 60  # as deployed: the live versions are read once a while
    user = trained["users"]["taste-2"][0]
    params = {"recommender": "recommended-for-you", "userId": user.username, "numResults": 6}
    first = client.get(RECS, params).json()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(RECS, params).json()
    assert len(queries) == 1  # the user and their history's fingerprint; no scoring, no products
    assert {**again, "recommendationId": ""} == {**first, "recommendationId": ""}
    assert again["recommendationId"] != first["recommendationId"]


def test_an_event_changes_the_answer_at_once(client, trained, settings):
    settings.RECOMMENDATIONS_LIVE_CHECK_SECONDS = 60
    user = trained["users"]["taste-0"][0]
    params = {"recommender": "recommended-for-you", "userId": user.username, "numResults": 10}
    before = client.get(RECS, params).json()
    # A run of views in another taste: the personal row follows them, cache or not.
    for product in trained["products"]["taste-1"][:6]:
        event = {"eventType": "View", "itemId": str(product.pk)}
        body = {"sessionId": "s-now", "userId": user.username, "eventList": [event] * 3}
        assert client.post(EVENTS, body, content_type="application/json").status_code == 201
    after = client.get(RECS, params).json()
    assert _items(after) != _items(before)
    with CaptureQueriesContext(connection) as queries:
        client.get(RECS, params)
    assert len(queries) == 1


def test_other_parameters_are_another_answer(client, trained):
    user = trained["users"]["taste-2"][0]
    params = {"recommender": "recommended-for-you", "userId": user.username, "numResults": 20}
    everything = client.get(RECS, params).json()
    only = client.get(RECS, {**params, "category": "taste-1"}).json()
    in_taste_1 = {str(p.pk) for p in trained["products"]["taste-1"]}
    assert set(_items(only)) <= in_taste_1 and set(_items(everything)) - in_taste_1


def test_staff_changing_a_recommender_or_filter_is_seen_at_once(client, trained, settings):
    settings.RECOMMENDATIONS_LIVE_CHECK_SECONDS = 60
    user = trained["users"]["taste-2"][0]
    params = {"recommender": "recommended-for-you", "userId": user.username, "numResults": 6}
    client.get(RECS, params)
    Recommender.objects.get(slug="recommended-for-you").save()  # as the admin saves it: signalled
    with CaptureQueriesContext(connection) as queries:
        client.get(RECS, params)
    assert len(queries) > 1  # answered afresh, under the new configuration

    Filter.objects.create(name="only-taste-1", expression='INCLUDE ItemID WHERE Items.CATEGORY IN ("taste-1")')
    filtered = {**params, "filter": "only-taste-1"}
    in_taste_1 = {str(p.pk) for p in trained["products"]["taste-1"]}
    assert set(_items(client.get(RECS, filtered).json())) <= in_taste_1
    Filter.objects.filter(name="only-taste-1").update(expression='INCLUDE ItemID WHERE Items.CATEGORY IN ("taste-0")')
    Filter.objects.get(name="only-taste-1").save()
    in_taste_0 = {str(p.pk) for p in trained["products"]["taste-0"]}
    assert set(_items(client.get(RECS, filtered).json())) <= in_taste_0


def test_an_unknown_user_is_refused_even_after_a_known_ones_answer(client, trained):
    user = UserFactory(username="leaving")
    params = {"recommender": "recommended-for-you", "userId": "leaving", "numResults": 6}
    assert client.get(RECS, params).status_code == 200
    user.delete()
    response = client.get(RECS, params)
    assert response.status_code == 400 and "unknown userId" in str(response.json())
