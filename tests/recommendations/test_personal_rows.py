"""The batch row steps as matrices give each row what the one-row steps give it."""

from __future__ import annotations

import numpy as np
import pytest

from recommendations.selectors.personal import rows as personal_rows
from recommendations.selectors.personal.rows import diversified, top_rows
from recommendations.selectors.ranking import Candidate, diversify


def test_top_rows_are_the_best_scores_best_first_ties_to_the_lower_index():
    rng = np.random.default_rng(1)
    values = np.array([-np.inf, -1.5, -0.0, 0.0, 0.25, 3.0, 1e-30, -1e-30], dtype=np.float32)
    for _ in range(100):
        scores = rng.choice(values, size=(int(rng.integers(1, 6)), int(rng.integers(1, 40))))
        k = int(rng.integers(1, 50))
        ids, best = top_rows(scores, k)
        assert ids.shape == (scores.shape[0], min(k, scores.shape[1]))
        for row, got, kept in zip(scores, ids.tolist(), best, strict=True):
            assert got == sorted(got, key=lambda j, row=row: (-float(row[j]), j))
            assert sorted(row[got].tolist(), reverse=True) == sorted(row.tolist(), reverse=True)[: len(got)]
            assert np.array_equal(kept, row[got])


@pytest.mark.parametrize("stepped_in_python", [0, 100])  # the batch's numpy pass, a request's Python one
@pytest.mark.parametrize("n", [8, 40])  # 40: more than the candidates, the row takes every valid one
@pytest.mark.parametrize("caps", [(2, 3, None), (1, None, 2), (None, None, None), (2, 2, 1)])
def test_diversified_rows_equal_diversify_on_each_row(caps, n, stepped_in_python, monkeypatch):
    monkeypatch.setattr(personal_rows, "ROWS_STEPPED_IN_PYTHON", stepped_in_python)
    rng = np.random.default_rng(7)
    style_cap, category_cap, department_cap = caps
    n_rows, width = 40, 30
    category = rng.integers(0, 4, (n_rows, width))
    style = category * 3 + rng.integers(0, 3, (n_rows, width))  # a style belongs to its category
    department = category // 2
    valid = rng.random((n_rows, width)) > 0.2
    # Half the rows capped per category, as a shopper of one category is not.
    row_caps = np.where(np.arange(n_rows) % 2 == 0, category_cap or 0, 0)
    taken = diversified(valid, (style, category, department), (style_cap, row_caps, department_cap), (12, 4, 2), n)
    for r in range(n_rows):
        candidates = [
            Candidate(j, -float(j), int(category[r, j]), str(style[r, j]), str(department[r, j]))
            for j in range(width)
            if valid[r, j]
        ]
        expected = diversify(
            candidates,
            n,
            max_per_style=style_cap,
            max_per_category=int(row_caps[r]) or None,
            max_per_department=department_cap,
        )
        assert np.flatnonzero(taken[r]).tolist() == [c.product_id for c in expected], r


@pytest.mark.django_db
def test_taste_categories_are_a_twentieth_of_the_events_or_the_latest_ones():
    from recommendations.selectors.history import Histories, HistoryEvent
    from recommendations.selectors.personal.codes import catalogue_codes
    from tests.factories import ProductFactory

    products = [ProductFactory(), ProductFactory(), ProductFactory()]  # each in a category of its own
    one, two, three = (HistoryEvent(p.pk, "View", 0.0) for p in products)
    history = [one] * 76 + [two] * 3 + [three]
    shoppers = [history, history[:20] + history[76:], list(reversed(history)), []]
    taste = personal_rows.taste_matrix(Histories.of(shoppers))
    codes = catalogue_codes()
    category = codes.category[codes.row_of.positions([p.pk for p in products])]
    assert taste[:, category].tolist() == [
        [True, False, False],  # 3 of 80 is short of a taste, 1 of 80 a stray click
        [True, True, False],  # 3 of 24 is one
        [True, True, True],  # the latest events count whatever their share
        [False, False, False],
    ]
    assert taste.sum() == 6  # no other category is anyone's taste
