"""Who may call /api/ (keys issued in the admin, stored hashed; the bootstrap key; a staff session),
throttled event ingestion; the switch that turns the API off; the interactive docs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import ApiKey, Interaction
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

RECS = reverse("recommendations:recommendations")
EVENTS = reverse("recommendations:events")


def _events(product) -> dict:
    return {"sessionId": "s1", "eventList": [{"eventType": "View", "itemId": str(product.pk)}]}


def test_an_issued_key_is_stored_hashed_and_marks_its_use():
    _, key = services.api_key_create(name="crm")
    stored = ApiKey.objects.get()
    assert key not in stored.hashed_key and stored.name == "crm" and stored.last_used_at is None
    response = Client(headers={"Authorization": f"Api-Key {key}"}).get(RECS, {"recommender": "most-viewed"})
    assert response.status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_several_keys_each_revocable():
    (first, first_key), (_, second_key) = services.api_key_create(name="a"), services.api_key_create(name="b")
    first.revoked = True
    first.save()
    for key, status in [(first_key, 403), (second_key, 200), ("nope.nope", 403)]:
        response = Client(headers={"Authorization": f"Api-Key {key}"}).get(RECS, {"recommender": "most-viewed"})
        assert response.status_code == status, key


def test_an_expired_key_is_refused():
    api_key, key = services.api_key_create(name="a")
    api_key.expiry_date = timezone.now() - timezone.timedelta(minutes=1)
    api_key.save()
    response = Client(headers={"Authorization": f"Api-Key {key}"}).get(RECS, {"recommender": "most-viewed"})
    assert response.status_code == 403 and "Api-Key" in response.json()["detail"]


def test_the_bootstrap_key_still_works_beside_issued_keys(settings):
    settings.RECOMMENDATIONS_API_KEY = "boot"
    services.api_key_create(name="a")
    assert (
        Client(headers={"Authorization": "Api-Key boot"}).get(RECS, {"recommender": "most-viewed"}).status_code == 200
    )


def test_an_issued_key_closes_the_open_debug_demo(settings):
    settings.DEBUG = True
    assert Client().get(RECS, {"recommender": "most-viewed"}).status_code == 200
    services.api_key_create(name="a")
    assert Client().get(RECS, {"recommender": "most-viewed"}).status_code == 403


def test_a_staff_session_is_let_in_and_a_shopper_is_not(staff_client, django_user_model):
    services.api_key_create(name="a")  # the API is not open
    assert staff_client.get(RECS, {"recommender": "most-viewed"}).status_code == 200
    shopper = Client()
    shopper.force_login(django_user_model.objects.create_user("shopper", password="pw"))
    assert shopper.get(RECS, {"recommender": "most-viewed"}).status_code == 403


def test_a_staff_session_posting_events_needs_the_csrf_token(django_user_model):
    services.api_key_create(name="a")
    product = ProductFactory()
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(django_user_model.objects.create_user("staff", password="pw", is_staff=True))
    response = staff.post(EVENTS, _events(product), content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not Interaction.objects.exists()


def test_staff_issue_keys_in_the_admin_and_see_the_key_once(staff_client):
    response = staff_client.post(reverse("admin:recommendations_apikey_add"), {"name": "warehouse"}, follow=True)
    assert response.status_code == 200
    stored = ApiKey.objects.get()
    assert f"The API key for warehouse is: {stored.prefix}." in response.content.decode()
    listing = staff_client.get(reverse("admin:recommendations_apikey_changelist")).content.decode()
    assert "warehouse" in listing and "Last used at" in listing
    # One list of keys: the library's own model is not in the admin.
    assert staff_client.get("/admin/rest_framework_api_key/apikey/").status_code == 404


def test_event_ingestion_is_throttled_per_key_with_a_message(settings):
    settings.RECOMMENDATIONS_EVENTS_THROTTLE_RATE = "2/m"
    product = ProductFactory()
    (_, one), (_, two) = services.api_key_create(name="a"), services.api_key_create(name="b")
    first, second = (Client(headers={"Authorization": f"Api-Key {key}"}) for key in (one, two))
    for _ in range(2):
        assert first.post(EVENTS, _events(product), content_type="application/json").status_code == 201
    throttled = first.post(EVENTS, _events(product), content_type="application/json")
    assert throttled.status_code == 429 and "throttled" in throttled.json()["detail"]
    assert second.post(EVENTS, _events(product), content_type="application/json").status_code == 201
    # Reads are not ingestion: not counted.
    assert first.get(RECS, {"recommender": "most-viewed"}).status_code == 200
    assert Interaction.objects.count() == 3


def test_the_api_switched_off_while_the_storefront_works(settings):
    settings.RECOMMENDATIONS_API_ENABLED = False
    settings.RECOMMENDATIONS_API_KEY = "boot"
    ProductFactory()
    client = Client(headers={"Authorization": "Api-Key boot"})
    for url in (RECS, reverse("recommendations:schema"), reverse("recommendations:docs")):
        response = client.get(url, {"recommender": "most-viewed"})
        assert response.status_code == 404 and "switched off" in response.json()["detail"], url
    assert client.post(EVENTS, {}, content_type="application/json").status_code == 404
    assert client.post("/personalize/events", b"{}", content_type="application/json").status_code == 404
    assert Client().get("/").status_code == 200


def test_the_interactive_docs_are_served_from_local_static_files(staff_client):
    services.api_key_create(name="a")
    response = staff_client.get(reverse("recommendations:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page and reverse("recommendations:schema") in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page and "cdn" not in page.lower()
    assert Client().get(reverse("recommendations:docs")).status_code == 403


def test_the_docs_are_not_in_the_schema_nor_is_personalize(staff_client):
    paths = staff_client.get(reverse("recommendations:schema"), {"format": "json"}).json()["paths"]
    assert not any(path.startswith(("/personalize", "/api/docs")) for path in paths)


def test_json_nested_too_deeply_is_a_400_not_a_500(settings):
    settings.RECOMMENDATIONS_API_KEY = "boot"
    body = "[" * 100_000 + "]" * 100_000
    response = Client(headers={"Authorization": "Api-Key boot"}).post(EVENTS, body, content_type="application/json")
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]
