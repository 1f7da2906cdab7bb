"""The catalogue as an engine ``ItemTable``, kept in each process and rebuilt when products change.

Filters, promotions, exploration and content similarity all read item attributes per request;
one table per process makes that a numpy operation instead of a query per row.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from recommendations.engine.catalogue import ItemTable
from recommendations.schemas import ITEM_COLUMNS, DatasetSchema, SchemaField
from recommendations.selectors.datasets import dataset_schema
from shop.models import Category, Product

# How long a process trusts its table before one cheap query (count and latest change) checks it:
# a product saved in another process (an admin worker) is served within this many seconds.
CATALOGUE_CHECK_SECONDS = 2.0

# Personalize's retail schema names, answered beside the shop's own.
ALIASES = {"CATEGORY_L1": "CATEGORY", "CATEGORY_L2": "STYLE", "GENDER": "GENDER_AFFINITY"}

T = TypeVar("T")

_lock = threading.Lock()
_state: dict[str, object] = {"table": None, "stamp": None, "checked": 0.0}


def _stamp() -> tuple[int, object, DatasetSchema]:
    figures = Product.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    # The schema compares by value: an edit of the items schema (in any process) rebuilds the table.
    return figures["n"], figures["changed"], dataset_schema("items")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _metadata_value(field: SchemaField, value: object) -> object:
    if field.type == "boolean":
        return None if value is None else _flag(bool(value))
    return value


def _metadata_columns(
    schema: DatasetSchema, metadata: list[dict]
) -> tuple[dict[str, list], dict[str, list], list[str], list[str]]:
    """The items schema's own fields (beyond Product's columns) from each product's metadata:
    categorical columns (strings and booleans), numeric ones, extra text per item, and the names
    content similarity compares on."""
    categorical: dict[str, list] = {}
    numeric: dict[str, list] = {}
    texts = [""] * len(metadata)
    content: list[str] = []
    for field in schema.metadata:
        if field.key in ITEM_COLUMNS:
            continue
        values = [(m or {}).get(field.key) for m in metadata]
        if field.textual:
            texts = [f"{text} {value}" if value else text for text, value in zip(texts, values, strict=True)]
        elif field.numeric:
            numeric[field.key] = [value if isinstance(value, int | float) else None for value in values]
        else:
            categorical[field.key] = [_metadata_value(field, value) for value in values]
            if field.categorical:
                content.append(field.key)
    return categorical, numeric, texts, content


def _build() -> ItemTable:
    schema = dataset_schema("items")
    rows = list(
        Product.objects.values_list(
            "id",
            "category_id",
            "category__slug",
            "category__department",
            "style",
            "gender_affinity",
            "promoted",
            "featured",
            "price",
            "compare_at_price",
            "stock",
            "created_at",
            "name",
            "description",
            "metadata",
        )
    )
    ids = [row[0] for row in rows]
    extra_categorical, extra_numeric, extra_texts, content = _metadata_columns(schema, [row[14] for row in rows])
    return ItemTable.of(
        ids,
        categorical={
            "CATEGORY": [row[2] for row in rows],
            "DEPARTMENT": [row[3] or row[2] for row in rows],
            "STYLE": [row[4] for row in rows],
            "GENDER_AFFINITY": [row[5] for row in rows],
            "PROMOTED": [_flag(row[6]) for row in rows],
            "FEATURED": [_flag(row[7]) for row in rows],
            "ON_SALE": [_flag(row[9] is not None and row[9] > row[8]) for row in rows],
            **extra_categorical,
        },
        numeric={
            "CATEGORY_ID": [row[1] for row in rows],
            "PRICE": [row[8] for row in rows],
            "STOCK": [row[10] for row in rows],
            "CREATION_TIMESTAMP": [row[11].timestamp() for row in rows],
            **extra_numeric,
        },
        texts=[f"{row[12]}. {row[13]}{extra}" for row, extra in zip(rows, extra_texts, strict=True)],
        aliases=ALIASES,
        content_fields=content,
    )


def item_table() -> ItemTable:
    """Every product's attributes, as of at most ``CATALOGUE_CHECK_SECONDS`` ago."""
    now = time.monotonic()
    table = _state["table"]
    if table is not None and now - float(_state["checked"]) < CATALOGUE_CHECK_SECONDS:
        return table  # type: ignore[return-value]
    with _lock:
        stamp = _stamp()
        if _state["table"] is None or stamp != _state["stamp"]:
            _state["table"] = _build()
            _state["stamp"] = stamp
        _state["checked"] = time.monotonic()
        return _state["table"]  # type: ignore[return-value]


class TableCache:
    """Values derived from one catalogue table (a model's aligned columns, its facts, a filter's
    answer), each kept only while its table is current: a new table drops the older entries, so
    ids of freed tables, which Python reuses, never match a stale entry. ``max_entries`` bounds a
    cache whose keys callers choose (lists of products): past it the oldest entry goes."""

    def __init__(self, max_entries: int | None = None) -> None:
        self._entries: dict[Hashable, tuple[object, object]] = {}
        self._lock = threading.Lock()
        self._max_entries = max_entries

    def get(self, key: Hashable, table: object, build: Callable[[], T]) -> T:
        entry = self._entries.get(key)
        if entry is not None and entry[0] is table:
            return entry[1]  # type: ignore[return-value]
        value = build()
        with self._lock:
            for stale in [k for k, (source, _) in self._entries.items() if source is not table]:
                del self._entries[stale]
            self._entries[key] = (table, value)
            while self._max_entries is not None and len(self._entries) > self._max_entries:
                del self._entries[next(iter(self._entries))]
        return value


def item_table_for(product_ids: np.ndarray) -> ItemTable:
    """The table's rows for a model's item index (sorted product ids), empty for ids gone since."""
    return item_table().aligned(product_ids)


def item_table_invalidate() -> None:
    with _lock:
        _state["table"] = None
        _state["checked"] = 0.0


@receiver([post_save, post_delete], sender=Product, dispatch_uid="catalogue-product-changed")
@receiver([post_save, post_delete], sender=Category, dispatch_uid="catalogue-category-changed")
def _catalogue_changed(**kwargs: object) -> None:
    # This process sees its own edits at once; others within CATALOGUE_CHECK_SECONDS.
    item_table_invalidate()
