"""PutItems / PutUsers: Personalize's upserts of a few records, all or none.

Each record is an id and ``properties``, a JSON string of an object whose keys are the schema's
fields in camelCase (``CATEGORY_L1`` is ``categoryL1``); the field's own upper-case name is taken too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from datasets.services.items import item_record, items_apply
from datasets.services.records import item_id_problem, user_id_problem
from datasets.services.users import unknown_personas, user_record, users_apply
from recommendations.schemas import DatasetSchema
from recommendations.selectors import dataset_schema


class PutRefused(ValueError):
    """Some records are refused (nothing was stored): ``errors`` maps a record's position to
    {field: message}, as the API reports them."""

    def __init__(self, errors: dict[int, dict[str, str]]) -> None:
        self.errors = errors
        first = min(errors)
        field, message = next(iter(errors[first].items()))
        super().__init__(f"record {first}: {field}: {message}")


def _properties(schema: DatasetSchema, raw: object) -> dict[str, object]:
    """The properties JSON string as {FIELD: value}; ValueError says what is wrong."""
    if raw is None or raw == "":
        return {}
    if not isinstance(raw, str):
        raise ValueError("properties must be a JSON string holding an object, as Personalize's")
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"properties is not JSON: {exc}") from None
    if not isinstance(parsed, dict):
        raise ValueError("properties must hold a JSON object")
    by_name = {f.property_name.lower(): f for f in schema.fields} | {f.key.lower(): f for f in schema.fields}
    values: dict[str, object] = {}
    for name, value in parsed.items():
        field = by_name.get(str(name).lower())
        if field is None or field.key in ("ITEM_ID", "USER_ID"):
            known = ", ".join(f.property_name for f in schema.metadata)
            raise ValueError(f"properties names {name!r}, not a field of the {schema.dataset} schema ({known})")
        values[field.key] = value
    return values


def items_put(*, items: Sequence[Mapping[str, object]]) -> int:
    """Upsert products from ``[{"itemId": "42", "properties": "{\\"category\\": \\"books\\"}"}]``; returns
    how many were written. PutRefused (nothing stored) when any record is refused."""
    schema = dataset_schema("items")
    errors: dict[int, dict[str, str]] = {}
    records: list[tuple[int, dict[str, object]]] = []
    for position, item in enumerate(items):
        item_id = str(item.get("itemId", ""))
        problem = item_id_problem(item_id)
        if problem:
            errors[position] = {"itemId": problem.replace("ITEM_ID", "itemId")}
            continue
        try:
            records.append((int(item_id), item_record(schema, _properties(schema, item.get("properties")))))
        except ValueError as exc:
            errors[position] = {"properties": str(exc)}
    if errors:
        raise PutRefused(errors)
    try:
        written, _ = items_apply(records)
    except ValueError as exc:
        raise PutRefused({0: {"properties": str(exc)}}) from None
    return written


def users_put(*, users: Sequence[Mapping[str, object]]) -> int:
    """Upsert shoppers from ``[{"userId": "ann", "properties": "{\\"age\\": 31}"}]``, creating those the
    shop has never seen; returns how many were written. PutRefused (nothing stored) on any refusal."""
    schema = dataset_schema("users")
    errors: dict[int, dict[str, str]] = {}
    records: list[tuple[str, dict[str, object]]] = []
    positions: list[int] = []
    for position, user in enumerate(users):
        user_id = user.get("userId", "")
        problem = user_id_problem(user_id) if isinstance(user_id, str) else "USER_ID must be a string"
        if problem:
            errors[position] = {"userId": problem.replace("USER_ID", "userId")}
            continue
        try:
            records.append((user_id, user_record(schema, _properties(schema, user.get("properties")))))
            positions.append(position)
        except ValueError as exc:
            errors[position] = {"properties": str(exc)}
    for position, (_, record) in zip(positions, records, strict=True):
        if record.get("PERSONA") and unknown_personas({str(record["PERSONA"])}):
            errors[position] = {"properties": f"persona {record['PERSONA']!r} does not exist"}
    if errors:
        raise PutRefused(errors)
    written, _ = users_apply(records)
    return written
