from __future__ import annotations

import time

import pytest
from django.urls import reverse

from shop import page_parts
from shop.models import Product
from shop.page_parts import catalogue_version, page_part, version_bump, version_get
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_a_part_is_built_once_per_version():
    built = []

    def build() -> list[int]:
        built.append(1)
        return [len(built)]

    assert page_part("part", ("a",), build) == [1]
    assert page_part("part", ("a",), build) == [1]
    assert page_part("part", ("b",), build) == [2]
    assert len(built) == 2


def test_none_is_cached_like_any_value():
    built = []
    assert page_part("nothing", ("v",), lambda: built.append(1)) is None
    assert page_part("nothing", ("v",), lambda: built.append(1)) is None
    assert built == [1]


def test_a_process_keeps_parts_it_read_without_asking_the_shared_cache(monkeypatch):
    value = page_part("kept", ("v",), lambda: {"rows": [1, 2]})
    calls = []
    monkeypatch.setattr(page_parts.cache, "get", lambda key, *a: calls.append(key))
    assert page_part("kept", ("v",), lambda: {"rows": []}) is value  # no unpickling: the same object
    assert calls == []


def test_a_kept_part_lives_no_longer_than_the_shared_one(monkeypatch):
    page_part("kept", ("v",), lambda: "old")
    later = time.monotonic() + page_parts.PAGE_PART_SECONDS + 1
    monkeypatch.setattr(page_parts.time, "monotonic", lambda: later)
    page_parts.cache.delete(page_parts.page_part_key("kept", ("v",)))  # as expiry would
    assert page_part("kept", ("v",), lambda: "new") == "new"


def test_kept_parts_are_bounded(monkeypatch):
    monkeypatch.setattr(page_parts, "LOCAL_PARTS", 3)
    for n in range(5):
        page_part("bounded", (str(n),), lambda n=n: n)
    assert len(page_parts._local) == 3
    assert page_part("bounded", ("0",), lambda: "rebuilt") == 0  # still in the shared cache


def test_a_bump_gives_a_new_token():
    before = version_get("thing")
    assert version_get("thing") == before
    version_bump("thing")
    assert version_get("thing") != before


@pytest.mark.parametrize(
    "change",
    [
        lambda product: ProductFactory(),
        lambda product: Product.objects.filter(pk=product.pk).first().save(),
        lambda product: CategoryFactory(),
        lambda product: product.delete(),
    ],
    ids=["product-created", "product-saved", "category-created", "product-deleted"],
)
def test_the_catalogue_version_changes_with_products_and_categories(change):
    product = ProductFactory()
    before = catalogue_version()
    change(product)
    assert catalogue_version() != before


def test_card_links_are_the_reversed_ones():
    product = ProductFactory()
    assert product.get_absolute_url() == reverse("storefront:product", args=[product.pk])
    assert product.image_url == reverse("storefront:product_image", args=[product.pk])
    assert product.cart_add_url == reverse("storefront:cart_add", args=[product.pk])
    assert product.category.get_absolute_url() == reverse("storefront:category", args=[product.category.slug])
