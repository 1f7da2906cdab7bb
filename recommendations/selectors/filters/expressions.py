"""Personalize's filter expressions: stored Filter rows, parsed once and kept until one changes,
and a request's filter resolved from a name, an ARN or an expression."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from recommendations.engine.filters import (
    FilterError,
    ParsedFilter,
    Schema,
    filter_bind,
    parse,
    schema_of,
)
from recommendations.models import Filter
from recommendations.selectors.catalogue import item_table
from recommendations.user_attributes import user_attribute_fields

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
