"""The product catalogue as numpy arrays, before anything touches the database."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import numpy as np

from .vocabulary import CATEGORIES, COLLECTIONS, CategorySpec

REFERENCE_PRODUCTS = 2465
REFERENCE_FEMALE = 431
REFERENCE_MALE = 318
REFERENCE_PROMOTED = 609
REFERENCE_FEATURED = 16
# Share of products on sale with an old price. Deals are taken from the promoted products, so
# the shoppers who chase promotions (``clusters``) find the discounts among them.
DEAL_SHARE = 0.12
# How far above the price an old price may sit.
DEAL_MARKUP = (0.10, 0.40)
# Share of products that are new arrivals: added in the last NEW_ARRIVAL_DAYS before the window
# ends and never seen by anyone, so the shop's "New arrivals" row and cold-start exploration
# have something to show on the demo data.
NEW_PRODUCTS_SHARE = 0.02
NEW_ARRIVAL_DAYS = 14
# Below this a catalogue has no new arrivals: every product of a tiny catalogue is needed by
# the shoppers of its category.
NEW_ARRIVALS_MIN_PRODUCTS = 50

# Product.gender_affinity and ShopperProfile.gender as small integers.
GENDER_NONE, GENDER_F, GENDER_M = 0, 1, 2
GENDER_CODES = ("", "F", "M")


@dataclass
class Catalogue:
    categories: tuple[CategorySpec, ...]
    category: np.ndarray  # index into categories, per product
    style: list[str]
    sku: list[str]
    name: list[str]
    description: list[str]
    price_cents: np.ndarray
    gender: np.ndarray  # GENDER_* per product
    promoted: np.ndarray
    compare_at_cents: np.ndarray  # old price while on sale, 0 otherwise
    featured: np.ndarray
    stock: np.ndarray
    color: list[str]
    created_at: np.ndarray  # epoch seconds
    new: np.ndarray  # new arrival: created near the window's end, never browsed

    def __len__(self) -> int:
        return len(self.category)

    def take(self, indices: np.ndarray) -> Catalogue:
        """The products at ``indices``, in that order (``categories`` stays whole)."""
        picked = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "categories":
                picked[f.name] = value
            elif isinstance(value, np.ndarray):
                picked[f.name] = value[indices]
            else:
                picked[f.name] = [value[i] for i in indices]
        return Catalogue(**picked)


def apportion(total: int, weights: list[int], minimum: int = 0) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), each share at least ``minimum``.

    Shares that fall short are raised to ``minimum`` and the rest re-split among the
    others, so at the reference total the reference counts come back unchanged.
    """
    if total < minimum * len(weights):
        raise ValueError(f"cannot give {len(weights)} shares at least {minimum} each out of {total}")
    shares = np.zeros(len(weights), dtype=int)
    fixed = np.zeros(len(weights), dtype=bool)
    while True:
        free = np.flatnonzero(~fixed)
        rest = total - shares[fixed].sum()
        raw = np.asarray(weights, dtype=float)[free] / sum(weights[i] for i in free) * rest
        part = np.floor(raw).astype(int)
        # Stable sort: ties go to the earlier entry, deterministically.
        part[np.argsort(-(raw - part), kind="stable")[: rest - part.sum()]] += 1
        shares[free] = part
        short = free[part < minimum]
        if not len(short):
            return [int(s) for s in shares]
        shares[short] = minimum
        fixed[short] = True


_LOWER_WORDS = {"of", "and", "with"}


def _title(text: str) -> str:
    # str.title() would give "Chef'S Knife"; only first letters are raised here.
    words = text.split(" ")
    return " ".join(w if i and w in _LOWER_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _words(text: str) -> list[str]:
    # Each part of a hyphenated word counts: "Slim-fit Slim Jeans" repeats "slim".
    return [word for word in re.split(r"[\s-]+", text.lower()) if word]


def _repeats_a_word(text: str) -> bool:
    words = _words(text)
    return len(set(words)) < len(words)


def _names(rng: np.random.Generator, adjectives: tuple[str, ...], nouns: tuple[str, ...], n: int) -> list[str]:
    pairs = [f"{adjective} {noun}" for adjective in adjectives for noun in nouns]
    # Drawn over every pair before the clashing ones ("Acoustic acoustic guitar") are dropped,
    # so the random stream, and with it the rest of the data set, stays as it was.
    order = [k for k in rng.permutation(len(pairs)) if not _repeats_a_word(pairs[k])]
    collections = [COLLECTIONS[k] for k in rng.permutation(len(COLLECTIONS))]
    names = []
    for i in range(n):
        base = pairs[order[i % len(order)]]
        lap = i // len(order)
        if lap == 0:
            names.append(base)
            continue
        # Past the first lap a collection name keeps the names within a style distinct; one that
        # repeats a word of the base ("Birch Birch Snare Drum") is passed over for this base only,
        # so each base still gets a different collection on every lap.
        fitting = [c for c in collections if not _repeats_a_word(f"{c} {base}")]
        names.append(f"{fitting[(lap - 1) % len(fitting)]} {base}")
    return [_title(name) for name in names]


def _shop_cents(dollars: np.ndarray) -> np.ndarray:
    # Shop-style endings: $221.99 above ten dollars, $4.49 / $4.99 below.
    cents = np.where(dollars >= 10, np.round(dollars) * 100 - 1, np.round(dollars * 2) * 50 - 1)
    return np.maximum(cents, 99).astype(np.int64)


def _prices(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return _shop_cents(np.exp(rng.uniform(np.log(low), np.log(high))))


def _compare_at_prices(rng: np.random.Generator, price_cents: np.ndarray, promoted: np.ndarray) -> np.ndarray:
    """Old prices for about ``DEAL_SHARE`` of the products, chosen among the promoted ones.

    An old price is a shop-style price (``_shop_cents``) within ``DEAL_MARKUP`` of the price;
    a product too cheap to have one ($0.99: nothing ending in .49 or .99 lies in $1.09-1.38) is
    never a deal.
    """
    n = len(price_cents)
    low = np.ceil(price_cents * (1 + DEAL_MARKUP[0]))
    high = np.floor(price_cents * (1 + DEAL_MARKUP[1]))
    old = _shop_cents(price_cents * (1 + rng.uniform(*DEAL_MARKUP, size=n)) / 100)
    # Rounding to the nearest ending can step just outside the range; one step back brings it in
    # wherever the range holds an ending at all. Endings are a dollar apart from $9.99 up.
    down, up = np.where(old >= 1099, 100, 50), np.where(old >= 999, 100, 50)
    old = np.where(old > high, old - down, np.where(old < low, old + up, old))
    pool = np.flatnonzero(promoted & (old >= low) & (old <= high))
    chosen = rng.choice(pool, size=min(round(DEAL_SHARE * n), len(pool)), replace=False)
    compare_at = np.zeros(n, dtype=np.int64)
    compare_at[chosen] = old[chosen]
    return compare_at


def _hex_colors(hue: np.ndarray, saturation: np.ndarray, lightness: np.ndarray) -> list[str]:
    # Vectorised HSL -> RGB; muted saturation and mid lightness read well behind white text.
    h = (hue % 360) / 30.0
    a = saturation * np.minimum(lightness, 1 - lightness)
    channels = []
    for n in (0, 8, 4):
        k = (n + h) % 12
        channels.append(lightness - a * np.clip(np.minimum(k - 3, 9 - k), -1, 1))
    rgb = np.round(np.stack(channels, axis=1) * 255).astype(int)
    return [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rgb]


def _genders(rng: np.random.Generator, female_pull: np.ndarray, male_pull: np.ndarray, n: int) -> np.ndarray:
    gender = np.full(n, GENDER_NONE, dtype=np.int8)
    targets = (round(REFERENCE_FEMALE * n / REFERENCE_PRODUCTS), round(REFERENCE_MALE * n / REFERENCE_PRODUCTS))
    for code, pull, target in ((GENDER_F, female_pull, targets[0]), (GENDER_M, male_pull, targets[1])):
        weight = np.where(gender == GENDER_NONE, pull, 0.0)
        size = min(target, int(np.count_nonzero(weight)))
        if size:
            gender[rng.choice(n, size=size, replace=False, p=weight / weight.sum())] = code
    return gender


def new_arrival_count(products: int, share: float) -> int:
    """How many of ``products`` are new arrivals: ``share`` of them, at least one from 50 products on."""
    if products < NEW_ARRIVALS_MIN_PRODUCTS or share <= 0:
        return 0
    return max(1, round(share * products))


def _new_arrivals(rng: np.random.Generator, category: np.ndarray, featured: np.ndarray, count: int) -> np.ndarray:
    """``count`` web products, one per web category in turn (in a random order), never featured.

    A category always keeps at least one product that is not new, so every shopper whose taste
    includes it still has something to browse.
    """
    new = np.zeros(len(category), dtype=bool)
    web = [i for i, spec in enumerate(CATEGORIES) if not spec.convenience]
    picks = 0
    while picks < count:
        before = picks
        for c_index in rng.permutation(web):
            in_category = category == c_index
            candidates = np.flatnonzero(in_category & ~featured & ~new)
            if picks < count and len(candidates) and np.count_nonzero(in_category & ~new) > 1:
                new[rng.choice(candidates)] = True
                picks += 1
        if picks == before:  # every web category is down to its last products
            break
    return new


def catalogue_build(
    *,
    rng: np.random.Generator,
    products: int,
    window_start: int,
    days: int,
    new_share: float = NEW_PRODUCTS_SHARE,
) -> Catalogue:
    """``products`` items spread over the categories in the reference proportions.

    Products are created in the year before the event window opens, so no event
    predates the product it is about; the exception is ``new_arrival_count(products,
    new_share)`` new arrivals, created in the ``NEW_ARRIVAL_DAYS`` before the window ends,
    which the event builder leaves unseen.
    """
    counts = apportion(products, [c.count for c in CATEGORIES], minimum=1)
    category, style, sku, names, description = [], [], [], [], []
    low, high, female_pull, male_pull, hue = [], [], [], [], []
    for c_index, (spec, count) in enumerate(zip(CATEGORIES, counts, strict=True)):
        prefix = spec.slug.replace("-", "")[:4].upper()
        serial = 0
        for s_index, (style_spec, n) in enumerate(
            zip(spec.styles, apportion(count, [s.count for s in spec.styles]), strict=True)
        ):
            if not n:
                continue
            names += _names(rng, style_spec.adjectives or spec.adjectives, style_spec.nouns, n)
            closers = rng.integers(0, len(spec.closers), size=n)
            description += [f"{style_spec.blurb} {spec.closers[i]}" for i in closers]
            sku += [f"{prefix}-{serial + i + 1:04d}" for i in range(n)]
            serial += n
            category += [c_index] * n
            style += [style_spec.slug] * n
            low += [style_spec.price[0]] * n
            high += [style_spec.price[1]] * n
            female_pull += [style_spec.gender[0]] * n
            male_pull += [style_spec.gender[1]] * n
            # Neighbouring styles get neighbouring hues around the category's base.
            hue += [spec.hue + (s_index * 13) % 39 - 19] * n
    n = len(category)
    category_arr = np.asarray(category, dtype=np.int32)
    gender = _genders(rng, np.asarray(female_pull), np.asarray(male_pull), n)
    for i in np.flatnonzero(gender):
        if CATEGORIES[category[i]].gendered_names:
            names[i] = f"{'Women' if gender[i] == GENDER_F else 'Men'}'s {names[i]}"

    promoted = np.zeros(n, dtype=bool)
    promoted[rng.choice(n, size=round(REFERENCE_PROMOTED * n / REFERENCE_PRODUCTS), replace=False)] = True
    stock = np.where(rng.random(n) < 0.04, 0, rng.integers(1, 250, size=n))
    featured = np.zeros(n, dtype=bool)
    # One featured product per web category (in a random order) keeps the home page varied.
    web = [i for i, spec in enumerate(CATEGORIES) if not spec.convenience]
    target = min(n, max(4, round(REFERENCE_FEATURED * n / REFERENCE_PRODUCTS)))
    picks = 0
    while picks < target:
        for c_index in rng.permutation(web):
            candidates = np.flatnonzero((category_arr == c_index) & ~featured)
            if picks < target and len(candidates):
                featured[rng.choice(candidates)] = True
                picks += 1
        if not (~featured[np.isin(category_arr, web)]).any():
            break
    stock[featured] = np.maximum(stock[featured], 25)

    colors = _hex_colors(
        np.asarray(hue, dtype=float) + rng.normal(0, 6, size=n), rng.uniform(0.35, 0.6, n), rng.uniform(0.42, 0.6, n)
    )
    span = max(365 - days, 30) * 86400
    created_at = window_start - rng.integers(0, span, size=n)
    price_cents = _prices(rng, np.asarray(low), np.asarray(high))
    # A stream of their own: choosing deals leaves every later draw (shoppers, sessions) as it was.
    compare_at_cents = _compare_at_prices(rng.spawn(1)[0], price_cents, promoted)
    # Another stream of their own (spawn hands out a fresh child each call and leaves the
    # parent's draws alone): with or without new arrivals every other product comes out the same.
    arrivals_rng = rng.spawn(1)[0]
    new = _new_arrivals(arrivals_rng, category_arr, featured, new_arrival_count(n, new_share))
    window_end = window_start + days * 86400
    created_at[new] = window_end - arrivals_rng.integers(1, NEW_ARRIVAL_DAYS * 86400, size=int(new.sum()))
    # Just delivered: a new arrival is in stock.
    stock[new] = np.maximum(stock[new], 25)
    return Catalogue(
        categories=CATEGORIES,
        category=category_arr,
        style=style,
        sku=sku,
        name=names,
        description=description,
        price_cents=price_cents,
        gender=gender,
        promoted=promoted,
        compare_at_cents=compare_at_cents,
        featured=featured,
        stock=stock.astype(np.int64),
        color=colors,
        created_at=created_at.astype(np.int64),
        new=new,
    )
