"""The shop's auth backend loads a page's shopper as Django's ModelBackend would."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from shop.auth import ModelBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_sessions_user_loads_unless_inactive_or_unknown():
    user, inactive = UserFactory(), UserFactory(is_active=False)
    backend = ModelBackend()
    assert backend.get_user(str(user.pk)) == user
    assert backend.get_user(user.pk).get_username() == user.get_username()
    assert backend.get_user(str(inactive.pk)) is None
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(10**9) is None


def test_a_signed_in_shopper_is_on_every_page(client):
    user = UserFactory(username="jane")
    user.set_password("a long secret")
    user.save()
    assert authenticate(username="jane", password="a long secret") == user
    assert authenticate(username="jane", password="wrong") is None
    client.force_login(user)
    assert "Signed in as jane" in client.get("/").content.decode()
