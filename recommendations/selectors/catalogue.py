"""The catalogue as an engine ``ItemTable``, kept in each process and rebuilt when products change.

Filters, promotions, exploration and content similarity all read item attributes per request;
one table per process makes that a numpy operation instead of a query per row.
"""

from __future__ import annotations

import threading
import time

import numpy as np
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from recommendations.engine.catalogue import ItemTable
from shop.models import Category, Product

# How long a process trusts its table before one cheap query (count and latest change) checks it:
# a product saved in another process (an admin worker) is served within this many seconds.
CATALOGUE_CHECK_SECONDS = 2.0

# Personalize's retail schema names, answered beside the shop's own.
ALIASES = {"CATEGORY_L1": "CATEGORY", "CATEGORY_L2": "STYLE", "GENDER": "GENDER_AFFINITY"}

_lock = threading.Lock()
_state: dict[str, object] = {"table": None, "stamp": None, "checked": 0.0}


def _stamp() -> tuple[int, object]:
    figures = Product.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    return figures["n"], figures["changed"]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _build() -> ItemTable:
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
        )
    )
    ids = [row[0] for row in rows]
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
        },
        numeric={
            "CATEGORY_ID": [row[1] for row in rows],
            "PRICE": [row[8] for row in rows],
            "STOCK": [row[10] for row in rows],
            "CREATION_TIMESTAMP": [row[11].timestamp() for row in rows],
        },
        texts=[f"{row[12]}. {row[13]}" for row in rows],
        aliases=ALIASES,
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
