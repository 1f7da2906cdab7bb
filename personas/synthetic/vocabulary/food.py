"""Food: the web shop's groceries and the four small convenience-store categories."""

from __future__ import annotations

from . import CategorySpec, StyleSpec

S = StyleSpec

GROCERIES = CategorySpec(
    slug="groceries",
    name="Groceries",
    description="Fresh bakery, dairy, fruit, vegetables, meat and fish.",
    hue=85,
    adjectives=(
        "Organic", "Farm-fresh", "Local", "Free-range", "Artisan", "Seasonal", "Wild", "Heirloom",
        "Sustainably caught", "Stone-baked",
    ),
    closers=(
        "Delivered chilled the morning after you order.",
        "From farms within a day's drive.",
        "Best enjoyed within a few days.",
    ),
    styles=(
        S("bakery", 54, (3, 12), ("sourdough loaf", "baguette", "croissants", "bagels", "rye bread",
                                  "cinnamon buns"),
          "Baked before dawn and packed while still warm.",
          adjectives=("Artisan", "Stone-baked", "Organic", "Wholegrain", "Seeded", "Local")),
        S("dairy", 21, (3, 9), ("whole milk", "yogurt", "butter", "cheddar", "cream cheese"),
          "Rich and creamy, from grass-fed herds.",
          adjectives=("Organic", "Farm-fresh", "Local", "Grass-fed", "Creamy")),
        S("fruits", 27, (3, 10), ("apples", "berries", "citrus box", "pears", "bananas", "cherries"),
          "Picked ripe and full of flavour.",
          adjectives=("Organic", "Seasonal", "Local", "Heirloom", "Sweet", "Juicy")),
        S("meat", 31, (8, 26), ("chicken thighs", "beef mince", "pork sausages", "lamb chops", "steak"),
          "Prepared by our butchers and packed to order.",
          adjectives=("Free-range", "Organic", "Grass-fed", "Local", "Outdoor-reared")),
        S("seafood", 21, (9, 26), ("salmon fillet", "prawns", "mussels", "cod loin", "tuna steak"),
          "Landed this week and packed on ice.",
          adjectives=("Wild", "Sustainably caught", "Smoked", "Fresh", "Line-caught")),
        S("vegetables", 41, (3, 8), ("carrots", "salad leaves", "tomatoes", "potatoes", "broccoli",
                                     "mushrooms", "peppers"),
          "Crisp, colourful and ready for the pan.",
          adjectives=("Organic", "Farm-fresh", "Local", "Heirloom", "Baby", "Seasonal")),
    ),
)  # fmt: skip


def _store(slug: str, name: str, description: str, hue: int, styles: tuple[StyleSpec, ...]) -> CategorySpec:
    return CategorySpec(
        slug=slug,
        name=name,
        description=description,
        hue=hue,
        adjectives=("Classic", "Fresh", "Large", "Regular", "Family-size", "Mini"),
        closers=("Pick it up at the counter.", "Grab and go."),
        styles=styles,
        convenience=True,
    )


CONVENIENCE: tuple[CategorySpec, ...] = (
    _store("food-service", "Food service", "Hot and cold food made in store.", 30, (
        S("sandwich", 2, (3, 6), ("sandwich", "wrap"), "Made fresh in store this morning."),
        S("hot-food", 1, (3, 6), ("hot dog", "pizza slice"), "Hot from the counter."),
        S("pastry", 1, (1, 4), ("muffin", "danish"), "Baked in store."),
    )),
    _store("salty-snacks", "Salty snacks", "Crisps, pretzels and nuts.", 48, (
        S("chips", 2, (1, 4), ("potato chips", "tortilla chips"), "Crunchy and well seasoned."),
        S("pretzels", 1, (1, 4), ("pretzels",), "Baked and lightly salted."),
        S("nuts", 1, (2, 6), ("roasted peanuts", "trail mix"), "A handful of energy."),
    )),
    _store("cold-drinks", "Cold drinks", "Chilled sodas, water and juice.", 190, (
        S("soda", 2, (1, 4), ("cola", "lemon soda"), "Ice cold from the fridge."),
        S("water", 1, (1, 3), ("spring water", "sparkling water"), "Still or sparkling."),
        S("juice", 1, (2, 5), ("orange juice", "apple juice"), "Pressed, never from concentrate."),
    )),
    _store("hot-drinks", "Hot drinks", "Coffee and tea to go.", 25, (
        S("coffee", 2, (1, 5), ("drip coffee", "latte", "cappuccino"), "Freshly ground for every cup."),
        S("tea", 2, (1, 4), ("black tea", "green tea", "chai"), "Brewed just right."),
    )),
)  # fmt: skip
