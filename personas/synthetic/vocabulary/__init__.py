"""The catalogue's words: categories, styles, name parts, price ranges, gender hints.

Counts follow the reference demo's catalogue (2,465 products in 20 categories); the
texts are our own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StyleSpec:
    slug: str
    count: int
    # Inclusive dollar range; prices are drawn log-uniformly inside it.
    price: tuple[float, float]
    nouns: tuple[str, ...]
    blurb: str
    # Relative pull towards a female / male affinity; (0, 0) keeps the style unisex.
    gender: tuple[float, float] = (0.0, 0.0)
    # Overrides the category's adjectives where those would read oddly ("4K cable").
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    description: str
    # Base hue (degrees) of the category's product colours.
    hue: int
    adjectives: tuple[str, ...]
    # One of these closes every product description in the category.
    closers: tuple[str, ...]
    styles: tuple[StyleSpec, ...]
    # Convenience-store categories are bought by store shoppers only.
    convenience: bool = False
    # Apparel and footwear say "Women's"/"Men's" in the name of gendered products.
    gendered_names: bool = False

    @property
    def count(self) -> int:
        return sum(style.count for style in self.styles)


from .fashion import FASHION  # noqa: E402
from .food import CONVENIENCE, GROCERIES  # noqa: E402
from .home import HOME  # noqa: E402
from .leisure import LEISURE  # noqa: E402

CATEGORIES: tuple[CategorySpec, ...] = (*HOME, *FASHION, *LEISURE, GROCERIES, *CONVENIENCE)

# Extra word in front of a name once a style has used up its adjective-noun pairs.
COLLECTIONS: tuple[str, ...] = (
    "Aster", "Birch", "Cove", "Dune", "Ember", "Fjord", "Grove", "Harbor", "Iris", "Juniper",
    "Kestrel", "Linden", "Meadow", "Nova", "Orchard", "Pebble", "Quill", "Ridge", "Sable", "Tide",
    "Umber", "Vale", "Willow", "Yarrow", "Zephyr", "Alder", "Brook", "Cedar", "Delta", "Elm",
)  # fmt: skip

__all__ = ["CATEGORIES", "COLLECTIONS", "CategorySpec", "StyleSpec"]
