"""New arrivals in the generated catalogue: a few recent web products for the cold-start case."""

from __future__ import annotations

import numpy as np
import pytest

from personas.synthetic.catalogue import (
    NEW_ARRIVAL_DAYS,
    REFERENCE_PRODUCTS,
    Catalogue,
    catalogue_build,
    new_arrival_count,
)

WINDOW_START, DAYS = 1_700_000_000, 90
WINDOW_END = WINDOW_START + DAYS * 86400


def _build(seed: int = 42, products: int = REFERENCE_PRODUCTS, **kwargs) -> Catalogue:
    return catalogue_build(
        rng=np.random.default_rng(seed), products=products, window_start=WINDOW_START, days=DAYS, **kwargs
    )


def test_about_two_percent_are_new_and_at_least_one_from_fifty_products():
    assert new_arrival_count(REFERENCE_PRODUCTS, 0.02) == 49
    assert new_arrival_count(50, 0.02) == 1
    assert new_arrival_count(300, 0.02) == 6
    assert new_arrival_count(49, 0.02) == 0  # a tiny catalogue needs every product for its shoppers
    assert new_arrival_count(REFERENCE_PRODUCTS, 0) == 0


def test_reference_catalogue_has_its_share_of_new_arrivals(reference_catalogue: Catalogue):
    assert reference_catalogue.new.sum() == 49
    assert _build(new_share=0).new.sum() == 0
    assert _build(products=300, seed=5).new.sum() == 6


def test_new_arrivals_are_created_in_the_last_two_weeks_and_the_rest_before_the_window(
    reference_catalogue: Catalogue,
):
    new, created = reference_catalogue.new, reference_catalogue.created_at
    assert created[new].min() >= WINDOW_END - NEW_ARRIVAL_DAYS * 86400
    assert created[new].max() < WINDOW_END
    assert len(np.unique(created[new])) == new.sum()  # random times, not one batch
    assert created[~new].max() <= WINDOW_START


def test_new_arrivals_span_the_web_categories_but_never_the_store_or_the_featured(reference_catalogue: Catalogue):
    new = reference_catalogue.new
    categories = [reference_catalogue.categories[c] for c in reference_catalogue.category[new]]
    assert not any(spec.convenience for spec in categories)
    assert len({spec.slug for spec in categories}) == 16  # every web category
    assert not (reference_catalogue.featured & new).any()
    assert (reference_catalogue.stock[new] > 0).all()


def test_new_arrivals_follow_the_seed_and_leave_the_other_products_as_they_were():
    first, again, other = _build(seed=3, products=800), _build(seed=3, products=800), _build(seed=4, products=800)
    assert np.array_equal(first.new, again.new) and np.array_equal(first.created_at, again.created_at)
    assert not np.array_equal(first.new, other.new)
    # Their own random stream: without them every other product comes out exactly the same.
    without = _build(seed=3, products=800, new_share=0)
    kept = ~first.new
    assert first.name == without.name and np.array_equal(first.price_cents, without.price_cents)
    assert np.array_equal(first.created_at[kept], without.created_at[kept])
    assert np.array_equal(first.stock[kept], without.stock[kept])


@pytest.mark.parametrize("products", [60, 120])
def test_every_category_keeps_a_product_that_is_not_new(products: int):
    catalogue = _build(products=products, new_share=0.5)
    on_shelf = np.bincount(catalogue.category[~catalogue.new], minlength=len(catalogue.categories))
    assert on_shelf.min() >= 1


def test_take_keeps_the_products_in_the_given_order(reference_catalogue: Catalogue):
    picked = reference_catalogue.take(np.array([5, 2]))
    assert len(picked) == 2 and picked.sku == [reference_catalogue.sku[5], reference_catalogue.sku[2]]
    assert picked.price_cents.tolist() == reference_catalogue.price_cents[[5, 2]].tolist()
    assert picked.categories == reference_catalogue.categories
