"""Who the "Shop as…" switcher may become, and logging in as them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from personas import selectors, services
from tests.factories import CategoryFactory, PersonaFactory, ShopperProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def anonymous_request():
    request = RequestFactory().post("/personas/switch/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    return request


@pytest.fixture
def persona():
    categories = [CategoryFactory(slug=s, name=s.title()) for s in ("instruments", "books", "electronics")]
    return PersonaFactory(slug="musician", name="Musician & reader", category_list=categories)


def test_demo_shopper_is_the_lowest_eligible_user_id(persona):
    staff = ShopperProfileFactory(persona=persona, user=UserFactory(is_staff=True)).user
    superuser = ShopperProfileFactory(persona=persona, user=UserFactory(is_superuser=True)).user
    inactive = ShopperProfileFactory(persona=persona, user=UserFactory(is_active=False)).user
    not_demo = ShopperProfileFactory(persona=persona, is_demo=False).user
    first = ShopperProfileFactory(persona=persona).user
    ShopperProfileFactory(persona=persona)  # a later demo shopper
    ShopperProfileFactory(persona=PersonaFactory())  # another persona's

    assert min(staff.pk, superuser.pk, inactive.pk, not_demo.pk) < first.pk
    assert selectors.persona_demo_shopper(persona=persona) == first
    assert selectors.persona_demo_shoppers(personas=[persona]) == {persona.pk: first}


def test_persona_list_hides_personas_nobody_can_shop_as(persona, django_assert_num_queries):
    ShopperProfileFactory(persona=persona)
    staff_only = PersonaFactory(slug="staff-only")
    ShopperProfileFactory(persona=staff_only, user=UserFactory(is_staff=True))
    PersonaFactory(slug="empty")

    with django_assert_num_queries(3):  # personas, their categories' links, the categories
        personas = list(selectors.persona_list())
        labels = [p.taste_label for p in personas]

    assert personas == [persona]
    assert labels == ["instruments, books, electronics"]
    assert len(selectors.persona_list(with_demo_shopper=False)) == 3


def test_login_enters_the_same_shopper_every_time(persona):
    shopper = ShopperProfileFactory(persona=persona).user
    ShopperProfileFactory(persona=persona)

    for _ in range(2):
        request = anonymous_request()
        user = services.persona_shopper_login(request=request, persona=persona)
        assert user == shopper
        assert request.user == shopper
        assert request.session["_auth_user_id"] == str(shopper.pk)


def test_login_refuses_a_persona_whose_only_shopper_is_staff(persona):
    ShopperProfileFactory(persona=persona, user=UserFactory(is_staff=True))
    request = anonymous_request()

    with pytest.raises(ValidationError, match="no demo shopper"):
        services.persona_shopper_login(request=request, persona=persona)

    assert not request.user.is_authenticated
    assert "_auth_user_id" not in request.session


def test_logout_forgets_the_shopper(persona):
    ShopperProfileFactory(persona=persona)
    request = anonymous_request()
    services.persona_shopper_login(request=request, persona=persona)

    services.persona_shopper_logout(request=request)

    assert not request.user.is_authenticated
    assert "_auth_user_id" not in request.session


def test_shopper_current(persona):
    profile = ShopperProfileFactory(persona=persona)
    assert selectors.shopper_current(user=profile.user) == profile
    assert selectors.shopper_current(user=AnonymousUser()) is None
    assert selectors.shopper_current(user=UserFactory()) is None  # staff without a profile


def test_logout_of_an_anonymous_browser_keeps_its_session():
    request = anonymous_request()
    request.session["cart"] = {"7": {"quantity": 1, "rid": ""}}
    request.session.save()
    key = request.session.session_key

    services.persona_shopper_logout(request=request)

    assert request.session.session_key == key
    assert request.session["cart"] == {"7": {"quantity": 1, "rid": ""}}
