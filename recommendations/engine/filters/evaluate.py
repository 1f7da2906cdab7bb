"""A parsed filter applied to an ``ItemTable``: one boolean "allowed" per item, in numpy.

Personalize's semantics: an expression's ``$PARAMETERS`` take the request's filter values (an
INCLUDE needs all of its own, an EXCLUDE drops the conditions whose values are missing); an
expression whose ``IF CurrentUser...`` does not hold for the shopper does not apply; chained
expressions combine as (union of the INCLUDEs, or everything without one) minus (union of the
EXCLUDEs).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from recommendations.engine.catalogue import Categorical, ItemTable
from recommendations.engine.filters.grammar import (
    BoolOp,
    Condition,
    CurrentItemField,
    Expression,
    FilterError,
    Node,
    Param,
    ParsedFilter,
    Schema,
    Token,
    tokenize,
)

# Personalize reads only a shopper's latest 100 events of each type for interaction filters.
INTERACTIONS_PER_EVENT_TYPE = 100

_COMPARE = {"=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class FilterValue:
    """One value of a request's filter values: its text (for IN) and its number, if it is one."""

    text: str
    number: float | None


def filter_values_parse(values: Mapping[str, str] | None) -> dict[str, tuple[FilterValue, ...]]:
    """Personalize's filterValues: ``{"STYLES": "\\"boot\\",\\"sandals\\""}`` (a comma-separated list
    of quoted values) or ``{"PRICE": "50"}`` (a number); names are matched without the $."""
    parsed: dict[str, tuple[FilterValue, ...]] = {}
    for name, raw in (values or {}).items():
        if not isinstance(raw, str):
            raise FilterError(f"filterValues {name} must be a string such as '\"a\",\"b\"' or '10'")
        try:
            tokens = tokenize(raw)
        except FilterError as exc:
            raise FilterError(f"filterValues {name}: {exc}") from None
        items: list[FilterValue] = []
        expect_value = True
        for token in tokens:
            if token.kind == "END":
                break
            if expect_value and token.kind in ("STRING", "NUMBER"):
                items.append(_value_of(token))
            elif not expect_value and token.kind == "PUNCT" and token.text == ",":
                pass
            else:
                wanted = "a quoted value or a number" if expect_value else '","'
                raise FilterError(f"filterValues {name}: at {token.position}: expected {wanted}, got {token.shown()}")
            expect_value = not expect_value
        if not items or expect_value:
            raise FilterError(f"filterValues {name}: expected a quoted value or a number, got end of value")
        parsed[name.lstrip("$").upper()] = tuple(items)
    return parsed


def _value_of(token: Token) -> FilterValue:
    if token.kind == "NUMBER":
        return FilterValue(token.text, float(token.value))
    text = str(token.value)
    try:
        number: float | None = float(text)
    except ValueError:
        number = None
    return FilterValue(text, number)


@dataclass(frozen=True)
class Bound:
    """An expression with its parameters' values in place (``where`` None: nothing left to apply)."""

    expression: Expression
    where: Node | None
    condition_if: Condition | None


def filter_bind(parsed: ParsedFilter, values: Mapping[str, str] | None = None) -> list[Bound]:
    """Each expression with the request's values in place of its parameters.

    Raises FilterError naming the first parameter an INCLUDE expression needs and was not given.
    """
    given = filter_values_parse(values)
    bound: list[Bound] = []
    for expression in parsed.expressions:
        include = expression.action == "INCLUDE"
        missing = [p for c in expression.conditions() for p in c.params if p.name.upper() not in given]
        if include and missing:
            raise FilterError(
                f"filterValues has no {missing[0].name}, which the INCLUDE expression needs", missing[0].position
            )
        condition_if = expression.condition_if
        if condition_if is not None:
            condition_if = _bound_condition(condition_if, given)
            if condition_if is None:
                continue  # an EXCLUDE whose IF cannot be decided applies to no one
        where = _bound_node(expression.where, given)
        if where is not None:
            bound.append(Bound(expression, where, condition_if))
    return bound


def _bound_condition(condition: Condition, given: Mapping[str, tuple[FilterValue, ...]]) -> Condition | None:
    values: list[object] = []
    for value in condition.values:
        if isinstance(value, Param):
            if value.name.upper() not in given:
                return None
            values.extend(_typed(condition, value, given[value.name.upper()]))
        else:
            values.append(value)
    return replace(condition, values=tuple(values))  # type: ignore[arg-type]


def _typed(condition: Condition, param: Param, values: tuple[FilterValue, ...]) -> list[str | float]:
    if condition.kind == "categorical":
        return [value.text for value in values]
    numbers = [value.number for value in values]
    if any(number is None for number in numbers):
        raise FilterError(f"filterValues {param.name} must be numbers for {condition.field}", param.position)
    if condition.operator in _COMPARE and len(numbers) != 1:
        raise FilterError(f"filterValues {param.name} must be one number for {condition.operator}", param.position)
    return numbers  # type: ignore[return-value]


def _bound_node(node: Node, given: Mapping[str, tuple[FilterValue, ...]]) -> Node | None:
    if isinstance(node, Condition):
        return _bound_condition(node, given)
    parts = [part for part in (_bound_node(p, given) for p in node.parts) if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else BoolOp(node.operator, tuple(parts))


def item_row(table: ItemTable, item_id: int) -> dict[str, str | float] | None:
    """One item's values by field (CurrentItem), None when the table does not hold it."""
    at = int(table.positions([item_id])[0])
    if at < 0:
        return None
    return {
        name: column.text(at) if isinstance(column, Categorical) else float(column[at])
        for name, column in table.columns.items()
    }


def schema_of(table: ItemTable, user_fields: Sequence[str] = ()) -> Schema:
    """The fields a filter on ``table`` may name."""
    kinds = {
        name: "categorical" if isinstance(column, Categorical) else "numeric" for name, column in table.columns.items()
    }
    return Schema.of(kinds, table.aliases, user_fields)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Context:
    table: ItemTable
    interactions: Mapping[str, np.ndarray]
    current_item: Mapping[str, str | float] | None
    user: Mapping[str, object]


def filter_mask(
    parsed: ParsedFilter,
    table: ItemTable,
    values: Mapping[str, str] | None = None,
    *,
    interactions: Mapping[str, Sequence[int] | np.ndarray] | None = None,
    current_item: Mapping[str, str | float] | None = None,
    user: Mapping[str, object] | None = None,
) -> np.ndarray:
    """Per row of ``table``: may the item be recommended.

    ``interactions``: the shopper's item ids per event type, newest first (only the first
    ``INTERACTIONS_PER_EVENT_TYPE`` count); ``current_item``: the request's item (``item_row``);
    ``user``: the shopper's attributes by field (CurrentUser).
    """
    events = {
        kind.lower(): np.asarray(ids, dtype=np.int64)[:INTERACTIONS_PER_EVENT_TYPE]
        for kind, ids in (interactions or {}).items()
    }
    context = _Context(table, events, current_item, {k.upper(): v for k, v in (user or {}).items()})
    includes: list[np.ndarray] = []
    excludes: list[np.ndarray] = []
    for bound in filter_bind(parsed, values):
        if bound.condition_if is not None and not _user_holds(bound.condition_if, context.user):
            continue
        assert bound.where is not None
        mask = _node_mask(bound.where, context)
        (includes if bound.expression.action == "INCLUDE" else excludes).append(mask)
    allowed = np.logical_or.reduce(includes) if includes else np.ones(len(table), dtype=bool)
    if excludes:
        allowed = allowed & ~np.logical_or.reduce(excludes)
    return np.asarray(allowed, dtype=bool)


def _node_mask(node: Node, context: _Context) -> np.ndarray:
    if isinstance(node, BoolOp):
        masks = [_node_mask(part, context) for part in node.parts]
        return np.logical_and.reduce(masks) if node.operator == "AND" else np.logical_or.reduce(masks)
    if node.dataset == "Interactions":
        return _interaction_mask(node, context)
    return _item_mask(node, context)


def _interaction_mask(condition: Condition, context: _Context) -> np.ndarray:
    named = {str(value).lower() for value in condition.values}
    kinds = [kind for kind in context.interactions if (kind in named) == (condition.operator == "IN")]
    mask = np.zeros(len(context.table), dtype=bool)
    if kinds:
        at = context.table.positions(np.concatenate([context.interactions[kind] for kind in kinds]))
        mask[at[at >= 0]] = True
    return mask


def _current(value: CurrentItemField, context: _Context) -> str | float:
    if context.current_item is None:
        raise FilterError(
            f"CurrentItem.{value.field} needs the request's item (related-items recommenders only)", value.position
        )
    found = context.current_item.get(value.field)
    if found is None:
        return "" if value.kind == "categorical" else float("nan")
    return found


def _item_mask(condition: Condition, context: _Context) -> np.ndarray:
    column = context.table.column(condition.field)
    values = [_current(v, context) if isinstance(v, CurrentItemField) else v for v in condition.values]
    if isinstance(column, Categorical):
        if column.multi:
            # The current item's several values ("a|b"): another item matches when it shares one.
            values = [part for v in values for part in str(v).split("|")]
        matched = column.isin([str(v) for v in values if v != ""])
        return ~matched if condition.operator == "NOT IN" else matched
    numbers = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        if condition.operator == "IN":
            return np.isin(column, numbers)
        if condition.operator == "NOT IN":
            return ~np.isin(column, numbers)
        # NaN (no value, or a current item without one) compares False: such items never match.
        return _COMPARE[condition.operator](column, numbers[0])


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _user_holds(condition: Condition, user: Mapping[str, object]) -> bool:
    """Does the shopper meet an expression's IF (an unknown attribute never does)."""
    value = user.get(condition.field)
    if value is None or value == "":
        return False
    if condition.operator in ("IN", "NOT IN"):
        inside = str(value) in {str(v) for v in condition.values}
        return inside == (condition.operator == "IN")
    wanted = condition.values[0]
    if condition.operator == "=":
        have, want = _number(value), _number(wanted)
        if have is not None and want is not None:
            return have == want
        return str(value) == str(wanted)
    have, want = _number(value), _number(wanted)
    return have is not None and want is not None and _COMPARE[condition.operator](have, want)
