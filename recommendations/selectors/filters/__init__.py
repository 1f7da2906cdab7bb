"""Item filters for requests: the API's category and price parameters (``request``), Personalize's
filter expressions (``expressions``) and their evaluation as masks over the catalogue (``masks``)."""

from recommendations.selectors.filters.expressions import (
    FILTER_ARN_SEPARATOR,
    FILTERS_CHECK_SECONDS,
    FilterRequestError,
    ItemFilter,
    filter_name_of,
    filter_parse,
    filter_schema,
    item_filter_resolve,
    stored_filters_invalidate,
)
from recommendations.selectors.filters.masks import (
    _interactions,
    filter_allowed,
    filter_allowed_products,
    filter_allowed_products_shoppers,
    filter_allowed_shoppers,
    filter_excluded_indices,
    filter_excluded_mask,
    model_item_table,
)
from recommendations.selectors.filters.request import (
    REQUEST_FILTER_NAME,
    products_allowed_mask,
    products_excluded_by,
    request_parameters_filter,
)

__all__ = [
    "FILTERS_CHECK_SECONDS",
    "FILTER_ARN_SEPARATOR",
    "REQUEST_FILTER_NAME",
    "FilterRequestError",
    "ItemFilter",
    "_interactions",
    "filter_allowed",
    "filter_allowed_products",
    "filter_allowed_products_shoppers",
    "filter_allowed_shoppers",
    "filter_excluded_indices",
    "filter_excluded_mask",
    "filter_name_of",
    "filter_parse",
    "filter_schema",
    "item_filter_resolve",
    "model_item_table",
    "products_allowed_mask",
    "products_excluded_by",
    "request_parameters_filter",
    "stored_filters_invalidate",
]
