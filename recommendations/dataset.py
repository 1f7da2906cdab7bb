"""Reads the interaction log into the integer-indexed arrays the engine works on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import connection

from recommendations.models import EventType, Interaction
from shop.models import Product

# Event types as small integers so the arrays stay compact.
EVENT_CODES: dict[str, int] = {value: code for code, value in enumerate(EventType.values)}


@dataclass(frozen=True)
class InteractionData:
    """Every event, indexed: ``user_idx``/``item_idx`` point into ``user_keys``/``product_ids``."""

    user_idx: np.ndarray  # int32
    item_idx: np.ndarray  # int32
    event_code: np.ndarray  # int8, see EVENT_CODES
    timestamps: np.ndarray  # float64 unix seconds
    user_keys: np.ndarray  # "u<user id>" or "v<visitor id>"
    product_ids: np.ndarray  # int64, sorted

    @property
    def n_users(self) -> int:
        return len(self.user_keys)

    @property
    def n_items(self) -> int:
        return len(self.product_ids)

    def __len__(self) -> int:
        return len(self.user_idx)

    def weights_for(self, event_weights: dict[str, float]) -> np.ndarray:
        """Per-event weight; event types absent from ``event_weights`` weigh 0."""
        table = np.zeros(len(EVENT_CODES), dtype=np.float32)
        for name, weight in event_weights.items():
            if name in EVENT_CODES:
                table[EVENT_CODES[name]] = float(weight)
        return table[self.event_code]


def _epoch_sql(column: str) -> str:
    # Epoch seconds computed in the database: converting 675k datetimes in Python costs seconds.
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM {column})::float8"
    if connection.vendor == "sqlite":
        return f"(julianday({column}) - 2440587.5) * 86400.0"
    raise NotImplementedError(f"unsupported database vendor {connection.vendor}")


def interaction_data_load() -> InteractionData:
    """All interactions as arrays, with every product in the catalogue as an item."""
    table = Interaction._meta.db_table
    sql = (
        f"SELECT user_id, visitor_id, product_id, event_type, {_epoch_sql('timestamp')} "  # noqa: S608 - no user input
        f"FROM {table}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    product_ids = np.array(sorted(Product.objects.values_list("id", flat=True)), dtype=np.int64)
    if not rows:
        empty = np.zeros(0, dtype=np.int32)
        return InteractionData(
            empty, empty, empty.astype(np.int8), empty.astype(np.float64), np.array([], dtype=object), product_ids
        )
    frame = pd.DataFrame(rows, columns=["user_id", "visitor_id", "product_id", "event_type", "ts"])
    user_key = np.where(
        frame["user_id"].notna(),
        "u" + frame["user_id"].astype("Int64").astype(str),
        "v" + frame["visitor_id"].astype(str),
    )
    user_idx, user_keys = pd.factorize(user_key, sort=False)
    event_products = frame["product_id"].to_numpy(dtype=np.int64)
    item_idx = np.clip(np.searchsorted(product_ids, event_products), 0, max(len(product_ids) - 1, 0))
    codes = frame["event_type"].map(EVENT_CODES).fillna(-1).to_numpy(dtype=np.int16)
    # The two reads are not one snapshot: events of a product deleted in between are dropped,
    # never mapped onto its neighbour.
    keep = (codes >= 0) & (product_ids[item_idx] == event_products) if len(product_ids) else codes < -1
    return InteractionData(
        user_idx=user_idx[keep].astype(np.int32),
        item_idx=item_idx[keep].astype(np.int32),
        event_code=codes[keep].astype(np.int8),
        timestamps=frame["ts"].to_numpy(dtype=np.float64)[keep],
        user_keys=np.asarray(user_keys, dtype=object),
        product_ids=product_ids,
    )
