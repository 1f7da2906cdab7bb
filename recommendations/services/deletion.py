"""Data deletion: a shopper's events, impressions and account removed in a logged job.

What is kept: their orders, detached from them (the shop's accounts and stock stay whole), and a
tombstone, the SHA-256 of their userId, so events that name it again are refused and it is never
recommended to or learned from. The next training reads the log without them.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from recommendations.job_models import user_id_digest
from recommendations.models import (
    DataDeletionJob,
    DeletedUser,
    EventType,
    Impression,
    Interaction,
    ProductStats,
    RunStatus,
)
from recommendations.services.queue import DATA_DELETION, task_enqueue
from shop.models import Order

# The counter each event type bumps (services.events), taken back when the event is deleted.
COUNTER_OF = {EventType.VIEW: "views", EventType.ADD_TO_CART: "add_to_carts", EventType.PURCHASE: "purchases"}
MAX_USERS_PER_JOB = 1000


class DeletionRefused(ValueError):
    """A deletion asked for nobody, too many at once, or for a staff account. Nothing was deleted."""


def data_deletion_start(*, user_ids: list[str], requested_by: str, synchronous: bool = False) -> DataDeletionJob:
    """Log the request and delete in a task (here and now when ``synchronous``)."""
    names = list(dict.fromkeys(user_ids))
    if not names:
        raise DeletionRefused("name at least one userId to delete")
    if len(names) > MAX_USERS_PER_JOB:
        raise DeletionRefused(f"at most {MAX_USERS_PER_JOB:,} userIds a job, not {len(names):,}")
    staff = list(
        get_user_model()
        .objects.filter(username__in=names)
        .filter(Q(is_staff=True) | Q(is_superuser=True))
        .values_list("username", flat=True)
    )
    if staff:
        raise DeletionRefused(f"{', '.join(map(repr, staff))} is staff: remove staff accounts from the user admin")
    job = DataDeletionJob.objects.create(user_ids=names, n_requested=len(names), requested_by=requested_by[:150])
    if synchronous:
        return data_deletion_execute(job_id=job.pk)
    task_enqueue(DATA_DELETION, job.pk)
    return job


def _stats_take_back(rows: list[tuple[int, str, int]]) -> None:
    """Lower each product's counters by the deleted events they counted (never below zero)."""
    by_product: dict[int, Counter] = {}
    for product_id, event_type, n in rows:
        counter = COUNTER_OF.get(event_type)
        if counter:
            by_product.setdefault(product_id, Counter())[counter] += n
    for product_id, counts in by_product.items():
        ProductStats.objects.filter(pk=product_id).update(
            **{name: Greatest(F(name) - n, Value(0)) for name, n in counts.items()}
        )


def _user_delete(user) -> Counter:
    """One shopper's rows, in one transaction: all of them go, or none."""
    counts: Counter = Counter()
    mine = Interaction.objects.filter(user=user)
    # The browsers they used: anonymous events there before logging in (or after) are theirs too.
    visitors = set(mine.exclude(visitor_id="").values_list("visitor_id", flat=True).distinct())
    visitors |= set(Order.objects.filter(user=user).exclude(visitor_id="").values_list("visitor_id", flat=True))
    events = Interaction.objects.filter(Q(user=user) | Q(user__isnull=True, visitor_id__in=visitors))
    _stats_take_back(list(events.values_list("product_id", "event_type").annotate(n=Count("id")).order_by()))
    counts["interactions"] = events.delete()[0]
    counts["impressions"] = Impression.objects.filter(
        Q(user=user) | Q(user__isnull=True, visitor_id__in=visitors)
    ).delete()[0]
    # Kept for the shop's books, but no longer anyone's: no user, no browser to join them back by.
    counts["orders_detached"] = Order.objects.filter(Q(user=user) | Q(visitor_id__in=visitors)).update(
        user=None, visitor_id=""
    )
    DeletedUser.objects.get_or_create(digest=user_id_digest(user.get_username()))
    # The account and what hangs on it (a shopper profile, say), counted per model as Django deletes them.
    _, per_model = user.delete()
    counts.update({label: n for label, n in per_model.items() if n})
    return counts


def data_deletion_execute(*, job_id: int) -> DataDeletionJob:
    """Delete each named shopper who exists; the job logs whom, and how many rows of each kind."""
    job = DataDeletionJob.objects.get(pk=job_id)
    if job.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
        return job
    DataDeletionJob.objects.filter(pk=job.pk).update(status=RunStatus.RUNNING)
    totals: Counter = Counter()
    deleted: list[str] = []
    users = get_user_model().objects.filter(username__in=job.user_ids)
    try:
        for user in users:
            with transaction.atomic():
                totals.update(_user_delete(user))
                deleted.append(user.get_username())
                DeletedUser.objects.filter(digest=user_id_digest(user.get_username())).update(job=job)
    except Exception as exc:
        job.status, job.error = RunStatus.FAILED, f"{type(exc).__name__}: {exc}"
        raise
    else:
        job.status = RunStatus.SUCCEEDED
    finally:
        job.deleted = sorted(deleted)
        job.not_found = len(job.user_ids) - len(deleted) if job.status == RunStatus.SUCCEEDED else 0
        job.counts = dict(totals)
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "deleted", "not_found", "counts", "finished_at"])
    return job
