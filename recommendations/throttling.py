"""Throttling of event ingestion: the cache counts each caller's requests (DRF's SimpleRateThrottle)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class EventsThrottle(SimpleRateThrottle):
    """RECOMMENDATIONS_EVENTS_THROTTLE_RATE ("100/s", "6000/min"; empty: none) per caller.

    A caller is its API key (or access key) when it has one, else its user, else its address:
    one busy client must not use up the others' share.
    """

    scope = "events"

    def get_rate(self) -> str | None:
        return settings.RECOMMENDATIONS_EVENTS_THROTTLE_RATE or None

    def get_cache_key(self, request, view) -> str:
        ident = getattr(view, "throttle_ident", None)
        if not ident:
            user = getattr(request, "user", None)
            ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
