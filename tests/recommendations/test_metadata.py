"""Item and user metadata typed by the schemas: Items.FIELD and CurrentUser.FIELD in filters, and the
similar-items recipe's tokens."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from recommendations.engine.content import ContentSimilarityRecommender
from recommendations.engine.interactions import Interactions
from recommendations.models import DatasetSchema
from recommendations.schemas import DEFAULT_SCHEMAS
from recommendations.selectors import filter_allowed, item_filter_resolve
from recommendations.selectors.catalogue import item_table
from recommendations.user_attributes import user_attribute_fields
from tests.factories import ProductFactory, ShopperProfileFactory

pytestmark = pytest.mark.django_db


def _schema(dataset: str, *extra: dict) -> None:
    schema = copy.deepcopy(DEFAULT_SCHEMAS[dataset])
    schema["fields"] += list(extra)
    DatasetSchema.objects.create(dataset=dataset, schema=schema)


@pytest.fixture
def catalogue():
    _schema(
        "items",
        {"name": "COLORS", "type": ["null", "string"], "categorical": True},
        {"name": "RATING", "type": ["null", "double"]},
        {"name": "MATERIAL", "type": ["null", "string"], "textual": True},
    )
    return {
        "red_blue": ProductFactory(metadata={"COLORS": ["red", "blue"], "RATING": 4.5, "MATERIAL": "merino wool"}),
        "blue": ProductFactory(metadata={"COLORS": "blue", "RATING": 3.0}),
        "plain": ProductFactory(metadata={}),
    }


def _allowed(expression: str, **kwargs) -> set[int]:
    table = item_table()
    resolved = item_filter_resolve(_stored(expression))
    mask = filter_allowed(resolved, table, **kwargs)
    return {int(pk) for pk in table.item_ids[mask]}


def _stored(expression: str):
    from recommendations.models import Filter

    return Filter(name="test", expression=expression)


def test_items_filters_read_metadata_fields_and_any_of_several_values(catalogue):
    ids = {name: p.pk for name, p in catalogue.items()}
    assert _allowed('INCLUDE ItemID WHERE Items.COLORS IN ("red")') == {ids["red_blue"]}
    assert _allowed('INCLUDE ItemID WHERE Items.COLORS IN ("blue")') == {ids["red_blue"], ids["blue"]}
    assert _allowed('EXCLUDE ItemID WHERE Items.COLORS IN ("blue")') == {ids["plain"]}
    assert _allowed("INCLUDE ItemID WHERE Items.RATING >= 4") == {ids["red_blue"]}


def test_textual_fields_are_text_not_filterable(catalogue):
    table = item_table()
    assert "MATERIAL" not in table.fields
    assert "merino" in table.texts[int(table.positions([catalogue["red_blue"].pk])[0])]


def test_current_user_reads_the_users_schema_metadata():
    _schema("users", {"name": "TIER", "type": ["null", "string"], "categorical": True})
    assert "TIER" in user_attribute_fields()
    gold = ShopperProfileFactory(metadata={"TIER": "gold"}).user
    silver = ShopperProfileFactory(metadata={"TIER": "silver"}).user
    cheap, dear = ProductFactory(price=5), ProductFactory(price=500)
    expression = 'INCLUDE ItemID WHERE Items.PRICE < 100 IF CurrentUser.TIER = "silver"'
    assert {cheap.pk, dear.pk} <= _allowed(expression, user=gold)
    assert dear.pk not in _allowed(expression, user=silver) and cheap.pk in _allowed(expression, user=silver)


def test_similar_items_tokens_include_categorical_and_textual_metadata(catalogue):
    table = item_table()
    model = ContentSimilarityRecommender()
    tokens = model.tokens_of(table, int(table.positions([catalogue["red_blue"].pk])[0]))
    assert {"attributes:COLORS=red", "attributes:COLORS=blue", "words:merino"} <= set(tokens)
    assert table.content_fields == ("COLORS",)


def test_shared_attributes_make_items_more_similar():
    _schema("items", {"name": "BRAND", "type": ["null", "string"], "categorical": True})
    category = ProductFactory().category
    source = ProductFactory(category=category, style="a", metadata={"BRAND": "acme"})
    same_brand = ProductFactory(category=category, style="a", metadata={"BRAND": "acme"})
    other_brand = ProductFactory(category=category, style="a", metadata={"BRAND": "zenith"})
    table = item_table()
    data = Interactions.of([], [], None, None, 0, len(table)).with_items(table)
    model = ContentSimilarityRecommender().fit(data)
    at = table.positions([source.pk, same_brand.pk, other_brand.pk])
    scores = model.neighbours[int(at[0])].toarray().ravel()
    assert scores[at[1]] > scores[at[2]]
    assert "attributes" in model.match_parts(int(at[0]), np.array([at[1]]))[0]
