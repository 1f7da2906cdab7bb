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


# Above this many cells (shoppers x pool) a group samples by rejection instead of sorting
# one Gumbel key per product for every shopper: at 100x the reference a category pool
# holds ~12,000 products and a group ~15,000 shoppers.
DENSE_CELLS = 1 << 21


def _first_distinct(candidates: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows with at least ``k`` distinct values, and those rows' first ``k`` distinct values in order."""
    order = np.argsort(candidates, axis=1, kind="stable")
    ranked = np.take_along_axis(candidates, order, axis=1)
    # Stable sort: of equal values the leftmost comes first, so only later copies are repeats.
    repeat_ranked = np.zeros(candidates.shape, dtype=bool)
    repeat_ranked[:, 1:] = ranked[:, 1:] == ranked[:, :-1]
    repeat = np.empty_like(repeat_ranked)
    np.put_along_axis(repeat, order, repeat_ranked, axis=1)
    keep = ~repeat
    ok = keep.sum(axis=1) >= k
    keep = keep[ok] & (np.cumsum(keep[ok], axis=1) <= k)
    return ok, candidates[ok][keep].reshape(-1, k)


def weighted_sample(rng: np.random.Generator, weights: np.ndarray, rows: int, k: int) -> np.ndarray:
    """``rows`` independent ordered samples of ``k`` of ``len(weights)`` items without replacement.

    Successive sampling: each pick is in proportion to the weights of the items not yet
    picked. Small pools sort Gumbel keys (Gumbel top-k); large ones draw with replacement
    and keep each row's first ``k`` distinct items, which is the same distribution without
    a key per item and row.
    """
    n = len(weights)
    k = min(k, n)
    out = np.empty((rows, k), dtype=np.int64)
    if not k or not rows:
        return out
    todo = np.arange(rows)
    if rows * n > DENSE_CELLS and n > 4 * k:
        cdf = np.cumsum(weights)
        cdf /= cdf[-1]
        draws = 4 * k
        while len(todo) and draws <= 32 * k:
            picks = np.searchsorted(cdf, rng.random((len(todo), draws)), side="right")
            ok, first = _first_distinct(np.minimum(picks, n - 1), k)
            out[todo[ok]] = first
            todo, draws = todo[~ok], draws * 2
    # Gumbel top-k for small pools and for the rare rows rejection left short, in batches
    # that keep the key matrix under DENSE_CELLS.
    log_w = np.log(weights)
    step = max(1, DENSE_CELLS // n)
    for lo in range(0, len(todo), step):
        batch = todo[lo : lo + step]
        keys = log_w[None, :] + rng.gumbel(size=(len(batch), n))
        out[batch] = np.argsort(-keys, axis=1, kind="stable")[:, :k]
    return out


def _style_first(rng: np.random.Generator, w: np.ndarray, style_of: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Per shopper, up to MAX_CLUSTER pool positions: the chosen style's products first, then the rest's."""
    k = min(MAX_CLUSTER, len(w))
    top = np.empty((len(chosen), k), dtype=np.int64)
    for s in np.unique(chosen):
        rows = np.flatnonzero(chosen == s)
        inside, outside = np.flatnonzero(style_of == s), np.flatnonzero(style_of != s)
        first = inside[weighted_sample(rng, w[inside], len(rows), k)]
        rest = outside[weighted_sample(rng, w[outside], len(rows), k - first.shape[1])]
        top[rows] = np.hstack([first, rest])
    return top


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
                chosen = rng.choice(len(style_ids), size=len(members), p=style_weight / style_weight.sum())
                top = _style_first(rng, w, style_of, chosen)
                users_, ranks = slot_user[members], slot_rank[members]
                size[users_, ranks] = np.minimum(size[users_, ranks], len(pool))
                product[users_, ranks, : top.shape[1]] = pool[top]
    # Mask entries past each cluster's size so nothing can pick them.
    product[np.arange(MAX_CLUSTER)[None, None, :] >= size[:, :, None]] = -1
    return Clusters(category=category, weight=weight, size=size, product=product)
