"""Which version serves: publish (promote) and roll back, each one atomic switch."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from recommendations.artifacts import live_cache_invalidate
from recommendations.defaults import DEFAULT_FILTERS, DEFAULT_RECOMMENDERS
from recommendations.models import Filter, ModelVersion, Recommender


class VersionNotPublishable(Exception):
    pass


def model_version_publish(*, version: ModelVersion) -> ModelVersion:
    """Make ``version`` the live one of its recommender; the previous live one becomes ready.

    Both updates happen in one transaction, so readers see either the old or the new
    version live, never none; the partial unique constraint forbids two.
    """
    if version.status not in (ModelVersion.Status.READY, ModelVersion.Status.LIVE) or not version.artifact:
        raise VersionNotPublishable(f"{version} is {version.status} and cannot go live")
    with transaction.atomic():
        # Serialise concurrent publishes of one recommender (a no-op on SQLite, which locks the database).
        list(ModelVersion.objects.select_for_update().filter(recommender_id=version.recommender_id).values_list("pk"))
        ModelVersion.objects.filter(recommender_id=version.recommender_id, status=ModelVersion.Status.LIVE).exclude(
            pk=version.pk
        ).update(status=ModelVersion.Status.READY)
        ModelVersion.objects.filter(pk=version.pk).update(status=ModelVersion.Status.LIVE, published_at=timezone.now())
        transaction.on_commit(live_cache_invalidate)
    version.refresh_from_db()
    return version


def model_version_rollback(*, recommender_id: int) -> ModelVersion:
    """Put back the version that was live before the current one."""
    current = ModelVersion.objects.filter(recommender_id=recommender_id, status=ModelVersion.Status.LIVE).first()
    previous = (
        ModelVersion.objects.filter(
            recommender_id=recommender_id, status=ModelVersion.Status.READY, published_at__isnull=False
        )
        .exclude(pk=getattr(current, "pk", None))
        .order_by("-published_at")
        .first()
    )
    if previous is None:
        raise VersionNotPublishable("no earlier published version to roll back to")
    return model_version_publish(version=previous)


def model_version_metric_set(*, version: ModelVersion, name: str, value: object) -> ModelVersion:
    """Store one more figure about a version (JSON), e.g. a check another app ran on its model."""
    version.metrics = {**(version.metrics or {}), name: value}
    if version.pk:
        ModelVersion.objects.filter(pk=version.pk).update(metrics=version.metrics)
    return version


def model_versions_unpublish_all() -> int:
    """Take every version off the air (the catalogue they index is gone); rows fall back until a retrain."""
    count = ModelVersion.objects.filter(status=ModelVersion.Status.LIVE).update(status=ModelVersion.Status.READY)
    transaction.on_commit(live_cache_invalidate)
    return count


def recommenders_ensure_defaults() -> int:
    """Create any missing default recommender (a fresh or flushed database); returns how many."""
    created = 0
    for spec in DEFAULT_RECOMMENDERS:
        _, was_created = Recommender.objects.get_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
        created += was_created
    return created


def filters_ensure_defaults() -> int:
    """Create any missing filter the storefront uses (a fresh or flushed database); returns how many.

    A filter staff edited is left as it is: only a missing name is written.
    """
    created = 0
    for spec in DEFAULT_FILTERS:
        _, was_created = Filter.objects.get_or_create(name=spec["name"], defaults=spec)
        created += was_created
    return created
