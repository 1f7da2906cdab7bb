"""Browsing sessions, the cart funnel and the orders it ends in, all as arrays.

Every shopper's sessions are spread evenly over the whole window (one per equal
time slot, placed at random inside it), so the events cover every day asked for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from recommendations.models import EventType

from .catalogue import GENDER_F, GENDER_M, Catalogue
from .clusters import MAX_CLUSTER, Clusters, eligible
from .shoppers import Shoppers

EVENT_TYPES: tuple[str, ...] = (
    EventType.VIEW,
    EventType.ADD_TO_CART,
    EventType.REMOVE_FROM_CART,
    EventType.PURCHASE,
)
VIEW, ADD_TO_CART, REMOVE_FROM_CART, PURCHASE = range(4)

CART_RATE = 0.08  # add-to-carts per view, as in the reference
PURCHASE_RATE = 0.01  # purchases per view
REMOVE_SHARE = 0.1  # of the carted products that are never bought
MEAN_SESSION_VIEWS = 7
STRAY = 0.1  # a view that wanders to another of the shopper's categories mid-session
EXPLORE = 0.02  # a view of any product in the session's category
NOISE = 0.01  # a view of any product at all
# Within a cluster the favourite is seen most: Zipf-like weights 1, 1/2^0.7, 1/3^0.7...
_ZIPF = 1 / np.arange(1, MAX_CLUSTER + 1) ** 0.7
ZIPF_CDF = np.array(
    [
        np.concatenate([np.cumsum(_ZIPF[:k]) / _ZIPF[:k].sum(), np.ones(MAX_CLUSTER - k)])
        for k in range(1, MAX_CLUSTER + 1)
    ]
)


@dataclass
class Events:
    user: np.ndarray  # shopper index
    product: np.ndarray  # product index
    kind: np.ndarray  # index into EVENT_TYPES
    timestamp: np.ndarray  # epoch seconds, ascending

    def __len__(self) -> int:
        return len(self.user)


@dataclass
class Orders:
    user: np.ndarray
    timestamp: np.ndarray  # ascending
    total_cents: np.ndarray
    line_order: np.ndarray  # index into the orders above
    line_product: np.ndarray
    line_quantity: np.ndarray
    line_unit_cents: np.ndarray

    def __len__(self) -> int:
        return len(self.user)


def _expected_total(views: int) -> int:
    carts, purchases = round(CART_RATE * views), round(PURCHASE_RATE * views)
    return views + carts + purchases + round(REMOVE_SHARE * (carts - purchases))


def view_count(interactions: int, users: int) -> int:
    """Views whose funnel brings the event total to ``interactions`` (and every shopper views once)."""
    views = max(users, math.floor(interactions / _expected_total(1_000_000) * 1_000_000))
    while _expected_total(views) < interactions:
        views += 1
    return views


class _Pools:
    """Flattened product pools keyed by a small integer pair, sampled in one vectorised step."""

    def __init__(self, pools: dict[tuple[int, int], np.ndarray], shape: tuple[int, int]) -> None:
        self.offset = np.zeros(shape, dtype=np.int64)
        self.length = np.zeros(shape, dtype=np.int64)
        flat, at = [], 0
        for key, pool in pools.items():
            self.offset[key], self.length[key] = at, len(pool)
            flat.append(pool)
            at += len(pool)
        self.flat = np.concatenate(flat) if flat else np.zeros(0, dtype=np.int64)

    def sample(self, rng: np.random.Generator, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        length = self.length[a, b]
        return self.flat[self.offset[a, b] + np.floor(rng.random(len(a)) * length).astype(np.int64)]


def _draw_slot(rng: np.random.Generator, cumulative: np.ndarray) -> np.ndarray:
    slot = (rng.random(len(cumulative))[:, None] >= cumulative).sum(axis=1)
    # Float round-off can leave the last cumulative weight a hair under 1.
    return np.minimum(slot, (cumulative < 1 - 1e-9).sum(axis=1))


def events_build(
    *,
    rng: np.random.Generator,
    catalogue: Catalogue,
    shoppers: Shoppers,
    clusters: Clusters,
    interactions: int,
    window_start: int,
    window_end: int,
) -> tuple[Events, Orders]:
    users = len(shoppers)
    views = view_count(interactions, users)
    activity = rng.uniform(0.25, 1.75, users)  # the busiest shoppers browse ~7x the quietest
    per_user = 1 + rng.multinomial(views - users, activity / activity.sum())
    view_user = np.repeat(np.arange(users), per_user)
    new_session = rng.random(views) < 1 / MEAN_SESSION_VIEWS
    new_session[np.concatenate([[0], np.cumsum(per_user)[:-1]])] = True
    session = np.cumsum(new_session) - 1
    session_user = view_user[new_session]
    n_sessions = len(session_user)

    # Which of the shopper's categories each view is in: one per session, with strays.
    cumulative = np.cumsum(clusters.weight, axis=1)
    slot = _draw_slot(rng, cumulative[session_user])[session]
    stray = np.flatnonzero(rng.random(views) < STRAY)
    slot[stray] = _draw_slot(rng, cumulative[view_user[stray]])
    size = clusters.size[view_user, slot]
    position = (rng.random(views)[:, None] >= ZIPF_CDF[size - 1]).sum(axis=1)
    product = clusters.product[view_user, slot, position]

    gender = shoppers.gender[view_user]
    roll = rng.random(views)
    explore = np.flatnonzero((roll >= NOISE) & (roll < NOISE + EXPLORE))
    by_category = _Pools(
        {(c, g): eligible(catalogue, c, g) for c in range(len(catalogue.categories)) for g in (GENDER_F, GENDER_M)},
        (len(catalogue.categories), 3),
    )
    product[explore] = by_category.sample(rng, clusters.category[view_user[explore], slot[explore]], gender[explore])
    noise = np.flatnonzero(roll < NOISE)
    is_store = np.array([c.convenience for c in catalogue.categories])[catalogue.category]
    by_shop = _Pools(
        {
            (int(store), g): np.flatnonzero((is_store == store) & ((catalogue.gender == 0) | (catalogue.gender == g)))
            for store in (False, True)
            for g in (GENDER_F, GENDER_M)
        },
        (2, 3),
    )
    product[noise] = by_shop.sample(rng, (~shoppers.is_web[view_user[noise]]).astype(np.int64), gender[noise])

    # Time: views a few seconds to minutes apart; sessions one per slot of the window.
    gap = np.minimum(8 + rng.exponential(40, views), 600).astype(np.int64)
    elapsed = np.cumsum(gap)
    session_first = np.flatnonzero(new_session)
    session_base = elapsed[session_first] - gap[session_first]
    offset = elapsed - gap - session_base[session]
    browse = np.bincount(session, weights=gap, minlength=n_sessions).astype(np.int64)
    checkout = rng.integers(20, 181, n_sessions)
    sessions_of_user = np.bincount(session_user, minlength=users)
    rank = np.arange(n_sessions) - (np.cumsum(sessions_of_user) - sessions_of_user)[session_user]
    slot_length = (window_end - window_start) / sessions_of_user[session_user]
    start = window_start + rank * slot_length + rng.random(n_sessions) * np.maximum(slot_length - browse - checkout, 0)
    start = start.astype(np.int64)
    view_ts = start[session] + offset
    browse_end = start + browse
    checkout_ts = browse_end + checkout

    # Funnel: exact shares of views go to cart, and a share of those are bought.
    carts = np.sort(rng.choice(views, round(CART_RATE * views), replace=False))
    cart_ts = view_ts[carts] + np.floor(rng.uniform(0.2, 0.8, len(carts)) * gap[carts]).astype(np.int64)
    # One order line per product per checkout: only a session's first cart of a product can be bought.
    cart_key = session[carts] * len(catalogue) + product[carts]
    buyable = carts[np.unique(cart_key, return_index=True)[1]]
    bought = np.sort(rng.choice(buyable, min(round(PURCHASE_RATE * views), len(buyable)), replace=False))
    abandoned = carts[~np.isin(cart_key, session[bought] * len(catalogue) + product[bought])]
    # Removals are "a few", but also make up any shortfall so the total is never under the ask.
    shortfall = interactions - (views + len(carts) + len(bought))
    removals = min(len(abandoned), max(round(REMOVE_SHARE * len(abandoned)), shortfall))
    removed = np.sort(rng.choice(abandoned, removals, replace=False))
    removed_cart_ts = cart_ts[np.searchsorted(carts, removed)]
    room = np.maximum(browse_end[session[removed]] - removed_cart_ts - 1, 0)
    removed_ts = removed_cart_ts + 1 + np.floor(rng.random(removals) * room).astype(np.int64)

    index = np.concatenate([np.arange(views), carts, removed, bought])
    kind = np.repeat(np.arange(4, dtype=np.int8), [views, len(carts), removals, len(bought)])
    timestamp = np.concatenate([view_ts, cart_ts, removed_ts, checkout_ts[session[bought]]])
    # A session squeezed into a short window may overrun its end; keep everything inside.
    timestamp = np.minimum(timestamp, window_end - 1)
    # Ties keep funnel order (view, cart, remove, purchase of the same view).
    order = np.lexsort((index * 4 + kind, timestamp))
    events = Events(
        user=view_user[index][order], product=product[index][order], kind=kind[order], timestamp=timestamp[order]
    )
    return events, _orders(
        rng, catalogue, session, session_user, np.minimum(checkout_ts, window_end - 1), bought, product
    )


def _orders(
    rng: np.random.Generator,
    catalogue: Catalogue,
    session: np.ndarray,
    session_user: np.ndarray,
    checkout_ts: np.ndarray,
    bought: np.ndarray,
    product: np.ndarray,
) -> Orders:
    # One order per session that bought anything; its lines are that session's purchases.
    order_sessions = np.unique(session[bought])
    by_time = np.argsort(checkout_ts[order_sessions], kind="stable")
    order_sessions = order_sessions[by_time]
    # argsort maps each session id's rank among the order sessions to its place in time order.
    line_order = np.argsort(order_sessions)[np.searchsorted(np.sort(order_sessions), session[bought])]
    line_product = product[bought]
    roll = rng.random(len(bought))
    quantity = 1 + (roll < 0.1).astype(np.int64) + (roll < 0.02).astype(np.int64)
    unit = catalogue.price_cents[line_product]
    total = np.bincount(line_order, weights=quantity * unit, minlength=len(order_sessions))
    return Orders(
        user=session_user[order_sessions],
        timestamp=checkout_ts[order_sessions],
        total_cents=np.round(total).astype(np.int64),
        line_order=line_order,
        line_product=line_product,
        line_quantity=quantity,
        line_unit_cents=unit,
    )
