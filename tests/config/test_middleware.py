"""Control characters in an address, a query string or a form are a plain 400, and nothing is stored."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import Impression, Interaction, ProductStats
from tests.factories import PersonaFactory, ProductFactory, ShopperProfileFactory

pytestmark = pytest.mark.django_db


def assert_plain_400(response, where: str, character: str = "U+0000") -> None:
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert where in body and character in body and "try again" in body


@pytest.mark.parametrize("slug", ["musician\x00", "x\x00", "musician\x1b"])
def test_a_persona_slug_with_a_control_character_is_refused_and_logs_nobody_in(client, slug):
    ShopperProfileFactory(persona=PersonaFactory(slug="musician"))
    response = client.post(reverse("personas:switch"), {"persona": slug, "next": "/"})
    assert_plain_400(response, "'persona'", "U+0000" if "\x00" in slug else "U+001B")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("rid", "character"), [("a\x00b", "U+0000"), ("a\x01b", "U+0001"), ("\x7f", "U+007F"), ("a\x85", "U+0085")]
)
def test_a_product_page_rid_with_a_control_character_records_no_view_and_no_impression(client, rid, character):
    product = ProductFactory()
    response = client.get(reverse("storefront:product", args=[product.pk]), {"rid": rid})
    assert_plain_400(response, "'rid'", character)
    assert not Interaction.objects.exists()
    assert not Impression.objects.exists()
    assert not ProductStats.objects.filter(product=product, views__gt=0).exists()


def test_a_cart_form_with_a_control_character_adds_nothing(client):
    product = ProductFactory()
    response = client.post(reverse("storefront:cart_add", args=[product.pk]), {"quantity": "1", "rid": "r\x00"})
    assert_plain_400(response, "'rid'")
    assert not Interaction.objects.exists()
    assert "Your cart is empty" in client.get(reverse("storefront:cart")).content.decode()


def test_field_names_and_the_address_are_checked_too(client):
    product = ProductFactory()
    assert_plain_400(client.get(reverse("storefront:search"), {"q\x00": "lamp"}), "query parameter name")
    assert_plain_400(client.get(f"/admin/shop/product/{product.pk}%00/change/"), "the address")


def test_tab_and_newlines_are_text_and_pass(client):
    product = ProductFactory(name="Desk Lamp")
    response = client.get(reverse("storefront:search"), {"q": "Desk\tLamp\r\n"})
    assert response.status_code == 200
    response = client.get(reverse("storefront:product", args=[product.pk]), {"rid": "row\t1"})
    assert response.status_code == 200
    assert Interaction.objects.get().recommendation_id == "row\t1"


def test_the_admin_is_guarded(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True, is_superuser=True))
    changelist = reverse("admin:shop_product_changelist")
    assert client.get(changelist, {"q": "lamp"}).status_code == 200
    assert_plain_400(client.get(changelist, {"q": "lamp\x00"}), "'q'")


def test_the_api_answers_in_its_own_json_instead(settings):
    settings.RECOMMENDATIONS_API_KEY = "k"
    api = Client(headers={"Authorization": "Api-Key k"})
    response = api.get(reverse("recommendations:recommendations"), {"recommender": "most-viewed", "sessionId": "a\x00"})
    assert response.status_code == 400
    assert "sessionId" in response.json()


def test_the_guard_is_a_site_wide_middleware(settings):
    assert "config.middleware.ControlCharactersMiddleware" in settings.MIDDLEWARE
