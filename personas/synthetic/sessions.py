"""Browsing sessions, the cart funnel and the orders it ends in, all as arrays.

Every shopper's sessions are spread evenly over the whole window (one per equal
time slot, placed at random inside it), so the events cover every day asked for.
``EventBuilder`` makes them for any range of shoppers, the same whatever the range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from recommendations.models import EventType

from .catalogue import GENDER_F, GENDER_M, Catalogue
from .clusters import MAX_CLUSTER, Clusters, eligible
from .keyed import KeyedRandom
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
    timestamp: np.ndarray  # epoch seconds, ascending for each shopper (rows go by shopper)

    def __len__(self) -> int:
        return len(self.user)


@dataclass
class Orders:
    user: np.ndarray
    timestamp: np.ndarray  # ascending for each shopper (rows go by shopper)
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

    def sample(self, uniform: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        length = self.length[a, b]
        return self.flat[self.offset[a, b] + np.floor(uniform * length).astype(np.int64)]


def _draw_slot(uniform: np.ndarray, cumulative: np.ndarray) -> np.ndarray:
    slot = (uniform[:, None] >= cumulative).sum(axis=1)
    # Float round-off can leave the last cumulative weight a hair under 1.
    return np.minimum(slot, (cumulative < 1 - 1e-9).sum(axis=1))


def _pick(group: np.ndarray, key: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Mask of the ``count[g]`` rows with the smallest keys in each group ``g``.

    With uniform keys that is a uniform choice without replacement inside each group, and
    it depends only on the group's own rows: the same whichever other groups come along.
    """
    order = np.lexsort((key, group))
    ranked = group[order]
    rank = np.arange(len(ranked)) - np.searchsorted(ranked, ranked, side="left")
    mask = np.zeros(len(group), dtype=bool)
    mask[order] = rank < count[ranked]
    return mask


# KeyedRandom streams, one per purpose, so a new draw never shifts the others. View streams
# are keyed by (shopper, rank of the view); session streams by the session's first view.
(_NEW_SESSION, _STRAY, _STRAY_SLOT, _POSITION, _ROLL, _PICK, _GAP, _CART, _CART_TIME, _BUY, _REMOVE, _REMOVE_TIME,
 _QUANTITY, _SESSION_SLOT, _CHECKOUT, _START) = range(16)  # fmt: skip


@dataclass
class _Browsing:
    """A range of shoppers' views, sessions and carts, before any timing or purchase."""

    view_user: np.ndarray  # global shopper index, ascending
    base: np.ndarray  # KeyedRandom hash of each view
    session: np.ndarray  # per view, numbered from 0 within the range
    session_first: np.ndarray  # per session, its first view
    session_user: np.ndarray
    product: np.ndarray
    carts: np.ndarray  # carted views, ascending
    cart_key: np.ndarray  # session and product of each cart
    buyable: np.ndarray  # each session's first cart of a product, ascending
    buyable_carts: np.ndarray  # carts of the same product in the same session


class EventBuilder:
    """Browsing sessions, the cart funnel and orders for any range of shoppers.

    Everything per shopper (views, carts, purchases, removals) is counted up front over all
    shoppers, from the seeded generator, exactly as a single draw over the whole event log
    would share it out; everything per event is keyed by the shopper (``KeyedRandom``). So
    ``events(lo, hi)`` gives each shopper the same events whatever the range, and a shop
    can be generated a chunk of shoppers at a time in memory bounded by the chunk.
    """

    def __init__(
        self,
        *,
        rng: np.random.Generator,
        catalogue: Catalogue,
        shoppers: Shoppers,
        clusters: Clusters,
        interactions: int,
        window_start: int,
        window_end: int,
    ) -> None:
        users = len(shoppers)
        self.catalogue, self.shoppers, self.clusters = catalogue, shoppers, clusters
        self.interactions, self.window_start, self.window_end = interactions, window_start, window_end
        self.views = view_count(interactions, users)
        activity = rng.uniform(0.25, 1.75, users)  # the busiest shoppers browse ~7x the quietest
        self.views_per_user = 1 + rng.multinomial(self.views - users, activity / activity.sum())
        # Exactly CART_RATE of all views go to cart, spread over the shoppers as a uniform
        # choice among all views would spread them.
        self.carts_per_user = rng.multivariate_hypergeometric(self.views_per_user, round(CART_RATE * self.views))
        self.keys = KeyedRandom(int(rng.integers(2**62)))
        self._rng = rng
        self.bought_per_user: np.ndarray | None = None
        self.removed_per_user: np.ndarray | None = None
        self.cumulative = np.cumsum(clusters.weight, axis=1)
        self.by_category = _Pools(
            {(c, g): eligible(catalogue, c, g) for c in range(len(catalogue.categories)) for g in (GENDER_F, GENDER_M)},
            (len(catalogue.categories), 3),
        )
        is_store = np.array([c.convenience for c in catalogue.categories])[catalogue.category]
        self.by_shop = _Pools(
            {
                (int(store), g): np.flatnonzero(
                    (is_store == store) & ((catalogue.gender == 0) | (catalogue.gender == g))
                )
                for store in (False, True)
                for g in (GENDER_F, GENDER_M)
            },
            (2, 3),
        )

    def _browse(self, lo: int, hi: int) -> _Browsing:
        keys, clusters = self.keys, self.clusters
        per_user = self.views_per_user[lo:hi]
        views = int(per_user.sum())
        view_user = np.repeat(np.arange(lo, hi), per_user)
        user_first = np.cumsum(per_user) - per_user
        base = keys.base(view_user, np.arange(views) - np.repeat(user_first, per_user))
        new_session = keys.uniform(base, _NEW_SESSION) < 1 / MEAN_SESSION_VIEWS
        new_session[user_first] = True
        session = np.cumsum(new_session) - 1
        session_first = np.flatnonzero(new_session)
        session_user = view_user[session_first]

        # Which of the shopper's categories each view is in: one per session, with strays.
        slot = _draw_slot(keys.uniform(base[session_first], _SESSION_SLOT), self.cumulative[session_user])[session]
        stray = np.flatnonzero(keys.uniform(base, _STRAY) < STRAY)
        slot[stray] = _draw_slot(keys.uniform(base[stray], _STRAY_SLOT), self.cumulative[view_user[stray]])
        size = clusters.size[view_user, slot]
        position = (keys.uniform(base, _POSITION)[:, None] >= ZIPF_CDF[size - 1]).sum(axis=1)
        product = clusters.product[view_user, slot, position]

        gender = self.shoppers.gender[view_user]
        roll = keys.uniform(base, _ROLL)
        pick = keys.uniform(base, _PICK)
        explore = np.flatnonzero((roll >= NOISE) & (roll < NOISE + EXPLORE))
        product[explore] = self.by_category.sample(
            pick[explore], clusters.category[view_user[explore], slot[explore]], gender[explore]
        )
        noise = np.flatnonzero(roll < NOISE)
        product[noise] = self.by_shop.sample(
            pick[noise], (~self.shoppers.is_web[view_user[noise]]).astype(np.int64), gender[noise]
        )

        carts = np.flatnonzero(_pick(view_user, keys.uniform(base, _CART), self.carts_per_user))
        # One order line per product per checkout: only a session's first cart of a product can be bought.
        cart_key = session[carts] * len(self.catalogue) + product[carts]
        first, repeats = np.unique(cart_key, return_index=True, return_counts=True)[1:]
        in_order = np.argsort(first)
        return _Browsing(
            view_user=view_user,
            base=base,
            session=session,
            session_first=session_first,
            session_user=session_user,
            product=product,
            carts=carts,
            cart_key=cart_key,
            buyable=carts[first[in_order]],
            buyable_carts=repeats[in_order],
        )

    def plan(self, chunks: list[tuple[int, int]]) -> None:
        """First pass over the shoppers: share out the purchases and removals exactly.

        Purchases are a uniform choice among every buyable cart and removals among every
        abandoned one, so the counts per shopper need the buyable carts of all shoppers
        first. Only those (a few per cent of the events) are kept between the passes.
        """
        users = len(self.shoppers)
        buy_user, buy_key, buy_carts = [], [], []
        for lo, hi in chunks:
            browsing = self._browse(lo, hi)
            buy_user.append(browsing.view_user[browsing.buyable])
            buy_key.append(self.keys.uniform(browsing.base[browsing.buyable], _BUY))
            buy_carts.append(browsing.buyable_carts)
        user, key, carts = (np.concatenate(parts) for parts in (buy_user, buy_key, buy_carts))
        purchases = min(round(PURCHASE_RATE * self.views), len(user))
        self.bought_per_user = self._rng.multivariate_hypergeometric(np.bincount(user, minlength=users), purchases)
        bought = _pick(user, key, self.bought_per_user)
        # A cart is abandoned unless its session bought that product.
        abandoned = self.carts_per_user - np.bincount(user[bought], weights=carts[bought], minlength=users).astype(
            np.int64
        )
        total_abandoned = int(abandoned.sum())
        # Removals are "a few", but also make up any shortfall so the total is never under the ask.
        shortfall = self.interactions - (self.views + int(self.carts_per_user.sum()) + purchases)
        removals = min(total_abandoned, max(round(REMOVE_SHARE * total_abandoned), shortfall))
        self.removed_per_user = self._rng.multivariate_hypergeometric(abandoned, removals)

    def events(self, lo: int, hi: int) -> tuple[Events, Orders]:
        """The events (by shopper, then time) and orders of shoppers ``lo`` to ``hi - 1``; ``plan`` first."""
        if self.bought_per_user is None or self.removed_per_user is None:
            raise RuntimeError("plan() must run before events()")
        keys, b = self.keys, self._browse(lo, hi)
        session, session_first, session_user, product = b.session, b.session_first, b.session_user, b.product
        n_sessions = len(session_first)
        session_base = b.base[session_first]

        # Time: views a few seconds to minutes apart; sessions one per slot of the window.
        gap = np.minimum(8 - 40 * np.log(keys.uniform(b.base, _GAP)), 600).astype(np.int64)
        elapsed = np.cumsum(gap)
        offset = elapsed - gap - (elapsed[session_first] - gap[session_first])[session]
        browse = np.bincount(session, weights=gap, minlength=n_sessions).astype(np.int64)
        checkout = 20 + np.floor(keys.uniform(session_base, _CHECKOUT) * 161).astype(np.int64)
        sessions_of_user = np.bincount(session_user - lo, minlength=hi - lo)[session_user - lo]
        rank = np.arange(n_sessions) - np.searchsorted(session_user, session_user, side="left")
        slot_length = (self.window_end - self.window_start) / sessions_of_user
        room = np.maximum(slot_length - browse - checkout, 0)
        start = self.window_start + rank * slot_length + keys.uniform(session_base, _START) * room
        start = start.astype(np.int64)
        view_ts = start[session] + offset
        browse_end = start + browse
        checkout_ts = browse_end + checkout

        carts = b.carts
        cart_share = 0.2 + 0.6 * keys.uniform(b.base[carts], _CART_TIME)
        cart_ts = view_ts[carts] + np.floor(cart_share * gap[carts]).astype(np.int64)
        buyable = b.buyable
        bought = buyable[_pick(b.view_user[buyable], keys.uniform(b.base[buyable], _BUY), self.bought_per_user)]
        abandoned = carts[~np.isin(b.cart_key, session[bought] * len(self.catalogue) + product[bought])]
        removed = abandoned[
            _pick(b.view_user[abandoned], keys.uniform(b.base[abandoned], _REMOVE), self.removed_per_user)
        ]
        removed_cart_ts = cart_ts[np.searchsorted(carts, removed)]
        room = np.maximum(browse_end[session[removed]] - removed_cart_ts - 1, 0)
        removed_ts = removed_cart_ts + 1 + np.floor(keys.uniform(b.base[removed], _REMOVE_TIME) * room).astype(np.int64)

        views = len(product)
        index = np.concatenate([np.arange(views), carts, removed, bought])
        kind = np.repeat(np.arange(4, dtype=np.int8), [views, len(carts), len(removed), len(bought)])
        timestamp = np.concatenate([view_ts, cart_ts, removed_ts, checkout_ts[session[bought]]])
        # A session squeezed into a short window may overrun its end; keep everything inside.
        timestamp = np.minimum(timestamp, self.window_end - 1)
        user = b.view_user[index]
        # By shopper, then time; ties keep funnel order (view, cart, remove, purchase of the same view).
        # Shopper first makes the log the same at every chunk size.
        order = np.lexsort((index * 4 + kind, timestamp, user))
        events = Events(user=user[order], product=product[index][order], kind=kind[order], timestamp=timestamp[order])
        quantity_roll = keys.uniform(b.base[bought], _QUANTITY)
        checkout_ts = np.minimum(checkout_ts, self.window_end - 1)
        return events, _orders(self.catalogue, session, session_user, checkout_ts, bought, product, quantity_roll)


def _orders(
    catalogue: Catalogue,
    session: np.ndarray,
    session_user: np.ndarray,
    checkout_ts: np.ndarray,
    bought: np.ndarray,
    product: np.ndarray,
    roll: np.ndarray,
) -> Orders:
    # One order per session that bought anything; its lines are that session's purchases.
    order_sessions = np.unique(session[bought])
    # By shopper, then time, as the events.
    by_time = np.lexsort((checkout_ts[order_sessions], session_user[order_sessions]))
    order_sessions = order_sessions[by_time]
    # argsort maps each session id's rank among the order sessions to its place in that order.
    line_order = np.argsort(order_sessions)[np.searchsorted(np.sort(order_sessions), session[bought])]
    line_product = product[bought]
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
