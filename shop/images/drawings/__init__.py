"""Flat product illustrations drawn in a 200 by 200 box (ground near y=190), and how products map to them.

Fragments use ``{role}`` placeholders filled from ``shop.images.palette.palette``.
"""

from __future__ import annotations

from .fashion import FASHION
from .floral import ARRANGEMENTS, FLORAL, HEADS
from .food import FOOD
from .home import HOME
from .instruments import INSTRUMENTS
from .leisure import LEISURE
from .tools import TOOLS

DRAWINGS: dict[str, str] = {**HOME, **FLORAL, **TOOLS, **FASHION, **INSTRUMENTS, **LEISURE, **FOOD}
FALLBACK = "bag"

# Drawings that lean, in degrees, like a product shot.
TILT: dict[str, float] = {
    "guitar": -24, "hammer": -32, "axe": -28, "screwdriver": -38, "wrench": -40, "paddle": -35,
    "lipstick": 8, "knife": -14, "trumpet": -8,
    "electricguitar": -24, "bassguitar": -26, "ukulele": -18, "mandolin": -20, "violin": -10, "flute": -20,
    "clarinet": 14, "saxophone": 6, "dynamicmic": -30, "handdrum": -6,
}  # fmt: skip

# The demo catalogue's (category, style) pairs (personas/synthetic/vocabulary); exact, so checked first.
CATALOGUE: dict[tuple[str, str], str] = {
    ("furniture", "chairs"): "chair", ("furniture", "dressers"): "dresser", ("furniture", "sofas"): "sofa",
    ("furniture", "tables"): "table",
    ("housewares", "bowls"): "bowl", ("housewares", "kitchen"): "pot", ("housewares", "consumable"): "bottle",
    ("housewares", "salon"): "hairdryer",
    ("homedecor", "clock"): "clock", ("homedecor", "cushion"): "cushion", ("homedecor", "decorative"): "vase",
    ("homedecor", "lighting"): "lamp", ("homedecor", "bedroom"): "cushion",
    ("floral", "arrangement"): "vase", ("floral", "bouquet"): "bouquet", ("floral", "centerpiece"): "centerpiece",
    ("floral", "plant"): "plant", ("floral", "wreath"): "wreath",
    ("seasonal", "christmas"): "ornament", ("seasonal", "easter"): "egg", ("seasonal", "halloween"): "pumpkin",
    ("seasonal", "valentine"): "heart",
    ("tools", "axe"): "axe", ("tools", "drill"): "drill", ("tools", "hammer"): "hammer", ("tools", "knife"): "knife",
    ("tools", "plier"): "pliers", ("tools", "saw"): "saw", ("tools", "screwdriver"): "screwdriver",
    ("tools", "set"): "toolbox", ("tools", "wrench"): "wrench",
    ("apparel", "jacket"): "jacket", ("apparel", "scarf"): "scarf", ("apparel", "shirt"): "shirt",
    ("apparel", "socks"): "sock",
    ("footwear", "boot"): "boot", ("footwear", "formal"): "oxford", ("footwear", "sandals"): "sandal",
    ("footwear", "sneaker"): "sneaker",
    ("accessories", "backpack"): "backpack", ("accessories", "bag"): "tote", ("accessories", "belt"): "belt",
    ("accessories", "glasses"): "glasses", ("accessories", "handbag"): "handbag", ("accessories", "watch"): "watch",
    ("jewelry", "bracelet"): "bracelet", ("jewelry", "earrings"): "earrings", ("jewelry", "necklace"): "necklace",
    ("beauty", "bathing"): "jar", ("beauty", "grooming"): "dropper",
    ("instruments", "keys"): "keyboard", ("instruments", "microphone"): "microphone",
    ("instruments", "percussion"): "drum", ("instruments", "strings"): "guitar", ("instruments", "wind"): "trumpet",
    ("electronics", "cable"): "cable", ("electronics", "camera"): "camera", ("electronics", "computer"): "laptop",
    ("electronics", "headphones"): "headphones", ("electronics", "keyboard"): "pckeyboard",
    ("electronics", "speaker"): "speaker", ("electronics", "television"): "tv",
    ("outdoors", "camping"): "tent", ("outdoors", "fishing"): "fishingrod", ("outdoors", "kayaking"): "paddle",
    ("outdoors", "pet"): "petbowl",
    ("books", "cooking"): "book", ("books", "travel"): "openbook",
    ("groceries", "bakery"): "bread", ("groceries", "dairy"): "milk", ("groceries", "fruits"): "apple",
    ("groceries", "meat"): "steak", ("groceries", "seafood"): "fish", ("groceries", "vegetables"): "carrot",
    ("food-service", "sandwich"): "sandwich", ("food-service", "hot-food"): "pizza",
    ("food-service", "pastry"): "muffin",
    ("salty-snacks", "chips"): "chips", ("salty-snacks", "pretzels"): "chips", ("salty-snacks", "nuts"): "jar",
    ("cold-drinks", "soda"): "can", ("cold-drinks", "water"): "waterbottle", ("cold-drinks", "juice"): "carton",
    ("hot-drinks", "coffee"): "coffee", ("hot-drinks", "tea"): "mug",
}  # fmt: skip

# Styles whose products are different things, told apart only by the name ("Studio Violin" and
# "Studio Mandolin" are both "strings"; "Lily Bouquet" and "Sunflower Bouquet" both "bouquet"):
# a phrase in the name picks the drawing, checked before CATALOGUE's one drawing per style.
_FLORAL_STYLES = {"arrangement": "vase", "bouquet": "bouquet", "centerpiece": "centerpiece", "plant": "plant",
                  "wreath": "wreath"}  # fmt: skip
BY_NAME: dict[tuple[str, str], dict[str, str]] = {
    ("instruments", "strings"): {
        "acoustic guitar": "guitar", "electric guitar": "electricguitar", "bass guitar": "bassguitar",
        "ukulele": "ukulele", "violin": "violin", "mandolin": "mandolin",
    },
    ("instruments", "keys"): {
        "keyboard": "keyboard", "digital piano": "digitalpiano", "synthesizer": "synthesizer",
        "midi controller": "midicontroller",
    },
    ("instruments", "microphone"): {
        "condenser microphone": "microphone", "dynamic microphone": "dynamicmic", "usb microphone": "usbmic",
    },
    ("instruments", "percussion"): {
        "drum kit": "drumkit", "cajon": "cajon", "snare drum": "drum", "djembe": "djembe", "hand drum": "handdrum",
    },
    ("instruments", "wind"): {"flute": "flute", "clarinet": "clarinet", "saxophone": "saxophone", "trumpet": "trumpet"},
    **{
        ("floral", style): {flower: f"{arrangement}-{flower}" for flower in HEADS}
        for style, arrangement in _FLORAL_STYLES.items()
    },
}  # fmt: skip

# Other catalogues: words in a product's style, category or name suggest drawings.
# A list lets the style choose among them, so one category still shows several shapes.
KEYWORDS: dict[str, list[str]] = {
    # Instruments and electronics
    "guitar": ["guitar"], "strings": ["guitar", "violin"], "bass": ["bassguitar"], "ukulele": ["ukulele"],
    "uke": ["ukulele"], "violin": ["violin"], "fiddle": ["violin"], "viola": ["violin"], "cello": ["violin"],
    "mandolin": ["mandolin"], "drum": ["drum"], "drums": ["drum", "drumkit"], "percussion": ["drum", "cajon"],
    "cajon": ["cajon"], "djembe": ["djembe"], "tambourine": ["handdrum"], "piano": ["digitalpiano"],
    "keys": ["keyboard"], "synth": ["synthesizer"], "synthesizer": ["synthesizer"], "midi": ["midicontroller"],
    "microphone": ["microphone"], "mic": ["microphone"], "trumpet": ["trumpet"], "flute": ["flute"],
    "clarinet": ["clarinet"], "saxophone": ["saxophone"], "sax": ["saxophone"],
    "wind": ["trumpet", "flute", "clarinet", "saxophone"], "brass": ["trumpet", "saxophone"],
    "instrument": ["guitar", "drum", "keyboard"],
    "instruments": ["guitar", "drum", "keyboard", "microphone"], "music": ["guitar", "keyboard"],
    "camera": ["camera"], "cameras": ["camera"], "photo": ["camera"], "headphones": ["headphones"],
    "headphone": ["headphones"], "earbuds": ["headphones"], "audio": ["headphones", "speaker"],
    "laptop": ["laptop"], "computer": ["laptop"], "computers": ["laptop"], "keyboard": ["keyboard"],
    "phone": ["phone"], "smartphone": ["phone"], "tablet": ["phone"], "speaker": ["speaker"],
    "speakers": ["speaker"], "tv": ["tv"], "television": ["tv"], "cable": ["cable"], "cables": ["cable"],
    "electronics": ["headphones", "camera", "laptop", "phone", "speaker", "tv"], "tech": ["laptop", "phone"],
    "watch": ["watch"], "watches": ["watch"],
    # Books
    "book": ["book"], "books": ["book", "openbook"], "novel": ["book"], "fiction": ["book"],
    "cookbook": ["book"], "guide": ["openbook"], "travel": ["openbook"], "atlas": ["openbook"],
    # Home
    "chair": ["chair"], "chairs": ["chair"], "stool": ["chair"], "sofa": ["sofa"], "sofas": ["sofa"],
    "couch": ["sofa"], "dresser": ["dresser"], "drawers": ["dresser"], "table": ["table"], "tables": ["table"],
    "furniture": ["chair", "sofa", "dresser", "table"], "lamp": ["lamp"], "lighting": ["lamp"],
    "clock": ["clock"], "cushion": ["cushion"], "pillow": ["cushion"], "vase": ["vase"],
    "homedecor": ["lamp", "clock", "cushion", "vase"], "decor": ["lamp", "vase", "cushion"],
    "bouquet": ["bouquet"], "flower": ["bouquet"], "flowers": ["bouquet"], "floral": ["bouquet", "vase", "plant"],
    **{flower: [f"bouquet-{flower}"] for flower in HEADS}, "roses": ["bouquet-rose"], "lilies": ["bouquet-lily"],
    "centerpiece": ["centerpiece"], "plant": ["plant"], "plants": ["plant"], "garden": ["plant"],
    "wreath": ["wreath"], "mug": ["mug"], "cup": ["mug"], "tea": ["mug"], "coffee": ["coffee"],
    "bowl": ["bowl"], "bowls": ["bowl"], "kitchen": ["pot", "bowl"], "cookware": ["pot"], "pan": ["pot"],
    "housewares": ["pot", "bowl", "mug", "bottle"], "soap": ["bottle"],
    "seasonal": ["gift", "ornament", "heart"], "gift": ["gift"], "gifts": ["gift"], "christmas": ["ornament"],
    "ornament": ["ornament"], "easter": ["egg"], "halloween": ["pumpkin"], "valentine": ["heart"],
    "holiday": ["gift", "ornament"], "toys": ["gift"],
    "tools": ["hammer", "wrench", "screwdriver", "saw", "toolbox"], "tool": ["hammer"], "hammer": ["hammer"],
    "axe": ["axe"], "drill": ["drill"], "knife": ["knife"], "pliers": ["pliers"], "saw": ["saw"],
    "screwdriver": ["screwdriver"], "wrench": ["wrench"], "toolbox": ["toolbox"], "hardware": ["hammer"],
    # Fashion
    "shirt": ["shirt"], "tshirt": ["shirt"], "tee": ["shirt"], "dress": ["dress"], "skirt": ["dress"],
    "jacket": ["jacket"], "coat": ["jacket"], "hoodie": ["jacket"], "scarf": ["scarf"], "sock": ["sock"],
    "socks": ["sock"], "apparel": ["shirt", "jacket", "dress", "scarf"], "clothing": ["shirt", "jacket", "dress"],
    "sneaker": ["sneaker"], "sneakers": ["sneaker"], "trainers": ["sneaker"], "boot": ["boot"], "boots": ["boot"],
    "shoe": ["oxford"], "shoes": ["sneaker", "oxford"], "sandal": ["sandal"], "sandals": ["sandal"],
    "footwear": ["sneaker", "boot", "oxford", "sandal"],
    "bag": ["tote"], "bags": ["tote", "handbag"], "handbag": ["handbag"], "tote": ["tote"], "purse": ["handbag"],
    "backpack": ["backpack"], "belt": ["belt"], "glasses": ["glasses"], "sunglasses": ["glasses"],
    "accessories": ["handbag", "glasses", "watch", "backpack", "belt"],
    "jewelry": ["necklace", "earrings", "bracelet", "ring"], "jewellery": ["necklace", "earrings", "ring"],
    "ring": ["ring"], "necklace": ["necklace"], "earrings": ["earrings"], "bracelet": ["bracelet"],
    "beauty": ["perfume", "lipstick", "jar", "dropper"], "perfume": ["perfume"], "fragrance": ["perfume"],
    "makeup": ["lipstick"], "lipstick": ["lipstick"], "cosmetics": ["lipstick", "perfume"], "skincare": ["dropper"],
    # Outdoors
    "tent": ["tent"], "camping": ["tent"], "outdoors": ["tent", "backpack", "paddle"], "outdoor": ["tent"],
    "fishing": ["fishingrod"], "kayak": ["paddle"], "pet": ["petbowl"], "pets": ["petbowl"], "dog": ["petbowl"],
    # Food
    "groceries": ["apple", "bread", "milk", "carrot"], "grocery": ["apple", "bread", "milk"],
    "food": ["apple", "bread", "sandwich"], "fruit": ["apple"], "fruits": ["apple"], "apple": ["apple"],
    "apples": ["apple"], "bread": ["bread"], "bakery": ["bread"], "milk": ["milk"], "dairy": ["milk"],
    "fish": ["fish"], "seafood": ["fish"], "meat": ["steak"], "vegetables": ["carrot"], "carrot": ["carrot"],
    "sandwich": ["sandwich"], "pizza": ["pizza"], "muffin": ["muffin"], "pastry": ["muffin"],
    "snacks": ["chips"], "chips": ["chips"], "soda": ["can"], "drinks": ["can", "waterbottle"],
    "water": ["waterbottle"], "juice": ["carton"],
}  # fmt: skip

__all__ = ["ARRANGEMENTS", "BY_NAME", "CATALOGUE", "DRAWINGS", "FALLBACK", "HEADS", "KEYWORDS", "TILT"]
