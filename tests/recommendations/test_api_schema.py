"""The OpenAPI schema is as strict as the API, and the API keeps to it.

The schema is read for its limits and documented statuses; then schemathesis reads it through
Django's WSGI application, in-process, and sends requests generated from it (valid ones and ones the
schema forbids) over a small trained catalogue: every answer must be no 5xx, a status code and
content type the schema documents for the operation, and a body matching the schema; a request the
schema forbids, or one without the key, must be refused. Bounded and derandomized: the same cases,
about two hundred per operation, on every run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
import yaml
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

from recommendations import services
from tests.factories import taste_scenario

KEY = "schema-test-key"
AUTH = {"Authorization": f"Api-Key {KEY}"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]
CONFIG = SchemathesisConfig.from_dict(
    {
        # The key as the schema's ApiKey scheme, so cases without it can be generated and must be refused.
        "auth": {"openapi": {"ApiKey": {"api_key": f"Api-Key {KEY}"}}},
        # Query parameters the schema does not name are ignored, as by most HTTP APIs, not refused.
        "generation": {"allow-extra-parameters": False},
    }
)

APP = get_wsgi_application()
# Read at collection, as any client reads it; serving the schema needs no database, only the key.
with override_settings(RECOMMENDATIONS_API_KEY=KEY):
    loaded = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP, config=CONFIG, headers=AUTH)
# Every path named, so the operation that served the schema is tested too (schemathesis leaves it out).
schema = loaded.include(path_regex="^/api/")


@pytest.fixture
def catalogue(settings, transactional_db) -> None:
    """A trained tiny catalogue behind the key. Transactional: Django's WSGI handler closes, at the end
    of each request, a connection left inside a transaction, which would end a test wrapped in one."""
    settings.RECOMMENDATIONS_API_KEY = KEY
    # Schemathesis sends faster than any client's share; the throttle has tests of its own.
    settings.RECOMMENDATIONS_EVENTS_THROTTLE_RATE = ""
    taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)


@pytest.fixture
def answered(catalogue) -> Iterator[Counter]:
    """The status codes an operation's cases got. A run without one success never passed the key
    or never reached the catalogue, and would pass every check with 403s and 400s."""
    statuses: Counter[int] = Counter()
    yield statuses
    assert any(200 <= status < 300 for status in statuses), f"no generated request succeeded: {dict(statuses)}"


@pytest.mark.schemathesis
@schema.parametrize()
@hypothesis_settings(
    max_examples=100, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)
def test_every_operation_keeps_to_the_schema(case, answered):
    response = case.call_and_validate(checks=CHECKS)
    answered[response.status_code] += 1


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
        ("/api/events/", "post", {"201", "400", "403", "413", "415", "429"}),
        ("/api/items/", "post", {"201", "400", "403", "413", "415"}),
        ("/api/users/", "post", {"201", "400", "403", "413", "415"}),
        ("/api/rankings/", "post", {"200", "400", "403", "413", "415"}),
        ("/api/recommendations/", "get", {"200", "400", "403"}),
        ("/api/schema/", "get", {"200", "400", "403", "404"}),
    ],
)
def test_every_status_an_operation_answers_is_documented_with_its_body(openapi, path, method, statuses):
    operation = openapi["paths"][path][method]
    assert set(operation["responses"]) == statuses
    errors = {"400": "ValidationError", "403": "Error", "404": "Error", "413": "Error", "415": "Error", "429": "Error"}
    for status in statuses & set(errors):
        response = operation["responses"][status]
        assert response["description"]
        schema_ref = response["content"]["application/json"]["schema"]["$ref"]
        assert schema_ref == f"#/components/schemas/{errors[status]}"
    # Either a key or a staff session (Django's session cookie).
    assert operation["security"] == [{"cookieAuth": []}, {"ApiKey": []}]
    scheme = openapi["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
