"""Generated product images: the right drawing, well-formed SVG, safe with odd input, stable ETags."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from shop.images import drawing_name, product_image_etag, product_svg
from shop.images.drawings import CATALOGUE, DRAWINGS, FALLBACK, KEYWORDS
from shop.images.palette import luminance, palette
from shop.images.palette import parse as parse_color
from shop.models import Category, Product

SVG = "{http://www.w3.org/2000/svg}"


def unsaved(*, category: str = "instruments", style: str = "strings", color: str = "#2563eb", **kw) -> Product:
    """Images need no database: an unsaved product with an id is enough."""
    kw.setdefault("pk", 7)
    kw.setdefault("name", "Cedar Guitar")
    return Product(category=Category(slug=category, name=category.title()), style=style, color=color, **kw)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well formed


def test_every_mapping_points_at_a_real_drawing():
    referenced = set(CATALOGUE.values()) | {d for choices in KEYWORDS.values() for d in choices} | {FALLBACK}
    assert referenced <= set(DRAWINGS)


def test_the_demo_catalogue_has_a_drawing_for_every_style():
    from personas.synthetic.vocabulary import CATEGORIES

    missing = [(c.slug, s.slug) for c in CATEGORIES for s in c.styles if (c.slug, s.slug) not in CATALOGUE]
    assert missing == []


@pytest.mark.parametrize(
    ("category", "style", "name", "expected"),
    [
        ("instruments", "strings", "Cedar Guitar", "guitar"),
        ("electronics", "keyboard", "Wireless Keyboard", "pckeyboard"),  # not the piano
        ("instruments", "keys", "Stage Piano", "keyboard"),
        ("music-shop", "ukulele", "Soprano", "guitar"),  # keyword on the style
        ("t-shirts", "standard", "Plain", "shirt"),  # squashed category slug
        ("category-3", "standard", "Bright Red Sneaker", "sneaker"),  # name as last resort
        ("category-3", "standard", "Product 1", FALLBACK),
    ],
)
def test_drawing_name(category, style, name, expected):
    assert drawing_name(category_slug=category, category_name=category, style=style, name=name) == expected


def test_styles_of_one_generic_category_get_different_drawings():
    drawings = {
        drawing_name(category_slug="furniture-outlet", category_name="Furniture", style=f"line-{i}") for i in range(12)
    }
    assert len(drawings) > 1


@pytest.mark.parametrize("name", sorted(DRAWINGS))
@pytest.mark.parametrize("color", ["#2563eb", "#f8fafc", "#000000"])
def test_every_drawing_renders_well_formed_svg(name, color, monkeypatch):
    import shop.images as images

    monkeypatch.setattr(images, "drawing_name", lambda **kwargs: name)
    root = parse(product_svg(product=unsaved(color=color)))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 400 400"
    assert root.find(f"{SVG}title").text == "Cedar Guitar"


def test_svg_uses_the_product_colour_and_has_texture():
    svg = product_svg(product=unsaved(color="#2563eb"))
    assert "#2563eb" in svg
    assert "feTurbulence" in svg  # grain
    assert 'id="bg"' in svg  # gradient backdrop


def test_svg_escapes_the_name_and_ignores_a_hostile_colour():
    product = unsaved(name='Tom & Jerry "<script>"', color='"/><script>alert(1)</script>')
    svg = product_svg(product=product)
    root = parse(svg)  # still well formed
    assert root.find(f"{SVG}title").text == 'Tom & Jerry "<script>"'
    assert "<script" not in svg
    assert palette("nonsense")["main"] == "#6b7280"


def test_short_hex_colours_are_understood():
    assert parse_color("#f00") == (255, 0, 0)
    assert parse_color("0f0") == (0, 255, 0)


def test_pale_products_sit_on_a_deeper_backdrop():
    white = palette("#ffffff")
    assert luminance(parse_color(white["bg_top"])) < 0.9  # a white product stays visible


def test_etag_changes_exactly_when_the_picture_would():
    base = product_image_etag(product=unsaved())
    assert product_image_etag(product=unsaved()) == base
    assert product_image_etag(product=unsaved(color="#ff0000")) != base
    assert product_image_etag(product=unsaved(style="percussion")) != base
    assert product_image_etag(product=unsaved(price=1)) == base  # price is not drawn


def test_different_products_of_one_style_are_not_identical():
    first = product_svg(product=unsaved(pk=1))
    second = product_svg(product=unsaved(pk=2))
    assert first != second
