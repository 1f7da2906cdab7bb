from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from personas import selectors


def personas(request: HttpRequest) -> dict[str, object]:
    """The header's "Shop as…" menu. Lazy (a response that never renders the header reads nothing)
    and cached until a persona, a shopper or a category changes."""
    user = getattr(request, "user", None)
    return {
        "persona_menu": SimpleLazyObject(selectors.persona_menu),
        "current_shopper": SimpleLazyObject(lambda: selectors.shopper_current_cached(user=user)),
    }
