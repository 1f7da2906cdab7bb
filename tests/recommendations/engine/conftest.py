"""Tiny hand-built catalogues: items 0-4 are books, 5-9 electronics."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine import build_user_item_matrix

BOOKS = np.arange(0, 5)
ELECTRONICS = np.arange(5, 10)


@pytest.fixture
def two_tastes() -> sp.csr_matrix:
    """30 book readers and 30 gadget buyers, each with 3 random items of their own category."""
    rng = np.random.default_rng(7)
    users, items = [], []
    for user in range(60):
        category = BOOKS if user < 30 else ELECTRONICS
        for item in rng.choice(category, size=3, replace=False):
            users.append(user)
            items.append(item)
    return build_user_item_matrix(np.array(users), np.array(items), np.ones(len(users)), 60, 10)


def row(items: list[int], n_items: int = 10, weights: list[float] | None = None) -> sp.csr_matrix:
    values = np.ones(len(items)) if weights is None else np.asarray(weights)
    return build_user_item_matrix(np.zeros(len(items), dtype=int), np.array(items, dtype=int), values, 1, n_items)
