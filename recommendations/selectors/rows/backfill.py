"""Rows topped up with popular products when their recommender has too few, and kept apart from each other."""

from __future__ import annotations

import dataclasses

from recommendations.defaults import (
    NEW_ARRIVALS_ROW,
    TRENDING_NOW,
)
from recommendations.selectors.popular import popular_products
from recommendations.selectors.rows.row import RecommendationRow

POPULAR_IN = "Popular in {category}"
POPULAR_NOW = "Popular right now"
# "Nothing is trending" and "nothing is new" are answers: these rows are never padded.
NEVER_PADDED = frozenset({TRENDING_NOW, NEW_ARRIVALS_ROW})


def row_backfilled(
    row: RecommendationRow, n: int, *, exclude_product_ids: set[int], category_id: int | None = None
) -> RecommendationRow:
    """``row`` padded up to ``n`` products with the most viewed ones in stock (those of
    ``category_id`` first), none of ``exclude_product_ids`` nor of the row itself.

    Each padded card's reason is "Popular in <its category>" when it is of the row's category,
    else "Popular right now". A row without products stays empty (hidden): padding never invents
    a row its model did not answer.
    """
    missing = n - len(row.products)
    if missing <= 0 or not row.products or row.recommender in NEVER_PADDED:
        return row
    taken = set(exclude_product_ids) | {product.pk for product in row.products}
    padding = popular_products(num_results=missing, exclude_product_ids=taken, category_id=category_id)
    if not padding:
        return row
    reasons = row.reasons or ("",) * len(row.products)
    padded = tuple(
        POPULAR_IN.format(category=p.category.name)
        if category_id is not None and p.category_id == category_id
        # Not of the row's category: "popular in X" would claim a context the row does not have.
        else POPULAR_NOW
        for p in padding
    )
    return dataclasses.replace(
        row, products=[*row.products, *padding], reasons=reasons + padded, backfilled=len(padding)
    )


def rows_backfilled(
    rows: list[RecommendationRow], n: int, *, exclude_product_ids: set[int], category_id: int | None = None
) -> list[RecommendationRow]:
    """Every row padded to ``n`` (see ``row_backfilled``), top row first, never with a product
    shown anywhere on the page."""
    shown = set(exclude_product_ids) | {product.pk for row in rows for product in row.products}
    filled = []
    for row in rows:
        row = row_backfilled(row, n, exclude_product_ids=shown, category_id=category_id)
        shown |= {product.pk for product in row.products}
        filled.append(row)
    return filled


# --- "Recommended for you" as a sort of category pages and search results ------------------------
