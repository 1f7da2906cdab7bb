"""Interactions files to index arrays (pure pandas), with errors that name the line and the problem."""

from __future__ import annotations

import csv
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .split import Interactions

FORMATS = ("personalize", "movielens")
# Required and optional columns, upper-cased; Personalize headers are case-insensitive.
PERSONALIZE_REQUIRED = ("USER_ID", "ITEM_ID", "TIMESTAMP")
PERSONALIZE_OPTIONAL = ("EVENT_TYPE", "EVENT_VALUE")
MOVIELENS_COLUMNS = ("userId", "movieId", "rating", "timestamp")


class InteractionsFileError(ValueError):
    """The file cannot be read as interactions; the message says where and why."""


@dataclass(frozen=True)
class LoadedInteractions:
    """Events as index arrays plus the original ids (``user_ids[user_idx]`` is the file's USER_ID)."""

    interactions: Interactions
    user_ids: np.ndarray
    item_ids: np.ndarray
    event_types: np.ndarray | None
    event_values: np.ndarray | None


def _field_count_problem(path: Path) -> str | None:
    """Slow path, only after pandas refused the file: the first line whose field count is wrong."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, skipinitialspace=True)
        expected = None
        for fields in reader:
            if not fields:
                continue
            if expected is None:
                expected = len(fields)
            elif len(fields) > expected:
                return f"line {reader.line_num}: expected {expected} fields, found {len(fields)}"
    return None


def _read_text_table(path: Path) -> pd.DataFrame:
    try:
        with warnings.catch_warnings():
            # index_col=False warns (rather than fails) when a line has extra fields: make it fail.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # Strings everywhere: validation below reports bad values with their line numbers.
            return pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True, index_col=False
            )
    except FileNotFoundError as exc:
        raise InteractionsFileError(f"{path}: no such file") from exc
    except pd.errors.EmptyDataError as exc:
        raise InteractionsFileError(f"{path}: the file is empty (a header line is required)") from exc
    except (pd.errors.ParserError, pd.errors.ParserWarning) as exc:
        problem = _field_count_problem(path) or str(exc).strip()
        raise InteractionsFileError(f"{path}: {problem}") from exc
    except UnicodeDecodeError as exc:
        raise InteractionsFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except IsADirectoryError as exc:
        raise InteractionsFileError(f"{path}: is a directory, not a file") from exc
    except OSError as exc:
        raise InteractionsFileError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _line(row: int) -> int:
    return row + 2  # 1-based, after the header line


class _Problems:
    """Collects the first bad row of each column so the error names the earliest line in the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[tuple[int, str]] = []

    def check(self, bad: np.ndarray, describe) -> None:
        rows = np.flatnonzero(bad)
        if rows.size:
            self.found.append((int(rows[0]), describe(int(rows[0]))))

    def raise_first(self) -> None:
        if self.found:
            row, message = min(self.found)
            raise InteractionsFileError(f"{self.path}: line {_line(row)}: {message}")


def _text(frame: pd.DataFrame, column: str, problems: _Problems) -> np.ndarray:
    values = frame[column].str.strip()
    problems.check((values == "").to_numpy(), lambda row: f"missing {column}")
    return values.to_numpy(dtype=str)


def _numbers(
    frame: pd.DataFrame, column: str, problems: _Problems, integer: bool, optional: bool = False
) -> np.ndarray:
    """Parsed numbers; with ``optional`` an empty cell is NaN rather than an error."""
    text = frame[column].str.strip()
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(numbers)
    if optional:
        bad &= (text != "").to_numpy()
    if integer:
        bad |= np.nan_to_num(numbers) % 1 != 0

    def describe(row: int) -> str:
        if text.iloc[row] == "":
            return f"missing {column}"
        return f"{column} {text.iloc[row]!r} is not {'an integer' if integer else 'a number'}"

    problems.check(bad, describe)
    return numbers


def _require_columns(columns: list[str], required: tuple[str, ...], path: Path) -> None:
    missing = [c for c in required if c not in columns]
    if missing:
        raise InteractionsFileError(
            f"{path}: line 1: missing column {', '.join(missing)} (header is {','.join(columns)})"
        )


def load_interactions(
    path: str | Path, format: str = "personalize", event_weights: dict[str, float] | None = None
) -> LoadedInteractions:
    """Read a Personalize interactions CSV (USER_ID,ITEM_ID,TIMESTAMP[,EVENT_TYPE][,EVENT_VALUE], any
    header case, any column order) or a MovieLens ratings.csv (userId,movieId,rating,timestamp).

    Every event weighs 1 unless ``event_weights`` maps EVENT_TYPE to a weight (unlisted types are
    dropped). Timestamps are unix seconds and must be integers, as Personalize requires.
    Raises ``InteractionsFileError`` naming the line and the problem.
    """
    path = Path(path)
    if format not in FORMATS:
        raise InteractionsFileError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    frame = _read_text_table(path)
    columns = [str(c).strip() for c in frame.columns]
    problems = _Problems(path)
    event_types = event_values = None
    if format == "personalize":
        frame.columns = [c.upper() for c in columns]
        _require_columns(list(frame.columns), PERSONALIZE_REQUIRED, path)
        if frame.empty:
            raise InteractionsFileError(f"{path}: no interactions after the header")
        users = _text(frame, "USER_ID", problems)
        items = _text(frame, "ITEM_ID", problems)
        timestamps = _numbers(frame, "TIMESTAMP", problems, integer=True)
        if "EVENT_TYPE" in frame:
            event_types = _text(frame, "EVENT_TYPE", problems)
        if "EVENT_VALUE" in frame:
            event_values = _numbers(frame, "EVENT_VALUE", problems, integer=False, optional=True)
    else:
        frame.columns = columns
        _require_columns(columns, MOVIELENS_COLUMNS, path)
        if frame.empty:
            raise InteractionsFileError(f"{path}: no interactions after the header")
        users = _numbers(frame, "userId", problems, integer=True).astype(np.int64).astype(str)
        items = _numbers(frame, "movieId", problems, integer=True).astype(np.int64).astype(str)
        event_values = _numbers(frame, "rating", problems, integer=False)
        timestamps = _numbers(frame, "timestamp", problems, integer=True)
    problems.raise_first()

    weights = np.ones(users.size)
    if event_weights is not None:
        if event_types is None:
            raise InteractionsFileError(f"{path}: event_weights given but the file has no EVENT_TYPE column")
        weights = pd.Series(event_types).map(event_weights).to_numpy(dtype=np.float64, na_value=np.nan)
        keep = ~np.isnan(weights)
        users, items, timestamps, weights = users[keep], items[keep], timestamps[keep], weights[keep]
        event_types = event_types[keep]
        event_values = None if event_values is None else event_values[keep]
        if not keep.any():
            raise InteractionsFileError(f"{path}: no events of the types {sorted(event_weights)}")

    user_idx, user_ids = pd.factorize(users)
    item_idx, item_ids = pd.factorize(items)
    interactions = Interactions.of(user_idx, item_idx, weights, timestamps, len(user_ids), len(item_ids))
    return LoadedInteractions(interactions, np.asarray(user_ids), np.asarray(item_ids), event_types, event_values)
