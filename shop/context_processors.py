from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from shop import selectors
from shop.cart import Cart
from shop.page_parts import PAGE_PART_SECONDS, catalogue_version


def cart(request: HttpRequest) -> dict[str, object]:
    """The header's cart badge and category strip (settings name one processor per app, so both live here).

    The categories are lazy (a response that never renders the header reads nothing) and cached
    per catalogue change.
    """
    session = getattr(request, "session", None)
    return {
        "cart_item_count": Cart(session).item_count if session is not None else 0,
        "nav_categories": SimpleLazyObject(selectors.category_nav_cached),
        # What the header's {% cache %} of the category strip varies on.
        "catalogue_version": SimpleLazyObject(catalogue_version),
        "page_part_seconds": PAGE_PART_SECONDS,
    }
