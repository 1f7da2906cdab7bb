"""The interactions dataset in bulk: CSV in, checked column by column in numpy, then COPY (PostgreSQL)
or executemany (SQLite) into the interaction log in one transaction.

Millions of rows: nothing here runs Python per row except for the rows it refuses; ids are mapped
through ``pandas.factorize`` and one dict lookup per distinct shopper.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import IO

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone

from datasets.services.records import (
    CONTROL_CHARACTERS,
    USERNAME_MAX,
    ImportRefused,
    Report,
    header_check,
    products_create,
    unix_time,
    users_ensure,
)
from recommendations import services as recommendation_services
from recommendations.bulk import table_indexes_deferred
from recommendations.models import EventType, Interaction
from recommendations.schemas import DatasetSchema
from recommendations.selectors import dataset_schema

Progress = Callable[[str, int, int], None]
CHUNK_ROWS = 100_000
MAX_CLOCK_SKEW_SECONDS = 300
_COLUMNS = ("user_id", "visitor_id", "product_id", "event_type", "timestamp", "recommendation_id")
_COLUMNS += ("event_value", "imported")


def _normal(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).lower()


# Event types as other systems spell them (Personalize's datasets say "view", "Purchase", "add-to-cart").
EVENT_ALIASES = {_normal(value): value for value in EventType.values} | {
    _normal("cart"): EventType.ADD_TO_CART.value,
    _normal("add"): EventType.ADD_TO_CART.value,
    _normal("remove"): EventType.REMOVE_FROM_CART.value,
    _normal("buy"): EventType.PURCHASE.value,
    _normal("order"): EventType.PURCHASE.value,
}


def event_type_of(given: str) -> str | None:
    """The log's event type for ``given`` (case, spaces, - and _ ignored), None when unknown."""
    return EVENT_ALIASES.get(_normal(given))


@dataclass
class ImportResult:
    rows_total: int = 0
    rows_imported: int = 0
    created_products: int = 0
    created_users: int = 0
    report: Report = field(default_factory=Report)


def csv_frame(source: IO[bytes], schema: DatasetSchema) -> pd.DataFrame:
    """The file's cells as strings, columns named by the checked header; ImportRefused when it is
    no UTF-8 CSV or its header does not match the schema."""
    try:
        first = source.readline().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"the file is not UTF-8 text: {exc}") from None
    # The header read on its own: pandas would rename a repeated column instead of refusing it.
    names = header_check(next(csv.reader([first]), []), schema)
    try:
        return pd.read_csv(
            source, header=None, names=names, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
        )
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"the file is not UTF-8 text: {exc}") from None
    except pd.errors.EmptyDataError:
        return pd.DataFrame({name: pd.Series(dtype=str) for name in names})
    except pd.errors.ParserError as exc:
        # pandas counts lines from the first after the header: "Expected 4 fields in line 7, saw 5".
        message = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 1}", str(exc).strip())
        raise ImportRefused(f"not a CSV file this import can read: {message}") from None


class _Checks:
    """Rows refused so far; each row is reported once, for the first problem found."""

    def __init__(self, n: int, report: Report) -> None:
        self.bad = np.zeros(n, dtype=bool)
        self.report = report

    def refuse(self, mask: np.ndarray, message: Callable[[int], str]) -> None:
        for index in np.flatnonzero(mask & ~self.bad):
            self.report.add(int(index) + 2, message(int(index)))  # line 1 is the header
        self.bad |= mask


def _validate(frame: pd.DataFrame, report: Report) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(rows kept, timestamps, event types, event values) with every refused row in ``report``."""
    n = len(frame)
    checks = _Checks(n, report)
    users = frame["USER_ID"]
    lengths = users.str.len().to_numpy()
    checks.refuse(lengths == 0, lambda i: "USER_ID is empty")
    checks.refuse(lengths > USERNAME_MAX, lambda i: f"USER_ID is longer than {USERNAME_MAX} characters")
    checks.refuse(
        users.str.contains(CONTROL_CHARACTERS.pattern, regex=True).to_numpy(),
        lambda i: "USER_ID holds a control character",
    )
    items = frame["ITEM_ID"]
    checks.refuse(
        ~items.str.fullmatch(r"[0-9]{1,18}").to_numpy(dtype=bool),
        lambda i: f"ITEM_ID {items.iat[i][:40]!r} is not a product id (1 to 18 digits)",
    )
    stamps = pd.to_numeric(frame["TIMESTAMP"], errors="coerce").to_numpy(dtype=np.float64)
    latest = timezone.now().timestamp() + MAX_CLOCK_SKEW_SECONDS
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(stamps) & (stamps == np.floor(stamps))
        in_range = whole & (stamps > 0) & (stamps <= latest)
    checks.refuse(~whole, lambda i: f"TIMESTAMP {frame['TIMESTAMP'].iat[i][:40]!r} is not whole Unix seconds")
    checks.refuse(~in_range, lambda i: f"TIMESTAMP {int(stamps[i])} is not between 1970 and now")
    codes, uniques = pd.factorize(frame["EVENT_TYPE"])
    mapped = np.array([event_type_of(str(value)) or "" for value in uniques] + [""], dtype=object)
    types = mapped[codes]
    known = ", ".join(EventType.values)
    checks.refuse(
        types == "", lambda i: f"EVENT_TYPE {frame['EVENT_TYPE'].iat[i][:40]!r} is not one of {known} (any case)"
    )
    values = np.full(n, np.nan)
    if "EVENT_VALUE" in frame.columns:
        raw = frame["EVENT_VALUE"]
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64)
        given = (raw.str.len() > 0).to_numpy()
        nullable = dataset_schema("interactions").field("EVENT_VALUE")
        if nullable is not None and not nullable.nullable:
            checks.refuse(~given, lambda i: "EVENT_VALUE is empty and not nullable")
        checks.refuse(given & ~np.isfinite(values), lambda i: f"EVENT_VALUE {raw.iat[i][:40]!r} is not a finite number")
    return ~checks.bad, stamps, types, values


def _timestamp_texts(seconds: np.ndarray) -> np.ndarray:
    """ "YYYY-MM-DD HH:MM:SS" (UTC) per second, as Django writes datetimes to SQLite and PostgreSQL
    reads them in the UTC session Django opens; the space, not ISO's T, keeps SQLite's text order."""
    texts = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s").astype("<U19")
    chars = texts.view(np.uint32).reshape(-1, 19)
    chars[:, 10] = ord(" ")
    return texts


def _write_postgresql(table: str, rows: pd.DataFrame) -> None:
    buffer = io.StringIO()
    rows.to_csv(buffer, sep="\t", header=False, index=False, na_rep="\\N")
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
        copy.write(buffer.getvalue())


def _write_sqlite(table: str, rows: pd.DataFrame) -> None:
    values = rows["event_value"].to_numpy()
    tuples = zip(
        rows["user_id"].tolist(),
        rows["product_id"].tolist(),
        rows["event_type"].tolist(),
        rows["timestamp"].tolist(),
        [None if np.isnan(v) else float(v) for v in values],
        strict=True,
    )
    sql = f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES (%s, '', %s, %s, %s, '', %s, 1)"  # noqa: S608 (names are ours)
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(tuples))


# A batch this large (and at least this share of the log) is written with the log's secondary indexes
# and foreign keys dropped and rebuilt after: one sorted build beats a million random inserts into each
# of ten B-trees. Inside the import's transaction, so a failure restores them; the log is locked meanwhile.
REBUILD_MIN_ROWS = 200_000
REBUILD_MIN_SHARE = 0.3


def interactions_import(
    source: IO[bytes], *, full: bool, skip_invalid: bool, progress: Progress | None = None
) -> ImportResult:
    """Import an interactions CSV (USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE[, EVENT_VALUE]).

    Refused rows are reported by line; unless ``skip_invalid`` any refused row stores nothing. ``full``
    replaces every imported interaction (live events stay). Shoppers and products the file names but
    the shop lacks are created. All in one transaction: a failure stores nothing.
    """
    report_progress = progress or (lambda phase, done, total: None)
    frame = csv_frame(source, dataset_schema("interactions"))
    result = ImportResult(rows_total=len(frame))
    report_progress("checking", 0, len(frame))
    keep, stamps, types, values = _validate(frame, result.report)
    report_progress("checking", len(frame), len(frame))
    if len(result.report) and not skip_invalid:
        return result
    kept = int(keep.sum())
    usernames = frame["USER_ID"].to_numpy()[keep]
    user_codes, user_names = pd.factorize(usernames)
    product_ids = frame["ITEM_ID"].to_numpy()[keep].astype(np.int64)
    seconds = stamps[keep].astype(np.int64)
    first_seen = pd.Series(seconds).groupby(product_ids).min()
    table = Interaction._meta.db_table
    write = _write_postgresql if connection.vendor == "postgresql" else _write_sqlite
    with transaction.atomic():
        if full:
            Interaction.objects.filter(imported=True).delete()
        ids, result.created_users = users_ensure(user_names.tolist())
        user_ids = np.array([ids[name] for name in user_names], dtype=np.int64)[user_codes]
        result.created_products = products_create({int(pk): unix_time(int(first)) for pk, first in first_seen.items()})
        order = np.argsort(seconds, kind="stable")  # the log's indexes lead with time: appends, not inserts
        user_ids, product_ids, seconds = user_ids[order], product_ids[order], seconds[order]
        texts = _timestamp_texts(seconds)
        event_types = types[keep][order]
        event_values = values[keep][order]
        existing = Interaction.objects.count() if kept >= REBUILD_MIN_ROWS else 0
        rebuild = kept >= REBUILD_MIN_ROWS and kept >= REBUILD_MIN_SHARE * existing
        with table_indexes_deferred(table) if rebuild else nullcontext():
            columns = {
                "user_id": user_ids,
                "product_id": product_ids,
                "event_type": event_types,
                "timestamp": texts,
                "event_value": event_values,
            }
            _write_chunks(write, table, columns, report_progress)
        recommendation_services.product_stats_rebuild()
    result.rows_imported = kept
    return result


def _write_chunks(write: Callable[[str, pd.DataFrame], None], table: str, columns: dict, progress: Progress) -> None:
    """The rows a chunk at a time, so progress moves while millions are written."""
    kept = len(columns["user_id"])
    for start in range(0, kept, CHUNK_ROWS):
        end = min(start + CHUNK_ROWS, kept)
        rows = pd.DataFrame(
            {
                "user_id": columns["user_id"][start:end],
                "visitor_id": "",
                "product_id": columns["product_id"][start:end],
                "event_type": columns["event_type"][start:end],
                "timestamp": columns["timestamp"][start:end],
                "recommendation_id": "",
                "event_value": columns["event_value"][start:end],
                "imported": "t",
            }
        )
        write(table, rows)
        progress("writing", end, kept)
