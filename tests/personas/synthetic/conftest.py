"""The reference catalogue, built once: pure numpy, no database."""

from __future__ import annotations

import numpy as np
import pytest

from personas.synthetic.catalogue import REFERENCE_PRODUCTS, Catalogue, catalogue_build


@pytest.fixture(scope="module")
def reference_catalogue() -> Catalogue:
    return catalogue_build(
        rng=np.random.default_rng(42), products=REFERENCE_PRODUCTS, window_start=1_700_000_000, days=90
    )
