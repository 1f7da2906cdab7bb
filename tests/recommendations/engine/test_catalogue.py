import numpy as np
import pytest

from recommendations.engine.catalogue import ItemTable


def _table() -> ItemTable:
    return ItemTable.of(
        [30, 10, 20],
        categorical={"category": ["books", "shoes", None], "style": ["travel", "boot", "x"]},
        numeric={"price": [12.0, 80.0, None]},
        texts=["c", "a", "b"],
        aliases={"CATEGORY_L1": "CATEGORY"},
    )


def test_rows_are_sorted_by_id_with_their_values():
    table = _table()
    assert table.item_ids.tolist() == [10, 20, 30]
    assert list(table.texts) == ["a", "b", "c"]
    assert [table.column("category").text(i) for i in range(3)] == ["shoes", "", "books"]
    assert np.isnan(table.column("PRICE")[1])


def test_isin_matches_exact_values_and_unknown_values_match_nothing():
    column = _table().column("CATEGORY_L1")
    assert column.isin(["books", "nope"]).tolist() == [False, False, True]
    assert not column.isin(["Books"]).any()


def test_positions_and_aligned_mark_unknown_ids():
    table = _table()
    assert table.positions([20, 99, 10]).tolist() == [1, -1, 0]
    aligned = table.aligned(np.array([10, 15, 30]))
    assert [aligned.column("category").text(i) for i in range(3)] == ["shoes", "", "books"]
    assert aligned.column("price")[0] == 80.0 and np.isnan(aligned.column("price")[1])
    with pytest.raises(ValueError, match="sorted"):
        table.aligned(np.array([30, 10]))


def test_an_unknown_field_names_the_fields_there_are():
    with pytest.raises(KeyError, match="CATEGORY_L1, PRICE, STYLE"):
        _table().column("colour")


def test_a_multi_valued_field_matches_on_any_of_its_values_and_survives_alignment():
    table = ItemTable.of([30, 10, 20], categorical={"COLORS": [["red", "blue"], "blue", None]})
    colors = table.column("COLORS")
    assert colors.multi
    assert table.item_ids[colors.isin(["red"])].tolist() == [30]
    assert table.item_ids[colors.isin(["blue"])].tolist() == [10, 30]
    assert [colors.text(i) for i in range(3)] == ["blue", "", "red|blue"]  # in the given order
    aligned = table.aligned(np.array([5, 30]))
    assert aligned.column("COLORS").texts(0) == [] and aligned.column("COLORS").texts(1) == ["red", "blue"]
