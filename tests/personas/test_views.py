"""The "Shop as…" switcher end to end over HTTP (the browser version lives in tests/browser)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations.models import EventType, Interaction
from shop.models import Order
from shop.visitor import VISITOR_SESSION_KEY
from tests.factories import (
    CategoryFactory,
    PersonaFactory,
    ProductFactory,
    ShopperProfileFactory,
    UserFactory,
    demo_catalogue_build,
)

pytestmark = pytest.mark.django_db

SWITCH = reverse("personas:switch")
ANONYMOUS = reverse("personas:anonymous")


@pytest.fixture
def persona():
    categories = [CategoryFactory(slug=s, name=s.title()) for s in ("instruments", "books", "electronics")]
    return PersonaFactory(slug="musician", name="Musician & reader", category_list=categories)


@pytest.fixture
def jane(persona):
    user = UserFactory(username="jane", first_name="Jane", last_name="Doe")
    ShopperProfileFactory(user=user, persona=persona)
    ShopperProfileFactory(persona=persona)  # a second shopper of the same persona, never chosen
    return user


def switch(client: Client, slug: str, next_url: str = "/", **kwargs):
    return client.post(SWITCH, {"persona": slug, "next": next_url}, **kwargs)


def logged_in_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_header_lists_personas_with_their_tastes(client, jane):
    body = client.get(reverse("storefront:home")).content.decode()
    assert "Shop as…" in body
    assert "Musician &amp; reader" in body
    assert "instruments, books, electronics" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "Shopping as" not in body


def persona_menu_of(body: str) -> str:
    """The header's "Shop as…" panel, from its opening tag to the end of its <details>."""
    return body.split('data-testid="persona-menu"', 1)[1].split("</details>", 1)[0]


def test_header_menu_offers_all_sixteen_personas_and_browsing_anonymously(client):
    personas = demo_catalogue_build()["personas"]

    menu = persona_menu_of(client.get(reverse("storefront:home")).content.decode())

    offered = re.findall(r'<button type="submit" class="persona-option" data-persona="([^"]+)"', menu)
    assert offered == [p.slug for p in personas]  # all sixteen, by name
    assert len(offered) == 16
    for persona in personas:
        assert f'<span class="persona-option__name">{persona.name.replace("&", "&amp;")}</span>' in menu
        assert persona.taste_label in menu
    # An anonymous browser is offered "Browse anonymously" too, marked as what it is doing now.
    assert menu.count("Browse anonymously") == 1
    assert re.search(r'data-testid="browse-anonymously" aria-current="true">', menu)
    assert f'action="{ANONYMOUS}"' in menu
    assert "aria-current" not in menu.split('data-testid="browse-anonymously"')[0]


def test_header_menu_marks_the_persona_being_shopped_as(client):
    personas = demo_catalogue_build()["personas"]
    switch(client, personas[3].slug)

    menu = persona_menu_of(client.get(reverse("storefront:home")).content.decode())

    current = re.findall(r'data-persona="([^"]+)" aria-current="true"', menu)
    assert current == [personas[3].slug]
    assert menu.count("Browse anonymously") == 1
    assert re.search(r'data-testid="browse-anonymously">', menu)  # offered, not current


def test_the_menu_rendered_once_carries_each_pages_own_token_path_and_persona():
    personas = demo_catalogue_build()["personas"]
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(reverse("storefront:home"))  # renders the menu markup once, for everybody
    menu = persona_menu_of(second.get("/search/?q=lamp").content.decode())
    # This page's path, and a token that this browser's own POST passes the CSRF check with.
    assert menu.count('name="next" value="/search/?q=lamp"') == 16 + 1  # and Browse anonymously
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', menu)[1]
    response = second.post(SWITCH, {"persona": personas[2].slug, "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    menu = persona_menu_of(second.get(reverse("storefront:home")).content.decode())
    assert re.findall(r'data-persona="([^"]+)" aria-current="true"', menu) == [personas[2].slug]
    assert (
        "aria-current"
        not in persona_menu_of(first.get(reverse("storefront:home")).content.decode()).split(
            'data-testid="browse-anonymously"'
        )[0]
    )


def test_switching_logs_in_as_the_same_stable_shopper(client, persona, jane):
    other = PersonaFactory(slug="gardener", name="Green thumb")
    gardener = ShopperProfileFactory(persona=other).user

    response = switch(client, "musician", "/search/?q=guitar")
    assert response.status_code == 302
    assert response.url == "/search/?q=guitar"
    assert logged_in_id(client) == jane.pk

    switch(client, "gardener")
    assert logged_in_id(client) == gardener.pk
    switch(client, "musician")
    assert logged_in_id(client) == jane.pk


def test_header_says_who_is_shopping(client, jane):
    response = switch(client, "musician", follow=True)
    body = response.content.decode()
    assert "Shopping as Jane Doe — likes instruments, books, electronics" in body
    assert "You&#x27;re now shopping as Jane Doe (Musician &amp; reader)." in body


def test_a_persona_whose_only_shopper_is_staff_cannot_be_entered(client, persona):
    ShopperProfileFactory(persona=persona, user=UserFactory(is_staff=True, is_superuser=True))

    response = switch(client, "musician")

    assert response.status_code == 404
    assert logged_in_id(client) is None
    assert "Musician" not in client.get(reverse("storefront:home")).content.decode()  # not offered either


@pytest.mark.parametrize("flags", [{"is_active": False}, {"is_staff": True}])
def test_non_demo_accounts_are_never_entered(client, persona, flags):
    ShopperProfileFactory(persona=persona, user=UserFactory(**flags))
    ShopperProfileFactory(persona=persona, is_demo=False)
    assert switch(client, "musician").status_code == 404
    assert logged_in_id(client) is None


def test_unknown_persona_is_404(client, jane):
    assert switch(client, "nobody").status_code == 404
    assert logged_in_id(client) is None


def test_switch_is_post_only_and_needs_csrf(jane):
    client = Client(enforce_csrf_checks=True)
    assert client.get(SWITCH).status_code == 405
    assert switch(client, "musician").status_code == 403
    assert logged_in_id(client) is None


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "", "/does-not-exist/"])
def test_switch_redirects_only_to_pages_of_this_shop(client, jane, next_url):
    response = switch(client, "musician", next_url)
    assert response.url == reverse("storefront:home")


def test_switch_from_another_shoppers_order_lands_on_the_order_list(client, jane):
    order = Order.objects.create(user=UserFactory(), created_at=timezone.now(), total=Decimal("1.00"))
    response = switch(client, "musician", order.get_absolute_url())
    assert response.url == reverse("storefront:orders")


def test_browse_anonymously_logs_out(client, jane):
    switch(client, "musician")

    response = client.post(ANONYMOUS, {"next": "/cart/"}, follow=True)

    assert response.redirect_chain[-1][0] == "/cart/"
    assert logged_in_id(client) is None
    body = response.content.decode()
    assert "Shopping as" not in body
    assert "Shop as…" in body
    assert "browsing anonymously" in body


def test_browse_anonymously_keeps_an_anonymous_browsers_cart_and_history(client):
    product = ProductFactory(stock=5)
    client.get(product.get_absolute_url())
    client.post(reverse("storefront:cart_add", args=[product.pk]), {"quantity": 2})
    visitor = client.session[VISITOR_SESSION_KEY]

    response = client.post(ANONYMOUS, {"next": "/cart/"}, follow=True)

    assert response.redirect_chain[-1][0] == "/cart/"
    assert client.session[VISITOR_SESSION_KEY] == visitor
    assert client.session["cart"] == {str(product.pk): {"quantity": 2, "rid": ""}}
    assert "browsing anonymously" in response.content.decode()


def test_anonymous_history_follows_the_shopper(client, jane):
    product = ProductFactory()
    client.get(product.get_absolute_url())

    switch(client, "musician")

    assert Interaction.objects.get(event_type=EventType.VIEW).user == jane


def test_persona_page_lists_who_you_can_shop_as(client, jane, persona):
    PersonaFactory(slug="empty", name="Nobody Home")

    response = client.get(reverse("personas:list"), {"next": "/orders/"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Shop as Jane Doe" in body
    assert "Likes instruments, books, electronics" in body
    assert "Nobody Home" not in body
    assert 'name="next" value="/orders/"' in body


def test_orders_after_switching_from_the_login_redirect(client, jane):
    login_redirect = client.get(reverse("storefront:orders"))
    next_url = login_redirect.url.split("next=")[1].replace("%2F", "/")

    response = switch(client, "musician", next_url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("storefront:orders")
    assert "Your orders" in response.content.decode()


def test_admin_pages_render(client, jane, persona):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    for url in (
        reverse("admin:personas_persona_changelist"),
        reverse("admin:personas_persona_change", args=[persona.pk]),
        reverse("admin:personas_shopperprofile_changelist") + "?q=Jane",
        reverse("admin:personas_shopperprofile_change", args=[jane.shopper.pk]),
    ):
        assert client.get(url).status_code == 200, url
