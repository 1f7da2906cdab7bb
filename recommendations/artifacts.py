"""Model artifacts on Django's storage, and the per-process cache of live models."""

from __future__ import annotations

import io
import logging
import threading
import time
import zipfile
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile

from recommendations import engine
from recommendations.models import ModelVersion
from recommendations.recipes import Recipe, UnknownRecipe, engine_classes, recipe_get

logger = logging.getLogger(__name__)

LIVE_IDS_CACHE_KEY = "recommendations:live-version-ids"
# After a version fails to load, this process waits this long before reading its file again.
LOAD_RETRY_SECONDS = 60.0
# What a missing, truncated, corrupt or foreign artifact raises while it is read; anything else is a bug.
ARTIFACT_ERRORS = (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile, engine.ModelFormatError)


@dataclass(frozen=True)
class LoadedModel:
    version_id: int
    recommender: str
    recipe: str
    model: Any
    product_ids: np.ndarray  # item index -> product id, sorted
    event_weights: dict[str, float]
    params: dict[str, Any]

    @property
    def spec(self) -> Recipe:
        return recipe_get(self.recipe)

    @classmethod
    def of(cls, *, version: ModelVersion, model: Any, product_ids: np.ndarray) -> LoadedModel:
        """A version's model ready to serve (from its artifact, or fresh from training)."""
        return cls(
            version_id=version.pk,
            recommender=version.recommender.slug,
            recipe=version.recipe or version.recommender.recipe,
            model=model,
            product_ids=np.asarray(product_ids, dtype=np.int64),
            event_weights=dict(version.event_weights),
            params=dict(version.params),
        )

    def item_lookup(self, product_ids: list[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(item index per product, mask of the products the model knows)."""
        ids = np.asarray(product_ids, dtype=np.int64)
        if ids.size == 0 or len(self.product_ids) == 0:
            return np.zeros(ids.size, dtype=np.int64), np.zeros(ids.size, dtype=bool)
        pos = np.clip(np.searchsorted(self.product_ids, ids), 0, len(self.product_ids) - 1)
        return pos, self.product_ids[pos] == ids

    def item_index(self, product_ids: list[int] | np.ndarray) -> np.ndarray:
        """Indices of the products the model knows; unknown ones are dropped."""
        pos, known = self.item_lookup(product_ids)
        return pos[known]


def artifact_save(*, version: ModelVersion, model: Any, product_ids: np.ndarray) -> None:
    buffer = io.BytesIO()
    np.savez(
        buffer,
        model=np.frombuffer(engine.save_model(model), dtype=np.uint8),
        product_ids=np.asarray(product_ids, dtype=np.int64),
    )
    name = f"{version.recommender.slug}/v{version.pk}.npz"
    version.artifact.save(name, ContentFile(buffer.getvalue()), save=False)


def artifact_load(version: ModelVersion) -> LoadedModel:
    """Raises one of ``ARTIFACT_ERRORS`` (or ``UnknownRecipe``) when the artifact cannot serve."""
    recipe_get(version.recipe or version.recommender.recipe)  # an unregistered recipe cannot serve
    with version.artifact.open("rb") as handle:
        arrays = np.load(io.BytesIO(handle.read()), allow_pickle=False)
        model = engine.load_model(arrays["model"].tobytes(), classes=engine_classes())
        product_ids = arrays["product_ids"]
    if model.n_items != len(product_ids):
        raise engine.ModelFormatError(f"the model has {model.n_items} items but the artifact lists {len(product_ids)}")
    return LoadedModel.of(version=version, model=model, product_ids=product_ids)


# Keyed by (version id, artifact name): a database that reuses ids (SQLite after a reset or a
# rolled-back transaction) must not get an older model served under a new version's id.
_loaded: dict[tuple[int, str], LoadedModel] = {}
_lock = threading.Lock()


def live_versions() -> dict[str, tuple[int, str]]:
    """{recommender slug: (live version id, artifact name)}, trusted for RECOMMENDATIONS_LIVE_CHECK_SECONDS.

    The database is the source of truth; the short cache keeps a query off every
    request, and publishing deletes the key so every process sees the switch at once
    when the cache is shared (Redis).
    """
    live = cache.get(LIVE_IDS_CACHE_KEY)
    if live is None:
        live = {
            slug: (pk, artifact)
            for slug, pk, artifact in ModelVersion.objects.filter(status=ModelVersion.Status.LIVE).values_list(
                "recommender__slug", "id", "artifact"
            )
        }
        ttl = settings.RECOMMENDATIONS_LIVE_CHECK_SECONDS
        if ttl > 0:
            cache.set(LIVE_IDS_CACHE_KEY, live, ttl)
    return live


# (version id, artifact name) -> (monotonic time of the failure, what went wrong)
_failed: dict[tuple[int, str], tuple[float, str]] = {}


def live_model(recommender: str) -> LoadedModel | None:
    """The live model of a recommender, loaded once per process per version.

    None when nothing is live or the live artifact cannot be read; a failed load is logged once
    with the recommender and version, and retried only after ``LOAD_RETRY_SECONDS``.
    """
    key = live_versions().get(recommender)
    if key is None:
        return None
    return _model_for(
        key,
        lambda: ModelVersion.objects.select_related("recommender").filter(pk=key[0], artifact=key[1]).first(),
        live=lambda: set(live_versions().values()),
    )


def model_version_load_problem(version: ModelVersion) -> str | None:
    """Why this process cannot serve ``version`` (None: it can), loading it if need be.

    For staff screens that already hold the version (with its recommender): no query of its own.
    """
    key = (version.pk, version.artifact.name)
    # Evicts nothing: the caller does not know what else is live.
    loaded = _model_for(key, lambda: version, live=lambda: set(_loaded))
    return None if loaded is not None else (_failed.get(key) or (0, "no artifact"))[1]


def _model_for(key: tuple[int, str], version_of, live) -> LoadedModel | None:
    """The model of the version ``key`` names, from this process's cache or its artifact;
    ``live()`` says which cached models are still worth keeping once another is loaded."""
    loaded = _loaded.get(key)
    if loaded is not None:
        return loaded
    failure = _failed.get(key)
    if failure is not None and time.monotonic() - failure[0] < LOAD_RETRY_SECONDS:
        return None
    with _lock:
        loaded = _loaded.get(key)
        if loaded is None:
            version = version_of()
            if version is None or not version.artifact:
                return None
            try:
                loaded = artifact_load(version)
            except (*ARTIFACT_ERRORS, UnknownRecipe) as exc:
                _failed[key] = (time.monotonic(), f"{type(exc).__name__}: {exc}")
                logger.error(
                    "%s v%s cannot be loaded from %s: %s", version.recommender.slug, key[0], key[1], _failed[key][1]
                )
                return None
            _failed.pop(key, None)
            # Keep only what is live now, so retired versions are freed.
            keep = live() | {key}
            for stale in [k for k in _loaded if k not in keep]:
                del _loaded[stale]
            _loaded[key] = loaded
    return loaded


def live_model_problem(recommender: str) -> str | None:
    """Why the recommender's live version is not serving in this process (None: it is, or none is live)."""
    key = live_versions().get(recommender)
    failure = _failed.get(key) if key is not None else None
    return None if failure is None else failure[1]


def live_cache_invalidate() -> None:
    cache.delete(LIVE_IDS_CACHE_KEY)
