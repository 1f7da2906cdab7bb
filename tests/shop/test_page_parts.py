from __future__ import annotations

import pytest
from django.urls import reverse

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
