from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from personalize import services
from personalize.models import AccessKey

pytestmark = pytest.mark.django_db


def test_the_secret_is_stored_encrypted_and_read_back():
    issued = services.access_key_create(name="a")
    stored = AccessKey.objects.get()
    assert issued.secret not in stored.secret_encrypted
    assert services.access_key_secret(stored) == issued.secret
    assert services.access_key_create(name="b").access_key.access_key_id != stored.access_key_id


def test_another_secret_key_cannot_read_the_secrets():
    issued = services.access_key_create(name="a")
    with override_settings(SECRET_KEY="rotated"):
        assert services.access_key_secret(issued.access_key) is None


def test_revoke_and_last_used():
    key = services.access_key_create(name="a").access_key
    now = timezone.now()
    services.access_key_touch(access_key=key, now=now)
    services.access_key_touch(access_key=key, now=now + timedelta(seconds=5))  # within the minute: not written
    assert AccessKey.objects.get().last_used_at == now
    services.access_key_revoke(access_key=key)
    key.refresh_from_db()
    assert not key.is_active and key.revoked_at is not None


def test_shopper_ensure_creates_once_without_a_usable_password(django_user_model):
    user = services.shopper_ensure(user_id="crm-1")
    assert services.shopper_ensure(user_id="crm-1") == user
    assert not user.has_usable_password()
    assert django_user_model.objects.filter(username="crm-1").count() == 1
