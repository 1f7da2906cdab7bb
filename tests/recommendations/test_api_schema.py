"""The OpenAPI schema is as strict as the API: every limit and every status it answers, with its body."""

from __future__ import annotations

import re

import pytest
import yaml
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

KEY = "schema-test-key"


@pytest.fixture(scope="module")
def openapi() -> dict:
    """The schema as a client reads it (serving it needs no database, only the key)."""
    with override_settings(RECOMMENDATIONS_API_KEY=KEY):
        response = Client(headers={"Authorization": f"Api-Key {KEY}"}).get(reverse("recommendations:schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_states_every_limit(openapi):
    def component(name: str) -> dict:
        return openapi["components"]["schemas"][name]

    def query_parameter(name: str) -> dict:
        parameters = openapi["paths"]["/api/recommendations/"]["get"]["parameters"]
        return next(p["schema"] for p in parameters if p["name"] == name)

    events = component("PutEvents")["properties"]["eventList"]
    assert (events["minItems"], events["maxItems"]) == (1, 10)
    digits = "^[0-9]{1,18}$"
    assert component("Event")["properties"]["itemId"]["pattern"] == digits
    sent_at = component("Event")["properties"]["sentAt"]
    assert sent_at["type"] == "number" and sent_at["minimum"] == 946684800  # 2000-01-01
    inputs = component("Ranking")["properties"]["inputList"]
    assert (inputs["minItems"], inputs["maxItems"], inputs["uniqueItems"]) == (1, 500, True)
    assert inputs["items"]["pattern"] == digits
    assert query_parameter("itemId")["pattern"] == digits
    assert (query_parameter("numResults")["minimum"], query_parameter("numResults")["maximum"]) == (1, 500)
    price = re.compile(query_parameter("minPrice")["pattern"])
    assert price.match("19.99") and price.match(".5") and not price.match("-1") and not price.match("1.234")
    assert query_parameter("sessionId")["minLength"] == 1
    assert component("PutEvents")["properties"]["sessionId"]["minLength"] == 1


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/events/", "post", {"201", "400", "403", "413", "415"}),
        ("/api/rankings/", "post", {"200", "400", "403", "413", "415"}),
        ("/api/recommendations/", "get", {"200", "400", "403"}),
        ("/api/schema/", "get", {"200", "400", "403", "404"}),
    ],
)
def test_every_status_an_operation_answers_is_documented_with_its_body(openapi, path, method, statuses):
    operation = openapi["paths"][path][method]
    assert set(operation["responses"]) == statuses
    errors = {"400": "ValidationError", "403": "Error", "404": "Error", "413": "Error", "415": "Error"}
    for status in statuses & set(errors):
        response = operation["responses"][status]
        assert response["description"]
        schema_ref = response["content"]["application/json"]["schema"]["$ref"]
        assert schema_ref == f"#/components/schemas/{errors[status]}"
    assert operation["security"] == [{"ApiKey": []}]
    scheme = openapi["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
