"""Reads about deleted shoppers: their tombstones, and the deletion jobs' log."""

from __future__ import annotations

from recommendations.job_models import user_id_digest
from recommendations.models import DeletedUser

DELETED_USER_MESSAGE = (
    "userId {user_id!r} was deleted by a data deletion job: it is unknown here, gets no recommendations "
    "and its events are refused"
)


def user_deleted(*, user_id: str) -> bool:
    """Whether this userId was deleted (its tombstone, a hash of the id, is all that is kept of it)."""
    return DeletedUser.objects.filter(digest=user_id_digest(user_id)).exists()
