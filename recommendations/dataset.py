"""Reads the interaction log into the integer-indexed arrays the engine works on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
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


def _code_sql() -> str:
    # The event type as its small code, in the database: no string per event ever reaches Python.
    cases = " ".join(f"WHEN '{name}' THEN {code}" for name, code in EVENT_CODES.items())
    return f"CASE event_type {cases} ELSE -1 END"


# Rows converted at a time: bounds the Python objects (SQLite) or bytes (PostgreSQL) held
# besides the compact arrays to a few MB whatever the log's size.
CHUNK_ROWS = 100_000

# PostgreSQL's binary COPY of (user_id int4, product_id int4, code int2, epoch float8): every
# row is a field count and four length-prefixed big-endian values, 36 bytes, none ever NULL.
_COPY_ROW = np.dtype(
    [("n", ">i2"), ("l1", ">i4"), ("user", ">i4"), ("l2", ">i4"), ("product", ">i4"), ("l3", ">i4"),
     ("code", ">i2"), ("l4", ">i4"), ("ts", ">f8")]
)  # fmt: skip
_COPY_HEADER = 19  # signature (11), flags (4), header extension length (4, zero)
_COPY_TRAILER = b"\xff\xff"


class _Chunks:
    """Compact per-event arrays collected chunk by chunk: 4 + 4 + 1 + 8 bytes an event."""

    def __init__(self, product_ids: np.ndarray) -> None:
        self.product_ids = product_ids
        self.owners: list[np.ndarray] = []
        self.items: list[np.ndarray] = []
        self.codes: list[np.ndarray] = []
        self.stamps: list[np.ndarray] = []

    def add(self, owners: np.ndarray, products: np.ndarray, codes: np.ndarray, stamps: np.ndarray) -> None:
        if not len(self.product_ids):
            return
        item_idx = np.clip(np.searchsorted(self.product_ids, products), 0, len(self.product_ids) - 1)
        # Events of a product created after the catalogue was read are dropped, never mapped onto
        # its neighbour.
        keep = (codes >= 0) & (self.product_ids[item_idx] == products)
        self.owners.append(np.asarray(owners[keep], dtype=np.int32))
        self.items.append(item_idx[keep].astype(np.int32))
        self.codes.append(codes[keep].astype(np.int8))
        self.stamps.append(np.asarray(stamps[keep], dtype=np.float64))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        return (
            joined(self.owners, np.int32),
            joined(self.items, np.int32),
            joined(self.codes, np.int8),
            joined(self.stamps, np.float64),
        )


def _shopper_events_copy(sql: str, chunks: _Chunks) -> None:
    """PostgreSQL: the query's rows as a binary COPY stream, parsed by numpy a few MB at a time."""
    pending = bytearray()
    header_seen = False
    block = CHUNK_ROWS * _COPY_ROW.itemsize

    def parse() -> None:
        # Whole rows only: a row cut by the block's end, or the 2-byte trailer, waits.
        rows = len(pending) // _COPY_ROW.itemsize
        if not rows:
            return
        values = np.frombuffer(bytes(pending[: rows * _COPY_ROW.itemsize]), dtype=_COPY_ROW)
        del pending[: rows * _COPY_ROW.itemsize]
        chunks.add(values["user"], values["product"].astype(np.int64), values["code"], values["ts"])

    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)") as copy:
        for data in copy:
            pending += data
            if not header_seen and len(pending) >= _COPY_HEADER:
                del pending[:_COPY_HEADER]
                header_seen = True
            if header_seen and len(pending) >= block:
                parse()
    if pending.endswith(_COPY_TRAILER):
        del pending[-len(_COPY_TRAILER) :]
    parse()
    if pending:
        raise ValueError(f"unexpected {len(pending)} bytes at the end of the interaction log's COPY stream")


def _shopper_events_fetch(sql: str, chunks: _Chunks) -> None:
    """Any other database: the rows fetched a chunk at a time, each chunk one float64 array."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(CHUNK_ROWS):
            values = np.array(rows, dtype=np.float64)
            chunks.add(values[:, 0], values[:, 1].astype(np.int64), values[:, 2].astype(np.int16), values[:, 3])


def _visitor_events(sql: str, chunks: _Chunks) -> list[str]:
    """Anonymous visitors' events, their string ids numbered in order of first appearance."""
    numbers: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(CHUNK_ROWS):
            owners = np.fromiter((numbers.setdefault(row[0], len(numbers)) for row in rows), np.int32, len(rows))
            values = np.array([row[1:] for row in rows], dtype=np.float64)
            chunks.add(owners, values[:, 0].astype(np.int64), values[:, 1].astype(np.int16), values[:, 2])
    return list(numbers)


def interaction_data_load() -> InteractionData:
    """All interactions as arrays, with every product in the catalogue as an item.

    Shoppers' events come as integers only (user, product, event code, epoch seconds), through a
    binary COPY on PostgreSQL, so the log costs about 17 bytes an event in memory (34 at the
    peak, while the chunks are joined) instead of a tuple and a string key per event; the few
    anonymous visitors are read apart, by their string ids. Users are numbered shoppers first (by
    id), then visitors.
    """
    table = Interaction._meta.db_table
    # The catalogue first: a product created while the log is read has no column yet.
    product_ids = np.array(sorted(Product.objects.values_list("id", flat=True)), dtype=np.int64)
    columns = f"product_id, {_code_sql()}, {_epoch_sql('timestamp')}"
    shoppers = _Chunks(product_ids)
    if connection.vendor == "postgresql":
        shopper_sql = f"SELECT user_id::int4, product_id::int4, ({_code_sql()})::int2, {_epoch_sql('timestamp')} "
        _shopper_events_copy(shopper_sql + f"FROM {table} WHERE user_id IS NOT NULL", shoppers)
    else:
        _shopper_events_fetch(f"SELECT user_id, {columns} FROM {table} WHERE user_id IS NOT NULL", shoppers)  # noqa: S608
    visitors = _Chunks(product_ids)
    visitor_ids = _visitor_events(f"SELECT visitor_id, {columns} FROM {table} WHERE user_id IS NULL", visitors)  # noqa: S608

    user_ids, shopper_items, shopper_codes, shopper_stamps = shoppers.arrays()
    visitor_idx, visitor_items, visitor_codes, visitor_stamps = visitors.arrays()
    # A dense lookup over user ids (auto-increment integers) numbers the shoppers without a sort.
    present = np.zeros(int(user_ids.max()) + 1 if user_ids.size else 0, dtype=bool)
    present[user_ids] = True
    lookup = np.cumsum(present, dtype=np.int32) - 1
    np.take(lookup, user_ids, out=user_ids)
    n_shoppers = int(present.sum())
    shopper_keys = [f"u{pk}" for pk in np.flatnonzero(present)]
    visitor_idx += np.int32(n_shoppers)
    # Only visitors with a kept event are users.
    visitor_keys = [f"v{vid}" for vid in visitor_ids]
    if visitor_idx.size:
        seen = np.unique(visitor_idx - n_shoppers)
        renumber = np.full(len(visitor_keys), -1, dtype=np.int32)
        renumber[seen] = np.arange(seen.size, dtype=np.int32) + n_shoppers
        visitor_idx = renumber[visitor_idx - n_shoppers]
        visitor_keys = [visitor_keys[i] for i in seen]
    else:
        visitor_keys = []
    return InteractionData(
        user_idx=np.concatenate([user_ids, visitor_idx]),
        item_idx=np.concatenate([shopper_items, visitor_items]),
        event_code=np.concatenate([shopper_codes, visitor_codes]),
        timestamps=np.concatenate([shopper_stamps, visitor_stamps]),
        user_keys=np.array(shopper_keys + visitor_keys, dtype=object),
        product_ids=product_ids,
    )
