"""A filter evaluated as boolean masks over the catalogue table or a model's items (the engine's
filter_items): for one request, or for every shopper of a batch at once."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from recommendations.artifacts import LoadedModel
from recommendations.engine.catalogue import ItemTable
from recommendations.engine.filters import (
    INTERACTIONS_PER_EVENT_TYPE,
    FilterError,
    ParsedFilter,
    ShopperItems,
    filter_mask,
    filter_masks,
    item_row,
)
from recommendations.models import EventType, Interaction
from recommendations.selectors.catalogue import TableCache, item_table
from recommendations.selectors.filters.expressions import FilterRequestError, ItemFilter
from recommendations.selectors.history import HistoryEvent
from recommendations.user_attributes import user_attributes


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
) -> np.ndarray:
    """Per row of ``table``: may the item be recommended to this shopper (for this item). The
    shopper's events come from ``history`` when given, else are read."""
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
            )
        ),
    )


def _mask_shared(
    item_filter: ItemFilter, cache: TableCache, key: tuple, table: ItemTable, mask: Callable[[], np.ndarray]
) -> np.ndarray:
    """``mask()`` for this request; for a filter of the catalogue alone (no interactions, current
    item or shopper) computed once per ``table`` and these values, and shared read-only."""
    parsed = item_filter.parsed
    if not parsed.reads_only_catalogue:
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
    if item_filter.parsed.reads_only_catalogue:
        shared = _mask_shared(item_filter, _static_allowed, (), table, lambda: masks(table)[0])
        return np.broadcast_to(known & shared[np.where(known, at, 0)], (shoppers, ids.size))
    unique, inverse = np.unique(ids, return_inverse=True)
    rows = _list_rows.get(unique.tobytes(), table, lambda: table.aligned(unique))
    return masks(rows)[:, inverse] & known


# The last few product lists' own rows, per catalogue table: the explored pool is the same list for
# every request for a minute, and aligning its rows cost more than evaluating the filter on them.
_list_rows = TableCache(max_entries=32)
