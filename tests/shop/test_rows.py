"""A row read by a prepared statement is the instance the ORM would have returned."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from shop.models import Product
from shop.rows import row_by
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_every_field_comes_back_converted_as_the_orm_converts_it():
    user = UserFactory(last_login=timezone.now() - timedelta(days=2), is_staff=True)
    product = ProductFactory(price=Decimal("1234.56"))
    for model, pk in ((get_user_model(), user.pk), (Product, product.pk)):
        found, expected = row_by(model, pk=pk), model.objects.get(pk=pk)
        assert _fields(found) == _fields(expected)
        assert not found._state.adding and found._state.db == "default"
    found = row_by(Product, pk=product.pk)
    assert isinstance(found.price, Decimal) and found.price == Decimal("1234.56")
    assert row_by(get_user_model(), pk=user.pk).last_login.tzinfo is not None


def test_a_unique_field_finds_its_row_and_nothing_finds_none():
    user = UserFactory(username="findme")
    assert row_by(get_user_model(), username="findme").pk == user.pk
    assert row_by(get_user_model(), username="nobody") is None
    assert row_by(get_user_model(), pk=str(user.pk)).pk == user.pk  # as a session stores it
