"""Each shopper's taste: for every category slot, a small cluster of related products."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from personas.models import CATEGORY_WEIGHTS, DiscountAttitude

from .catalogue import GENDER_NONE, Catalogue
from .persona_specs import PERSONAS
from .shoppers import ATTITUDES, Shoppers

SLOTS = 4  # three persona categories, or the four convenience categories
MAX_CLUSTER = 6
# Cluster sizes per slot rank (low, high inclusive): the favourite category gets the widest
# cluster. About 11 distinct products per shopper, as in the reference.
CLUSTER_SIZES = ((3, 5), (2, 4), (1, 3), (1, 2))
STORE_WEIGHTS = (0.4, 0.3, 0.2, 0.1)


@dataclass
class Clusters:
    category: np.ndarray  # (users, SLOTS) category index, -1 for an unused slot
    weight: np.ndarray  # (users, SLOTS) taste weights, rows sum to 1
    size: np.ndarray  # (users, SLOTS) products in the cluster
    product: np.ndarray  # (users, SLOTS, MAX_CLUSTER) product index, favourite first; -1 padding


def eligible(catalogue: Catalogue, category: int, gender: int) -> np.ndarray:
    """Products of a category a shopper of ``gender`` would look at (unisex or matching)."""
    in_category = catalogue.category == category
    pool = np.flatnonzero(in_category & ((catalogue.gender == GENDER_NONE) | (catalogue.gender == gender)))
    # A tiny catalogue may have only gendered products in a category: better off-gender than nothing.
    return pool if len(pool) else np.flatnonzero(in_category)


def _attitude_weights(catalogue: Catalogue, pool: np.ndarray, attitude: str) -> np.ndarray:
    if attitude == DiscountAttitude.ALL_DISCOUNTS:
        return np.where(catalogue.promoted[pool], 4.0, 1.0)
    if attitude == DiscountAttitude.LOWER_PRICED:
        prices = catalogue.price_cents[pool].astype(float)
        return np.median(prices) / prices
    return np.ones(len(pool))


def clusters_build(*, rng: np.random.Generator, catalogue: Catalogue, shoppers: Shoppers) -> Clusters:
    users = len(shoppers)
    category = np.full((users, SLOTS), -1, dtype=np.int64)
    weight = np.zeros((users, SLOTS))
    slugs = [c.slug for c in catalogue.categories]
    persona_categories = np.array([[slugs.index(s) for s in p.categories] + [-1] for p in PERSONAS])
    web = shoppers.is_web
    category[web] = persona_categories[shoppers.persona[web]]
    weight[web, :3] = CATEGORY_WEIGHTS
    store_categories = np.array([i for i, c in enumerate(catalogue.categories) if c.convenience])
    store = np.flatnonzero(~web)
    if len(store):
        category[store] = np.stack([rng.permutation(store_categories) for _ in store])
        weight[store] = STORE_WEIGHTS

    size = np.zeros((users, SLOTS), dtype=np.int64)
    for rank, (low, high) in enumerate(CLUSTER_SIZES):
        size[:, rank] = np.where(category[:, rank] >= 0, rng.integers(low, high + 1, users), 0)
    product = np.full((users, SLOTS, MAX_CLUSTER), -1, dtype=np.int64)

    # Shoppers sharing a category, gender and attitude draw from the same pool, so each
    # group is one matrix operation instead of a loop over shoppers.
    slot_user, slot_rank = np.nonzero(category >= 0)
    slot_category = category[slot_user, slot_rank]
    styles = np.unique(catalogue.style, return_inverse=True)[1]
    for c in np.unique(slot_category):
        for g in np.unique(shoppers.gender):
            pool = eligible(catalogue, int(c), int(g))
            for a, attitude in enumerate(ATTITUDES):
                members = np.flatnonzero(
                    (slot_category == c) & (shoppers.gender[slot_user] == g) & (shoppers.attitude[slot_user] == a)
                )
                if not len(members):
                    continue
                w = _attitude_weights(catalogue, pool, attitude)
                pool_style = styles[pool]
                # One style per cluster, picked in proportion to what it offers this shopper.
                style_ids, style_of = np.unique(pool_style, return_inverse=True)
                style_weight = np.bincount(style_of, weights=w)
                chosen = style_ids[rng.choice(len(style_ids), size=len(members), p=style_weight / style_weight.sum())]
                # Gumbel top-k: weighted sampling without replacement, one row per shopper;
                # the bonus ranks the chosen style first and tops up from the rest of the category.
                keys = np.log(w)[None, :] + rng.gumbel(size=(len(members), len(pool)))
                keys += 1e3 * (pool_style[None, :] == chosen[:, None])
                top = np.argsort(-keys, axis=1, kind="stable")[:, :MAX_CLUSTER]
                users_, ranks = slot_user[members], slot_rank[members]
                size[users_, ranks] = np.minimum(size[users_, ranks], len(pool))
                product[users_, ranks, : top.shape[1]] = pool[top]
    # Mask entries past each cluster's size so nothing can pick them.
    product[np.arange(MAX_CLUSTER)[None, None, :] >= size[:, :, None]] = -1
    return Clusters(category=category, weight=weight, size=size, product=product)
