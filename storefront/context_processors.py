"""Links every page's header and footer carry (pages and static files), built once per process
rather than per page."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

SITE_URLS = {
    "home": "storefront:home",
    "search": "storefront:search",
    "cart": "storefront:cart",
    "orders": "storefront:orders",
    "personas": "personas:list",
    "browse_anonymously": "personas:anonymous",
}
STATIC_FILES = {"favicon": "favicon.svg", "css": "css/shop.css", "js": "js/shop.js"}


@lru_cache(maxsize=16)
def _built(prefix: str, urlconf: object, static_url: str) -> dict[str, str]:
    # Keyed by what reverse() and static() depend on besides the names: the script prefix, the
    # URLconf and the static files' address (a manifest storage reads its manifest once anyway).
    urls = {key: reverse(name, urlconf=urlconf) for key, name in SITE_URLS.items()}
    return urls | {key: static(path) for key, path in STATIC_FILES.items()}


def site_urls(request: HttpRequest) -> dict[str, dict[str, str]]:
    return {"site_urls": _built(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, settings.STATIC_URL)}
