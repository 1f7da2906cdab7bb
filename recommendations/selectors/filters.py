"""Item filters for requests: the API's simple category and price filters, and Personalize's filter
expressions (stored Filter rows) evaluated over the catalogue table as masks (the engine's filter_items)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from recommendations.artifacts import LoadedModel
from recommendations.engine.catalogue import ItemTable
from recommendations.engine.filters import (
    INTERACTIONS_PER_EVENT_TYPE,
    FilterError,
    ParsedFilter,
    Schema,
    ShopperItems,
    filter_bind,
    filter_mask,
    filter_masks,
    item_row,
    parse,
    schema_of,
)
from recommendations.models import EventType, Filter, Interaction
from recommendations.selectors.catalogue import TableCache, item_table
from recommendations.selectors.history import HistoryEvent
from recommendations.user_attributes import user_attribute_fields, user_attributes


def products_excluded_by(
    *,
    categories: list[str] | None = None,
    exclude_categories: list[str] | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
) -> set[int]:
    """Product ids a request's filters rule out: INCLUDE categories, EXCLUDE categories, a price range.

    Read from the process's catalogue table (``products_allowed_mask``), not a query returning
    every product left out."""
    allowed = products_allowed_mask(
        categories=categories, exclude_categories=exclude_categories, min_price=min_price, max_price=max_price
    )
    if allowed is None:
        return set()
    return set(item_table().item_ids[~allowed].tolist())


def products_allowed_mask(
    *,
    categories: list[str] | None = None,
    exclude_categories: list[str] | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
) -> np.ndarray | None:
    """Per row of the catalogue table (``item_table``): does the request's category and price
    filter allow it; None without a filter. Prices compare as the table's floats (cents are exact)."""
    if not (categories or exclude_categories or min_price is not None or max_price is not None):
        return None
    table = item_table()
    allowed = np.ones(len(table), dtype=bool)
    category = table.column("CATEGORY")
    price = table.column("PRICE")
    if categories:
        allowed &= category.isin(categories)
    if exclude_categories:
        allowed &= ~category.isin(exclude_categories)
    with np.errstate(invalid="ignore"):
        if min_price is not None:
            allowed &= price >= float(min_price)
        if max_price is not None:
            allowed &= price <= float(max_price)
    return allowed


# What a request's own category and price parameters are called when they run as a filter.
REQUEST_FILTER_NAME = "request-parameters"


def request_parameters_filter(
    *,
    categories: list[str] | None = None,
    exclude_categories: list[str] | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
) -> ItemFilter | None:
    """The API's category and price parameters as one filter expression, None without any: its
    mask is computed once per model table (it reads only the catalogue) instead of every request
    carrying the set of products it leaves out, which also widened each row's candidates by as
    many. Slugs are validated (letters, digits, - and _), so they quote safely."""
    conditions = []
    if categories:
        conditions.append("Items.CATEGORY IN (" + ", ".join(f'"{slug}"' for slug in categories) + ")")
    if exclude_categories:
        conditions.append("Items.CATEGORY NOT IN (" + ", ".join(f'"{slug}"' for slug in exclude_categories) + ")")
    if min_price is not None:
        conditions.append(f"Items.PRICE >= {min_price}")
    if max_price is not None:
        conditions.append(f"Items.PRICE <= {max_price}")
    if not conditions:
        return None
    return ItemFilter(REQUEST_FILTER_NAME, filter_parse("INCLUDE ItemID WHERE " + " AND ".join(conditions)))


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


# How long a process trusts its copy of the stored filters before one cheap query checks it: an
# edit in the admin (another process) is served within this many seconds, this process's at once.
FILTERS_CHECK_SECONDS = 2.0
_stored_lock = threading.Lock()
_stored: dict[str, object] = {"expressions": None, "stamp": None, "checked": 0.0}


def _stored_expressions() -> dict[str, str]:
    """{filter name: expression} of every stored filter: no query per filtered request."""
    now = time.monotonic()
    expressions = _stored["expressions"]
    if expressions is not None and now - float(_stored["checked"]) < FILTERS_CHECK_SECONDS:
        return expressions  # type: ignore[return-value]
    with _stored_lock:
        figures = Filter.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
        stamp = (figures["n"], figures["changed"])
        if _stored["expressions"] is None or stamp != _stored["stamp"]:
            _stored["expressions"] = dict(Filter.objects.values_list("name", "expression"))
            _stored["stamp"] = stamp
        _stored["checked"] = time.monotonic()
        return _stored["expressions"]  # type: ignore[return-value]


def stored_filters_invalidate() -> None:
    with _stored_lock:
        _stored["expressions"] = None
        _stored["checked"] = 0.0


@receiver([post_save, post_delete], sender=Filter, dispatch_uid="stored-filter-changed")
def _stored_filter_changed(**kwargs: object) -> None:
    stored_filters_invalidate()


def item_filter_resolve(
    item_filter: Filter | ItemFilter | str | None, filter_values: Mapping[str, str] | None = None
) -> ItemFilter | None:
    """The filter a request names (a Filter, its name or ARN) with its values, checked now so a
    bad request is refused before any scoring: unknown name, invalid expression or values, an
    INCLUDE parameter without a value."""
    if item_filter is None or isinstance(item_filter, ItemFilter):
        return item_filter
    if isinstance(item_filter, str):
        name = filter_name_of(item_filter)
        stored = _stored_expressions()
        if name not in stored:
            names = ", ".join(sorted(stored)) or "none yet"
            raise FilterRequestError(f"unknown filter {name!r}; the filters are: {names}")
        expression = stored[name]
    else:
        name, expression = item_filter.name, item_filter.expression
    try:
        resolved = ItemFilter(name, filter_parse(expression), filter_values)
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
    """The shopper's latest items of each event type the filter reads, in one query over the
    (user, timestamp) index, not the whole history (the storefront's usual filter names Purchase
    alone). Plain SQL: the ORM's own cost is five times the query's on a filtered popular row."""
    if user is not None and user.is_authenticated:
        who, key = "user_id = %s", user.pk
    elif visitor_id:
        who, key = "visitor_id = %s AND user_id IS NULL", visitor_id
    else:
        return {}
    named = _named_event_types(parsed)
    kinds = [kind for kind in EventType.values if named is None or kind.lower() in named]
    found: dict[str, list[int]] = {kind: [] for kind in kinds}
    placeholders = ", ".join(["%s"] * len(kinds))
    sql = (
        f"SELECT event_type, product_id FROM {Interaction._meta.db_table} "  # noqa: S608 - no user input in the text
        f"WHERE {who} AND event_type IN ({placeholders}) ORDER BY timestamp DESC, id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, *kinds])
        for kind, product in cursor.fetchall():
            if len(found[kind]) < INTERACTIONS_PER_EVENT_TYPE:
                found[kind].append(product)
    return found


def filter_allowed(
    item_filter: ItemFilter,
    table: ItemTable,
    *,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    history: list[HistoryEvent] | None = None,
    product_id: int | None = None,
    interactions: Mapping[str, Sequence[int]] | None = None,
) -> np.ndarray:
    """Per row of ``table``: may the item be recommended to this shopper (for this item).

    ``interactions``: the shopper's item ids per event type, newest first, when the caller has
    them already (a batch, from its history arrays); else from ``history``, else read."""
    parsed = item_filter.parsed
    if not parsed.uses_interactions:
        interactions = None
    elif interactions is None:
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


# Per (version id, id of its product ids), while the catalogue table it was aligned from is current.
_aligned = TableCache()


def model_item_table(loaded: LoadedModel) -> ItemTable:
    """The catalogue aligned to a live model's item index, built once per version and catalogue."""
    table = item_table()
    return _aligned.get((loaded.version_id, id(loaded.product_ids)), table, lambda: table.aligned(loaded.product_ids))


def filter_excluded_mask(
    loaded: LoadedModel,
    item_filter: ItemFilter | None,
    *,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    history: list[HistoryEvent] | None = None,
    product_id: int | None = None,
    interactions: Mapping[str, Sequence[int]] | None = None,
) -> np.ndarray | None:
    """Per item of the model's index: does the filter rule it out; None without a filter.

    Evaluated on the catalogue's columns aligned with the model's items (``model_item_table``), so
    no query and no list of products, whatever the catalogue's size. A filter that reads only the
    catalogue (no interactions, current item or shopper) gives the same answer to every request
    with the same values: it is computed once per model table, and shared read-only.
    """
    if item_filter is None:
        return None
    table = model_item_table(loaded)
    return _mask_shared(
        item_filter,
        _static_excluded,
        (id(table),),
        table,
        lambda: (
            ~filter_allowed(
                item_filter,
                table,
                user=user,
                visitor_id=visitor_id,
                history=history,
                product_id=product_id,
                interactions=interactions,
            )
        ),
    )


def _mask_shared(
    item_filter: ItemFilter, cache: TableCache, key: tuple, table: ItemTable, mask: Callable[[], np.ndarray]
) -> np.ndarray:
    """``mask()`` for this request; for a filter of the catalogue alone (no interactions, current
    item or shopper) computed once per ``table`` and these values, and shared read-only."""
    parsed = item_filter.parsed
    if parsed.uses_interactions or parsed.uses_current_item or parsed.uses_current_user:
        return mask()
    key = (*key, id(parsed), tuple(sorted((item_filter.values or {}).items())))
    return cache.get(key, table, lambda: _read_only(mask()))


def _read_only(mask: np.ndarray) -> np.ndarray:
    mask.setflags(write=False)  # shared by every request from now on
    return mask


def filter_excluded_indices(
    loaded: LoadedModel,
    item_filter: ItemFilter | None,
    *,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    history: list[HistoryEvent] | None = None,
    product_id: int | None = None,
) -> np.ndarray | None:
    """The model's item indices the filter rules out (the engine's ``filter_items``), None without one."""
    excluded = filter_excluded_mask(
        loaded, item_filter, user=user, visitor_id=visitor_id, history=history, product_id=product_id
    )
    return None if excluded is None else np.flatnonzero(excluded)


# Per (id of a model table, id of a parsed filter, its values), while that table is the one in use.
_static_excluded = TableCache()


# Per (filter, values), while the live catalogue table it was evaluated on is current.
_static_allowed = TableCache()


def filter_allowed_products(
    item_filter: ItemFilter | None,
    product_ids: list[int],
    *,
    user: AbstractBaseUser | None = None,
    visitor_id: str = "",
    history: list[HistoryEvent] | None = None,
    product_id: int | None = None,
    interactions: Mapping[str, Sequence[int]] | None = None,
) -> list[int]:
    """``product_ids`` (in their order) that the filter allows, for answers not from a model.

    A filter of the catalogue alone is evaluated once per catalogue table, as ``filter_excluded_mask``
    does per model table; any other on ``product_ids``' own rows, not the whole catalogue."""
    if item_filter is None:
        return list(product_ids)
    keep = _allowed_among(
        item_filter,
        product_ids,
        1,
        lambda table: filter_allowed(
            item_filter,
            table,
            user=user,
            visitor_id=visitor_id,
            history=history,
            product_id=product_id,
            interactions=interactions,
        )[None, :],
    )[0]
    return [pid for pid, ok in zip(product_ids, keep, strict=True) if ok]


def filter_allowed_shoppers(
    item_filter: ItemFilter,
    table: ItemTable,
    *,
    shoppers: int,
    users: Sequence[AbstractBaseUser | None] | None = None,
    interactions: Mapping[str, ShopperItems] | None = None,
) -> np.ndarray:
    """``filter_allowed`` for many shoppers in one evaluation: per shopper x row of ``table``.

    ``users``: the shoppers' accounts (for CurrentUser), in order; ``interactions``: their events
    per type as ``Histories.interactions`` gives them. A batch's filter of the shoppers' own
    events is one matrix, not one evaluation per shopper."""
    parsed = item_filter.parsed
    if parsed.uses_current_item:
        raise FilterRequestError(
            f"filter {item_filter.name} reads CurrentItem: only a related-items recommender (with an itemId) can use it"
        )
    attributes = None
    if parsed.uses_current_user:
        attributes = [user_attributes(user) for user in (users or [None] * shoppers)]
    try:
        return filter_masks(
            parsed,
            table,
            item_filter.values,
            shoppers=shoppers,
            interactions=interactions if parsed.uses_interactions else None,
            users=attributes,
        )
    except FilterError as exc:
        raise FilterRequestError(str(exc)) from exc


def filter_allowed_products_shoppers(
    item_filter: ItemFilter,
    product_ids: Sequence[int] | np.ndarray,
    *,
    shoppers: int,
    users: Sequence[AbstractBaseUser | None] | None = None,
    interactions: Mapping[str, ShopperItems] | None = None,
) -> np.ndarray:
    """``filter_allowed_products`` for many shoppers: per shopper x product of ``product_ids``,
    may the filter show it (a batch's explored products)."""
    return _allowed_among(
        item_filter,
        product_ids,
        shoppers,
        lambda table: filter_allowed_shoppers(
            item_filter, table, shoppers=shoppers, users=users, interactions=interactions
        ),
    )


def _allowed_among(
    item_filter: ItemFilter,
    product_ids: Sequence[int] | np.ndarray,
    shoppers: int,
    masks: Callable[[ItemTable], np.ndarray],
) -> np.ndarray:
    """Per shopper x product of ``product_ids``: allowed, given ``masks`` (per shopper x row of a
    table). A product the catalogue lacks never is. A filter of the catalogue alone is read off its
    shared mask of the whole catalogue; any other is evaluated on these products' rows alone, so
    its cost is theirs, not the catalogue's."""
    ids = np.asarray(product_ids, dtype=np.int64)
    table = item_table()
    at = table.positions(ids)
    known = at >= 0
    parsed = item_filter.parsed
    if not (parsed.uses_interactions or parsed.uses_current_item or parsed.uses_current_user):
        shared = _mask_shared(item_filter, _static_allowed, (), table, lambda: masks(table)[0])
        return np.broadcast_to(known & shared[np.where(known, at, 0)], (shoppers, ids.size))
    unique, inverse = np.unique(ids, return_inverse=True)
    return masks(table.aligned(unique))[:, inverse] & known
