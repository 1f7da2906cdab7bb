"""The API's own category and price parameters: a cached filter expression, or a mask of the catalogue."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from recommendations.selectors.catalogue import item_table
from recommendations.selectors.filters.expressions import ItemFilter, filter_parse


def products_excluded_by(
    *,
    categories: list[str] | None = None,
    exclude_categories: list[str] | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
) -> set[int]:
    """Product ids a request's filters rule out: INCLUDE categories, EXCLUDE categories, a price range.

    Read from the process's catalogue table (``products_allowed_mask``), not a query returning
    every product left out."""
    allowed = products_allowed_mask(
        categories=categories, exclude_categories=exclude_categories, min_price=min_price, max_price=max_price
    )
    if allowed is None:
        return set()
    return set(item_table().item_ids[~allowed].tolist())


def products_allowed_mask(
    *,
    categories: list[str] | None = None,
    exclude_categories: list[str] | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
) -> np.ndarray | None:
    """Per row of the catalogue table (``item_table``): does the request's category and price
    filter allow it; None without a filter. Prices compare as the table's floats (cents are exact)."""
    if not (categories or exclude_categories or min_price is not None or max_price is not None):
        return None
    table = item_table()
    allowed = np.ones(len(table), dtype=bool)
    category = table.column("CATEGORY")
    price = table.column("PRICE")
    if categories:
        allowed &= category.isin(categories)
    if exclude_categories:
        allowed &= ~category.isin(exclude_categories)
    with np.errstate(invalid="ignore"):
        if min_price is not None:
            allowed &= price >= float(min_price)
        if max_price is not None:
            allowed &= price <= float(max_price)
    return allowed


# What a request's own category and price parameters are called when they run as a filter.
REQUEST_FILTER_NAME = "request-parameters"


def request_parameters_filter(
    *,
    categories: list[str] | None = None,
    exclude_categories: list[str] | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
) -> ItemFilter | None:
    """The API's category and price parameters as one filter expression, None without any: its
    mask is computed once per model table (it reads only the catalogue) instead of every request
    carrying the set of products it leaves out, which also widened each row's candidates by as
    many. Slugs are validated (letters, digits, - and _), so they quote safely."""
    conditions = []
    if categories:
        conditions.append("Items.CATEGORY IN (" + ", ".join(f'"{slug}"' for slug in categories) + ")")
    if exclude_categories:
        conditions.append("Items.CATEGORY NOT IN (" + ", ".join(f'"{slug}"' for slug in exclude_categories) + ")")
    if min_price is not None:
        conditions.append(f"Items.PRICE >= {min_price}")
    if max_price is not None:
        conditions.append(f"Items.PRICE <= {max_price}")
    if not conditions:
        return None
    return ItemFilter(REQUEST_FILTER_NAME, filter_parse("INCLUDE ItemID WHERE " + " AND ".join(conditions)))
