"""Home categories: furniture, housewares, home decor, floral, seasonal, tools."""

from __future__ import annotations

from . import CategorySpec, StyleSpec

S = StyleSpec

FURNITURE = CategorySpec(
    slug="furniture",
    name="Furniture",
    description="Chairs, sofas, tables and dressers built to be lived with.",
    hue=28,
    adjectives=(
        "Oak", "Walnut", "Ash", "Teak", "Velvet", "Linen", "Rattan", "Mid-century", "Scandinavian",
        "Industrial", "Farmhouse", "Modern", "Curved", "Low-profile",
    ),
    closers=(
        "Arrives flat-packed with every tool you need.",
        "Solid joinery, finished by hand.",
        "Made to order in a small workshop.",
    ),
    styles=(
        S("chairs", 72, (77, 420), ("armchair", "dining chair", "lounge chair", "rocking chair", "desk chair",
                                    "bar stool", "accent chair"),
          "A comfortable seat with a supportive back and a sturdy frame."),
        S("dressers", 32, (180, 975), ("dresser", "chest of drawers", "tallboy", "sideboard", "bedside chest"),
          "Deep drawers that glide on soft-close runners."),
        S("sofas", 49, (350, 975), ("sofa", "loveseat", "sofa bed", "corner sofa", "chaise"),
          "Deep cushions and a frame that keeps its shape for years."),
        S("tables", 92, (95, 760), ("dining table", "coffee table", "side table", "console table", "desk",
                                    "nesting tables", "extending table"),
          "A steady top at the right height for everyday use."),
    ),
)  # fmt: skip

HOUSEWARES = CategorySpec(
    slug="housewares",
    name="Housewares",
    description="Cookware, tableware and the everyday things a kitchen runs on.",
    hue=200,
    adjectives=(
        "Stoneware", "Enamel", "Cast-iron", "Copper", "Bamboo", "Glazed", "Speckled", "Matte",
        "Stainless", "Handmade", "Nonstick", "Ceramic",
    ),
    closers=(
        "Dishwasher safe.",
        "Easy to clean and built for daily use.",
        "A kitchen staple that earns its place on the counter.",
    ),
    styles=(
        S("bowls", 54, (12, 85), ("serving bowl", "salad bowl", "mixing bowl", "noodle bowl", "bowl set",
                                  "fruit bowl"),
          "A generous bowl with a foot that sits steady on the table."),
        S("kitchen", 160, (15, 239), ("frying pan", "saucepan", "stockpot", "chef's knife", "cutting board",
                                      "teapot", "kettle", "dutch oven", "utensil set", "spice rack"),
          "A dependable piece of kit for the cook who uses it every day."),
        S("consumable", 2, (12, 30), ("beeswax wraps", "dish soap refill"),
          "A refill for the kitchen drawer that runs out just when you need it."),
        S("salon", 1, (40, 120), ("hair dryer",),
          "Salon results at home, with gentle heat settings."),
    ),
)  # fmt: skip

HOMEDECOR = CategorySpec(
    slug="homedecor",
    name="Home decor",
    description="Lamps, clocks, cushions and the finishing touches that make a room.",
    hue=330,
    adjectives=(
        "Brass", "Linen", "Marble", "Woven", "Boho", "Art deco", "Minimal", "Terracotta", "Glass",
        "Velvet", "Coastal", "Nordic",
    ),
    closers=(
        "Pairs well with warm neutrals and natural wood.",
        "Gift-wrapped on request.",
        "Designed in-house and made in small batches.",
    ),
    styles=(
        S("clock", 29, (25, 179), ("wall clock", "mantel clock", "desk clock", "alarm clock"),
          "A quiet sweep movement keeps the room calm."),
        S("cushion", 46, (16, 65), ("cushion", "throw pillow", "floor cushion", "bolster"),
          "Plump filling in a removable, washable cover."),
        S("decorative", 65, (16, 120), ("vase", "candle holder", "wall mirror", "picture frame", "sculpture",
                                        "tray", "bookends"),
          "A small object with a big effect on a shelf or sideboard."),
        S("lighting", 53, (35, 179), ("table lamp", "floor lamp", "pendant light", "wall sconce",
                                      "desk lamp"),
          "Warm, even light with a soft-glow shade."),
        S("bedroom", 1, (40, 140), ("duvet cover",),
          "Soft to the touch and breathable through the seasons."),
    ),
)  # fmt: skip

FLORAL = CategorySpec(
    slug="floral",
    name="Floral",
    description="Fresh bouquets, arrangements and plants, delivered ready to enjoy.",
    hue=140,
    adjectives=(
        "Peony", "Rose", "Tulip", "Lily", "Sunflower", "Orchid", "Wildflower", "Hydrangea", "Lavender",
        "Eucalyptus", "Ranunculus", "Dahlia",
    ),
    closers=(
        "Hand-tied by our florists on the day it ships.",
        "Comes with a care card and plant food.",
        "Sourced from growers who farm responsibly.",
    ),
    styles=(
        S("arrangement", 36, (65, 151), ("arrangement", "vase arrangement", "box arrangement"),
          "Seasonal stems arranged so they open beautifully over the week."),
        S("bouquet", 24, (51, 130), ("bouquet", "posy", "hand-tied bunch"),
          "A generous bunch wrapped in recycled paper."),
        S("centerpiece", 9, (70, 151), ("centerpiece", "table garland"),
          "Low and wide, so guests can still see each other across the table."),
        S("plant", 42, (51, 120), ("plant", "potted plant", "terrarium", "hanging planter"),
          "An easy-going plant in a ceramic pot."),
        S("wreath", 16, (55, 140), ("wreath", "door wreath"),
          "Built on a natural vine base that lasts beyond the season."),
    ),
)  # fmt: skip

SEASONAL = CategorySpec(
    slug="seasonal",
    name="Seasonal",
    description="Decorations and treats for the holidays through the year.",
    hue=0,
    adjectives=(
        "Festive", "Glitter", "Vintage", "Handpainted", "Sparkling", "Rustic", "Classic", "Whimsical",
        "Jumbo", "Mini", "Gilded", "Cosy",
    ),
    closers=(
        "Packs flat for storage until next year.",
        "A tradition worth starting.",
        "Perfect for setting the scene at home.",
    ),
    styles=(
        S("christmas", 92, (16, 149), ("ornament set", "tree topper", "advent calendar", "stocking",
                                       "nativity set", "garland", "snow globe"),
          "Brings the holiday glow to the tree, mantel or table."),
        S("easter", 42, (16, 79), ("egg hunt kit", "bunny figurine", "egg dyeing set", "spring garland"),
          "Spring colours for the Easter weekend."),
        S("halloween", 46, (16, 99), ("pumpkin lantern", "costume", "spider web set", "candy bowl",
                                      "skeleton"),
          "Spooky but friendly, for trick-or-treat night."),
        S("valentine", 37, (16, 89), ("heart garland", "gift box", "card set", "candle duo"),
          "A small gesture that says a lot."),
    ),
)  # fmt: skip

TOOLS = CategorySpec(
    slug="tools",
    name="Tools",
    description="Hand and power tools for repairs and weekend projects.",
    hue=45,
    adjectives=(
        "Pro", "Compact", "Heavy-duty", "Forged", "Ergonomic", "Magnetic", "Folding", "Precision",
        "Carbon-steel", "Everyday",
    ),
    closers=(
        "Backed by a lifetime guarantee.",
        "Balanced for long jobs without fatigue.",
        "Ready for the toolbox or the van.",
    ),
    styles=(
        S("axe", 7, (8, 26), ("hatchet", "splitting axe", "camp axe"), "A sharp, balanced head on a sure-grip handle."),
        S("drill", 7, (8, 26), ("drill bit set", "hand drill", "auger bit"), "Cuts clean holes in wood and metal."),
        S("hammer", 7, (8, 26), ("claw hammer", "mallet", "tack hammer"), "A shock-absorbing grip and a true strike."),
        S("knife", 6, (8, 26), ("utility knife", "pocket knife", "snap-off blade"), "A locking blade for safe cuts."),
        S("plier", 6, (8, 26), ("pliers", "long-nose pliers", "locking pliers"), "Strong jaws with a cushioned grip."),
        S("saw", 7, (8, 26), ("hand saw", "hacksaw", "pruning saw"), "Hardened teeth that stay sharp."),
        S("screwdriver", 6, (8, 26), ("screwdriver", "screwdriver set", "stubby driver"), "Tips that hold the screw."),
        S("set", 6, (8, 26), ("tool set", "starter kit", "repair kit"), "The essentials in one tidy case."),
        S("wrench", 7, (8, 26), ("adjustable wrench", "spanner set", "pipe wrench"), "A snug fit on every nut."),
    ),
)  # fmt: skip

HOME: tuple[CategorySpec, ...] = (FURNITURE, HOUSEWARES, HOMEDECOR, FLORAL, SEASONAL, TOOLS)
