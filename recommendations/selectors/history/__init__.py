"""A shopper's own events, as serving reads them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Count, Max

from recommendations.models import EventType, Interaction
from recommendations.selectors.history.events import EVENT_CODES, EVENT_TYPES, HISTORY_LIMIT, Histories, HistoryEvent
from recommendations.selectors.history.reading import HISTORIES_PER_QUERY, user_history_arrays

__all__ = [
    "EVENT_CODES",
    "EVENT_TYPES",
    "HISTORIES_PER_QUERY",
    "HISTORY_LIMIT",
    "Histories",
    "HistoryEvent",
    "history_fingerprint",
    "purchased_product_ids",
    "user_histories",
    "user_history",
    "user_history_arrays",
]


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
    arrays = user_history_arrays(user_ids=user_ids)
    return {uid: arrays.events(k) for k, uid in enumerate(user_ids)}


def purchased_product_ids(*, user: AbstractBaseUser | None, visitor_id: str = "") -> set[int]:
    """What the shopper (or the anonymous browser) has bought, to leave out of their rows.

    Asked on every product page: one statement over the (shopper, event type) index, written
    out rather than built by the ORM per page, which cost more than running it."""
    if user is not None and user.is_authenticated:
        who, key = "user_id = %s", user.pk
    elif visitor_id:
        who, key = "visitor_id = %s AND user_id IS NULL", visitor_id
    else:
        return set()
    sql = f"SELECT DISTINCT product_id FROM {Interaction._meta.db_table} WHERE {who} AND event_type = %s"  # noqa: S608 - no user input in the text
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, EventType.PURCHASE.value])
        return {row[0] for row in cursor.fetchall()}
