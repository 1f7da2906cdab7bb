"""boto3's personalize-runtime and personalize-events clients, unchanged but for endpoint_url and keys."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from botocore.exceptions import ClientError

from personalize.services import access_key_revoke
from recommendations import services as recommendation_services
from recommendations.models import EventType, Filter, Interaction
from shop.models import Product
from tests.factories import CategoryFactory, ProductFactory, UserFactory, taste_scenario
from tests.personalize.conftest import arn

MOST_VIEWED = arn("recommender", "most-viewed")
FOR_YOU = arn("recommender", "recommended-for-you")


def _code(caught: pytest.ExceptionInfo) -> tuple[str, int, str]:
    error = caught.value.response
    return error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Message"]


def _viewed(products: list[Product], times: list[int]) -> None:
    for product, n in zip(products, times, strict=True):
        for _ in range(n):
            recommendation_services.interaction_record(product_id=product.pk, event_type=EventType.VIEW, visitor_id="v")


@pytest.fixture
def trained(transactional_db):
    world = taste_scenario()
    recommendation_services.training_run_start(triggered_by="test", synchronous=True)
    return world


# --- PutEvents -------------------------------------------------------------------------------


def test_put_events_records_the_batch_and_joins_the_session(events):
    product = ProductFactory()
    UserFactory(username="alice")
    sent = time.time() - 60
    events.put_events(
        trackingId="t1", sessionId="s1", eventList=[{"eventType": "View", "itemId": str(product.pk), "sentAt": sent}]
    )
    assert Interaction.objects.get().user is None
    response = events.put_events(
        trackingId="t1",
        userId="alice",
        sessionId="s1",
        eventList=[
            {
                "eventType": "purchase",
                "itemId": str(product.pk),
                "sentAt": time.time(),
                "recommendationId": "r1",
                "eventValue": 24.5,
            }
        ],
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    rows = list(
        Interaction.objects.order_by("timestamp").values_list(
            "user__username", "event_type", "recommendation_id", "event_value"
        )
    )
    assert rows == [("alice", "View", "", None), ("alice", "Purchase", "r1", 24.5)]
    assert abs(Interaction.objects.order_by("timestamp").first().timestamp.timestamp() - sent) < 1e-3


def test_put_events_creates_a_shopper_for_an_unseen_user_id(events):
    product = ProductFactory()
    events.put_events(
        trackingId="t1",
        userId="crm-42",
        sessionId="s1",
        eventList=[{"eventType": "View", "itemId": str(product.pk), "sentAt": time.time()}],
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="crm-42")
    assert not user.has_usable_password() and not user.is_staff
    assert Interaction.objects.get().user == user


def test_put_events_for_a_deleted_user_is_refused_and_recreates_nobody(events):
    from django.contrib.auth import get_user_model

    from recommendations.services import data_deletion_start

    product = ProductFactory()
    event = [{"eventType": "View", "itemId": str(product.pk), "sentAt": time.time()}]
    events.put_events(trackingId="t1", userId="leaver", sessionId="s1", eventList=event)
    data_deletion_start(user_ids=["leaver"], requested_by="test", synchronous=True)
    with pytest.raises(ClientError) as caught:
        events.put_events(trackingId="t1", userId="leaver", sessionId="s2", eventList=event)
    assert _code(caught)[:2] == ("InvalidInputException", 400) and "was deleted" in _code(caught)[2]
    assert not get_user_model().objects.filter(username="leaver").exists()
    assert not Interaction.objects.exists()


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"eventType": "Click"}, "eventType 'Click' is none of the shop's event types"),
        ({"itemId": "999999"}, "unknown itemId(s) 999999"),
        ({"itemId": "abc"}, "must be a product id"),
        ({"sentAt": datetime(2100, 1, 1, tzinfo=UTC)}, "is in the future"),
        ({"properties": "not json"}, "properties is no JSON"),
    ],
)
def test_put_events_refuses_a_bad_event_and_records_none_of_the_batch(events, event, message):
    product = ProductFactory()
    good = {"eventType": "View", "itemId": str(product.pk), "sentAt": time.time()}
    with pytest.raises(ClientError) as caught:
        events.put_events(trackingId="t", userId="bob", sessionId="s", eventList=[good, {**good, **event}])
    code, status, text = _code(caught)
    assert (code, status) == ("InvalidInputException", 400) and message in text
    assert not Interaction.objects.exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="bob").exists()


def test_put_events_refuses_more_than_ten_events(events):
    product = ProductFactory()
    event = {"eventType": "View", "itemId": str(product.pk), "sentAt": time.time()}
    with pytest.raises(ClientError) as caught:
        events.put_events(trackingId="t", sessionId="s", eventList=[event] * 11)
    code, _, text = _code(caught)
    assert code == "InvalidInputException" and "eventList" in text and "10" in text
    assert not Interaction.objects.exists()


# --- GetRecommendations ----------------------------------------------------------------------


def test_get_recommendations_answers_popular_items_with_reasons(runtime):
    products = ProductFactory.create_batch(3)
    _viewed(products, [1, 5, 3])
    response = runtime.get_recommendations(recommenderArn=MOST_VIEWED, numResults=2)
    assert [item["itemId"] for item in response["itemList"]] == [str(products[1].pk), str(products[2].pk)]
    assert response["recommendationId"]
    # Personalize's reason is a list of strings.
    assert response["itemList"][0]["reason"] == ["Viewed 5 times so far"]


def test_get_recommendations_campaign_arn_filter_and_metadata(runtime):
    cats = [CategoryFactory(slug="c-a"), CategoryFactory(slug="c-b")]
    products = [ProductFactory(category=cats[i % 2]) for i in range(4)]
    _viewed(products, [4, 3, 2, 1])
    Filter.objects.create(name="in-cats", expression="INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATS)")
    response = runtime.get_recommendations(
        campaignArn=arn("campaign", "most-viewed"),
        filterArn=arn("filter", "in-cats"),
        filterValues={"CATS": '"c-b"'},
        metadataColumns={"ITEMS": ["NAME", "CATEGORY"]},
    )
    assert [item["itemId"] for item in response["itemList"]] == [str(products[1].pk), str(products[3].pk)]
    assert response["itemList"][0]["metadata"] == {"NAME": products[1].name, "CATEGORY": "c-b"}


def test_get_recommendations_promotion(runtime):
    products = ProductFactory.create_batch(6)
    promoted = ProductFactory(promoted=True)
    _viewed([*products, promoted], [6, 5, 4, 3, 2, 1, 1])
    response = runtime.get_recommendations(
        recommenderArn=MOST_VIEWED,
        numResults=4,
        promotions=[{"name": "spring", "percentPromotedItems": 25, "filterArn": arn("filter", "promoted-items")}],
    )
    by_id = {item["itemId"]: item for item in response["itemList"]}
    assert len(by_id) == 4 and by_id[str(promoted.pk)]["promotionName"] == "spring"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"recommenderArn": arn("recommender", "no-such")}, ("ResourceNotFoundException", 404, "no-such")),
        (
            {"recommenderArn": MOST_VIEWED, "filterArn": arn("filter", "nope")},
            ("ResourceNotFoundException", 404, "nope"),
        ),
        ({"recommenderArn": MOST_VIEWED, "numResults": 501}, ("InvalidInputException", 400, "numResults")),
        ({"recommenderArn": arn("filter", "most-viewed")}, ("InvalidInputException", 400, "not a recommender")),
        ({"recommenderArn": "arn:aws:s3:::bucket/most-viewed"}, ("InvalidInputException", 400, "no ARN")),
        (
            {"recommenderArn": MOST_VIEWED, "campaignArn": arn("campaign", "x")},
            ("InvalidInputException", 400, "either"),
        ),
        ({"recommenderArn": MOST_VIEWED, "itemId": "12345678"}, ("InvalidInputException", 400, "unknown itemId")),
        ({"recommenderArn": FOR_YOU}, ("InvalidInputException", 400, "send a userId")),
        (
            {"recommenderArn": MOST_VIEWED, "filterArn": arn("filter", "in-cats")},
            ("InvalidInputException", 400, "CATS"),
        ),
    ],
)
def test_get_recommendations_refusals(runtime, params, expected):
    Filter.objects.create(name="in-cats", expression="INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATS)")
    with pytest.raises(ClientError) as caught:
        runtime.get_recommendations(**params)
    code, status, text = _code(caught)
    assert (code, status) == expected[:2] and expected[2] in text


# --- an unseen userId --------------------------------------------------------------------------


def test_an_unseen_user_gets_popular_items_then_reacts_to_its_events(trained, runtime, events):
    _viewed(trained["products"]["taste-0"][:2], [30, 30])  # the two most viewed products are taste-0's
    first = runtime.get_recommendations(recommenderArn=FOR_YOU, userId="newcomer", numResults=6)
    most_viewed = runtime.get_recommendations(recommenderArn=MOST_VIEWED, numResults=6)
    assert [i["itemId"] for i in first["itemList"]] == [i["itemId"] for i in most_viewed["itemList"]]
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="newcomer").exists()  # a read creates nobody

    taste_2 = trained["products"]["taste-2"]
    now = time.time()
    events.put_events(
        trackingId="t",
        userId="newcomer",
        sessionId="newcomer-visit",
        eventList=[{"eventType": "View", "itemId": str(p.pk), "sentAt": now - k} for k, p in enumerate(taste_2[:4])],
    )
    after = runtime.get_recommendations(recommenderArn=FOR_YOU, userId="newcomer", numResults=6)
    taste_2_ids = {str(p.pk) for p in taste_2}
    categories = Counter(item["itemId"] in taste_2_ids for item in after["itemList"])
    assert categories[True] > categories[False]
    assert any(reason.startswith("Because you viewed") for i in after["itemList"] for reason in i.get("reason", []))


# --- GetPersonalizedRanking ------------------------------------------------------------------


def test_get_personalized_ranking_puts_the_users_taste_first(trained, runtime):
    user = trained["users"]["taste-1"][0]
    mine, other = trained["products"]["taste-1"][:3], trained["products"]["taste-0"][:3]
    inputs = [str(p.pk) for pair in zip(other, mine, strict=True) for p in pair]
    response = runtime.get_personalized_ranking(campaignArn=FOR_YOU, userId=user.username, inputList=inputs)
    ranked = [item["itemId"] for item in response["personalizedRanking"]]
    assert sorted(ranked) == sorted(inputs)
    assert set(ranked[:3]) == {str(p.pk) for p in mine}
    assert response["recommendationId"]
    assert all(item["reason"][0].startswith("Because you") for item in response["personalizedRanking"])


def test_get_personalized_ranking_refusals(runtime):
    product = ProductFactory()
    with pytest.raises(ClientError) as caught:
        runtime.get_personalized_ranking(campaignArn=MOST_VIEWED, userId="u", inputList=[str(product.pk)])
    assert _code(caught)[:2] == ("InvalidInputException", 400) and "does not rank" in _code(caught)[2]
    with pytest.raises(ClientError) as caught:
        runtime.get_personalized_ranking(campaignArn=FOR_YOU, userId="u", inputList=[str(n) for n in range(1, 502)])
    assert _code(caught)[0] == "InvalidInputException" and "inputList" in _code(caught)[2]


# --- PutItems / PutUsers ---------------------------------------------------------------------


def test_put_items_upserts_products_through_the_items_dataset_all_or_nothing(events):
    CategoryFactory(slug="lamps")
    product, other = ProductFactory(), ProductFactory()
    dataset = arn("dataset", "shop/ITEMS")
    events.put_items(
        datasetArn=dataset,
        items=[
            {
                "itemId": str(product.pk),
                "properties": json.dumps({"name": "Desk lamp", "price": 12.5, "category": "lamps"}),
            }
        ],
    )
    product.refresh_from_db()
    assert (product.name, str(product.price), product.category.slug) == ("Desk lamp", "12.50", "lamps")
    with pytest.raises(ClientError) as caught:
        events.put_items(
            datasetArn=dataset,
            items=[
                {"itemId": str(other.pk), "properties": json.dumps({"name": "Renamed"})},
                {"itemId": str(product.pk), "properties": json.dumps({"price": "cheap"})},
            ],
        )
    assert _code(caught)[0] == "InvalidInputException" and "items[1].properties" in _code(caught)[2]
    assert "PRICE" in _code(caught)[2]
    other.refresh_from_db()
    assert other.name != "Renamed"
    with pytest.raises(ClientError) as caught:
        events.put_items(datasetArn=arn("dataset", "shop/USERS"), items=[{"itemId": str(product.pk)}])
    assert _code(caught)[:2] == ("ResourceNotFoundException", 404)


def test_put_users_creates_shoppers(events):
    from django.contrib.auth import get_user_model

    events.put_users(datasetArn=arn("dataset", "shop/USERS"), users=[{"userId": "u1"}, {"userId": "u2"}])
    assert set(get_user_model().objects.values_list("username", flat=True)) >= {"u1", "u2"}
    # Properties typed by the users schema: a wrong type refuses the whole call, a good one is stored.
    with pytest.raises(ClientError) as caught:
        events.put_users(
            datasetArn=arn("dataset", "shop/USERS"),
            users=[{"userId": "u3", "properties": '{"age": 30}'}, {"userId": "u4", "properties": '{"age": "old"}'}],
        )
    assert _code(caught)[0] == "InvalidInputException" and "users[1].properties" in _code(caught)[2]
    assert not get_user_model().objects.filter(username__in=["u3", "u4"]).exists()
    events.put_users(datasetArn=arn("dataset", "shop/USERS"), users=[{"userId": "u3", "properties": '{"age": 30}'}])
    assert get_user_model().objects.get(username="u3").shopper.age == 30


# --- signatures ------------------------------------------------------------------------------


def test_a_wrong_secret_is_refused(client_with, access_key):
    bad = client_with("personalize-runtime", access_key.access_key.access_key_id, "wrong")
    with pytest.raises(ClientError) as caught:
        bad.get_recommendations(recommenderArn=MOST_VIEWED)
    assert _code(caught)[:2] == ("InvalidSignatureException", 403)


def test_an_unknown_or_revoked_key_is_refused(client_with, access_key):
    unknown = client_with("personalize-events", "AKIAUNKNOWNUNKNOWN00", access_key.secret)
    with pytest.raises(ClientError) as caught:
        unknown.put_users(datasetArn=arn("dataset", "shop/USERS"), users=[{"userId": "u1"}])
    assert _code(caught)[:2] == ("UnrecognizedClientException", 403)
    access_key_revoke(access_key=access_key.access_key)
    revoked = client_with("personalize-runtime", access_key.access_key.access_key_id, access_key.secret)
    with pytest.raises(ClientError) as caught:
        revoked.get_recommendations(recommenderArn=MOST_VIEWED)
    assert _code(caught)[:2] == ("UnrecognizedClientException", 403)


def test_a_stale_signature_is_refused(runtime):
    stale = datetime.now(UTC) - timedelta(minutes=16)
    with mock.patch("botocore.auth.get_current_datetime", return_value=stale), pytest.raises(ClientError) as caught:
        runtime.get_recommendations(recommenderArn=MOST_VIEWED)
    code, status, text = _code(caught)
    assert (code, status) == ("InvalidSignatureException", 403) and "Signature expired" in text


def test_a_signature_within_the_skew_is_accepted_and_marks_the_key_used(runtime, access_key):
    with mock.patch("botocore.auth.get_current_datetime", return_value=datetime.now(UTC) - timedelta(minutes=14)):
        runtime.get_recommendations(recommenderArn=MOST_VIEWED)
    access_key.access_key.refresh_from_db()
    assert access_key.access_key.last_used_at is not None


def test_missing_signature_and_tampered_body(signed_post):
    body = json.dumps({"recommenderArn": MOST_VIEWED}).encode()
    status, headers, content = signed_post("recommendations", body, sign=False)
    assert (status, headers["x-amzn-ErrorType"]) == (403, "MissingAuthenticationTokenException")
    assert json.loads(content)["message"]
    other = json.dumps({"recommenderArn": FOR_YOU}).encode()
    status, headers, _ = signed_post("recommendations", other, sign_body=body)
    assert (status, headers["x-amzn-ErrorType"]) == (403, "InvalidSignatureException")
    status, headers, _ = signed_post(
        "recommendations", other, sign_body=body, headers={"X-Amz-Content-SHA256": "0" * 64}
    )
    assert (status, headers["x-amzn-ErrorType"]) == (403, "InvalidSignatureException")


# --- bad input boto3 would not send --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("recommendations", b"{not json", "the body is no JSON"),
        ("recommendations", b"\xff\xfe", "the body is no JSON"),
        ("recommendations", b"[1, 2]", "must be a JSON object"),
        ("recommendations", json.dumps({"recommenderArn": MOST_VIEWED, "numResults": "5"}).encode(), "numResults"),
        ("recommendations", json.dumps({"recommenderArn": 7}).encode(), "a JSON string is expected"),
        ("recommendations", json.dumps({"recommenderArn": MOST_VIEWED, "filterValues": []}).encode(), "filterValues"),
        ("recommendations", json.dumps({"recommenderArn": MOST_VIEWED, "context": {"a b": "x"}}).encode(), "context"),
        (
            "personalize-ranking",
            json.dumps({"campaignArn": FOR_YOU, "userId": "u", "inputList": "1"}).encode(),
            "inputList",
        ),
        ("events", json.dumps({"trackingId": "t", "sessionId": "s", "eventList": {}}).encode(), "eventList"),
        (
            "events",
            json.dumps(
                {
                    "trackingId": "t",
                    "sessionId": "s",
                    "eventList": [{"eventType": "View", "itemId": "1", "sentAt": True}],
                }
            ).encode(),
            "sentAt",
        ),
        (
            "items",
            json.dumps(
                {"datasetArn": arn("dataset", "g/ITEMS"), "items": [{"itemId": str(n)} for n in range(1, 12)]}
            ).encode(),
            "items",
        ),
    ],
)
def test_malformed_input_is_an_invalid_input_exception(signed_post, path, body, message):
    status, headers, content = signed_post(path, body)
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidInputException")
    assert message in json.loads(content)["message"]
    assert not Interaction.objects.exists()


def test_the_api_switched_off(runtime, settings):
    settings.RECOMMENDATIONS_API_ENABLED = False
    with pytest.raises(ClientError) as caught:
        runtime.get_recommendations(recommenderArn=MOST_VIEWED)
    assert _code(caught)[:2] == ("ResourceNotFoundException", 404)


def test_put_events_is_throttled_per_key(events, settings):
    settings.RECOMMENDATIONS_EVENTS_THROTTLE_RATE = "2/m"
    product = ProductFactory()
    batch = {
        "trackingId": "t",
        "sessionId": "s",
        "eventList": [{"eventType": "View", "itemId": str(product.pk), "sentAt": time.time()}],
    }
    events.put_events(**batch)
    events.put_events(**batch)
    with pytest.raises(ClientError) as caught:
        events.put_events(**batch)
    code, status, text = _code(caught)
    assert (code, status) == ("ThrottlingException", 429) and "Rate exceeded" in text
    assert Interaction.objects.count() == 2


def test_control_characters_and_form_bodies_get_personalize_errors(signed_post):
    body = json.dumps({"trackingId": "t", "sessionId": "s\x00", "eventList": []}).encode()
    status, headers, content = signed_post("events", body)
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidInputException")
    assert "sessionId" in json.loads(content)["message"]
    form = b"trackingId=t%00&sessionId=s"
    status, headers, _ = signed_post("events", form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidInputException")
    multipart = b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--\r\n'
    status, headers, _ = signed_post("events", multipart, headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidInputException")


def test_an_oversized_body_and_another_method(signed_post, settings, live_server):
    import urllib.error
    import urllib.request

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    status, headers, content = signed_post("events", json.dumps({"trackingId": "x" * 2000}).encode())
    assert "larger than 1,000 bytes" in json.loads(content)["message"]
    assert (status, headers["x-amzn-ErrorType"]) == (413, "InvalidInputException")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{live_server.url}/personalize/recommendations", timeout=30)  # noqa: S310
    assert caught.value.code == 404 and caught.value.headers["x-amzn-ErrorType"] == "UnknownOperationException"


def test_json_nested_too_deeply_is_invalid_input(signed_post):
    status, headers, content = signed_post("events", b"[" * 100_000 + b"]" * 100_000)
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidInputException")
    assert "nested too deeply" in json.loads(content)["message"]
