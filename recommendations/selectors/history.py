"""A shopper's own events, as serving reads them."""

from __future__ import annotations

from itertools import repeat
from typing import NamedTuple

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Count, Max, Q

from recommendations.models import EventType, Interaction

# The newest events of a shopper that fold-in uses, like Personalize's latest-events window.
HISTORY_LIMIT = 500


class HistoryEvent(NamedTuple):
    """A tuple, not a dataclass: a batch reads hundreds of thousands."""

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


# User ids per history query of a batch: well within SQLite's limit on a statement's parameters.
HISTORIES_PER_QUERY = 2000


def user_histories(*, user_ids: list[int]) -> dict[int, list[HistoryEvent]]:
    """``user_history`` for many shoppers in one query (dashboards, batch jobs).

    Plain SQL reading each timestamp as epoch seconds (PostgreSQL) or its stored UTC text (SQLite,
    converted by numpy in one go): the ORM's per-row datetime conversion cost more than the query
    itself for a batch's 100,000s of events. The seconds are the floats ``timestamp()`` gives.
    """
    histories: dict[int, list[HistoryEvent]] = {uid: [] for uid in user_ids}
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return _user_histories_orm(histories)
    stamp = "EXTRACT(EPOCH FROM timestamp)" if vendor == "postgresql" else "CAST(timestamp AS TEXT)"
    ids = list(histories)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), HISTORIES_PER_QUERY):
            part = ids[start : start + HISTORIES_PER_QUERY]
            placeholders = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"SELECT user_id, product_id, event_type, {stamp} FROM {Interaction._meta.db_table} "  # noqa: S608 - no user input in the text
                f"WHERE user_id IN ({placeholders}) ORDER BY user_id, timestamp DESC, id DESC",
                part,
            )
            rows = cursor.fetchall()
            if not rows:
                continue
            owners, products, events, stamps = zip(*rows, strict=True)
            if vendor == "postgresql":
                seconds = np.array(stamps, dtype=np.float64)
            else:
                # Microseconds since the epoch over 10**6: exactly the float ``timestamp()`` gives.
                seconds = np.array(stamps).astype("datetime64[us]").astype(np.int64) / 1e6
            # Rows come grouped by user: each user's newest HISTORY_LIMIT in one slice.
            owner = np.array(owners, dtype=np.int64)
            starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            ends = np.r_[starts[1:], owner.size]
            times = seconds.tolist()
            for uid, start, end in zip(owner[starts].tolist(), starts.tolist(), ends.tolist(), strict=True):
                end = min(end, start + HISTORY_LIMIT)
                fields = zip(products[start:end], events[start:end], times[start:end], repeat(False))
                histories[uid] = list(map(HistoryEvent._make, fields))
    return histories


def _user_histories_orm(histories: dict[int, list[HistoryEvent]]) -> dict[int, list[HistoryEvent]]:
    rows = (
        Interaction.objects.filter(user_id__in=list(histories))
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
