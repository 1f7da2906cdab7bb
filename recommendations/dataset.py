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


class _Log:
    """Compact per-event arrays, 4 + 4 + 1 + 8 bytes an event, allocated once for ``capacity``
    events and filled chunk by chunk (joining chunks at the end would hold every event twice)."""

    def __init__(self, product_ids: np.ndarray, capacity: int) -> None:
        self.product_ids = product_ids
        self.owners = np.empty(capacity, dtype=np.int32)
        self.items = np.empty(capacity, dtype=np.int32)
        self.codes = np.empty(capacity, dtype=np.int8)
        self.stamps = np.empty(capacity, dtype=np.float64)
        self.size = 0

    def add(self, owners: np.ndarray, products: np.ndarray, codes: np.ndarray, stamps: np.ndarray) -> None:
        if not len(self.product_ids):
            return
        item_idx = np.clip(np.searchsorted(self.product_ids, products), 0, len(self.product_ids) - 1)
        # Events of a product created after the catalogue was read are dropped, never mapped onto
        # its neighbour.
        keep = (codes >= 0) & (self.product_ids[item_idx] == products)
        if owners.size and int(owners.max()) > np.iinfo(self.owners.dtype).max:
            # Shopper ids are kept in four bytes (a quarter of the log's memory); say so, never wrap.
            raise ValueError(f"shopper id {int(owners.max())} is beyond the 2**31 the training log keeps")
        n = int(keep.sum())
        end = self.size + n
        if end > self.owners.size:  # rows the count did not see (a row's id changed meanwhile)
            for name in ("owners", "items", "codes", "stamps"):
                setattr(self, name, np.resize(getattr(self, name), max(end, 2 * self.owners.size)))
        self.owners[self.size : end] = owners[keep]
        self.items[self.size : end] = item_idx[keep]
        self.codes[self.size : end] = codes[keep]
        self.stamps[self.size : end] = stamps[keep]
        self.size = end

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        n = self.size
        return self.owners[:n], self.items[:n], self.codes[:n], self.stamps[:n]


def _log_bounds(table: str, where: str) -> tuple[int, int, int]:
    """(rows, lowest id, highest id) of the log's rows matching ``where``: the reads below stop at
    that highest id, so events recorded while the log is read wait for the next training."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), min(id), max(id) FROM {table} WHERE {where}")  # noqa: S608 - no user input
        count, low, high = cursor.fetchone()
    return int(count), int(low or 0), int(high or -1)


def _shopper_events_packed(table: str, low: int, high: int, log: _Log) -> None:
    """PostgreSQL: each range of ids comes back as one row of four packed big-endian arrays
    (``string_agg`` of ``int8send`` and friends), so a million events cost a handful of messages
    and ``np.frombuffer`` calls instead of a Python object, or a COPY message, per event. The four
    aggregates of one query see the rows in the same order, so their arrays line up."""
    packed = ", ".join(
        f"string_agg({send}({column}), ''::bytea)"
        for send, column in (
            # Eight bytes: ids are bigint, and an import may create products with large ids of its own.
            ("int8send", "user_id"),
            ("int8send", "product_id"),
            ("int2send", f"({_code_sql()})::int2"),
            ("float8send", _epoch_sql("timestamp")),
        )
    )
    sql = f"SELECT {packed} FROM {table} WHERE user_id IS NOT NULL AND id >= %s AND id < %s"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(low, high + 1, CHUNK_ROWS):
            cursor.execute(sql, [start, min(start + CHUNK_ROWS, high + 1)])
            users, products, codes, stamps = cursor.fetchone()
            if users is None:
                continue
            log.add(
                np.frombuffer(users, dtype=">i8"),
                np.frombuffer(products, dtype=">i8").astype(np.int64),
                np.frombuffer(codes, dtype=">i2"),
                np.frombuffer(stamps, dtype=">f8"),
            )


def _shopper_events_fetch(table: str, high: int, log: _Log) -> None:
    """Any other database: the rows fetched a chunk at a time, each chunk one float64 array."""
    columns = f"user_id, product_id, {_code_sql()}, {_epoch_sql('timestamp')}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE user_id IS NOT NULL AND id <= %s", [high])  # noqa: S608
        while rows := cursor.fetchmany(CHUNK_ROWS):
            values = np.array(rows, dtype=np.float64)
            log.add(values[:, 0], values[:, 1].astype(np.int64), values[:, 2].astype(np.int16), values[:, 3])


def _visitor_events(sql: str, chunks: _Log) -> list[str]:
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

    Shoppers' events come as integers only (user, product, event code, epoch seconds), packed by
    PostgreSQL into a few arrays per hundred thousand events, into arrays allocated once for the
    counted rows: about 17 bytes an event in memory instead of a tuple and a string key; the few
    anonymous visitors are read apart, by their string ids. Users are numbered shoppers first (by
    id), then visitors.
    """
    table = Interaction._meta.db_table
    # The catalogue first: a product created while the log is read has no column yet.
    product_ids = np.array(sorted(Product.objects.values_list("id", flat=True)), dtype=np.int64)
    count, low, high = _log_bounds(table, "user_id IS NOT NULL")
    shoppers = _Log(product_ids, count)
    if connection.vendor == "postgresql":
        _shopper_events_packed(table, low, high, shoppers)
    else:
        _shopper_events_fetch(table, high, shoppers)
    visitor_count, _, visitor_high = _log_bounds(table, "user_id IS NULL")
    visitors = _Log(product_ids, visitor_count)
    columns = f"product_id, {_code_sql()}, {_epoch_sql('timestamp')}"
    visitor_ids = _visitor_events(
        f"SELECT visitor_id, {columns} FROM {table} WHERE user_id IS NULL AND id <= {visitor_high}",  # noqa: S608
        visitors,
    )

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
