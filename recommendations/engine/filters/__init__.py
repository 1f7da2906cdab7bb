"""Amazon Personalize's filter expressions, parsed once and evaluated in numpy over an ItemTable."""

from recommendations.engine.filters.bind import FilterValue, filter_bind, filter_values_parse
from recommendations.engine.filters.evaluate import (
    INTERACTIONS_PER_EVENT_TYPE,
    ShopperItems,
    filter_mask,
    filter_masks,
    item_row,
    schema_of,
)
from recommendations.engine.filters.grammar import FilterError, ParsedFilter, Schema, parse, tokenize

__all__ = [
    "INTERACTIONS_PER_EVENT_TYPE",
    "FilterError",
    "FilterValue",
    "ParsedFilter",
    "Schema",
    "ShopperItems",
    "filter_bind",
    "filter_mask",
    "filter_masks",
    "filter_values_parse",
    "item_row",
    "parse",
    "schema_of",
    "tokenize",
]
