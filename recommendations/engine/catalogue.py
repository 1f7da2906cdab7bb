"""The catalogue as columns: what filters, promotions and content models read about items.

One array per field, aligned with ``item_ids`` (sorted). Text-like fields are stored as integer
codes into a vocabulary so a filter's ``IN`` is one ``np.isin`` over int32 codes, whatever the
catalogue's size; numeric fields are float64 (NaN for none).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Categorical:
    """A text field as codes into ``values``; code -1 is an empty value.

    A multi-valued field (Personalize's ``"a|b"``) has one row of codes per item, padded with -1:
    an item is ``IN`` a list when any of its values is.
    """

    codes: np.ndarray  # int32, one per item (or items x most values, for a multi-valued field)
    values: tuple[str, ...]
    _lookup: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._lookup.update({value: code for code, value in enumerate(self.values)})

    @classmethod
    def of(cls, values: Iterable[str | Sequence[str] | None]) -> Categorical:
        """One value per item; a list or tuple is several (a multi-valued field)."""
        given = list(values)
        if not any(isinstance(value, list | tuple) for value in given):
            texts = ["" if value is None else str(value) for value in given]
            vocabulary = sorted({text for text in texts if text})
            lookup = {value: code for code, value in enumerate(vocabulary)}
            codes = np.fromiter((lookup.get(text, -1) for text in texts), dtype=np.int32, count=len(texts))
            return cls(codes, tuple(vocabulary))
        rows = [
            [str(v) for v in value if str(v)] if isinstance(value, list | tuple) else ([str(value)] if value else [])
            for value in given
        ]
        vocabulary = sorted({text for row in rows for text in row})
        lookup = {value: code for code, value in enumerate(vocabulary)}
        width = max(1, max((len(row) for row in rows), default=1))
        codes = np.full((len(rows), width), -1, dtype=np.int32)
        for i, row in enumerate(rows):
            codes[i, : len(row)] = [lookup[text] for text in row]
        return cls(codes, tuple(vocabulary))

    @property
    def multi(self) -> bool:
        return self.codes.ndim == 2

    def code_of(self, value: str) -> int:
        """The code of ``value``, -2 (matching nothing) when no item has it."""
        return self._lookup.get(value, -2)

    def isin(self, values: Iterable[str]) -> np.ndarray:
        """Per item: is its value (any of them) one of ``values`` (exact, case-sensitive, as Personalize's)."""
        codes = np.array([self.code_of(v) for v in values], dtype=np.int32)
        found = np.isin(self.codes, codes)
        return found.any(axis=1) if self.multi else found

    def text(self, position: int) -> str:
        """The item's value; a multi-valued one's values joined by "|", as Personalize writes them."""
        row = np.atleast_1d(self.codes[position])
        return "|".join(self.values[int(code)] for code in row if code >= 0)

    def texts(self, position: int) -> list[str]:
        """The item's values (none, one, or several)."""
        return [self.values[int(code)] for code in np.atleast_1d(self.codes[position]) if code >= 0]

    def take(self, positions: np.ndarray) -> Categorical:
        return Categorical(self.codes[positions], self.values)


Column = Categorical | np.ndarray


@dataclass(frozen=True)
class ItemTable:
    """Item attributes by field name (upper case, as in a Personalize items schema)."""

    item_ids: np.ndarray  # int64, sorted ascending
    columns: Mapping[str, Column]
    # Free text per item (name and description), for content models; not filterable.
    texts: Sequence[str] = ()
    # Other names a field answers to ({"CATEGORY_L1": "CATEGORY"}), upper case.
    aliases: Mapping[str, str] = field(default_factory=dict)
    # Categorical metadata fields (an items schema's own) content models compare items on.
    content_fields: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        item_ids: Sequence[int] | np.ndarray,
        *,
        categorical: Mapping[str, Sequence[str | None]] | None = None,
        numeric: Mapping[str, Sequence[float | None]] | None = None,
        texts: Sequence[str] = (),
        aliases: Mapping[str, str] | None = None,
        content_fields: Sequence[str] = (),
    ) -> ItemTable:
        """Columns given in ``item_ids``' order; they are sorted by id here."""
        ids = np.asarray(item_ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        columns: dict[str, Column] = {}
        for name, values in (categorical or {}).items():
            given = list(values)  # not an object array: equal-length value lists would become a 2-D one
            columns[name.upper()] = Categorical.of([given[i] for i in order])
        for name, values in (numeric or {}).items():
            array = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
            columns[name.upper()] = array[order]
        ordered_texts = [texts[i] for i in order] if len(texts) else ()
        names = {alias.upper(): name.upper() for alias, name in (aliases or {}).items()}
        return cls(ids[order], columns, tuple(ordered_texts), names, tuple(f.upper() for f in content_fields))

    def __len__(self) -> int:
        return int(self.item_ids.size)

    def column(self, name: str) -> Column:
        """The column called ``name`` (any case); KeyError names the fields there are."""
        key = name.upper()
        try:
            return self.columns[self.aliases.get(key, key)]
        except KeyError:
            known = ", ".join(sorted({*self.columns, *self.aliases}))
            raise KeyError(f"no item field {name!r}; the fields are {known}") from None

    @property
    def fields(self) -> list[str]:
        return sorted({*self.columns, *self.aliases})

    def positions(self, item_ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Row of each id in this table, -1 for an id it does not hold."""
        ids = np.asarray(item_ids, dtype=np.int64)
        if not len(self):
            return np.full(ids.shape, -1, dtype=np.int64)
        at = np.clip(np.searchsorted(self.item_ids, ids), 0, len(self) - 1)
        return np.where(self.item_ids[at] == ids, at, -1)

    def take(self, positions: np.ndarray) -> ItemTable:
        """The rows at ``positions`` (ascending, so ids stay sorted)."""
        positions = np.asarray(positions, dtype=np.int64)
        columns = {
            name: column.take(positions) if isinstance(column, Categorical) else column[positions]
            for name, column in self.columns.items()
        }
        texts = tuple(self.texts[i] for i in positions) if self.texts else ()
        return ItemTable(self.item_ids[positions], columns, texts, self.aliases, self.content_fields)

    def aligned(self, item_ids: Sequence[int] | np.ndarray) -> ItemTable:
        """This table's rows for ``item_ids`` (a model's item index, sorted); ids it lacks get empty
        values, so a model trained on an older catalogue can still be filtered."""
        ids = np.asarray(item_ids, dtype=np.int64)
        if ids.size > 1 and not bool(np.all(np.diff(ids) > 0)):
            raise ValueError("item_ids must be sorted ascending and distinct")
        at = self.positions(ids)
        known = at >= 0
        safe = np.where(known, at, 0)
        columns: dict[str, Column] = {}
        for name, column in self.columns.items():
            if isinstance(column, Categorical):
                where = known[:, None] if column.multi else known
                codes = np.where(where, column.codes[safe] if len(self) else -1, -1).astype(np.int32)
                columns[name] = Categorical(codes, column.values)
            else:
                columns[name] = np.where(known, column[safe] if len(self) else np.nan, np.nan)
        texts = tuple(self.texts[i] if k else "" for i, k in zip(safe, known, strict=True)) if self.texts else ()
        return ItemTable(ids, columns, texts, self.aliases, self.content_fields)
