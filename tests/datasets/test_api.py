"""POST /api/items/ and /api/users/: PutItems and PutUsers, all or none."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from personas.models import ShopperProfile
from recommendations.models import DatasetSchema
from recommendations.schemas import DEFAULT_SCHEMAS
from shop.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

ITEMS = reverse("datasets:items")
USERS = reverse("datasets:users")


@pytest.fixture
def client(settings):
    settings.RECOMMENDATIONS_API_KEY = "test-key"
    return Client(headers={"Authorization": "Api-Key test-key"})


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_put_items_creates_and_updates_with_camel_case_properties(client):
    schema = dict(DEFAULT_SCHEMAS["items"])
    schema["fields"] = [*schema["fields"], {"name": "BRAND_NAME", "type": ["null", "string"], "categorical": True}]
    DatasetSchema.objects.create(dataset="items", schema=schema)
    product = ProductFactory()
    body = {
        "items": [
            {"itemId": str(product.pk), "properties": json.dumps({"price": 12.5, "brandName": "Acme"})},
            {"itemId": "700001", "properties": json.dumps({"name": "Lamp", "category": "Home", "stock": 4})},
        ]
    }
    response = _post(client, ITEMS, body)
    assert response.status_code == 201 and response.json() == {"stored": 2}
    product.refresh_from_db()
    assert str(product.price) == "12.50" and product.metadata == {"BRAND_NAME": "Acme"}
    lamp = Product.objects.get(pk=700001)
    assert (lamp.name, lamp.category.slug, lamp.stock) == ("Lamp", "home", 4)


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        ({"itemId": "7", "properties": "{not json"}, "properties", "properties is not JSON"),
        ({"itemId": "7", "properties": '{"colour": "red"}'}, "properties", "properties names 'colour'"),
        ({"itemId": "7", "properties": '{"price": "cheap"}'}, "properties", "PRICE must be a number"),
        ({"itemId": "7", "properties": "[1]"}, "properties", "properties must hold a JSON object"),
        ({"itemId": "x7"}, "itemId", "itemId must be a product id"),
    ],
)
def test_a_refused_item_stores_none_of_the_batch(client, item, field, message):
    body = {"items": [{"itemId": "700002", "properties": '{"name": "Fine", "category": "home"}'}, item]}
    response = _post(client, ITEMS, body)
    assert response.status_code == 400
    assert message in response.json()["items"]["1"][field][0]
    assert not Product.objects.filter(pk=700002).exists()


def test_put_items_takes_at_most_ten(client):
    response = _post(client, ITEMS, {"items": [{"itemId": str(i)} for i in range(1, 12)]})
    assert response.status_code == 400 and response.json() == {"items": ["items takes 1 to 10 records"]}


def test_put_users_creates_unknown_shoppers(client):
    body = {"users": [{"userId": "newcomer", "properties": json.dumps({"age": 31, "gender": "F"})}]}
    response = _post(client, USERS, body)
    assert response.status_code == 201
    profile = ShopperProfile.objects.get(user__username="newcomer")
    assert (profile.age, profile.gender) == (31, "F")


def test_put_users_refuses_an_unknown_persona(client):
    response = _post(client, USERS, {"users": [{"userId": "x", "properties": '{"persona": "ghost"}'}]})
    assert response.status_code == 400
    assert response.json() == {"users": {"0": {"properties": ["persona 'ghost' does not exist"]}}}


def test_the_api_key_is_needed(client):
    response = Client().post(USERS, {"users": [{"userId": "x"}]}, content_type="application/json")
    assert response.status_code == 403
