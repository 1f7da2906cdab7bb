"""Synthetic shop data: catalogue, personas, shoppers, browsing sessions and orders.

Everything is drawn from one seeded numpy Generator and one seeded Faker, so the same
arguments give the same data: users and their events are generated together and can
never drift apart. Events are generated and written a chunk of shoppers at a time, and
the chunk size changes nothing in the data (``sessions.EventBuilder``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np
from django.db import transaction
from faker import Faker
from tqdm import tqdm

from recommendations.bulk import table_indexes_deferred
from recommendations.models import Interaction
from recommendations.services import product_stats_rebuild

from . import loader
from .catalogue import NEW_PRODUCTS_SHARE, catalogue_build
from .clusters import clusters_build
from .persona_specs import PERSONAS
from .sessions import EVENT_TYPES, EventBuilder
from .shoppers import shoppers_build
from .vocabulary import CATEGORIES

__all__ = ["CHUNK_SHOPPERS", "GenerationSummary", "SyntheticDataExists", "synthetic_data_generate"]

# Shoppers generated and written at a time: ~1.1 million events at the reference's 112 per
# shopper, a few hundred MB of arrays and rows in flight whatever the shop's size.
CHUNK_SHOPPERS = 10_000


class SyntheticDataExists(Exception):
    """The database already holds shop data and ``reset`` was not asked for."""


@dataclass(frozen=True)
class GenerationSummary:
    categories: int
    products: int
    personas: int
    shoppers: int
    demo_shoppers: int
    interactions: int
    events: dict[str, int]
    orders: int
    order_lines: int
    start: datetime
    end: datetime
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    new_products: int = 0  # of ``products``: created in the last days before ``end``, with no events


def _validate(
    *, products: int, users: int, interactions: int, days: int, seed: int, new_share: float, chunk_size: int
) -> None:
    if products < len(CATEGORIES):
        raise ValueError(f"products must be at least {len(CATEGORIES)} (one per category), not {products}")
    if users < 1:
        raise ValueError(f"users must be at least 1, not {users}")
    if interactions < 0:
        raise ValueError(f"interactions must not be negative, not {interactions}")
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    if seed < 0:
        raise ValueError(f"seed must not be negative, not {seed}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    # Half the catalogue at most: the shoppers need products they can browse.
    if not 0 <= new_share <= 0.5:
        raise ValueError(f"new_products_share must be between 0 and 0.5, not {new_share}")


def synthetic_data_generate(
    *,
    products: int = 2465,
    users: int = 6000,
    interactions: int = 675000,
    days: int = 90,
    seed: int = 42,
    reset: bool = False,
    progress: bool = True,
    end: date | None = None,
    new_products_share: float = NEW_PRODUCTS_SHARE,
    chunk_size: int = CHUNK_SHOPPERS,
) -> GenerationSummary:
    """Generate and store a shop's worth of data, then rebuild the product counters.

    Events fill the ``days`` whole days before ``end`` (00:00 UTC, default today), and
    number at least ``interactions``. About ``new_products_share`` of the products are new
    arrivals, created in the two weeks before ``end`` and never seen by any shopper. Events
    and orders are built and written ``chunk_size`` shoppers at a time (the data is the
    same at any chunk size; memory grows with it). Raises
    ``SyntheticDataExists`` when the database already has shop data and ``reset`` is false;
    ``ValueError`` for bad arguments.
    """
    _validate(
        products=products,
        users=users,
        interactions=interactions,
        days=days,
        seed=seed,
        new_share=new_products_share,
        chunk_size=chunk_size,
    )
    # Checked before generating so a refusal is instant.
    if not reset and loader.database_has_data():
        raise SyntheticDataExists(
            "the database already has a catalogue, shoppers, orders or events; reset them to generate new data"
        )
    end_date = end or datetime.now(UTC).date()
    window_end = datetime(end_date.year, end_date.month, end_date.day, tzinfo=UTC)
    window_start = window_end - timedelta(days=days)
    start_s, end_s = int(window_start.timestamp()), int(window_end.timestamp())

    timings: dict[str, float] = {}
    began = clock = time.perf_counter()
    bar = tqdm(total=10, unit="step", desc="generate_data", disable=not progress)

    def step(name: str, seconds: float | None = None) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock if seconds is None else seconds, 3)
        clock = now
        bar.set_postfix_str(name)
        bar.update()

    rng = np.random.default_rng(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    catalogue = catalogue_build(
        rng=rng, products=products, window_start=start_s, days=days, new_share=new_products_share
    )
    shoppers = shoppers_build(rng=rng, fake=fake, users=users, window_start=start_s)
    step("catalogue and shoppers")
    # Shoppers browse only the products on the shelves before the window: the new arrivals
    # stay unseen (the cold-start case), and their events cannot predate them.
    seen = np.flatnonzero(~catalogue.new)
    browsable = catalogue.take(seen)
    clusters = clusters_build(rng=rng, catalogue=browsable, shoppers=shoppers)
    builder = EventBuilder(
        rng=rng,
        catalogue=browsable,
        shoppers=shoppers,
        clusters=clusters,
        interactions=interactions,
        window_start=start_s,
        window_end=end_s,
    )
    chunks = [(lo, min(lo + chunk_size, users)) for lo in range(0, users, chunk_size)]
    builder.plan(chunks)
    step("plan")

    counts = np.zeros(len(EVENT_TYPES), dtype=np.int64)
    n_events = n_orders = n_lines = 0
    try:
        # One transaction: a failed run leaves the previous data exactly as it was.
        with transaction.atomic():
            with table_indexes_deferred(Interaction._meta.db_table):
                if reset:
                    loader.database_reset()
                step("reset")
                product_ids = loader.catalogue_load(catalogue)
                step("products")
                personas = loader.personas_load()
                step("personas")
                user_ids = loader.shoppers_load(shoppers, personas)
                step("shoppers")
                spent = dict.fromkeys(("sessions", "orders", "interactions"), 0.0)
                events_bar = tqdm(total=builder.views, unit="view", desc="events", disable=not progress, leave=False)
                for lo, hi in chunks:
                    at = time.perf_counter()
                    events, orders = builder.events(lo, hi)
                    # Back from positions in the browsable products to positions in the whole catalogue.
                    events.product = seen[events.product]
                    orders.line_product = seen[orders.line_product]
                    spent["sessions"] += time.perf_counter() - at
                    at = time.perf_counter()
                    loader.orders_load(orders, user_ids, product_ids)
                    spent["orders"] += time.perf_counter() - at
                    at = time.perf_counter()
                    n_events += loader.interactions_load(events, user_ids, product_ids)
                    spent["interactions"] += time.perf_counter() - at
                    counts += np.bincount(events.kind, minlength=len(EVENT_TYPES))
                    n_orders, n_lines = n_orders + len(orders), n_lines + len(orders.line_order)
                    events_bar.update(int(builder.views_per_user[lo:hi].sum()))
                    del events, orders
                events_bar.close()
                rebuild = time.perf_counter()
            step("sessions", spent["sessions"])
            step("orders", spent["orders"])
            # The writes and the index rebuild after them.
            step("interactions", spent["interactions"] + time.perf_counter() - rebuild)
            product_stats_rebuild()
            step("product stats")
    finally:
        bar.close()

    return GenerationSummary(
        categories=len(CATEGORIES),
        products=len(catalogue),
        personas=len(PERSONAS),
        shoppers=len(shoppers),
        demo_shoppers=int(shoppers.is_web.sum()),
        interactions=n_events,
        events={str(kind): int(count) for kind, count in zip(EVENT_TYPES, counts, strict=True)},
        orders=n_orders,
        order_lines=n_lines,
        start=window_start,
        end=window_end,
        seconds=round(time.perf_counter() - began, 2),
        timings=timings,
        new_products=int(catalogue.new.sum()),
    )
