"""Which recommenders are due for retraining, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from recommendations.models import Interaction, ModelVersion, Recommender


@dataclass(frozen=True)
class DueRecommender:
    slug: str
    reason: str


def recommenders_due(*, now: datetime | None = None) -> list[DueRecommender]:
    """Enabled recommenders whose newest attempt is older than their schedule or behind on events.

    A recommender without any version is always due. Per-recommender settings win over the
    global RECOMMENDATIONS_RETRAIN_MINUTES / RECOMMENDATIONS_RETRAIN_AFTER_EVENTS; 0 turns a
    trigger off.
    """
    now = now or timezone.now()
    due: list[DueRecommender] = []
    for recommender in Recommender.objects.filter(enabled=True):
        # The newest attempt, failed ones included: a recommender that keeps failing waits its
        # interval like any other instead of retraining (and failing) on every check.
        newest = ModelVersion.objects.filter(recommender=recommender).order_by("-created_at").first()
        if newest is None:
            due.append(DueRecommender(recommender.slug, "no version yet"))
            continue
        minutes = recommender.retrain_minutes
        if minutes is None:
            minutes = settings.RECOMMENDATIONS_RETRAIN_MINUTES
        if minutes and newest.created_at <= now - timedelta(minutes=minutes):
            due.append(DueRecommender(recommender.slug, f"newest version is older than {minutes} minutes"))
            continue
        threshold = recommender.retrain_after_events
        if threshold is None:
            threshold = settings.RECOMMENDATIONS_RETRAIN_AFTER_EVENTS
        if threshold:
            # Counting stops at the threshold: no need to count a big log to the end.
            new_events = Interaction.objects.filter(timestamp__gt=newest.created_at).values("pk")[:threshold].count()
            if new_events >= threshold:
                due.append(DueRecommender(recommender.slug, f"{threshold}+ new events since the newest version"))
    return due
