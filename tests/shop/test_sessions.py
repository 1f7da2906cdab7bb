"""The shop's session store keeps Django's database sessions, read by a prepared statement."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from shop.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_saved_session_loads_and_an_expired_or_unknown_one_starts_empty():
    store = SessionStore()
    store["cart"] = {"7": 2}
    store.save()
    again = SessionStore(session_key=store.session_key)
    assert again["cart"] == {"7": 2}

    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(session_key=store.session_key)
    assert expired.get("cart") is None
    assert expired.session_key is None  # a new key on save, never the expired one

    unknown = SessionStore(session_key="x" * 32)
    assert dict(unknown.items()) == {} and unknown.session_key is None
