"""A shopper's own events, as serving reads them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max, Q

from recommendations.models import EventType, Interaction

# The newest events of a shopper that fold-in uses, like Personalize's latest-events window.
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class HistoryEvent:
    product_id: int
    event_type: str
    timestamp: float
    in_session: bool = False  # recorded in the browser visit asking now


def user_history(*, user: AbstractBaseUser | None, visitor_id: str = "") -> list[HistoryEvent]:
    """A shopper's (or an anonymous browser's) newest events, newest first."""
    if user is not None and user.is_authenticated:
        qs = Interaction.objects.filter(user=user)
    elif visitor_id:
        qs = Interaction.objects.filter(visitor_id=visitor_id, user__isnull=True)
    else:
        return []
    rows = qs.order_by("-timestamp", "-id").values_list("product_id", "event_type", "timestamp", "visitor_id")
    return [
        HistoryEvent(pid, event, ts.timestamp(), bool(visitor_id) and visitor == visitor_id)
        for pid, event, ts, visitor in rows[:HISTORY_LIMIT]
    ]


def history_fingerprint(*, user: AbstractBaseUser | None, visitor_id: str = "") -> tuple[int, int | None]:
    """(how many events, the newest id) of ``user_history``'s events, in one aggregate: changes
    whenever an event is recorded, removed or handed to the shopper (cheaper than the history)."""
    if user is not None and user.is_authenticated:
        qs = Interaction.objects.filter(user=user)
    elif visitor_id:
        qs = Interaction.objects.filter(visitor_id=visitor_id, user__isnull=True)
    else:
        return 0, None
    figures = qs.aggregate(n=Count("id"), last=Max("id"))
    return figures["n"], figures["last"]


def user_histories(*, user_ids: list[int]) -> dict[int, list[HistoryEvent]]:
    """``user_history`` for many shoppers in one query (dashboards, batch jobs)."""
    histories: dict[int, list[HistoryEvent]] = {uid: [] for uid in user_ids}
    rows = (
        Interaction.objects.filter(user_id__in=user_ids)
        .order_by("user_id", "-timestamp", "-id")
        .values_list("user_id", "product_id", "event_type", "timestamp")
    )
    for uid, pid, event, ts in rows.iterator(chunk_size=5000):
        if len(histories[uid]) < HISTORY_LIMIT:
            histories[uid].append(HistoryEvent(pid, event, ts.timestamp()))
    return histories


def purchased_product_ids(*, user: AbstractBaseUser | None, visitor_id: str = "") -> set[int]:
    if user is not None and user.is_authenticated:
        who = Q(user=user)
    elif visitor_id:
        who = Q(visitor_id=visitor_id, user__isnull=True)
    else:
        return set()
    return set(
        # order_by(): the model's default ordering would add columns to the DISTINCT.
        Interaction.objects.filter(who, event_type=EventType.PURCHASE)
        .order_by()
        .values_list("product_id", flat=True)
        .distinct()
    )
