"""The re-ranking step every row shares: caps per style, category and department, order kept."""

from __future__ import annotations

from recommendations.selectors.ranking import Candidate, diversify


def candidates(*specs: tuple[int, str, str]) -> list[Candidate]:
    """(category, style, department) per candidate, best first."""
    return [Candidate(i, 1.0 - i / 100, c, s, d) for i, (c, s, d) in enumerate(specs)]


def ids(chosen: list[Candidate]) -> list[int]:
    return [c.product_id for c in chosen]


def test_at_most_so_many_of_one_style_and_the_order_is_kept():
    pool = candidates((1, "axe", "1"), (1, "axe", "1"), (1, "axe", "1"), (1, "saw", "1"), (2, "axe", "2"))
    assert ids(diversify(pool, 4, max_per_style=2, max_per_category=None)) == [0, 1, 3, 4]


def test_a_style_is_per_category():
    pool = candidates((1, "classic", "1"), (2, "classic", "2"), (3, "classic", "3"))
    assert ids(diversify(pool, 3, max_per_style=1, max_per_category=None)) == [0, 1, 2]


def test_category_and_department_caps():
    pool = candidates((1, "a", "shop"), (1, "b", "shop"), (2, "a", "shop"), (3, "a", "3"), (4, "a", "4"))
    assert ids(diversify(pool, 3, max_per_style=None, max_per_category=1)) == [0, 2, 3]
    assert ids(diversify(pool, 3, max_per_style=None, max_per_category=None, max_per_department=1)) == [0, 3, 4]


def test_a_short_row_is_filled_with_the_best_skipped_candidates_in_their_place():
    pool = candidates((1, "axe", "1"), (1, "axe", "1"), (1, "axe", "1"), (2, "saw", "2"))
    assert ids(diversify(pool, 4, max_per_style=1, max_per_category=None)) == [0, 1, 2, 3]
    assert ids(diversify(pool, 3, max_per_style=1, max_per_category=None)) == [0, 1, 3]


def test_no_caps_is_the_model_order():
    pool = candidates(*[(1, "axe", "1")] * 5)
    assert ids(diversify(pool, 3, max_per_style=None, max_per_category=None)) == [0, 1, 2]


def test_a_style_capped_row_looks_for_its_next_style_in_the_shoppers_categories_first():
    # 0-1 fill the axe cap; the next best (2) is another category, 4 is the shopper's own saw
    pool = candidates(
        (1, "axe", "1"), (1, "axe", "1"), (9, "lamp", "9"), (1, "axe", "1"), (1, "saw", "1"), (8, "pen", "8")
    )
    assert ids(diversify(pool, 3, max_per_style=2, max_per_category=None)) == [0, 1, 2]
    # the focus is the shopper's categories and those of the best n (9 is among the best 3)
    assert ids(diversify(pool, 3, max_per_style=2, max_per_category=None, focus={1})) == [0, 1, 2]
    assert ids(diversify(pool, 2, max_per_style=1, max_per_category=None, focus={1})) == [0, 4]
    # when the focus runs out, the others still fill the row
    assert ids(diversify(pool, 4, max_per_style=1, max_per_category=None, focus={1})) == [0, 2, 4, 5]
    # a category cap spreads the row across categories whatever the focus
    assert ids(diversify(pool, 2, max_per_style=2, max_per_category=1, focus={1})) == [0, 2]
