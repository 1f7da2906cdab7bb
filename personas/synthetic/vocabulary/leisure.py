"""Leisure categories: instruments, electronics, outdoors, books."""

from __future__ import annotations

from . import CategorySpec, StyleSpec

S = StyleSpec

INSTRUMENTS = CategorySpec(
    slug="instruments",
    name="Instruments",
    description="Keys, strings, percussion, wind and the microphones to record them.",
    hue=38,
    adjectives=(
        "Studio", "Concert", "Student", "Vintage", "Acoustic", "Electric", "Travel", "Professional",
        "Compact", "Stage",
    ),
    closers=(
        "Set up and tuned before it leaves us.",
        "Includes a padded gig bag.",
        "Ready to play out of the box.",
    ),
    styles=(
        S("keys", 33, (180, 500), ("keyboard", "digital piano", "synthesizer", "MIDI controller"),
          "Weighted keys with an expressive, natural touch."),
        S("microphone", 18, (56, 320), ("condenser microphone", "dynamic microphone", "USB microphone"),
          "Captures every nuance of voice and instrument.",
          adjectives=("Studio", "Stage", "Podcast", "Vintage", "Compact", "Professional")),
        S("percussion", 40, (60, 500), ("drum kit", "cajon", "snare drum", "djembe", "hand drum"),
          "Punchy, warm tone that fills the room.",
          adjectives=("Studio", "Concert", "Student", "Vintage", "Travel", "Professional", "Maple", "Birch")),
        S("strings", 61, (120, 500), ("acoustic guitar", "electric guitar", "ukulele", "violin", "bass guitar",
                                      "mandolin"),
          "Stays in tune and plays easily up the neck."),
        S("wind", 15, (90, 480), ("flute", "clarinet", "saxophone", "trumpet"),
          "A free-blowing instrument with a rich, even tone.",
          adjectives=("Student", "Concert", "Professional", "Vintage", "Silver-plated", "Intermediate")),
    ),
)  # fmt: skip

ELECTRONICS = CategorySpec(
    slug="electronics",
    name="Electronics",
    description="Cameras, computers, speakers, screens and the cables to connect them.",
    hue=225,
    adjectives=(
        "Wireless", "4K", "Smart", "Portable", "Noise-cancelling", "Ultra-slim", "Pro", "Compact",
        "Bluetooth", "Mirrorless",
    ),
    closers=(
        "Two-year warranty included.",
        "Sets up in minutes.",
        "Free firmware updates for life.",
    ),
    styles=(
        S("cable", 12, (6, 35), ("USB-C cable", "HDMI cable", "charging cable"),
          "Braided for strength and fast enough for the latest devices.",
          adjectives=("Braided", "Fast-charge", "Extra-long", "Right-angle", "Gold-plated")),
        S("camera", 36, (90, 1859), ("camera", "action camera", "instant camera", "camera kit"),
          "Sharp stills and smooth video in any light.",
          adjectives=("Mirrorless", "4K", "Compact", "Waterproof", "Full-frame", "Vlogging", "Retro")),
        S("computer", 6, (499, 1859), ("laptop", "desktop", "mini PC"),
          "Fast, quiet and ready for work or play.", adjectives=("Ultra-slim", "Pro", "Compact", "Gaming")),
        S("headphones", 16, (29, 349), ("headphones", "earbuds", "over-ear headphones"),
          "Rich sound and battery for a week of commutes.",
          adjectives=("Wireless", "Noise-cancelling", "Studio", "Sport", "Bluetooth", "Kids'")),
        S("keyboard", 4, (25, 160), ("mechanical keyboard", "wireless keyboard"),
          "A crisp, satisfying typing feel.", adjectives=("Compact", "Low-profile", "Backlit")),
        S("speaker", 21, (39, 499), ("speaker", "soundbar", "bookshelf speakers", "smart speaker"),
          "Room-filling sound from a small footprint.",
          adjectives=("Wireless", "Portable", "Smart", "Waterproof", "Bluetooth", "Hi-fi")),
        S("television", 9, (299, 1859), ("television", "OLED TV", "projector"),
          "Deep blacks, vivid colour and every streaming app built in.",
          adjectives=("4K", "Smart", "Ultra-slim", "55-inch", "65-inch")),
    ),
)  # fmt: skip

OUTDOORS = CategorySpec(
    slug="outdoors",
    name="Outdoors",
    description="Camping, fishing and paddling gear, plus kit for four-legged friends.",
    hue=110,
    adjectives=(
        "Ultralight", "All-weather", "Packable", "Rugged", "Insulated", "Trail", "Expedition", "Folding",
        "Weekend", "Reflective",
    ),
    closers=(
        "Tested in the field before it reaches the shelf.",
        "Packs down small for the trip.",
        "Backed by our repair-first promise.",
    ),
    styles=(
        S("camping", 25, (12, 471), ("tent", "sleeping bag", "camp stove", "lantern", "camp chair"),
          "Sets up fast and shrugs off a wet night."),
        S("fishing", 37, (6, 180), ("fishing rod", "reel", "tackle box", "lure set", "landing net"),
          "Smooth and reliable from the first cast."),
        S("kayaking", 12, (120, 471), ("kayak paddle", "dry bag", "buoyancy aid", "inflatable kayak"),
          "Made for long days on the water."),
        S("pet", 18, (6, 60), ("dog lead", "pet bed", "travel bowl", "dog harness", "chew toy"),
          "Tough enough for the muddiest walk.",
          adjectives=("Reflective", "Waterproof", "Padded", "Packable", "Rugged", "Washable")),
    ),
)  # fmt: skip

BOOKS = CategorySpec(
    slug="books",
    name="Books",
    description="Cookbooks and travel guides to read, use and return to.",
    hue=12,
    adjectives=(
        "Everyday", "Weeknight", "Seasonal", "Pocket", "Illustrated", "Complete", "Slow", "Coastal",
        "Mountain", "City",
    ),
    closers=(
        "Hardback with a ribbon marker.",
        "Printed on recycled paper.",
        "Signed copies while stocks last.",
    ),
    styles=(
        S("cooking", 15, (14, 55), ("cookbook", "baking book", "kitchen handbook"),
          "Recipes that work the first time, with clear photographs."),
        S("travel", 20, (10, 32), ("travel guide", "walking guide", "road-trip atlas", "city guide"),
          "Maps, routes and tips from people who live there."),
    ),
)  # fmt: skip

LEISURE: tuple[CategorySpec, ...] = (INSTRUMENTS, ELECTRONICS, OUTDOORS, BOOKS)
