"""Online metrics (clicks and sales credited to rendered rows) and the versions charted offline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from recommendations.models import EventType, Impression, Interaction, ModelVersion


@dataclass
class OnlineCounts:
    impressions: int = 0
    clicks: int = 0
    add_to_carts: int = 0
    purchases: int = 0

    @property
    def click_through_rate(self) -> float:
        """Clicks per rendered row."""
        return self.clicks / self.impressions if self.impressions else 0.0

    @property
    def conversion_rate(self) -> float:
        """Purchases per click."""
        return self.purchases / self.clicks if self.clicks else 0.0


@dataclass
class OnlineMetrics:
    days: list[date]
    by_day: dict[str, dict[date, OnlineCounts]] = field(default_factory=dict)  # recommender -> day -> counts
    by_version: dict[int | None, OnlineCounts] = field(default_factory=dict)
    by_recommender: dict[str, OnlineCounts] = field(default_factory=dict)


_EVENT_FIELD = {
    EventType.VIEW: "clicks",
    EventType.ADD_TO_CART: "add_to_carts",
    EventType.PURCHASE: "purchases",
}


# The staff dashboard's window for online metrics.
ONLINE_DAYS = 14


def _window(days: int, now: datetime | None) -> tuple[list[date], datetime]:
    """The ``days`` calendar days up to today, oldest first, and the moment the first one began."""
    today = timezone.localdate(now or timezone.now())
    window = [today - timedelta(days=d) for d in range(days - 1, -1, -1)]
    return window, datetime.combine(window[0], time.min, tzinfo=timezone.get_current_timezone())


def impressions_count(*, days: int = ONLINE_DAYS, now: datetime | None = None) -> int:
    """Recommendation rows shown over the ``days`` the online charts cover."""
    return Impression.objects.filter(created_at__gte=_window(days, now)[1]).count()


def online_metrics(*, days: int = ONLINE_DAYS, now: datetime | None = None) -> OnlineMetrics:
    """Impressions and the clicks, cart adds and purchases attributed to them, per recommender and day.

    An event counts for a row when it carries that row's recommendation id (a click on the
    row, or a cart add or purchase credited to that click).
    """
    charted, since = _window(days, now)
    # Totals cover exactly the charted days.
    result = OnlineMetrics(days=charted)
    rows = {}
    for rid, slug, version_id, created_at in Impression.objects.filter(created_at__gte=since).values_list(
        "recommendation_id", "recommender__slug", "version_id", "created_at"
    ):
        slug = slug or "unknown"
        day = timezone.localdate(created_at)
        rows[rid] = (slug, version_id, day)
        for counts in _buckets(result, slug, version_id, day):
            counts.impressions += 1
    events = (
        Interaction.objects.filter(timestamp__gte=since, recommendation_id__in=list(rows))
        .values_list("recommendation_id", "event_type", "product_id")
        .iterator(chunk_size=5000)
    )
    clicked: set[tuple[str, int]] = set()
    for rid, event_type, product_id in events:
        name = _EVENT_FIELD.get(EventType(event_type))
        if name is None:
            continue
        if name == "clicks":
            # A reload of the clicked page is not another click on the row.
            if (rid, product_id) in clicked:
                continue
            clicked.add((rid, product_id))
        for counts in _buckets(result, *rows[rid]):
            setattr(counts, name, getattr(counts, name) + 1)
    return result


def _buckets(result: OnlineMetrics, slug: str, version_id: int | None, day: date) -> list[OnlineCounts]:
    return [
        result.by_day.setdefault(slug, defaultdict(OnlineCounts))[day],
        result.by_version.setdefault(version_id, OnlineCounts()),
        result.by_recommender.setdefault(slug, OnlineCounts()),
    ]


def version_history(*, recommender: str, limit: int = 12) -> list[ModelVersion]:
    """The newest trained versions of a recommender, oldest first (for charts)."""
    versions = (
        ModelVersion.objects.filter(recommender__slug=recommender)
        .exclude(status__in=[ModelVersion.Status.FAILED, ModelVersion.Status.QUEUED, ModelVersion.Status.RUNNING])
        .order_by("-created_at")[:limit]
    )
    return list(reversed(versions))
