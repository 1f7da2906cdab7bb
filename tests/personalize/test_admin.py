from __future__ import annotations

import re

import pytest
from django.urls import reverse

from personalize.models import AccessKey
from personalize.services import access_key_secret

pytestmark = pytest.mark.django_db


def test_staff_issue_a_key_and_see_its_secret_once(staff_client):
    response = staff_client.post(reverse("admin:personalize_accesskey_add"), {"name": "warehouse"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    key = AccessKey.objects.get()
    secret = re.search(r"AWS_SECRET_ACCESS_KEY=(\S+)", page)[1]
    assert key.name == "warehouse" and access_key_secret(key) == secret
    assert f"AWS_ACCESS_KEY_ID={key.access_key_id}" in page
    change = staff_client.get(reverse("admin:personalize_accesskey_change", args=[key.pk])).content.decode()
    assert key.access_key_id in change and secret not in change


def test_staff_revoke_keys(staff_client):
    staff_client.post(reverse("admin:personalize_accesskey_add"), {"name": "a"})
    key = AccessKey.objects.get()
    staff_client.post(
        reverse("admin:personalize_accesskey_changelist"), {"action": "revoke", "_selected_action": [key.pk]}
    )
    key.refresh_from_db()
    assert not key.is_active and key.revoked_at is not None
