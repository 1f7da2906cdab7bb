"""A request's filter values (Personalize's filterValues) parsed and put in place of an
expression's ``$PARAMETERS``: an INCLUDE needs all of its own, an EXCLUDE drops the conditions
whose values are missing, an ``IF`` whose value is missing applies to no one."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass, replace

from recommendations.engine.filters.grammar import (
    BoolOp,
    Condition,
    Expression,
    FilterError,
    Node,
    Param,
    ParsedFilter,
    Token,
    tokenize,
)

COMPARISONS = {"=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


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
    if condition.operator in COMPARISONS and len(numbers) != 1:
        raise FilterError(f"filterValues {param.name} must be one number for {condition.operator}", param.position)
    return numbers  # type: ignore[return-value]


def _bound_node(node: Node, given: Mapping[str, tuple[FilterValue, ...]]) -> Node | None:
    if isinstance(node, Condition):
        return _bound_condition(node, given)
    parts = [part for part in (_bound_node(p, given) for p in node.parts) if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else BoolOp(node.operator, tuple(parts))
