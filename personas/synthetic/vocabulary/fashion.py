"""Fashion categories: apparel, footwear, accessories, jewelry, beauty."""

from __future__ import annotations

from . import CategorySpec, StyleSpec

S = StyleSpec

APPAREL = CategorySpec(
    slug="apparel",
    name="Apparel",
    description="Jackets, shirts, scarves and socks for every season.",
    hue=215,
    adjectives=(
        "Wool", "Cotton", "Linen", "Denim", "Quilted", "Waxed", "Merino", "Organic", "Relaxed", "Slim-fit",
        "Striped", "Oversized", "Cashmere", "Corduroy",
    ),
    closers=(
        "Machine washable at 30°.",
        "Cut for easy layering.",
        "Made from responsibly sourced fibres.",
    ),
    gendered_names=True,
    styles=(
        S("jacket", 81, (85, 243), ("parka", "bomber jacket", "rain jacket", "blazer", "field jacket",
                                    "puffer jacket", "trench coat"),
          "Keeps out the wind and the weather without the bulk.", (0.55, 0.45)),
        S("scarf", 53, (18, 95), ("scarf", "wrap", "snood", "bandana"),
          "Soft against the skin and long enough to wrap twice.", (0.6, 0.25),
          adjectives=("Wool", "Cashmere", "Merino", "Silk", "Striped", "Chunky-knit", "Checked", "Cotton")),
        S("shirt", 67, (35, 165), ("oxford shirt", "flannel shirt", "t-shirt", "polo shirt", "overshirt",
                                   "blouse"),
          "A shirt that looks sharp and feels easy all day.", (0.5, 0.5),
          adjectives=("Cotton", "Linen", "Denim", "Organic", "Relaxed", "Slim-fit", "Striped", "Oversized",
                      "Corduroy", "Checked")),
        S("socks", 30, (6, 24), ("socks", "ankle socks", "hiking socks", "sock trio"),
          "Cushioned where it counts, with a heel that stays put.", (0.45, 0.45),
          adjectives=("Merino", "Cotton", "Striped", "Bamboo", "Cushioned", "Organic", "Wool")),
    ),
)  # fmt: skip

FOOTWEAR = CategorySpec(
    slug="footwear",
    name="Footwear",
    description="Boots, sneakers, sandals and smart shoes.",
    hue=18,
    adjectives=(
        "Leather", "Suede", "Canvas", "Waterproof", "Lightweight", "Classic", "Chunky", "Retro",
        "Cushioned", "Vegan", "Trail", "Handstitched",
    ),
    closers=(
        "Free returns if the fit isn't right.",
        "A replaceable sole keeps them going for years.",
        "Comfortable from the first wear.",
    ),
    gendered_names=True,
    styles=(
        S("boot", 30, (90, 271), ("chelsea boot", "hiking boot", "ankle boot", "work boot"),
          "Grippy soles and a snug, supportive ankle.", (0.5, 0.5)),
        S("formal", 79, (70, 240), ("oxford", "loafer", "derby", "brogue", "court shoe", "monk strap"),
          "Polished enough for the office, comfortable enough for the commute.", (0.45, 0.55)),
        S("sandals", 31, (10, 85), ("sandals", "slides", "flip-flops", "espadrilles"),
          "An easy summer pair with a contoured footbed.", (0.6, 0.3)),
        S("sneaker", 48, (45, 180), ("sneaker", "runner", "high-top", "court sneaker", "slip-on"),
          "Springy cushioning and a breathable upper.", (0.45, 0.45)),
    ),
)  # fmt: skip

ACCESSORIES = CategorySpec(
    slug="accessories",
    name="Accessories",
    description="Bags, belts, watches and sunglasses that finish the outfit.",
    hue=265,
    adjectives=(
        "Leather", "Canvas", "Vegan leather", "Woven", "Minimalist", "Vintage", "Everyday",
        "Travel", "Weekend", "Classic", "Structured",
    ),
    closers=(
        "Comes in a reusable dust bag.",
        "Built to age well.",
        "A finishing touch that goes with everything.",
    ),
    styles=(
        S("backpack", 48, (45, 151), ("backpack", "rucksack", "daypack", "laptop backpack"),
          "Padded straps and a sleeve for a laptop.", (0.1, 0.1)),
        S("bag", 21, (35, 140), ("tote bag", "messenger bag", "duffel bag", "crossbody bag"),
          "Roomy inside, with a zipped pocket for the essentials.", (0.5, 0.2)),
        S("belt", 38, (26, 90), ("belt", "reversible belt", "braided belt"),
          "A solid buckle on a strap that keeps its shape.", (0.2, 0.7)),
        S("glasses", 59, (60, 151), ("sunglasses", "aviators", "cat-eye sunglasses", "reading glasses"),
          "Full UV protection in a featherweight frame.", (0.15, 0.15),
          adjectives=("Polarised", "Tortoiseshell", "Round", "Wire-frame", "Classic", "Oversized", "Retro")),
        S("handbag", 38, (55, 151), ("handbag", "clutch", "shoulder bag", "bucket bag"),
          "Holds the day's essentials with room to spare.", (0.9, 0.02)),
        S("watch", 24, (70, 151), ("watch", "chronograph", "dress watch", "field watch"),
          "A clear dial and a strap you can swap in seconds.", (0.4, 0.45),
          adjectives=("Leather", "Steel", "Minimalist", "Vintage", "Classic", "Automatic", "Solar")),
    ),
)  # fmt: skip

JEWELRY = CategorySpec(
    slug="jewelry",
    name="Jewelry",
    description="Bracelets, earrings and necklaces in silver, gold and stone.",
    hue=290,
    adjectives=(
        "Sterling silver", "Gold-plated", "Rose gold", "Pearl", "Turquoise", "Opal", "Beaded", "Hammered",
        "Delicate", "Statement",
    ),
    closers=(
        "Nickel free and gentle on sensitive skin.",
        "Arrives in a gift box.",
        "Crafted by independent makers.",
    ),
    styles=(
        S("bracelet", 37, (13, 180), ("bracelet", "bangle", "cuff", "charm bracelet"),
          "Sits lightly on the wrist and stacks well.", (0.7, 0.1)),
        S("earrings", 23, (15, 160), ("stud earrings", "hoop earrings", "drop earrings"),
          "Light enough to wear from morning to night.", (0.9, 0.02)),
        S("necklace", 30, (25, 194), ("pendant necklace", "chain necklace", "choker", "locket"),
          "An adjustable chain that sits just right.", (0.8, 0.05)),
    ),
)  # fmt: skip

BEAUTY = CategorySpec(
    slug="beauty",
    name="Beauty",
    description="Bath, body and grooming essentials.",
    hue=350,
    adjectives=(
        "Rose", "Oat", "Cedarwood", "Citrus", "Charcoal", "Shea", "Aloe", "Sandalwood", "Unscented",
        "Mint",
    ),
    closers=(
        "Cruelty free and vegan.",
        "Dermatologically tested.",
        "In a recyclable bottle.",
    ),
    styles=(
        S("bathing", 19, (10, 60), ("bath salts", "body wash", "bath bomb set", "body scrub"),
          "Turns an ordinary bath into a small ritual.", (0.5, 0.05)),
        S("grooming", 41, (12, 145), ("beard oil", "shaving kit", "trimmer", "face balm", "hair clay"),
          "A close, comfortable routine with no irritation.", (0.0, 0.8),
          adjectives=("Cedarwood", "Sandalwood", "Unscented", "Citrus", "Charcoal", "Mint", "Cordless", "Travel")),
    ),
)  # fmt: skip

FASHION: tuple[CategorySpec, ...] = (APPAREL, FOOTWEAR, ACCESSORIES, JEWELRY, BEAUTY)
