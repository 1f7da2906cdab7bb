"""The datasets' schemas as stored in the admin (or the defaults), kept per process.

Filters read the item and user schemas on every request, so a process keeps the parsed schemas
and checks them with one cheap query at most every ``SCHEMAS_CHECK_SECONDS``.
"""

from __future__ import annotations

import threading
import time

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from recommendations.models import DatasetSchema as StoredSchema
from recommendations.schemas import DATASETS, DatasetSchema, SchemaError, default_schema, schema_parse

SCHEMAS_CHECK_SECONDS = 2.0

_lock = threading.Lock()
_state: dict[str, object] = {"schemas": None, "stamp": None, "checked": 0.0}


def _load() -> dict[str, DatasetSchema]:
    schemas = {name: default_schema(name) for name in DATASETS}
    for row in StoredSchema.objects.all():
        try:
            schemas[row.dataset] = schema_parse(row.dataset, row.schema)
        except SchemaError:
            # Saved past the admin's validation (a shell, a fixture): the default keeps serving.
            continue
    return schemas


def dataset_schemas() -> dict[str, DatasetSchema]:
    """Every dataset's schema by name ("interactions", "items", "users")."""
    now = time.monotonic()
    if _state["schemas"] is not None and now - float(_state["checked"]) < SCHEMAS_CHECK_SECONDS:
        return _state["schemas"]  # type: ignore[return-value]
    with _lock:
        figures = StoredSchema.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
        stamp = (figures["n"], figures["changed"])
        if _state["schemas"] is None or stamp != _state["stamp"]:
            _state["schemas"] = _load()
            _state["stamp"] = stamp
        _state["checked"] = time.monotonic()
        return _state["schemas"]  # type: ignore[return-value]


def dataset_schema(dataset: str) -> DatasetSchema:
    return dataset_schemas()[dataset]


def dataset_schemas_invalidate() -> None:
    with _lock:
        _state["schemas"] = None
        _state["checked"] = 0.0


@receiver([post_save, post_delete], sender=StoredSchema, dispatch_uid="dataset-schema-changed")
def _schema_changed(**kwargs: object) -> None:
    dataset_schemas_invalidate()
