"""API keys of the shop's own API: issued (the key returned once, only its hash stored) and marked used."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from recommendations.models import ApiKey

# Touching last_used_at on every request would write a row per call: once a minute says enough.
LAST_USED_RESOLUTION_SECONDS = 60


def api_key_create(*, name: str) -> tuple[ApiKey, str]:
    return ApiKey.objects.create_key(name=name)


def api_key_touch(*, api_key: ApiKey, now: datetime | None = None) -> None:
    now = now or timezone.now()
    last = api_key.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
