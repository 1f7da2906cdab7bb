"""The one writer of the interaction log and its counters."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from recommendations.models import EventType, Impression, Interaction, ProductStats
from recommendations.selectors.deletion import DELETED_USER_MESSAGE, user_deleted
from recommendations.selectors.rows import recommender_ids
from recommendations.services.appends import counter_add, rows_append
from shop.models import Product

# A cart add or purchase within this long of clicking a recommendation is credited to it.
ATTRIBUTION_WINDOW = timedelta(hours=24)

_COUNTER_FIELD = {
    EventType.VIEW: "views",
    EventType.ADD_TO_CART: "add_to_carts",
    EventType.PURCHASE: "purchases",
}


def interaction_record(
    *,
    product_id: int,
    event_type: str,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    recommendation_id: str = "",
    timestamp: datetime | None = None,
    event_value: float | None = None,
) -> Interaction:
    """Append one event and bump the product's counter in the same transaction. ``event_value``
    is Personalize's EVENT_VALUE (a rating, a price paid), kept with the event and exported."""
    if event_type not in EventType.values:
        raise ValueError(f"unknown event type {event_type!r}; expected one of {', '.join(EventType.values)}")
    if user is not None and not user.is_authenticated:
        user = None
    if user is None and not visitor_id:
        raise ValueError("an interaction needs a user or a visitor id")
    timestamp = timestamp or timezone.now()
    if not recommendation_id and event_type != EventType.VIEW:
        recommendation_id = _attributed_recommendation(
            product_id=product_id, user=user, visitor_id=visitor_id, before=timestamp
        )
    values = {
        "user_id": user.pk if user is not None else None,
        "visitor_id": visitor_id,
        "product_id": product_id,
        "event_type": event_type,
        "timestamp": timestamp,
        "recommendation_id": recommendation_id[:64],
        "event_value": event_value,
    }
    field = _COUNTER_FIELD.get(EventType(event_type))
    # Inside the caller's transaction no savepoint is needed: the event and its counter fail together with it.
    with transaction.atomic(savepoint=False):
        # Every page view comes here: the statements are built once (``appends``), not per event.
        (pk,) = rows_append(model=Interaction, rows=[values]) or [None]
        if field and not counter_add(model=ProductStats, key=product_id, field=field):
            ProductStats.objects.get_or_create(product_id=product_id)
            counter_add(model=ProductStats, key=product_id, field=field)
    interaction = Interaction(pk=pk, **values)
    interaction._state.adding = False
    interaction._state.db = connection.alias
    return interaction


def _attributed_recommendation(
    *, product_id: int, user: AbstractBaseUser | None, visitor_id: str, before: datetime
) -> str:
    """The recommendation the shopper last clicked this product from, if recent (metric attribution)."""
    who = Q(user=user) if user is not None else Q(visitor_id=visitor_id, user__isnull=True)
    click = (
        Interaction.objects.filter(
            who,
            product_id=product_id,
            event_type=EventType.VIEW,
            timestamp__gte=before - ATTRIBUTION_WINDOW,
            timestamp__lte=before,
        )
        .exclude(recommendation_id="")
        .order_by("-timestamp", "-id")
        .values_list("recommendation_id", flat=True)
        .first()
    )
    return click or ""


def impressions_record(*, rows: Iterable, user: AbstractBaseUser | None, visitor_id: str = "") -> int:
    """Log what each rendered recommendation row showed, so clicks and sales can be credited to it.

    ``rows`` are ``recommendations.selectors.RecommendationRow``s (anything with recommender,
    recommendation_id, version_id and products).
    """
    rows = [row for row in rows if row.products]
    if not rows:
        return 0
    if user is not None and not user.is_authenticated:
        user = None
    ids = recommender_ids()
    now = timezone.now()
    rows_append(
        model=Impression,
        rows=[
            {
                "recommendation_id": row.recommendation_id,
                "recommender_id": ids.get(row.recommender),
                "version_id": row.version_id,
                "user_id": user.pk if user is not None else None,
                "visitor_id": visitor_id if user is None else "",
                "item_ids": [product.pk for product in row.products],
                "created_at": now,
            }
            for row in rows
        ],
        ignore_conflicts=True,
    )
    return len(rows)


def interactions_attach_visitor(*, visitor_id: str, user: AbstractBaseUser) -> int:
    """Give a browser's anonymous events to the shopper who just logged in from it."""
    if not visitor_id or not user.is_authenticated:
        return 0
    return Interaction.objects.filter(visitor_id=visitor_id, user__isnull=True).update(user=user)


def interactions_put(*, session_id: str, user: AbstractBaseUser | None, events: list[dict]) -> int:
    """PutEvents: record a batch from another app, all or nothing.

    As in Personalize, once an event carries both a session and a user, that session's
    earlier anonymous events become the user's. A deleted userId's events are refused (ValueError).
    """
    if user is not None and user_deleted(user_id=user.get_username()):
        raise ValueError(DELETED_USER_MESSAGE.format(user_id=user.get_username()))
    with transaction.atomic():
        for event in events:
            interaction_record(
                product_id=event["itemId"],
                event_type=event["eventType"],
                user=user,
                visitor_id=session_id,
                recommendation_id=event.get("recommendationId", ""),
                timestamp=event.get("sentAt"),
                event_value=event.get("eventValue"),
            )
        if user is not None:
            interactions_attach_visitor(visitor_id=session_id, user=user)
    return len(events)


def product_stats_rebuild() -> int:
    """Recount every product's counters from the log (after a bulk import)."""
    rows = (
        Interaction.objects.values("product_id")
        .annotate(
            views=Count("id", filter=Q(event_type=EventType.VIEW)),
            add_to_carts=Count("id", filter=Q(event_type=EventType.ADD_TO_CART)),
            purchases=Count("id", filter=Q(event_type=EventType.PURCHASE)),
        )
        .order_by()
    )
    counts = {row["product_id"]: row for row in rows}
    stats = [
        ProductStats(
            product_id=pid,
            views=counts.get(pid, {}).get("views", 0),
            add_to_carts=counts.get(pid, {}).get("add_to_carts", 0),
            purchases=counts.get(pid, {}).get("purchases", 0),
        )
        for pid in Product.objects.values_list("id", flat=True)
    ]
    with transaction.atomic():
        ProductStats.objects.all().delete()
        ProductStats.objects.bulk_create(stats, batch_size=5000)
    return len(stats)
