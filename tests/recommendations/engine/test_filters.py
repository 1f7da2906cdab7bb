from __future__ import annotations

import numpy as np
import pytest

from recommendations.engine.catalogue import ItemTable
from recommendations.engine.filters import (
    FilterError,
    filter_mask,
    filter_masks,
    filter_values_parse,
    item_row,
    parse,
    schema_of,
)


@pytest.fixture
def table() -> ItemTable:
    # ids 1..5, given out of order: the table sorts them.
    return ItemTable.of(
        [3, 1, 2, 5, 4],
        categorical={
            "CATEGORY": ["books", "shoes", "books", "toys", "shoes"],
            "STYLE": ["novel", "boot", "comic", "lego", "sandals"],
            "PROMOTED": ["true", "false", "false", "true", "false"],
        },
        numeric={"PRICE": [10, 60, 50, None, 30]},
        aliases={"CATEGORY_L1": "CATEGORY"},
    )


def allowed(table: ItemTable, text: str, values=None, **context) -> list[int]:
    mask = filter_mask(parse(text, schema_of(table, ["AGE", "GENDER"])), table, values, **context)
    return [int(i) for i in table.item_ids[mask]]


def test_include_and_exclude_by_category(table):
    assert allowed(table, 'INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("books")') == [2, 3]
    assert allowed(table, 'EXCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("books", "shoes")') == [5]
    assert allowed(table, 'INCLUDE ItemID WHERE Items.CATEGORY NOT IN ("books")') == [1, 4, 5]


def test_numeric_comparisons_never_match_a_missing_value(table):
    assert allowed(table, "INCLUDE ItemID WHERE Items.PRICE <= 50") == [2, 3, 4]
    assert allowed(table, "INCLUDE ItemID WHERE Items.PRICE > 50") == [1]
    assert allowed(table, "INCLUDE ItemID WHERE Items.PRICE = 30") == [4]
    assert allowed(table, "EXCLUDE ItemID WHERE Items.PRICE >= 30") == [3, 5]


def test_and_binds_tighter_than_or_and_parentheses_regroup(table):
    text = 'INCLUDE ItemID WHERE Items.CATEGORY IN ("toys") OR Items.CATEGORY IN ("books") AND Items.PRICE < 20'
    assert allowed(table, text) == [3, 5]
    grouped = 'INCLUDE ItemID WHERE (Items.CATEGORY IN ("toys") OR Items.CATEGORY IN ("books")) AND Items.PRICE < 20'
    assert allowed(table, grouped) == [3]


def test_chains_union_includes_and_subtract_excludes(table):
    two = 'INCLUDE ItemID WHERE Items.CATEGORY IN ("toys") | INCLUDE ItemID WHERE Items.PRICE > 55'
    assert allowed(table, two) == [1, 5]
    minus = two + ' | EXCLUDE ItemID WHERE Items.PROMOTED IN ("true")'
    assert allowed(table, minus) == [1]
    excludes = 'EXCLUDE ItemID WHERE Items.CATEGORY IN ("toys") | EXCLUDE ItemID WHERE Items.PRICE < 40'
    assert allowed(table, excludes) == [1, 2]


def test_parameters_take_the_requests_values(table):
    text = "INCLUDE ItemID WHERE Items.PRICE <= $MAX AND Items.STYLE NOT IN ($STYLES)"
    assert allowed(table, text, {"MAX": "50", "STYLES": '"sandals","comic"'}) == [3]


def test_an_include_needs_every_parameter(table):
    with pytest.raises(FilterError, match="filterValues has no STYLES, which the INCLUDE expression needs"):
        allowed(table, "INCLUDE ItemID WHERE Items.PRICE <= $MAX AND Items.STYLE IN ($STYLES)", {"MAX": "50"})


def test_an_exclude_drops_the_condition_whose_value_is_missing(table):
    text = 'EXCLUDE ItemID WHERE Items.CATEGORY IN ("books") AND Items.PRICE < $MAX'
    assert allowed(table, text, {"MAX": "20"}) == [1, 2, 4, 5]
    assert allowed(table, text) == [1, 4, 5]  # only the category is left
    assert allowed(table, "EXCLUDE ItemID WHERE Items.STYLE IN ($S)") == [1, 2, 3, 4, 5]


def test_filter_values_are_quoted_lists_or_numbers():
    values = filter_values_parse({"S": '"boot", "a \\"b\\""', "N": "12.5"})
    assert [v.text for v in values["S"]] == ["boot", 'a "b"'] and values["N"][0].number == 12.5
    with pytest.raises(FilterError, match='filterValues S: at 8: expected ",", got "x"'):
        filter_values_parse({"S": '"boot" x'})


def test_interactions_are_case_insensitive_and_only_the_latest_hundred(table):
    text = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")'
    assert allowed(table, text, interactions={"Purchase": [2, 4], "View": [1]}) == [1, 3, 5]
    assert allowed(table, 'INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("View")', interactions={"View": [1]}) == [1]
    old = [99] * 100 + [2]  # item 2 was bought, but before the latest 100 purchases
    assert allowed(table, text, interactions={"Purchase": old}) == [1, 2, 3, 4, 5]


def test_current_item_compares_with_the_requests_item(table):
    text = "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN (CurrentItem.CATEGORY_L1)"
    assert allowed(table, text, current_item=item_row(table, 4)) == [1, 4]
    cheaper = "INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE AND Items.CATEGORY IN CurrentItem.CATEGORY"
    assert allowed(table, cheaper, current_item=item_row(table, 2)) == [3]
    with pytest.raises(FilterError, match="needs the request's item"):
        allowed(table, text)


def test_if_current_user_applies_an_expression_to_some_shoppers_only(table):
    text = 'INCLUDE ItemID WHERE Items.CATEGORY IN ("toys") IF CurrentUser.AGE > $AGE'
    assert allowed(table, text, {"AGE": "30"}, user={"AGE": 40}) == [5]
    assert allowed(table, text, {"AGE": "30"}, user={"AGE": 20}) == [1, 2, 3, 4, 5]
    assert allowed(table, text, {"AGE": "30"}) == [1, 2, 3, 4, 5]  # no attribute: the IF does not hold
    gender = 'EXCLUDE ItemID WHERE Items.CATEGORY IN ("toys") IF CurrentUser.GENDER = $G'
    assert allowed(table, gender, {"G": '"F"'}, user={"GENDER": "F"}) == [1, 2, 3, 4]
    assert allowed(table, gender, user={"GENDER": "F"}) == [1, 2, 3, 4, 5]  # an EXCLUDE without its value drops


def test_the_same_text_parses_to_the_same_tree(table):
    schema = schema_of(table)
    assert parse('INCLUDE ItemID WHERE Items.STYLE IN ("a")', schema) is parse(
        'INCLUDE ItemID WHERE Items.STYLE IN ("a")', schema
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('INCLUDE ItemID WHERE Items.STYLE == "a"', 'at 34: expected IN or NOT IN, got "=="'),
        ('KEEP ItemID WHERE Items.STYLE IN ("a")', 'at 1: expected INCLUDE or EXCLUDE, got "KEEP"'),
        ('INCLUDE UserID WHERE Items.STYLE IN ("a")', 'at 9: expected ItemID, got "UserID"'),
        ('INCLUDE ItemID Items.STYLE IN ("a")', 'at 16: expected WHERE, got "Items"'),
        (
            'INCLUDE ItemID WHERE Items.COLOR IN ("a")',
            "at 28: no item field COLOR; the fields are CATEGORY, CATEGORY_L1,",
        ),
        ('INCLUDE ItemID WHERE Items.STYLE IN ("a"', 'at 41: expected "," or ")", got end of expression'),
        ("INCLUDE ItemID WHERE Items.STYLE IN (3)", 'at 38: expected a quoted value or a $PARAMETER, got "3"'),
        (
            'INCLUDE ItemID WHERE Items.PRICE < "a"',
            'at 36: expected a number or a $PARAMETER or CurrentItem.FIELD, got ""a""',
        ),
        (
            'INCLUDE ItemID WHERE Items.STYLE IN ("a") AND Interactions.EVENT_TYPE IN ("x")',
            "at 47: Items and Interactions cannot be mixed",
        ),
        ('INCLUDE ItemID WHERE Interactions.ITEM IN ("x")', "at 35: Interactions can only be filtered by EVENT_TYPE"),
        (
            'INCLUDE ItemID WHERE Items.STYLE IN ("a") IF CurrentUser.AGE > 1 IF CurrentUser.AGE < 9',
            "at 66: an expression takes one IF",
        ),
        ("INCLUDE ItemID WHERE CurrentUser.AGE > 1", "at 22: CurrentUser is only allowed after IF"),
        (
            'INCLUDE ItemID WHERE Items.STYLE IN ("a") IF CurrentUser.SHOE > 1',
            "at 58: no user field SHOE; the fields are AGE, GENDER",
        ),
        ('INCLUDE ItemID WHERE (Items.STYLE IN ("a")', 'at 43: expected AND, OR or ")", got end of expression'),
        (
            'INCLUDE ItemID WHERE Items.STYLE IN ("a") Items',
            'at 43: expected AND, OR, IF, "|" or end of expression, got "Items"',
        ),
        ('INCLUDE ItemID WHERE Items.STYLE IN ("a) ', "at 38: a quoted value is not closed"),
        ('INCLUDE ItemID WHERE Items.STYLE IN ("a") | ', "at 45: expected INCLUDE or EXCLUDE, got end of expression"),
        ("INCLUDE ItemID WHERE Items.STYLE IN (#)", 'at 38: unexpected character "#"'),
    ],
)
def test_errors_say_where_and_what_was_expected(table, text, message):
    with pytest.raises(FilterError) as caught:
        parse(text, schema_of(table, ["AGE", "GENDER"]))
    assert str(caught.value).startswith(message), str(caught.value)


def test_the_mask_is_aligned_to_the_table(table):
    aligned = table.aligned(np.array([2, 5, 7]))  # 7 is unknown to the catalogue: no values
    mask = filter_mask(parse('INCLUDE ItemID WHERE Items.CATEGORY NOT IN ("books")', schema_of(table)), aligned)
    assert mask.tolist() == [False, True, True]


BATCH_FILTERS = [
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("Purchase")',
    'INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("View") | INCLUDE ItemID WHERE Items.CATEGORY IN ("toys")',
    'INCLUDE ItemID WHERE Items.PRICE <= 50 | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE NOT IN ("View")',
    'INCLUDE ItemID WHERE Items.CATEGORY IN ("toys") IF CurrentUser.AGE > 30 '
    '| EXCLUDE ItemID WHERE Items.PRICE > 40 IF CurrentUser.GENDER = "F"',
    'INCLUDE ItemID WHERE Items.CATEGORY IN ("books") IF CurrentUser.AGE > 30 '
    '| INCLUDE ItemID WHERE Items.CATEGORY IN ("shoes") IF CurrentUser.AGE > 50 '
    '| EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("View")',
    'INCLUDE ItemID WHERE Items.STYLE NOT IN ("boot")',
]


@pytest.mark.parametrize("text", BATCH_FILTERS)
def test_many_shoppers_at_once_get_what_each_would_alone(table, text):
    rng = np.random.default_rng(3)
    # Shoppers with no events, a few, and more than the hundred of a type a filter reads (the oldest
    # purchase of the last one, item 1, falls outside them); some attributes missing.
    histories = [
        {},
        {"View": [2, 9], "Purchase": [4]},
        {"purchase": [3, 3]},
        {"View": rng.integers(1, 6, 40).tolist()},
        {"Purchase": [2] * 100 + [1]},
    ]
    users = [{}, {"AGE": 40}, {"AGE": 60, "GENDER": "F"}, {"GENDER": "F"}, {"AGE": 20}]
    parsed = parse(text, schema_of(table, ["AGE", "GENDER"]))
    events: dict[str, tuple[list[int], list[int]]] = {}
    for owner, history in enumerate(histories):
        for kind, ids in history.items():
            events.setdefault(kind, ([], []))
            events[kind][0].extend([owner] * len(ids))
            events[kind][1].extend(ids)
    columnar = {kind: (np.array(owner), np.array(ids)) for kind, (owner, ids) in events.items()}
    many = filter_masks(parsed, table, shoppers=len(histories), interactions=columnar, users=users)
    alone = [filter_mask(parsed, table, interactions=h, user=u) for h, u in zip(histories, users, strict=True)]
    assert many.shape == (len(histories), len(table))
    assert many.tolist() == [mask.tolist() for mask in alone]
    if parsed.uses_interactions or parsed.uses_current_user:
        assert len({tuple(row) for row in many.tolist()}) > 1  # the shoppers' answers differ


def test_many_shoppers_need_one_set_of_attributes_each(table):
    parsed = parse('INCLUDE ItemID WHERE Items.CATEGORY IN ("toys")', schema_of(table))
    assert filter_masks(parsed, table, shoppers=3).tolist() == [[False, False, False, False, True]] * 3
    with pytest.raises(ValueError, match="2 users' attributes for 3 shoppers"):
        filter_masks(parsed, table, shoppers=3, users=[{}, {}])
