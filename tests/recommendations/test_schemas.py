"""Dataset schemas: Personalize's Avro rules, each refusal naming the field."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError

from recommendations.models import DatasetSchema
from recommendations.schemas import DATASETS, DEFAULT_SCHEMAS, SchemaError, default_schema, schema_parse
from recommendations.selectors import dataset_schema


def _items(*extra: dict, **changes) -> dict:
    schema = copy.deepcopy(DEFAULT_SCHEMAS["items"])
    schema["fields"] += list(extra)
    schema.update(changes)
    return schema


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_defaults_are_valid(dataset):
    assert default_schema(dataset).dataset == dataset


def test_fields_keep_their_types_flags_and_camel_case_names():
    schema = schema_parse("items", _items({"name": "CATEGORY_L3", "type": ["null", "string"], "categorical": True}))
    field = schema.field("category_l3")
    assert (field.type, field.nullable, field.categorical, field.property_name) == ("string", True, True, "categoryL3")
    assert field.value("a|b") == ["a", "b"] and field.value("a") == "a"
    assert schema.field("PRICE").value("4.5") == 4.5 and schema.field("STOCK").parse("") is None


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (_items(namespace="com.example"), "namespace must be"),
        (_items(type="enum"), 'type must be "record"'),
        (_items({"name": "TAGS", "type": "array"}), "field TAGS: type 'array' is not one of"),
        (_items({"name": "X", "type": ["null", "int", "string"]}), 'field X: a union must be ["null", T]'),
        (_items({"name": "RATING", "type": "int", "categorical": True}), "field RATING: only a string field"),
        (_items({"name": "PRICE", "type": "float"}), "field PRICE appears twice"),
        (_items({"name": "EVENT_TYPE", "type": "string"}), "field EVENT_TYPE is reserved for the interactions"),
        (_items({"name": "DEPARTMENT", "type": "string"}), "the shop derives DEPARTMENT"),
        (_items({"name": "9LIVES", "type": "string"}), "is not an Avro name"),
        (_items(fields=[{"name": "ITEM_ID", "type": "string"}]), "needs 1 to 50 metadata fields, not 0"),
        (_items(*[{"name": f"F{i}", "type": "int"} for i in range(42)]), "needs 1 to 50 metadata fields, not 51"),
        (_items(fields=[{"name": "NAME", "type": "string"}]), "field ITEM_ID is required"),
    ],
)
def test_a_schema_personalize_would_refuse_is_refused_naming_the_field(schema, message):
    with pytest.raises(SchemaError, match=message.replace("[", r"\[").replace("(", r"\(")):
        schema_parse("items", schema)


def test_textual_is_for_items_and_interactions_keep_only_the_log_columns():
    users = copy.deepcopy(DEFAULT_SCHEMAS["users"])
    users["fields"].append({"name": "BIO", "type": "string", "textual": True})
    with pytest.raises(SchemaError, match="field BIO: textual fields belong to the Items dataset only"):
        schema_parse("users", users)
    interactions = copy.deepcopy(DEFAULT_SCHEMAS["interactions"])
    interactions["fields"].append({"name": "DEVICE", "type": "string"})
    with pytest.raises(SchemaError, match="field DEVICE: the interaction log keeps"):
        schema_parse("interactions", interactions)
    with pytest.raises(SchemaError, match="TIMESTAMP is required and cannot be nullable"):
        interactions["fields"][2]["type"] = ["null", "long"]
        schema_parse("interactions", interactions)


@pytest.mark.django_db
def test_the_model_refuses_an_invalid_schema_and_the_selector_serves_the_saved_one():
    with pytest.raises(ValidationError, match="namespace must be"):
        DatasetSchema(dataset="items", schema=_items(namespace="x")).full_clean()
    assert dataset_schema("items").field("BRAND") is None
    DatasetSchema.objects.create(dataset="items", schema=_items({"name": "BRAND", "type": "string"}))
    assert dataset_schema("items").field("BRAND").type == "string"
