"""A parsed filter applied to an ``ItemTable``: one boolean "allowed" per item, in numpy.

Personalize's semantics: an expression's ``$PARAMETERS`` take the request's filter values (an
INCLUDE needs all of its own, an EXCLUDE drops the conditions whose values are missing); an
expression whose ``IF CurrentUser...`` does not hold for the shopper does not apply; chained
expressions combine as (union of the INCLUDEs, or everything without one) minus (union of the
EXCLUDEs).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from recommendations.engine.catalogue import Categorical, ItemTable
from recommendations.engine.filters.bind import COMPARISONS, filter_bind
from recommendations.engine.filters.grammar import (
    BoolOp,
    Condition,
    CurrentItemField,
    FilterError,
    Node,
    ParsedFilter,
    Schema,
)

# Personalize reads only a shopper's latest 100 events of each type for interaction filters.
INTERACTIONS_PER_EVENT_TYPE = 100


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


# Many shoppers' item ids of one event type: (shopper position per entry, item id), each
# shopper's entries together and newest first.
ShopperItems = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class _Context:
    table: ItemTable
    shoppers: int
    interactions: Mapping[str, ShopperItems]
    current_item: Mapping[str, str | float] | None
    users: Sequence[Mapping[str, object]]


def filter_mask(
    parsed: ParsedFilter,
    table: ItemTable,
    values: Mapping[str, str] | None = None,
    *,
    interactions: Mapping[str, Sequence[int] | np.ndarray] | None = None,
    current_item: Mapping[str, str | float] | None = None,
    user: Mapping[str, object] | None = None,
) -> np.ndarray:
    """Per row of ``table``: may the item be recommended (``filter_masks`` for one shopper).

    ``interactions``: the shopper's item ids per event type, newest first (only the first
    ``INTERACTIONS_PER_EVENT_TYPE`` count); ``current_item``: the request's item (``item_row``);
    ``user``: the shopper's attributes by field (CurrentUser).
    """
    events = {}
    for kind, ids in (interactions or {}).items():
        items = np.asarray(ids, dtype=np.int64)
        events[kind] = (np.zeros(items.size, dtype=np.int64), items)
    masks = filter_masks(
        parsed, table, values, shoppers=1, interactions=events, current_item=current_item, users=[user or {}]
    )
    return masks[0]


def filter_masks(
    parsed: ParsedFilter,
    table: ItemTable,
    values: Mapping[str, str] | None = None,
    *,
    shoppers: int,
    interactions: Mapping[str, ShopperItems] | None = None,
    current_item: Mapping[str, str | float] | None = None,
    users: Sequence[Mapping[str, object]] | None = None,
) -> np.ndarray:
    """Per shopper x row of ``table``: may the item be recommended to that shopper.

    A batch's answer in one evaluation: what reads only the catalogue is computed once and
    broadcast, what reads the shoppers' events is one matrix filled in one indexing step.
    ``interactions``: per event type, (shopper position, item id) of the shoppers' events, each
    shopper's together and newest first (only their first ``INTERACTIONS_PER_EVENT_TYPE`` count);
    ``users``: each shopper's attributes by field (CurrentUser), in shopper order.
    """
    events = _by_event_type(interactions or {})
    people = [{k.upper(): v for k, v in user.items()} for user in (users or [{}] * shoppers)]
    if len(people) != shoppers:
        raise ValueError(f"{len(people)} users' attributes for {shoppers} shoppers")
    context = _Context(table, shoppers, events, current_item, people)
    everyone = np.ones(shoppers, dtype=bool)
    includes: list[tuple[np.ndarray, np.ndarray]] = []
    excludes: list[tuple[np.ndarray, np.ndarray]] = []
    for bound in filter_bind(parsed, values):
        holds = everyone
        if bound.condition_if is not None:
            holds = np.fromiter((_user_holds(bound.condition_if, user) for user in people), bool, count=shoppers)
            if not holds.any():
                continue
        assert bound.where is not None
        (includes if bound.expression.action == "INCLUDE" else excludes).append(
            (holds, _node_mask(bound.where, context))
        )
    allowed = np.ones((shoppers, len(table)), dtype=bool)
    if includes:
        # Shoppers to whom no INCLUDE applies (their IF does not hold) keep every item.
        applies = np.logical_or.reduce([holds for holds, _ in includes])
        allowed[applies] = False
        for holds, mask in includes:
            allowed |= holds[:, None] & mask
    for holds, mask in excludes:
        allowed &= ~(holds[:, None] & mask)
    return allowed


def _by_event_type(interactions: Mapping[str, ShopperItems]) -> dict[str, ShopperItems]:
    """Event types matched without case (names differing only in case are one type), each
    shopper's latest entries of each."""
    merged: dict[str, list[ShopperItems]] = {}
    for kind, pair in interactions.items():
        merged.setdefault(kind.lower(), []).append(pair)
    events = {}
    for kind, parts in merged.items():
        owner = np.concatenate([np.asarray(o, dtype=np.int64) for o, _ in parts])
        items = np.concatenate([np.asarray(i, dtype=np.int64) for _, i in parts])
        if len(parts) > 1:
            together = np.argsort(owner, kind="stable")  # each shopper's entries together again
            owner, items = owner[together], items[together]
        events[kind] = _latest(owner, items)
    return events


def _latest(owner: np.ndarray, items: np.ndarray) -> ShopperItems:
    """Each shopper's first ``INTERACTIONS_PER_EVENT_TYPE`` entries (Personalize reads no more)."""
    if owner.size <= INTERACTIONS_PER_EVENT_TYPE:
        return owner, items
    starts = np.flatnonzero(np.concatenate([[True], owner[1:] != owner[:-1]]))
    rank = np.arange(owner.size) - np.repeat(starts, np.diff(np.append(starts, owner.size)))
    keep = rank < INTERACTIONS_PER_EVENT_TYPE
    return owner[keep], items[keep]


def _node_mask(node: Node, context: _Context) -> np.ndarray:
    """A 1-D mask when the node reads only the catalogue, else one row per shopper; the two
    broadcast together."""
    if isinstance(node, BoolOp):
        combine = np.logical_and if node.operator == "AND" else np.logical_or
        return functools.reduce(combine, (_node_mask(part, context) for part in node.parts))
    if node.dataset == "Interactions":
        return _interaction_mask(node, context)
    return _item_mask(node, context)


def _interaction_mask(condition: Condition, context: _Context) -> np.ndarray:
    named = {str(value).lower() for value in condition.values}
    kinds = [kind for kind in context.interactions if (kind in named) == (condition.operator == "IN")]
    mask = np.zeros((context.shoppers, len(context.table)), dtype=bool)
    if kinds:
        owner = np.concatenate([context.interactions[kind][0] for kind in kinds])
        at = context.table.positions(np.concatenate([context.interactions[kind][1] for kind in kinds]))
        mask[owner[at >= 0], at[at >= 0]] = True
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
        return COMPARISONS[condition.operator](column, numbers[0])


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
    return have is not None and want is not None and COMPARISONS[condition.operator](have, want)
