"""Dataset schemas in Amazon Personalize's Avro JSON form: one per dataset, validated here.

Recommendations reads them (the item schema types the catalogue's ``Items.FIELD`` columns and the
similar-items tokens, the user schema the ``CurrentUser.FIELD`` names); the datasets app above
reads them to check CSV headers and ``properties`` of PutItems / PutUsers. Pure Python: the
stored form is a ``recommendations.models.DatasetSchema`` row, or the default below.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

NAMESPACE = "com.amazonaws.personalize.schema"
INTERACTIONS, ITEMS, USERS = "interactions", "items", "users"
DATASETS = (INTERACTIONS, ITEMS, USERS)
TYPES = ("string", "int", "long", "float", "double", "boolean", "null")
NUMERIC = ("int", "long", "float", "double")
MAX_METADATA_FIELDS = 50
# Personalize's multi-value separator in a categorical field ("boots|sandals").
MULTI_SEPARATOR = "|"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# EVENT_TYPE is optional to Personalize, but the interaction log cannot keep an event without one.
REQUIRED = {INTERACTIONS: ("USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE"), ITEMS: ("ITEM_ID",), USERS: ("USER_ID",)}
# Reserved names: allowed only in the datasets listed, with these types.
RESERVED = {
    "USER_ID": ((INTERACTIONS, USERS), ("string",)),
    "ITEM_ID": ((INTERACTIONS, ITEMS), ("string",)),
    "TIMESTAMP": ((INTERACTIONS,), ("long", "int")),
    "EVENT_TYPE": ((INTERACTIONS,), ("string",)),
    "EVENT_VALUE": ((INTERACTIONS,), ("float", "double", "int", "long")),
    "CREATION_TIMESTAMP": ((ITEMS,), ("long", "int")),
}
# The interaction log stores these columns and no others: a schema naming more would drop data.
INTERACTION_FIELDS = ("USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE", "EVENT_VALUE")


class SchemaError(ValueError):
    """A schema Personalize (and this shop) would refuse; the message names the field."""


@dataclass(frozen=True)
class SchemaField:
    name: str  # as written (Personalize's fields are upper case by convention)
    type: str  # one of TYPES but "null"
    nullable: bool = False
    categorical: bool = False
    textual: bool = False

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC

    @property
    def key(self) -> str:
        """The field's upper-case name, as filters and CSV headers match it."""
        return self.name.upper()

    @property
    def property_name(self) -> str:
        """camelCase, as PutItems / PutUsers ``properties`` name it (CATEGORY_L1 -> categoryL1)."""
        head, *rest = self.name.lower().split("_")
        return head + "".join(part[:1].upper() + part[1:] for part in rest)

    def parse(self, raw: str) -> object:
        """A CSV cell as the field's value: None for empty (nullable only), a list for a multi-valued
        categorical string. Raises ValueError saying what was wrong."""
        if raw == "":
            if self.nullable:
                return None
            raise ValueError(f"{self.name} is empty and not nullable")
        return self.value(raw)

    def value(self, given: object) -> object:
        """A value (CSV text or JSON) as the field's type; ValueError names the field."""
        if given is None:
            if self.nullable:
                return None
            raise ValueError(f"{self.name} is null and not nullable")
        if self.type == "string":
            if isinstance(given, list) and self.categorical:
                values = [str(v) for v in given]
            elif isinstance(given, str):
                values = given.split(MULTI_SEPARATOR) if self.categorical else [given]
            else:
                raise ValueError(f"{self.name} must be a string, not {type(given).__name__}")
            values = [v.strip() for v in values if v.strip()]
            if self.categorical and len(values) > 1:
                return values
            return values[0] if values else ("" if not self.categorical else None)
        if self.type == "boolean":
            if isinstance(given, bool):
                return given
            text = str(given).strip().lower()
            if text in ("true", "1", "yes"):
                return True
            if text in ("false", "0", "no"):
                return False
            raise ValueError(f"{self.name} must be true or false, not {given!r}")
        if isinstance(given, bool):
            raise ValueError(f"{self.name} must be a number, not a boolean")
        if self.type in ("int", "long"):
            try:
                number = int(given) if isinstance(given, int) else int(str(given).strip())
            except ValueError:
                raise ValueError(f"{self.name} must be a whole number, not {given!r}") from None
            return number
        try:
            number = float(given)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"{self.name} must be a number, not {given!r}") from None
        if not math.isfinite(number):
            raise ValueError(f"{self.name} must be a finite number, not {given!r}")
        return number


@dataclass(frozen=True)
class DatasetSchema:
    dataset: str
    name: str
    fields: tuple[SchemaField, ...]

    def field(self, name: str) -> SchemaField | None:
        key = name.upper()
        return next((f for f in self.fields if f.key == key), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def metadata(self) -> tuple[SchemaField, ...]:
        """The fields other than the ids and the reserved ones."""
        return tuple(f for f in self.fields if f.key not in RESERVED)


def _field(dataset: str, position: int, raw: object) -> SchemaField:
    if not isinstance(raw, Mapping):
        raise SchemaError(f"fields[{position}] must be an object with a name and a type")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise SchemaError(f"fields[{position}]: the name {name!r} is not an Avro name (letters, digits, _)")
    kind = raw.get("type")
    nullable = False
    if isinstance(kind, list):
        others = [t for t in kind if t != "null"]
        if len(kind) != 2 or "null" not in kind or len(others) != 1 or not isinstance(others[0], str):
            raise SchemaError(f'field {name}: a union must be ["null", T] with one type T, not {kind!r}')
        kind, nullable = others[0], True
    if kind not in TYPES or kind == "null":
        allowed = ", ".join(t for t in TYPES if t != "null")
        raise SchemaError(f'field {name}: type {kind!r} is not one of {allowed} (or a ["null", T] union)')
    categorical = raw.get("categorical", False)
    textual = raw.get("textual", False)
    for flag, value in (("categorical", categorical), ("textual", textual)):
        if not isinstance(value, bool):
            raise SchemaError(f"field {name}: {flag} must be true or false, not {value!r}")
    if (categorical or textual) and kind != "string":
        raise SchemaError(f"field {name}: only a string field can be categorical or textual, not {kind}")
    if categorical and textual:
        raise SchemaError(f"field {name}: a field is categorical or textual, not both")
    if textual and dataset != ITEMS:
        raise SchemaError(f"field {name}: textual fields belong to the Items dataset only")
    key = name.upper()
    if key in RESERVED:
        datasets, types = RESERVED[key]
        if dataset not in datasets:
            raise SchemaError(f"field {name} is reserved for the {' and '.join(datasets)} dataset(s)")
        if kind not in types:
            raise SchemaError(f"field {name} must be of type {' or '.join(types)}, not {kind}")
        if key in REQUIRED[dataset] and nullable:
            raise SchemaError(f"field {name} is required and cannot be nullable")
    elif dataset == ITEMS and key in ITEM_DERIVED:
        raise SchemaError(f"field {name}: the shop derives {key} from the other fields; name yours otherwise")
    elif dataset == INTERACTIONS:
        raise SchemaError(
            f"field {name}: the interaction log keeps {', '.join(INTERACTION_FIELDS)}; other fields would be lost"
        )
    return SchemaField(name, kind, nullable, categorical, textual)


def schema_parse(dataset: str, schema: str | Mapping) -> DatasetSchema:
    """Validate a schema (JSON text or its parsed object) for ``dataset``; SchemaError says why."""
    if dataset not in DATASETS:
        raise SchemaError(f"unknown dataset {dataset!r}: one of {', '.join(DATASETS)}")
    if isinstance(schema, str):
        try:
            schema = json.loads(schema)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"not JSON: {exc}") from None
    if not isinstance(schema, Mapping):
        raise SchemaError("a schema is a JSON object (an Avro record)")
    if schema.get("type") != "record":
        raise SchemaError(f'type must be "record", not {schema.get("type")!r}')
    if schema.get("namespace") != NAMESPACE:
        raise SchemaError(f'namespace must be "{NAMESPACE}", not {schema.get("namespace")!r}')
    name = schema.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise SchemaError(f"name {name!r} is not an Avro name")
    raw_fields = schema.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise SchemaError("fields must be a non-empty list")
    fields = tuple(_field(dataset, i, raw) for i, raw in enumerate(raw_fields))
    seen: set[str] = set()
    for f in fields:
        if f.key in seen:
            raise SchemaError(f"field {f.name} appears twice (names are compared in upper case)")
        seen.add(f.key)
    for required in REQUIRED[dataset]:
        if required not in seen:
            raise SchemaError(f"field {required} is required in the {dataset} schema")
    parsed = DatasetSchema(dataset, name, fields)
    if dataset != INTERACTIONS:
        count = len(parsed.metadata)
        if not 1 <= count <= MAX_METADATA_FIELDS:
            raise SchemaError(f"the {dataset} schema needs 1 to {MAX_METADATA_FIELDS} metadata fields, not {count}")
    return parsed


def _record(name: str, fields: list[dict]) -> dict:
    return {"type": "record", "name": name, "namespace": NAMESPACE, "fields": fields, "version": "1.0"}


# Today's columns: the builtin ones are Product / ShopperProfile columns; others go to metadata.
# Nullable, so a file may leave any out: an empty cell leaves a product's own column as it is.
DEFAULT_SCHEMAS: dict[str, dict] = {
    INTERACTIONS: _record(
        "Interactions",
        [
            {"name": "USER_ID", "type": "string"},
            {"name": "ITEM_ID", "type": "string"},
            {"name": "TIMESTAMP", "type": "long"},
            {"name": "EVENT_TYPE", "type": "string"},
            {"name": "EVENT_VALUE", "type": ["null", "float"]},
        ],
    ),
    ITEMS: _record(
        "Items",
        [
            {"name": "ITEM_ID", "type": "string"},
            {"name": "NAME", "type": ["null", "string"], "textual": True},
            {"name": "DESCRIPTION", "type": ["null", "string"], "textual": True},
            {"name": "CATEGORY", "type": ["null", "string"], "categorical": True},
            {"name": "STYLE", "type": ["null", "string"], "categorical": True},
            {"name": "GENDER_AFFINITY", "type": ["null", "string"], "categorical": True},
            {"name": "PRICE", "type": ["null", "float"]},
            {"name": "STOCK", "type": ["null", "int"]},
            {"name": "PROMOTED", "type": ["null", "boolean"]},
            {"name": "FEATURED", "type": ["null", "boolean"]},
            {"name": "CREATION_TIMESTAMP", "type": ["null", "long"]},
        ],
    ),
    USERS: _record(
        "Users",
        [
            {"name": "USER_ID", "type": "string"},
            {"name": "AGE", "type": ["null", "int"]},
            {"name": "GENDER", "type": ["null", "string"], "categorical": True},
            {"name": "DISCOUNT_ATTITUDE", "type": ["null", "string"], "categorical": True},
            {"name": "PERSONA", "type": ["null", "string"], "categorical": True},
        ],
    ),
}

# Item fields the shop keeps in Product's own columns (the rest of a schema goes to metadata).
ITEM_COLUMNS = ("ITEM_ID", "NAME", "DESCRIPTION", "CATEGORY", "STYLE", "GENDER_AFFINITY", "PRICE", "STOCK")
ITEM_COLUMNS += ("PROMOTED", "FEATURED", "CREATION_TIMESTAMP")
# Item fields the catalogue derives (never stored as metadata): filters already answer to them.
ITEM_DERIVED = ("DEPARTMENT", "ON_SALE", "CATEGORY_ID", "CATEGORY_L1", "CATEGORY_L2", "GENDER")
USER_COLUMNS = ("USER_ID", "AGE", "GENDER", "DISCOUNT_ATTITUDE", "PERSONA")


def default_schema(dataset: str) -> DatasetSchema:
    return schema_parse(dataset, DEFAULT_SCHEMAS[dataset])
