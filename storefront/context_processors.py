"""Links every page's header and footer carry, reversed once per process rather than per page."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

SITE_URLS = {
    "home": "storefront:home",
    "search": "storefront:search",
    "cart": "storefront:cart",
    "orders": "storefront:orders",
    "personas": "personas:list",
    "browse_anonymously": "personas:anonymous",
}


@lru_cache(maxsize=16)
def _reversed(prefix: str, urlconf: object) -> dict[str, str]:
    # Keyed by what reverse() depends on besides the names: the script prefix and the URLconf.
    return {key: reverse(name, urlconf=urlconf) for key, name in SITE_URLS.items()}


def site_urls(request: HttpRequest) -> dict[str, dict[str, str]]:
    return {"site_urls": _reversed(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)}
