"""Writes of the recommendations app. Import from here: ``from recommendations import services``."""

from .events import interaction_record, interactions_attach_visitor, interactions_bulk_create, product_stats_rebuild

__all__ = [
    "interaction_record",
    "interactions_attach_visitor",
    "interactions_bulk_create",
    "product_stats_rebuild",
]
