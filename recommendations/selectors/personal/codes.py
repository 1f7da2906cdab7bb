"""The catalogue's categories, styles and departments as small dense integers, per catalogue
table and per live model's item index, so a batch's variety caps count by array indexing."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np

from recommendations.artifacts import LoadedModel
from recommendations.selectors.catalogue import TableCache, item_table
from recommendations.selectors.ranking import item_facts


@dataclass(frozen=True)
class IdIndex:
    """Positions of product ids in a sorted id array, by one array lookup where the ids are
    dense enough (a batch looks up every event's product: binary searches cost 25 ms a time)."""

    ids: np.ndarray  # sorted
    dense: np.ndarray | None  # id -> position, -1 for none; None when ids are too sparse

    @classmethod
    def of(cls, ids: np.ndarray) -> IdIndex:
        ids = np.asarray(ids, dtype=np.int64)
        top = int(ids[-1]) if ids.size else -1
        if ids.size and (int(ids[0]) < 0 or top > 8 * ids.size + 1_000_000):
            return cls(ids, None)
        dense = np.full(top + 1, -1, dtype=np.int64)
        dense[ids] = np.arange(ids.size)
        return cls(ids, dense)

    def positions(self, query: np.ndarray) -> np.ndarray:
        query = np.asarray(query, dtype=np.int64)
        if self.dense is None:
            if not self.ids.size:
                return np.full(query.shape, -1, dtype=np.int64)
            at = np.clip(np.searchsorted(self.ids, query), 0, self.ids.size - 1)
            return np.where(self.ids[at] == query, at, -1)
        inside = (query >= 0) & (query < self.dense.size)
        return np.where(inside, self.dense[np.where(inside, query, 0)], -1)


@dataclass(frozen=True)
class CatalogueCodes:
    """Per catalogue table row: its category, its style within that category and its department
    as small dense integers, so the variety caps count with array indexing."""

    category: np.ndarray  # int64, -1 for a product without one
    style: np.ndarray  # int64: one code per (category, style) pair
    department: np.ndarray  # int64: the department, or the category when it names none
    sizes: tuple[int, int, int]  # how many categories, styles and departments
    row_of: IdIndex  # product id -> table row


@dataclass(frozen=True)
class ModelCodes:
    """``CatalogueCodes`` aligned with a live model's item index, and which items may be shown."""

    shown: np.ndarray  # bool: in the catalogue and in stock
    category: np.ndarray
    style: np.ndarray
    department: np.ndarray
    at: np.ndarray  # the item's catalogue row, -1 for none
    item_of: IdIndex  # product id -> model item index


_catalogue_codes = TableCache()
_model_codes = TableCache()


def catalogue_codes() -> CatalogueCodes:
    table = item_table()
    return _catalogue_codes.get("codes", table, lambda: _codes(table))


def _codes(table: Any) -> CatalogueCodes:
    if not len(table):
        empty = np.zeros(0, dtype=np.int64)
        return CatalogueCodes(empty, empty, empty, (0, 0, 0), IdIndex.of(table.item_ids))
    category_ids = table.column("CATEGORY_ID").astype(np.int64)
    categories, category = np.unique(category_ids, return_inverse=True)
    style_codes = table.column("STYLE").codes.astype(np.int64) + 1  # 0: no style
    _, style = np.unique(category * (int(style_codes.max()) + 1) + style_codes, return_inverse=True)
    departments = table.column("DEPARTMENT")
    named = departments.codes.astype(np.int64)
    # A category without a department is its own ("category 12"), as ranking names it.
    department = np.where(named >= 0, named, len(departments.values) + category)
    _, department = np.unique(department, return_inverse=True)
    sizes = (categories.size, int(style.max()) + 1, int(department.max()) + 1)
    return CatalogueCodes(category.ravel(), style.ravel(), department.ravel(), sizes, IdIndex.of(table.item_ids))


def model_codes(loaded: LoadedModel) -> ModelCodes:
    table = item_table()
    key: Hashable = (loaded.version_id, id(loaded.product_ids))
    return _model_codes.get(key, table, lambda: _aligned_codes(table, loaded))


def _aligned_codes(table: Any, loaded: LoadedModel) -> ModelCodes:
    codes = catalogue_codes()
    facts = item_facts(loaded)
    at = table.positions(loaded.product_ids)
    safe = np.where(at >= 0, at, 0)
    if not len(table):
        zeros = np.zeros(at.size, dtype=np.int64)
        return ModelCodes(np.zeros(at.size, dtype=bool), zeros, zeros, zeros, at, IdIndex.of(loaded.product_ids))
    return ModelCodes(
        facts.known & facts.in_stock,
        codes.category[safe],
        codes.style[safe],
        codes.department[safe],
        at,
        IdIndex.of(loaded.product_ids),
    )
