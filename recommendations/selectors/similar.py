"""Similar items: a row for any product, even one created after training, with reasons from the model."""

from __future__ import annotations

import numpy as np

from recommendations.artifacts import LoadedModel
from recommendations.engine import Capability
from recommendations.engine.content import CO_VIEW
from recommendations.selectors.catalogue import item_table
from recommendations.selectors.ranking import Recommendation
from shop.models import Product

PHRASES = {
    "style": "same style",
    "category": "same category",
    "department": "same department",
    "price": "similar price",
    "words": "shared words",
    "attributes": "shared attributes",
}


def scores_from_content(model: object) -> bool:
    """The model can score a product it never saw from the product's attributes."""
    return Capability.CONTENT in type(model).capabilities and hasattr(model, "similar_to_item_row")


def unseen_product_similar(
    *, loaded: LoadedModel, product_id: int, n: int, filter_items: np.ndarray
) -> tuple[np.ndarray, np.ndarray, object | None]:
    """(item indices, scores, the product's features row) for a product the model was not trained
    on, read from today's catalogue; empty when the catalogue does not hold it either."""
    table = item_table()
    position = int(table.positions([product_id])[0])
    if position < 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32), None
    model = loaded.model
    row = model.features(model.tokens_of(table, position))
    ids, scores = model.similar_to_features(row, N=n, filter_items=filter_items)
    return ids, scores, row


def reason_text(parts: tuple[str, ...], name: str) -> str:
    """ "Like X: same style, similar price", or "Viewed by shoppers who viewed X" when co-view led."""
    if parts == (CO_VIEW,):
        return f"Viewed by shoppers who viewed {name}"
    said = [PHRASES[part] for part in parts if part in PHRASES]
    return f"Like {name}: {', '.join(said)}" if said else f"Like {name}"


def similar_reasons_set(*, loaded: LoadedModel, result: Recommendation, source: object) -> None:
    """Give every card of ``result`` the model's own account of what it matched ``result.paired_with`` on.

    ``source`` is the product's item index in the model, or its features row when the model never saw it.
    """
    if not result.product_ids or not hasattr(loaded.model, "match_parts"):
        return
    name = Product.objects.filter(pk=result.paired_with).values_list("name", flat=True).first() or "this"
    ids = loaded.item_index(result.product_ids)
    parts = loaded.model.match_parts(source, ids)
    result.reasons = [reason_text(p, name) for p in parts]
