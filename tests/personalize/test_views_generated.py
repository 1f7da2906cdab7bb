"""Generated bodies, signed as boto3 signs them, on every /personalize/ operation: whatever arrives,
the answer is 200 or a 4xx in Personalize's error shape, never a 500. Bounded and derandomized."""

from __future__ import annotations

import json

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from personalize.services import access_key_create
from tests.factories import ProductFactory, UserFactory
from tests.personalize.conftest import REGION, arn

FIELDS = {
    "recommendations": [
        "recommenderArn",
        "campaignArn",
        "userId",
        "itemId",
        "numResults",
        "context",
        "filterArn",
        "filterValues",
        "promotions",
        "metadataColumns",
    ],
    "personalize-ranking": [
        "campaignArn",
        "userId",
        "inputList",
        "context",
        "filterArn",
        "filterValues",
        "metadataColumns",
    ],
    "events": ["trackingId", "sessionId", "userId", "eventList"],
    "items": ["datasetArn", "items"],
    "users": ["datasetArn", "users"],
}
EVENT_FIELDS = [
    "eventType",
    "sentAt",
    "itemId",
    "eventValue",
    "properties",
    "recommendationId",
    "impression",
    "eventId",
]
PLAUSIBLE = st.sampled_from(
    [
        arn("recommender", "most-viewed"),
        arn("campaign", "recommended-for-you"),
        arn("filter", "promoted-items"),
        arn("dataset", "shop/ITEMS"),
        arn("dataset", "shop/USERS"),
        "1",
        "alice",
        "View",
        "purchase",
        1.7e9,
        '{"name": "x"}',
        "",
        "\x00",
        -1,
        501,
        True,
    ]
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False), st.text(max_size=20), PLAUSIBLE
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=12),
        st.dictionaries(
            st.one_of(
                st.sampled_from(
                    [
                        *EVENT_FIELDS,
                        "name",
                        "percentPromotedItems",
                        "ITEMS",
                        "userId",
                        "itemId",
                        "properties",
                        "filterArn",
                    ]
                ),
                st.text(max_size=5),
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


def bodies(path: str):
    return st.dictionaries(st.sampled_from(FIELDS[path]), values, max_size=len(FIELDS[path]))


@pytest.fixture
def signed(db):
    ProductFactory()
    UserFactory(username="alice")
    issued = access_key_create(name="generated")
    credentials = Credentials(issued.access_key.access_key_id, issued.secret)
    client = Client()

    def post(path: str, body: bytes):
        request = AWSRequest(
            method="POST",
            url=f"http://testserver/personalize/{path}",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        SigV4Auth(credentials, "personalize", REGION).add_auth(request)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-type"}
        return client.post(
            f"/personalize/{path}", body, content_type="application/json", headers={**headers, "Host": "testserver"}
        )

    return post


@pytest.mark.parametrize("path", list(FIELDS))
def test_no_body_is_a_server_error(signed, path, settings):
    # 150 bodies in a second or two: on a fast machine over the default 100/s (the throttle has its own test).
    settings.RECOMMENDATIONS_EVENTS_THROTTLE_RATE = ""

    @hypothesis_settings(
        max_examples=150, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(body=bodies(path))
    def check(body):
        response = signed(path, json.dumps(body).encode())
        assert response.status_code == 200 or 400 <= response.status_code < 500, (body, response.content)
        if response.status_code != 200:
            assert response["x-amzn-ErrorType"] in {"InvalidInputException", "ResourceNotFoundException"}, body
            assert json.loads(response.content)["message"]

    check()
