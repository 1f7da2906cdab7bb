"""Generated product images: an SVG tile per product from its category, style and colour.

No image files exist; each tile is a soft gradient in the product's colour with a flat
illustration and a little texture. The illustration is the product's own kind where its name
says one (a violin, a lily bouquet), else its style's, else one chosen by keywords.
"""

from __future__ import annotations

import hashlib
import re
from xml.sax.saxutils import escape

from shop.images.drawings import BY_NAME, CATALOGUE, DRAWINGS, FALLBACK, KEYWORDS, TILT
from shop.images.palette import palette
from shop.models import Product

# Bump to invalidate every cached image after a drawing change.
IMAGE_VERSION = "5"
_WORD = re.compile(r"[a-z]+")


def _seed(*parts: object) -> int:
    return int.from_bytes(hashlib.sha1("|".join(map(str, parts)).encode()).digest()[:8], "big")  # noqa: S324


def _named(phrases: dict[str, str], name: str) -> str | None:
    """The drawing of the phrase that ends last in ``name``, or None if none occurs.

    The noun ends a name, so "Acoustic Electric Guitar" is an electric guitar, not an acoustic one.
    """
    lowered = name.lower()
    best, best_key = None, (-1, 0)
    for phrase, drawing in phrases.items():
        for match in re.finditer(rf"\b{re.escape(phrase)}\b", lowered):
            # On a tie the longer phrase is the more precise one ("bass guitar" over "guitar").
            key = (match.end(), len(phrase))
            if key > best_key:
                best, best_key = drawing, key
    return best


def drawing_name(*, category_slug: str, category_name: str, style: str, name: str = "") -> str:
    """Which drawing fits a product.

    In the demo catalogue: the kind its name says (``BY_NAME``), else its style's (``CATALOGUE``).
    Elsewhere: keywords in the style, category, then name; where a keyword suggests several
    drawings the style picks one, so a category's styles differ.
    """
    phrases = BY_NAME.get((category_slug, style))
    named = _named(phrases, name) if phrases else None
    if named:
        return named
    exact = CATALOGUE.get((category_slug, style))
    if exact:
        return exact
    for text in (style, category_slug, category_name, name):
        lowered = text.lower()
        # The squashed form catches "t-shirt" and "home_decor" as one word.
        for word in [*_WORD.findall(lowered), re.sub(r"[^a-z]", "", lowered)]:
            # Plurals ("shirts", "lamps") match their singular.
            choices = KEYWORDS.get(word) or KEYWORDS.get(word.removesuffix("s"))
            if choices:
                return choices[_seed(style) % len(choices)]
    return FALLBACK


def _backdrop(seed: int, colors: dict[str, str]) -> str:
    """Soft shapes behind the product; varied per product so a grid of one category isn't uniform."""
    variant = seed % 3
    if variant == 0:
        return (
            f'<circle cx="200" cy="190" r="132" fill="{colors["white"]}" opacity=".38"/>'
            f'<circle cx="{60 + seed % 60}" cy="{70 + seed % 40}" r="26" fill="{colors["light"]}" opacity=".35"/>'
        )
    if variant == 1:
        return (
            f'<path d="M86 340V190a114 114 0 0 1 228 0v150z" fill="{colors["white"]}" opacity=".36"/>'
            f'<circle cx="{320 - seed % 50}" cy="80" r="18" fill="{colors["light"]}" opacity=".4"/>'
        )
    return (
        f'<rect x="70" y="60" width="260" height="260" rx="48" fill="{colors["white"]}" opacity=".32"'
        f' transform="rotate({(seed % 16) - 8} 200 190)"/>'
        f'<circle cx="330" cy="{300 - seed % 60}" r="22" fill="{colors["light"]}" opacity=".35"/>'
    )


def product_svg(*, product: Product) -> str:
    category = product.category
    colors = palette(product.color)
    seed = _seed(product.pk, product.style)
    drawing = drawing_name(
        category_slug=category.slug, category_name=category.name, style=product.style, name=product.name
    )
    # A small per-product lean keeps a row of similar products from looking stamped.
    tilt = TILT.get(drawing, 0) + (seed % 9) - 4
    art = DRAWINGS[drawing].format(**colors)
    title = escape(product.name)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400"'
        f' role="img" aria-label="{escape(product.name, {chr(34): "&quot;"})}">'
        f"<title>{title}</title>"
        "<defs>"
        f'<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{colors["bg_top"]}"/>'
        f'<stop offset="1" stop-color="{colors["bg_bottom"]}"/></linearGradient>'
        '<radialGradient id="glow" cx=".3" cy=".2" r=".9"><stop offset="0" stop-color="#fff" stop-opacity=".55"/>'
        '<stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>'
        f'<pattern id="dots" width="18" height="18" patternUnits="userSpaceOnUse">'
        f'<circle cx="3" cy="3" r="1.3" fill="{colors["shadow"]}" fill-opacity=".07"/></pattern>'
        '<filter id="grain" x="0" y="0" width="100%" height="100%">'
        '<feTurbulence type="fractalNoise" baseFrequency=".85" numOctaves="2" stitchTiles="stitch"/>'
        '<feColorMatrix values="0 0 0 0 0  0 0 0 0 0  0 0 0 0 0  0 0 0 .07 0"/></filter>'
        '<filter id="lift" x="-20%" y="-20%" width="140%" height="150%">'
        f'<feDropShadow dx="0" dy="10" stdDeviation="9" flood-color="{colors["shadow"]}" flood-opacity=".28"/>'
        "</filter>"
        "</defs>"
        '<rect width="400" height="400" fill="url(#bg)"/>'
        '<rect width="400" height="400" fill="url(#glow)"/>'
        '<rect width="400" height="400" fill="url(#dots)"/>'
        '<rect width="400" height="400" filter="url(#grain)"/>'
        + _backdrop(seed, colors)
        + f'<ellipse cx="200" cy="336" rx="118" ry="13" fill="{colors["shadow"]}" opacity=".16"/>'
        f'<g filter="url(#lift)"><g transform="rotate({tilt} 200 205) translate(80 92) scale(1.2)">{art}</g></g>'
        "</svg>"
    )


def product_image_etag(*, product: Product) -> str:
    """Changes exactly when the picture would: version, drawing inputs and colour."""
    key = "|".join(
        [IMAGE_VERSION, str(product.pk), product.name, product.style, product.color, product.category.slug,
         product.category.name]
    )  # fmt: skip
    return hashlib.sha256(key.encode()).hexdigest()[:32]
