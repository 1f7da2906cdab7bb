"""Generating in chunks of shoppers: the same data at every chunk size, samplers that keep the distribution."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from personas.synthetic import synthetic_data_generate
from personas.synthetic.clusters import DENSE_CELLS, weighted_sample
from personas.synthetic.keyed import KeyedRandom
from recommendations.models import Interaction
from shop.models import Order, OrderLine, Product

SMALL = {"products": 60, "users": 80, "interactions": 6000, "end": date(2025, 6, 1), "progress": False}


def _tables() -> dict[str, list]:
    # Ids grow across regenerations, so rows are compared in id order by their contents.
    return {
        "products": list(Product.objects.order_by("id").values_list("sku", "name", "price", "created_at")),
        "interactions": list(
            Interaction.objects.order_by("id").values_list("user__username", "product__sku", "event_type", "timestamp")
        ),
        "orders": list(Order.objects.order_by("id").values_list("user__username", "created_at", "total")),
        "order_lines": list(
            OrderLine.objects.order_by("id").values_list("order__created_at", "product__sku", "quantity", "unit_price")
        ),
    }


@pytest.mark.django_db
def test_every_chunk_size_gives_the_same_data():
    synthetic_data_generate(**SMALL, seed=5, chunk_size=80)
    whole = _tables()
    assert len(whole["interactions"]) >= 6000 and whole["orders"]
    for chunk_size in (1, 7):
        summary = synthetic_data_generate(**SMALL, seed=5, chunk_size=chunk_size, reset=True)
        assert _tables() == whole, chunk_size
        assert summary.interactions == len(whole["interactions"])


@pytest.mark.django_db
def test_chunk_size_must_be_positive():
    with pytest.raises(ValueError, match="chunk_size"):
        synthetic_data_generate(**SMALL, chunk_size=0)


def _successive_second_pick(w: np.ndarray) -> np.ndarray:
    # P(item j second) = sum over i != j of p_i * w_j / (1 - p_i), for p = w / sum(w).
    p = w / w.sum()
    ratio = p[:, None] * p[None, :] / (1 - p[:, None])
    np.fill_diagonal(ratio, 0)
    return ratio.sum(axis=0)


@pytest.mark.parametrize("n", [10, 50])  # Gumbel keys for the small pool, rejection for the large one
def test_weighted_sample_is_successive_sampling_without_replacement(n):
    rng = np.random.default_rng(3)
    w = np.linspace(1, 4, n)
    rows = DENSE_CELLS // n + 1000 if n == 50 else 20_000
    picks = weighted_sample(rng, w, rows, 6)
    assert picks.shape == (rows, 6)
    assert all(len(set(row)) == 6 for row in picks[:2000].tolist())
    first = np.bincount(picks[:, 0], minlength=n) / rows
    second = np.bincount(picks[:, 1], minlength=n) / rows
    assert np.abs(first - w / w.sum()).max() < 0.01
    assert np.abs(second - _successive_second_pick(w)).max() < 0.01


def test_weighted_sample_of_a_pool_smaller_than_asked_is_the_whole_pool():
    picks = weighted_sample(np.random.default_rng(0), np.array([1.0, 2.0, 3.0]), 5, 6)
    assert picks.shape == (5, 3)
    assert all(sorted(row) == [0, 1, 2] for row in picks.tolist())


def test_keyed_random_depends_on_the_key_not_on_the_batch():
    keys = KeyedRandom(11)
    user, index = np.repeat(np.arange(100), 50), np.tile(np.arange(50), 100)
    all_at_once = keys.uniform(keys.base(user, index), 3)
    part = keys.uniform(keys.base(user[1234:1300], index[1234:1300]), 3)
    assert np.array_equal(part, all_at_once[1234:1300])
    assert all_at_once.min() > 0 and all_at_once.max() < 1
    assert abs(all_at_once.mean() - 0.5) < 0.01
    other = keys.uniform(keys.base(user, index), 4)
    assert abs(np.corrcoef(all_at_once, other)[0, 1]) < 0.03
    assert not np.array_equal(KeyedRandom(12).uniform(KeyedRandom(12).base(user, index), 3), all_at_once)
