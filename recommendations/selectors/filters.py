"""Item filters for requests: the API's simple category and price filters, and Personalize's filter
expressions (stored Filter rows) evaluated over the catalogue table as masks (the engine's filter_items)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from recommendations.artifacts import LoadedModel
from recommendations.engine.catalogue import ItemTable
from recommendations.engine.filters import (
    INTERACTIONS_PER_EVENT_TYPE,
    FilterError,
    ParsedFilter,
    Schema,
    filter_bind,
    filter_mask,
    item_row,
    parse,
    schema_of,
)
from recommendations.models import EventType, Filter, Interaction
from recommendations.selectors.catalogue import item_table
from recommendations.selectors.history import HistoryEvent
from recommendations.user_attributes import user_attribute_fields, user_attributes
from shop.models import Product


def products_excluded_by(
    *,
    categories: list[str] | None = None,
    exclude_categories: list[str] | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
) -> set[int]:
    """Product ids a request's filters rule out: INCLUDE categories, EXCLUDE categories, a price range."""
    if not (categories or exclude_categories or min_price is not None or max_price is not None):
        return set()
    allowed = Product.objects.all()
    if categories:
        allowed = allowed.filter(category__slug__in=categories)
    if exclude_categories:
        allowed = allowed.exclude(category__slug__in=exclude_categories)
    if min_price is not None:
        allowed = allowed.filter(price__gte=min_price)
    if max_price is not None:
        allowed = allowed.filter(price__lte=max_price)
    return set(Product.objects.exclude(pk__in=allowed.values("pk")).values_list("pk", flat=True))


# --- Personalize filter expressions -------------------------------------------------------------

# Personalize's filter ARNs end in "filter/<name>"; a request may send either.
FILTER_ARN_SEPARATOR = "/"


class FilterRequestError(ValueError):
    """A filter a request cannot use: unknown, invalid, a missing INCLUDE parameter, CurrentItem
    outside a related-items request. The message is the API's 400 detail."""


@dataclass(frozen=True)
class ItemFilter:
    """A stored filter's parsed expression with one request's values for its parameters."""

    name: str
    parsed: ParsedFilter
    values: Mapping[str, str] | None = None


_schemas: dict[str, object] = {"table": None, "fields": None, "schema": None}


def filter_schema() -> Schema:
    """The catalogue's fields (and the registered CurrentUser fields) a filter may name."""
    table, fields = item_table(), user_attribute_fields()
    if _schemas["table"] is not table or _schemas["fields"] != fields:
        _schemas.update(table=table, fields=fields, schema=schema_of(table, fields))
    return _schemas["schema"]  # type: ignore[return-value]


def filter_parse(expression: str) -> ParsedFilter:
    """Parsed once per text and schema (the engine caches); FilterError says where it is wrong."""
    return parse(expression.strip(), filter_schema())


def filter_name_of(name_or_arn: str) -> str:
    """ "exclude-purchased" from itself or from "arn:aws:personalize:...:filter/exclude-purchased"."""
    return name_or_arn.rstrip(FILTER_ARN_SEPARATOR).rsplit(FILTER_ARN_SEPARATOR, 1)[-1]


def item_filter_resolve(
    item_filter: Filter | ItemFilter | str | None, filter_values: Mapping[str, str] | None = None
) -> ItemFilter | None:
    """The filter a request names (a Filter, its name or ARN) with its values, checked now so a
    bad request is refused before any scoring: unknown name, invalid expression or values, an
    INCLUDE parameter without a value."""
    if item_filter is None or isinstance(item_filter, ItemFilter):
        return item_filter
    stored = item_filter
    if isinstance(item_filter, str):
        name = filter_name_of(item_filter)
        stored = Filter.objects.filter(name=name).first()
        if stored is None:
            names = ", ".join(Filter.objects.values_list("name", flat=True)) or "none yet"
            raise FilterRequestError(f"unknown filter {name!r}; the filters are: {names}")
    try:
        resolved = ItemFilter(stored.name, stored.parsed(), filter_values)
        filter_bind(resolved.parsed, filter_values)
    except FilterError as exc:
        raise FilterRequestError(str(exc)) from exc
    return resolved


def _interactions(history: list[HistoryEvent]) -> dict[str, list[int]]:
    """Item ids per event type, newest first (the history is)."""
    by_type: dict[str, list[int]] = {}
    for event in history:
        by_type.setdefault(event.event_type, []).append(event.product_id)
    return by_type


def _named_event_types(parsed: ParsedFilter) -> set[str] | None:
    """The event types a filter's Interactions conditions name, None when it could be any (NOT IN, $PARAM)."""
    named: set[str] = set()
    for expression in parsed.expressions:
        if expression.dataset != "Interactions":
            continue
        for condition in expression.conditions():
            if condition.dataset != "Interactions":
                continue
            if condition.operator != "IN" or condition.params:
                return None
            named |= {str(value).lower() for value in condition.values}
    return named


def _interaction_items(parsed: ParsedFilter, user: AbstractBaseUser | None, visitor_id: str) -> dict[str, list[int]]:
    """The shopper's latest items of each event type the filter reads: one small query per type,
    not the whole history (the storefront's usual filter names Purchase alone)."""
    if user is not None and user.is_authenticated:
        who = Q(user=user)
    elif visitor_id:
        who = Q(visitor_id=visitor_id, user__isnull=True)
    else:
        return {}
    named = _named_event_types(parsed)
    kinds = [kind for kind in EventType.values if named is None or kind.lower() in named]
    return {
        kind: list(
            Interaction.objects.filter(who, event_type=kind)
            .order_by("-timestamp", "-id")
            .values_list("product_id", flat=True)[:INTERACTIONS_PER_EVENT_TYPE]
        )
        for kind in kinds
    }


def filter_allowed(
    item_filter: ItemFilter,
    table: ItemTable,
    *,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    history: list[HistoryEvent] | None = None,
    product_id: int | None = None,
) -> np.ndarray:
    """Per row of ``table``: may the item be recommended to this shopper (for this item)."""
    parsed = item_filter.parsed
    interactions = None
    if parsed.uses_interactions:
        interactions = _interactions(history) if history is not None else _interaction_items(parsed, user, visitor_id)
    current = None
    if parsed.uses_current_item:
        if product_id is None:
            raise FilterRequestError(
                f"filter {item_filter.name} reads CurrentItem: "
                "only a related-items recommender (with an itemId) can use it"
            )
        current = item_row(item_table(), product_id)
    attributes = user_attributes(user) if parsed.uses_current_user else None
    try:
        return filter_mask(
            parsed, table, item_filter.values, interactions=interactions, current_item=current, user=attributes
        )
    except FilterError as exc:
        raise FilterRequestError(str(exc)) from exc


# (version id, id of its product ids) -> (the catalogue table it was aligned from, the aligned table)
_aligned: dict[tuple[int, int], tuple[ItemTable, ItemTable]] = {}
_aligned_lock = threading.Lock()


def model_item_table(loaded: LoadedModel) -> ItemTable:
    """The catalogue aligned to a live model's item index, built once per version and catalogue."""
    table = item_table()
    key = (loaded.version_id, id(loaded.product_ids))
    entry = _aligned.get(key)
    if entry is not None and entry[0] is table:
        return entry[1]
    aligned = table.aligned(loaded.product_ids)
    with _aligned_lock:
        # Only the current catalogue's tables are worth keeping.
        for stale in [k for k, (source, _) in _aligned.items() if source is not table]:
            del _aligned[stale]
        _aligned[key] = (table, aligned)
    return aligned


def filter_excluded_indices(
    loaded: LoadedModel,
    item_filter: ItemFilter | None,
    *,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    history: list[HistoryEvent] | None = None,
    product_id: int | None = None,
) -> np.ndarray | None:
    """The model's item indices the filter rules out (the engine's filter_items), None without one."""
    if item_filter is None:
        return None
    allowed = filter_allowed(
        item_filter,
        model_item_table(loaded),
        user=user,
        visitor_id=visitor_id,
        history=history,
        product_id=product_id,
    )
    return np.flatnonzero(~allowed)


def filter_allowed_products(
    item_filter: ItemFilter | None,
    product_ids: list[int],
    *,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    history: list[HistoryEvent] | None = None,
    product_id: int | None = None,
) -> list[int]:
    """``product_ids`` (in their order) that the filter allows, for answers not from a model."""
    if item_filter is None:
        return list(product_ids)
    table = item_table()
    allowed = filter_allowed(
        item_filter, table, user=user, visitor_id=visitor_id, history=history, product_id=product_id
    )
    at = table.positions(product_ids)
    keep = (at >= 0) & allowed[np.where(at >= 0, at, 0)]
    return [pid for pid, ok in zip(product_ids, keep, strict=True) if ok]
