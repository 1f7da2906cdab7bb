"""The generated catalogue's names: what a shopper reads on every card."""

from __future__ import annotations

import re

import numpy as np
import pytest

from personas.synthetic.catalogue import Catalogue, catalogue_build


def _doubled_words(name: str) -> list[str]:
    # Spaces and hyphens both separate words, so "Slim-fit Slim Shirt" counts as a double too.
    words = [word for word in re.split(r"[\s-]+", name.lower()) if word]
    return sorted({word for word in words if words.count(word) > 1})


def test_no_reference_product_name_repeats_a_word(reference_catalogue: Catalogue):
    assert len(reference_catalogue) == 2465
    doubled = {name: words for name in reference_catalogue.name if (words := _doubled_words(name))}
    assert doubled == {}


@pytest.mark.parametrize(("seed", "products"), [(1, 300), (7, 6000)])
def test_no_name_repeats_a_word_at_other_scales(seed: int, products: int):
    # Past 2,465 products names get a collection word in front ("Birch Concert Snare Drum"),
    # which must not repeat one already there either.
    catalogue = catalogue_build(rng=np.random.default_rng(seed), products=products, window_start=0, days=90)
    assert [name for name in catalogue.name if _doubled_words(name)] == []


def test_names_stay_distinct_within_a_style(reference_catalogue: Catalogue):
    # Dropping the clashing pairs must not make the builder hand out a name twice.
    keys = list(zip(reference_catalogue.style, reference_catalogue.name, strict=True))
    assert len(set(keys)) == len(keys)


def test_the_checker_catches_a_double():
    assert _doubled_words("Acoustic Acoustic Guitar") == ["acoustic"]
    assert _doubled_words("Smart smart-speaker") == ["smart"]
    assert _doubled_words("Studio Acoustic Guitar") == []


def test_about_one_product_in_eight_is_a_deal(reference_catalogue: Catalogue):
    deals = reference_catalogue.compare_at_cents > 0
    assert 0.08 <= deals.mean() <= 0.15
    # Deals are promotions with a price cut, so promotion-minded shoppers find them.
    assert not (deals & ~reference_catalogue.promoted).any()


def test_old_prices_are_10_to_40_percent_above_and_look_like_real_prices(reference_catalogue: Catalogue):
    deals = reference_catalogue.compare_at_cents > 0
    price, old = reference_catalogue.price_cents[deals], reference_catalogue.compare_at_cents[deals]
    ratio = old / price
    assert ratio.min() >= 1.10 and ratio.max() <= 1.40
    assert set((old[old >= 1000] % 100).tolist()) == {99}
    assert set((old[old < 1000] % 100).tolist()) <= {49, 99}
