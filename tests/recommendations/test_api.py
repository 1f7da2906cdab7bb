from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.defaults import RECOMMENDED_FOR_YOU
from recommendations.models import Interaction, Recommender
from shop.models import Product
from tests.factories import ProductFactory, UserFactory, trending_scenario

pytestmark = pytest.mark.django_db

RECS = reverse("recommendations:recommendations")
EVENTS = reverse("recommendations:events")
RANK = reverse("recommendations:rankings")


@pytest.fixture
def client(settings):
    """Tests run with DEBUG off, where the API needs a key: every request here carries one."""
    settings.RECOMMENDATIONS_API_KEY = "test-key"
    return Client(headers={"Authorization": "Api-Key test-key"})


def test_put_events_records_and_joins_the_session_to_the_user(client):
    product = ProductFactory()
    UserFactory(username="alice")
    body = {"sessionId": "s1", "eventList": [{"eventType": "View", "itemId": str(product.pk), "sentAt": 1.7e9}]}
    assert client.post(EVENTS, body, content_type="application/json").status_code == 201
    assert Interaction.objects.get().user is None

    body = {"sessionId": "s1", "userId": "alice", "eventList": [{"eventType": "AddToCart", "itemId": str(product.pk)}]}
    response = client.post(EVENTS, body, content_type="application/json")
    assert response.status_code == 201 and response.json() == {"recorded": 1}
    assert set(Interaction.objects.values_list("user__username", flat=True)) == {"alice"}


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"eventType": "Click", "itemId": "1"}, "is not a valid choice"),
        ({"eventType": "View", "itemId": "abc"}, "must be a product id"),
        ({"eventType": "View", "itemId": "999999"}, "unknown itemId"),
        ({"eventType": "View", "itemId": "²"}, "must be a product id"),
        ({"eventType": "View", "itemId": "9" * 23}, "must be a product id"),
        ({"eventType": "View", "itemId": "1", "sentAt": 4102444800}, "is in the future"),
    ],
)
def test_put_events_rejects_bad_events_and_records_none(client, event, message):
    good = {"eventType": "View", "itemId": str(ProductFactory().pk)}
    response = client.post(EVENTS, {"sessionId": "s", "eventList": [good, event]}, content_type="application/json")
    assert response.status_code == 400
    assert message in str(response.json())
    assert not Interaction.objects.exists()


def test_put_events_limits_the_batch_and_knows_its_users(client):
    product = ProductFactory()
    events = [{"eventType": "View", "itemId": str(product.pk)}] * 11
    response = client.post(EVENTS, {"sessionId": "s", "eventList": events}, content_type="application/json")
    assert response.status_code == 400 and "1 to 10" in str(response.json())
    response = client.post(
        EVENTS, {"sessionId": "s", "userId": "ghost", "eventList": events[:1]}, content_type="application/json"
    )
    assert response.status_code == 400 and "unknown userId" in str(response.json())


def test_recommended_for_you_for_a_user(client, trained):
    user = trained["users"]["taste-2"][0]
    response = client.get(RECS, {"recommender": "recommended-for-you", "userId": user.username, "numResults": 5})
    body = response.json()
    assert response.status_code == 200 and body["fallback"] is None and body["versionId"]
    assert len(body["itemList"]) == 5 and body["recommendationId"]
    ids = [int(item["itemId"]) for item in body["itemList"]]
    in_taste = {p.pk for p in trained["products"]["taste-2"]}
    assert sum(pid in in_taste for pid in ids) >= 3
    scores = [item["score"] for item in body["itemList"]]
    assert scores == sorted(scores, reverse=True)
    history = {str(pid) for pid in user.interactions.values_list("product_id", flat=True)}
    assert all(item["becauseItemId"] in history for item in body["itemList"])


def test_filters_include_and_exclude_categories_and_prices(client, trained):
    user = trained["users"]["taste-2"][0]
    params = {"recommender": "recommended-for-you", "userId": user.username, "numResults": 50}
    only = client.get(RECS, {**params, "category": "taste-1"}).json()["itemList"]
    assert only and all(int(i["itemId"]) in {p.pk for p in trained["products"]["taste-1"]} for i in only)
    without = client.get(RECS, {**params, "excludeCategory": "taste-2,taste-1"}).json()["itemList"]
    assert without and all(int(i["itemId"]) in {p.pk for p in trained["products"]["taste-0"]} for i in without)
    assert client.get(RECS, {**params, "maxPrice": "5.00"}).json()["itemList"] == []  # every product costs 19.99


def test_personal_request_without_history_says_it_fell_back(client, trained):
    newcomer = UserFactory()
    body = client.get(RECS, {"recommender": "recommended-for-you", "userId": newcomer.username}).json()
    assert body["fallback"] == "most-viewed" and body["itemList"]


def test_trending_now_answers_the_rising_item_for_anyone(client):
    world = trending_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    response = client.get(RECS, {"recommender": "trending-now", "numResults": 5})
    body = response.json()
    assert response.status_code == 200 and body["fallback"] is None and body["versionId"]
    assert body["recommender"] == "trending-now"
    # score (4 + 2) / (1 + 2) - 1; the reason from the raw counts, 4 views against 1 a day before
    assert body["itemList"] == [
        {"itemId": str(world["rising"].pk), "score": 1.0, "reason": "Trending: views up 300% in the last day"}
    ]


def test_trending_now_without_a_model_is_empty_not_most_viewed(client):
    trending_scenario()
    services.product_stats_rebuild()
    body = client.get(RECS, {"recommender": "trending-now"}).json()
    assert body["itemList"] == [] and body["versionId"] is None


def test_related_items_need_an_item(client, trained):
    response = client.get(RECS, {"recommender": "customers-who-viewed-x-also-viewed"})
    assert response.status_code == 400 and "needs an itemId" in response.json()["detail"]
    product = trained["products"]["taste-0"][0]
    body = client.get(RECS, {"recommender": "customers-who-viewed-x-also-viewed", "itemId": product.pk}).json()
    assert body["itemList"] and str(product.pk) not in [i["itemId"] for i in body["itemList"]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"recommender": "nope"}, "recommender"),
        ({"recommender": "most-viewed", "numResults": 501}, "numResults"),
        ({"recommender": "most-viewed", "minPrice": "10", "maxPrice": "5"}, "minPrice"),
    ],
)
def test_bad_queries_are_400_with_the_field(client, params, field):
    response = client.get(RECS, params)
    assert response.status_code == 400 and field in response.json()


def test_personalized_ranking_puts_the_shoppers_taste_first(client, trained):
    user = trained["users"]["taste-0"][0]
    mine = [p.pk for p in trained["products"]["taste-0"][:3]]
    others = [p.pk for p in trained["products"]["taste-1"][:3]]
    body = client.post(
        RANK, {"userId": user.username, "inputList": [str(i) for i in others + mine]}, content_type="application/json"
    ).json()
    ranked = [int(i["itemId"]) for i in body["itemList"]]
    assert sorted(ranked) == sorted(others + mine)
    assert set(ranked[:3]) == set(mine)


def test_without_a_key_the_api_is_open_only_in_debug(client, settings):
    settings.RECOMMENDATIONS_API_KEY = ""
    settings.DEBUG = True
    assert client.get(RECS, {"recommender": "most-viewed"}).status_code == 200
    settings.DEBUG = False
    response = client.get(RECS, {"recommender": "most-viewed"})
    assert response.status_code == 403 and "RECOMMENDATIONS_API_KEY" in response.json()["detail"]


def test_api_key_is_enforced_when_set(client, settings):
    settings.RECOMMENDATIONS_API_KEY = "k3y"
    assert client.get(RECS, {"recommender": "most-viewed"}).status_code == 403
    ok = client.get(RECS, {"recommender": "most-viewed"}, HTTP_AUTHORIZATION="Api-Key k3y")
    assert ok.status_code == 200


def test_openapi_schema_lists_the_endpoints(client):
    response = client.get(reverse("recommendations:schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/events/", "/api/recommendations/", "/api/rankings/"} <= set(paths)


def test_rankings_need_a_personal_recommender(client):
    user = UserFactory()
    body = {"userId": user.username, "inputList": ["1"]}
    for recommender, message in [("does-not-exist", "unknown recommender"), ("most-viewed", "does not rank")]:
        response = client.post(RANK, {**body, "recommender": recommender}, content_type="application/json")
        assert response.status_code == 400 and message in str(response.json())


def test_recommendations_reject_unicode_digits(client):
    response = client.get(RECS, {"recommender": "most-viewed", "itemId": "²"})
    assert response.status_code == 400 and "itemId" in response.json()


def test_the_schema_is_behind_the_api_key(client, settings):
    settings.RECOMMENDATIONS_API_KEY = "other"
    assert client.get(reverse("recommendations:schema")).status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sessionId": "s\x00"}, "sessionId"),
        ({"sessionId": "s\x01"}, "sessionId"),
        ({"sessionId": "s\nt"}, "sessionId"),  # an id is no text: not even a newline (trailing ones are trimmed)
        ({"sessionId": "s", "userId": "alice\x1b"}, "userId"),
        ({"sessionId": "s", "recommendationId": "r\x7f"}, "recommendationId"),
    ],
)
def test_put_events_refuses_control_characters_and_records_none(client, body, field):
    UserFactory(username="alice")
    event = {"eventType": "View", "itemId": str(ProductFactory().pk)}
    if "recommendationId" in body:
        event["recommendationId"] = body.pop("recommendationId")
    response = client.post(EVENTS, {**body, "eventList": [event]}, content_type="application/json")
    assert response.status_code == 400
    assert field in str(response.json()) and "characters are not allowed" in str(response.json())
    assert not Interaction.objects.exists()


@pytest.mark.parametrize(("param", "value"), [("sessionId", "a\x02"), ("userId", "a\x00"), ("category", "books\x1fx")])
def test_recommendations_refuse_control_characters_in_the_query(client, param, value):
    response = client.get(RECS, {"recommender": "recommended-for-you", "sessionId": "s", param: value})
    assert response.status_code == 400 and param in response.json()


TEN_MB = "x" * 10_000_000


def _fields(n: int) -> str:
    return "&".join(f"f{i}=1" for i in range(n))


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ('{"sessionId": "s", "pad": "' + TEN_MB + '"}', "application/json", 413, "larger than the API accepts"),
        ("a=" + TEN_MB, "application/x-www-form-urlencoded", 415, "Unsupported media type"),
        (_fields(1001), "application/x-www-form-urlencoded", 415, "Unsupported media type"),
        ("sessionId=s&eventList=", "multipart/form-data; boundary=x", 415, "Unsupported media type"),
        ("hello", "text/plain", 415, "Unsupported media type"),
        ('{"sessionId": "s", ', "application/json", 400, "JSON parse error"),
        (b'{"sessionId": "\xff"}', "application/json", 400, "JSON parse error"),
        ('{"sessionId": NaN}', "application/json", 400, "JSON parse error"),
    ],
)
@pytest.mark.parametrize("url", [EVENTS, RANK])
def test_oversized_and_malformed_bodies_are_json_errors(client, url, body, content_type, status, message):
    response = client.post(url, body, content_type=content_type)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["detail"]
    assert not Interaction.objects.exists()


def test_a_body_that_is_no_object_names_the_problem(client):
    response = client.post(EVENTS, [{"eventType": "View"}], content_type="application/json")
    assert response.status_code == 400 and "Expected a dictionary" in str(response.json())


@pytest.mark.parametrize("url", [RECS, reverse("recommendations:schema")])
def test_too_many_query_parameters_are_a_json_400(client, url):
    response = client.get(f"{url}?recommender=most-viewed&{_fields(1000)}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "more than 1,000 parameters" in response.json()["detail"]


def test_the_schema_refuses_in_json_too(client, settings):
    settings.RECOMMENDATIONS_API_KEY = "other"
    response = client.get(reverse("recommendations:schema"))
    assert response["Content-Type"] == "application/json"
    assert "API key" in response.json()["detail"]


@pytest.mark.parametrize(
    ("sent_at", "message"),
    [
        (0, "is before 2000-01-01"),
        (-1, "is before 2000-01-01"),
        (-62135596800, "is before 2000-01-01"),  # 0001-01-01
        (946684799.5, "is before 2000-01-01"),
        (True, "not a boolean"),
        (False, "not a boolean"),
        ("1700000000", "not a string"),
        ([1700000000], "not an array"),
        pytest.param(10**400, "is in the future", id="10**400"),
    ],
)
def test_sent_at_is_a_json_number_from_2000_to_now(client, sent_at, message):
    event = {"eventType": "View", "itemId": str(ProductFactory().pk), "sentAt": sent_at}
    response = client.post(EVENTS, {"sessionId": "s", "eventList": [event]}, content_type="application/json")
    assert response.status_code == 400
    assert message in str(response.json()["eventList"])
    assert not Interaction.objects.exists()


def test_sent_at_may_not_overflow_to_infinity(client):
    body = '{"sessionId": "s", "eventList": [{"eventType": "View", "itemId": "%d", "sentAt": 1e400}]}'
    response = client.post(EVENTS, body % ProductFactory().pk, content_type="application/json")
    assert response.status_code == 400 and "not a finite number" in str(response.json())


@pytest.mark.parametrize("sent_at", [946684800, 1.7e9, 1_700_000_000])
def test_sent_at_from_2000_on_is_stored_as_sent(client, sent_at):
    event = {"eventType": "View", "itemId": str(ProductFactory().pk), "sentAt": sent_at}
    response = client.post(EVENTS, {"sessionId": "s", "eventList": [event]}, content_type="application/json")
    assert response.status_code == 201
    assert Interaction.objects.get().timestamp.timestamp() == sent_at


ALL_RECOMMENDERS = [
    "most-viewed",
    "best-sellers",
    "recommended-for-you",
    "customers-who-viewed-x-also-viewed",
    "frequently-bought-together",
]


@pytest.mark.parametrize("recommender", ALL_RECOMMENDERS)
@pytest.mark.parametrize("param", ["category", "excludeCategory"])
def test_an_unknown_category_is_a_400_naming_it(client, trained, recommender, param):
    user = trained["users"]["taste-0"][0]
    item = trained["products"]["taste-0"][0]
    params = {"recommender": recommender, "userId": user.username, "itemId": item.pk}
    response = client.get(RECS, {**params, param: "taste-1, tsate-2,nope"})
    assert response.status_code == 400
    assert response.json() == {param: ["unknown category slug(s): 'tsate-2', 'nope'"]}
    assert client.get(RECS, {**params, param: "taste-1, taste-2"}).status_code == 200


@pytest.mark.parametrize("recommender", ALL_RECOMMENDERS)
def test_an_unknown_item_is_a_400_naming_it(client, trained, recommender):
    user = trained["users"]["taste-0"][0]
    response = client.get(RECS, {"recommender": recommender, "userId": user.username, "itemId": "999999"})
    assert response.status_code == 400
    assert response.json() == {"itemId": ["unknown itemId: 999999"]}


def test_ranking_puts_unknown_items_last_below_every_score(client, trained):
    # ALS, pinned: its fold-in scores some items below zero, which is what this is about
    Recommender.objects.filter(slug=RECOMMENDED_FOR_YOU).update(candidates=[])
    services.training_run_start(triggered_by="test", recommenders=[RECOMMENDED_FOR_YOU], synchronous=True)
    user = trained["users"]["taste-0"][0]
    known = [p.pk for products in trained["products"].values() for p in products]
    unknown = [ProductFactory().pk, 999_999]  # a product newer than the model, and no product at all
    body = {"userId": user.username, "inputList": [str(i) for i in [unknown[0], *known, unknown[1]]]}
    items = client.post(RANK, body, content_type="application/json").json()["itemList"]
    scores = [item["score"] for item in items]
    assert min(scores[: len(known)]) < 0  # the model scores some known items below zero
    assert scores == sorted(scores, reverse=True)
    assert [int(item["itemId"]) for item in items[-2:]] == unknown  # last, in input order
    assert scores[-1] == scores[-2] < min(scores[: len(known)])


def test_ranking_without_a_model_keeps_the_input_order(client):
    user = UserFactory()
    ids = [str(ProductFactory().pk) for _ in range(3)][::-1]
    body = client.post(RANK, {"userId": user.username, "inputList": ids}, content_type="application/json").json()
    assert [item["itemId"] for item in body["itemList"]] == ids
    assert {item["score"] for item in body["itemList"]} == {0.0} and body["fallback"] == "input order"


@pytest.mark.parametrize(("input_list", "repeated"), [(["1", "2", "1"], "1"), (["7", "007", "8", "8"], "7, 8")])
def test_ranking_refuses_repeated_items(client, input_list, repeated):
    body = {"sessionId": "s", "inputList": input_list}
    response = client.post(RANK, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"inputList": [f"inputList names each item once; repeated: {repeated}"]}


def test_ranking_refuses_an_overlong_list_before_reading_its_items(client):
    body = {"sessionId": "s", "inputList": ["x"] * 501}  # no item is valid: the length alone refuses it
    response = client.post(RANK, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"inputList": ["Ensure this field has no more than 500 elements."]}


@pytest.mark.parametrize(
    ("batch", "event", "field"),
    [
        ({"sessionId": 5}, {}, "sessionId"),
        ({"userId": True}, {}, "userId"),
        ({}, {"recommendationId": 4.2}, "recommendationId"),
        ({}, {"itemId": None}, "itemId"),  # None: the product's id as a JSON number
    ],
)
def test_put_events_takes_json_strings_only_for_strings(client, batch, event, field):
    product = ProductFactory()
    event = {"eventType": "View", "itemId": str(product.pk), **event}
    if event["itemId"] is None:
        event["itemId"] = product.pk
    response = client.post(EVENTS, {"sessionId": "s", **batch, "eventList": [event]}, content_type="application/json")
    assert response.status_code == 400
    assert field in str(response.json()) and "a JSON string is expected" in str(response.json())
    assert not Interaction.objects.exists()


def test_ranking_takes_item_ids_as_json_strings(client):
    product = ProductFactory()
    response = client.post(RANK, {"sessionId": "s", "inputList": [product.pk]}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"inputList": {"0": ["a JSON string is expected, not a number"]}}


@pytest.mark.parametrize("price", ["1e2", "+5", "-1", "1.234", "5,00"])
def test_a_price_filter_is_plain_digits(client, price):
    response = client.get(RECS, {"recommender": "most-viewed", "minPrice": price})
    assert response.status_code == 400 and "minPrice" in response.json()


@pytest.mark.parametrize("price", ["0", "5.", ".5", "19.99", "12345678.90"])
def test_a_price_filter_takes_what_the_schema_allows(client, price):
    assert client.get(RECS, {"recommender": "most-viewed", "maxPrice": price}).status_code == 200


def test_the_schema_format_is_json_or_yaml(client):
    schema_url = reverse("recommendations:schema")
    assert client.get(schema_url, {"format": "json"})["Content-Type"] == "application/vnd.oai.openapi+json"
    for wrong in ["", "xml"]:
        response = client.get(schema_url, {"format": wrong})
        assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_put_events_needs_one_event_and_counts_before_reading_them(client):
    for events in ([], [{"eventType": "Click"}] * 11):
        response = client.post(EVENTS, {"sessionId": "s", "eventList": events}, content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {"eventList": ["eventList takes 1 to 10 events"]}


def test_similar_items_give_the_models_reason_per_item_and_answer_for_a_new_product(client, trained):
    product = trained["products"]["taste-0"][0]
    body = client.get(RECS, {"recommender": "similar-items", "itemId": product.pk}).json()
    assert body["itemList"] and all(item["reason"] for item in body["itemList"])
    # Same category (the factory's styles differ) and the same price: every card says which.
    same_category = {str(p.pk) for p in trained["products"]["taste-0"]}
    assert {item["itemId"] for item in body["itemList"][:5]} <= same_category
    assert all(item["reason"].startswith(f"Like {product.name}:") for item in body["itemList"])
    new = ProductFactory(category=product.category, style=product.style, name="Brand New Thing")
    body = client.get(RECS, {"recommender": "similar-items", "itemId": new.pk}).json()
    assert len(body["itemList"]) >= 5 and body["versionId"] is not None
    assert {item["itemId"] for item in body["itemList"][:5]} <= same_category
    assert all(item["reason"].startswith("Like Brand New Thing: ") for item in body["itemList"])


def test_every_item_carries_the_reason_its_storefront_card_shows(client, trained):
    user = trained["users"]["taste-2"][0]
    body = client.get(RECS, {"recommender": "recommended-for-you", "userId": user.username, "numResults": 5}).json()
    names = dict(Product.objects.values_list("pk", "name"))
    for item in body["itemList"]:
        # Named from the shopper's own product behind it, as the card says it.
        assert re.fullmatch(
            rf"Because you (viewed|added|bought) {re.escape(names[int(item['becauseItemId'])])}", item["reason"]
        )
    services.product_stats_rebuild()
    popular = client.get(RECS, {"recommender": "most-viewed", "numResults": 3}).json()["itemList"]
    assert all(item["reason"] == f"Viewed {int(item['score'])} times in the last 30 days" for item in popular)
    product = trained["products"]["taste-0"][0]
    related = client.get(RECS, {"recommender": "customers-who-viewed-x-also-viewed", "itemId": product.pk}).json()
    assert {item["reason"] for item in related["itemList"]} == {f"Viewed by shoppers who viewed {product.name}"}
