"""Many shoppers' histories read as integer arrays (``Histories``), a query per
``HISTORIES_PER_QUERY`` shoppers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
from django.db import connection

from recommendations.models import Interaction
from recommendations.selectors.history.events import EVENT_CODES, HISTORY_LIMIT, Histories, HistoryEvent

# User ids per history query of a batch: well within SQLite's limit on a statement's parameters.
HISTORIES_PER_QUERY = 2000


def user_history_arrays(*, user_ids: Sequence[int]) -> Histories:
    """``user_history`` of each of ``user_ids`` (in that order; an unknown id has none), read as
    integer arrays in one query per ``HISTORIES_PER_QUERY`` shoppers.

    The database packs each query's rows into a few aggregates (PostgreSQL: binary arrays,
    SQLite: comma-separated integers) that numpy parses in one call: fetching 675,000 rows as
    tuples, strings and datetimes cost more than everything the batch then computes. The newest
    ``HISTORY_LIMIT`` of each shopper are kept, ordered as ``user_history`` orders them.
    """
    ids = np.asarray(list(user_ids), dtype=np.int64)
    vendor = connection.vendor
    if vendor == "postgresql":
        parts = [_packed_postgresql(part) for part in _parts(ids)]
    elif vendor == "sqlite":
        parts = [_packed_sqlite(part) for part in _parts(ids)]
    else:
        orm = _user_histories_orm({int(uid): [] for uid in ids})
        return Histories.of([orm[int(uid)] for uid in ids])
    columns = [np.concatenate(c) for c in zip(*parts, strict=True)] if parts else [np.empty(0, np.int64)] * 5
    users, event_ids, products, codes, micros = columns
    known = codes >= 0  # every stored type is one of EventType's; anything else is not an event here
    users, event_ids, products, codes, micros = (c[known] for c in (users, event_ids, products, codes, micros))
    # Per distinct shopper, newest first (user_history's order: timestamp, then id, descending).
    unique = np.unique(ids)
    owner = np.searchsorted(unique, users)
    order = _newest_first(owner, micros, event_ids)
    owner = owner[order]
    counts = np.bincount(owner, minlength=unique.size)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    # Then each asked id's newest HISTORY_LIMIT, in the asked order (a repeated id gets them again).
    asked = np.searchsorted(unique, ids)
    kept = np.minimum(counts[asked], HISTORY_LIMIT) if ids.size else np.zeros(0, dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(kept)]).astype(np.int64)
    within = np.arange(offsets[-1]) - np.repeat(offsets[:-1], kept)
    order = order[np.repeat(starts[asked] if ids.size else starts[:0], kept) + within]
    return Histories(
        offsets,
        products[order],
        codes[order].astype(np.int8),
        # Microseconds over 10**6: exactly the float ``timestamp()`` gives.
        micros[order] / 1e6,
        np.zeros(order.size, dtype=bool),
    )


def _newest_first(owner: np.ndarray, micros: np.ndarray, event_ids: np.ndarray) -> np.ndarray:
    """The order by shopper, then timestamp and id descending. The database hands each shopper's
    rows over in id order, so a stable sort of the rows reversed on one (shopper, -timestamp) key
    is already that order, and a merge sort on nearly sorted keys is 8x a three-key lexsort's
    speed; checked, with the lexsort when the rows came otherwise or the key would overflow."""
    if not micros.size:
        return np.zeros(0, dtype=np.int64)
    newest, span = int(micros.max()), int(micros.max() - micros.min()) + 1
    if (int(owner.max()) + 1) * span < 2**62:
        backwards = np.argsort((owner * span + (newest - micros))[::-1], kind="stable")
        order = micros.size - 1 - backwards
        same = (np.diff(owner[order]) == 0) & (np.diff(micros[order]) == 0)
        if not np.any(same & (np.diff(event_ids[order]) > 0)):
            return order
    return np.lexsort((-event_ids, -micros, owner))


def _parts(ids: np.ndarray) -> list[list[int]]:
    unique = np.unique(ids).tolist()
    return [unique[start : start + HISTORIES_PER_QUERY] for start in range(0, len(unique), HISTORIES_PER_QUERY)]


def _code_sql() -> str:
    cases = " ".join(f"WHEN '{name}' THEN {code}" for name, code in EVENT_CODES.items())
    return f"CASE event_type {cases} ELSE -1 END"


def _packed_sqlite(part: list[int]) -> tuple[np.ndarray, ...]:
    """(user, event id, product, event code, epoch microseconds) of the part's events.

    Each column is one ``group_concat``; every aggregate of the one query is fed the same rows in
    the same order, so the lists line up. The product and event code travel as one integer, and
    the timestamps as their stored text, read by numpy (``_stored_micros``): SQLite's date
    functions keep only milliseconds and cost more per row than the rest of the query.
    """
    # Product ids have at most 18 digits (the API's and the importer's limit): times 8 stays an integer.
    columns = ("user_id", "id", f"product_id * 8 + ({_code_sql()}) + 1", "timestamp")
    aggregates = ", ".join(f"group_concat({column})" for column in columns)
    placeholders = ", ".join(["%s"] * len(part))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {aggregates} FROM {Interaction._meta.db_table} WHERE user_id IN ({placeholders})",  # noqa: S608 - no user input in the text
            part,
        )
        texts = cursor.fetchone()
    if texts[0] is None:
        return tuple(np.empty(0, dtype=np.int64) for _ in range(5))
    users, event_ids, packed = (_integers(text) for text in texts[:3])
    try:
        micros = _stored_micros(texts[3])
    except ValueError:
        # Text some other writer stored (an offset, a shorter fraction): Django's own parsing.
        return _packed_orm(part)
    return users, event_ids, packed // 8, packed % 8 - 1, micros


def _packed_orm(part: list[int]) -> tuple[np.ndarray, ...]:
    rows = list(
        Interaction.objects.filter(user_id__in=part)
        .order_by()
        .values_list("user_id", "id", "product_id", "event_type", "timestamp")
    )
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    one = timedelta(microseconds=1)
    return (
        np.array([row[0] for row in rows], dtype=np.int64),
        np.array([row[1] for row in rows], dtype=np.int64),
        np.array([row[2] for row in rows], dtype=np.int64),
        np.array([EVENT_CODES.get(row[3], -1) for row in rows], dtype=np.int64),
        np.array([(row[4] - epoch) // one for row in rows], dtype=np.int64),
    )


# Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar (days_from_civil's offset).
_EPOCH_DAYS = 719468


def _stored_micros(text: str) -> np.ndarray:
    """Epoch microseconds of comma-separated stored timestamps, as Django and the importer write
    them on SQLite (UTC, ``YYYY-MM-DD HH:MM:SS`` with six digits of fraction or none), parsed as
    digits at fixed offsets of each value; anything else is refused, never misread."""
    raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    commas = np.flatnonzero(raw == ord(","))
    starts = np.concatenate([[0], commas + 1])
    lengths = np.concatenate([commas, [raw.size]]) - starts
    fractional = lengths == 26
    padded = np.concatenate([raw, np.zeros(26, dtype=np.uint8)])  # reads past the last value stay inside

    def digits(offset: int, width: int) -> np.ndarray:
        value = np.zeros(starts.size, dtype=np.int64)
        for k in range(width):
            value = value * 10 + (padded[starts + offset + k].astype(np.int64) - ord("0"))
        return value

    separators = all(
        bool(np.all(padded[starts + offset] == ord(char)))
        for offset, char in ((4, "-"), (7, "-"), (13, ":"), (16, ":"))
    ) and bool(np.all(np.isin(padded[starts + 10], (ord(" "), ord("T")))))
    if (
        not separators
        or not np.all(fractional | (lengths == 19))
        or not np.all(padded[starts[fractional] + 19] == ord("."))
    ):
        raise ValueError("a stored timestamp is not YYYY-MM-DD HH:MM:SS[.ffffff]")
    year, month, day = digits(0, 4), digits(5, 2), digits(8, 2)
    # Howard Hinnant's days_from_civil, vectorised: the year starting in March puts leap days last.
    year = year - (month <= 2)
    era = year // 400
    of_era = year - era * 400
    of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    days = era * 146097 + of_era * 365 + of_era // 4 - of_era // 100 + of_year - _EPOCH_DAYS
    seconds = ((days * 24 + digits(11, 2)) * 60 + digits(14, 2)) * 60 + digits(17, 2)
    return seconds * 1_000_000 + np.where(fractional, digits(20, 6), 0)


def _integers(text: str) -> np.ndarray:
    # Text mode of fromstring (not deprecated, unlike its binary mode): a C parse, 5x str.split's speed.
    return np.fromstring(text, dtype=np.int64, sep=",")


def _packed_postgresql(part: list[int]) -> tuple[np.ndarray, ...]:
    """The same five arrays, each one ``string_agg`` of big-endian binary values (as training
    reads the log): a handful of bytes per event and no Python object per row."""
    packed = ", ".join(
        f"string_agg({send}({column}), ''::bytea)"
        for send, column in (
            ("int8send", "user_id"),
            ("int8send", "id"),
            ("int8send", "product_id"),
            ("int2send", f"({_code_sql()})::int2"),
            ("int8send", "round(EXTRACT(EPOCH FROM timestamp) * 1000000)::int8"),
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {packed} FROM {Interaction._meta.db_table} WHERE user_id = ANY(%s)",  # noqa: S608 - no user input
            [part],
        )
        row = cursor.fetchone()
    if row[0] is None:
        return tuple(np.empty(0, dtype=np.int64) for _ in range(5))
    users, event_ids, products, codes, micros = row
    return (
        np.frombuffer(users, dtype=">i8").astype(np.int64),
        np.frombuffer(event_ids, dtype=">i8").astype(np.int64),
        np.frombuffer(products, dtype=">i8").astype(np.int64),
        np.frombuffer(codes, dtype=">i2").astype(np.int64),
        np.frombuffer(micros, dtype=">i8").astype(np.int64),
    )


def _user_histories_orm(histories: dict[int, list[HistoryEvent]]) -> dict[int, list[HistoryEvent]]:
    rows = (
        Interaction.objects.filter(user_id__in=list(histories))
        .order_by("user_id", "-timestamp", "-id")
        .values_list("user_id", "product_id", "event_type", "timestamp")
    )
    for uid, pid, event, ts in rows.iterator(chunk_size=5000):
        if len(histories[uid]) < HISTORY_LIMIT:
            histories[uid].append(HistoryEvent(pid, event, ts.timestamp()))
    return histories
