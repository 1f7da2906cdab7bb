"""The header's and footer's links, built once per process: the same as reversing them per page."""

from __future__ import annotations

from django.templatetags.static import static
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix

from storefront.context_processors import SITE_URLS, STATIC_FILES, site_urls


def test_site_links_are_what_reverse_and_static_give():
    urls = site_urls(RequestFactory().get("/"))["site_urls"]
    assert urls == {key: reverse(name) for key, name in SITE_URLS.items()} | {
        key: static(path) for key, path in STATIC_FILES.items()
    }


def test_site_links_follow_the_script_prefix_and_the_static_address(settings):
    set_script_prefix("/shop/")
    try:
        assert site_urls(RequestFactory().get("/"))["site_urls"]["cart"] == "/shop/cart/"
    finally:
        set_script_prefix("/")
    settings.STATIC_URL = "/assets/"
    assert site_urls(RequestFactory().get("/"))["site_urls"]["css"].startswith("/assets/css/shop")
    assert site_urls(RequestFactory().get("/"))["site_urls"]["cart"] == "/cart/"
