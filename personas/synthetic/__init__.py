"""Synthetic shop data: catalogue, personas, shoppers, browsing sessions and orders.

Everything is drawn from one seeded numpy Generator and one seeded Faker, so the same
arguments give the same data: users and their events are generated together and can
never drift apart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np
from django.db import transaction
from faker import Faker
from tqdm import tqdm

from recommendations.models import Interaction
from recommendations.services import product_stats_rebuild

from . import loader
from .catalogue import NEW_PRODUCTS_SHARE, catalogue_build
from .clusters import clusters_build
from .persona_specs import PERSONAS
from .sessions import EVENT_TYPES, events_build
from .shoppers import shoppers_build
from .vocabulary import CATEGORIES

__all__ = ["GenerationSummary", "SyntheticDataExists", "synthetic_data_generate"]


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


def _validate(*, products: int, users: int, interactions: int, days: int, seed: int, new_share: float) -> None:
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
) -> GenerationSummary:
    """Generate and store a shop's worth of data, then rebuild the product counters.

    Events fill the ``days`` whole days before ``end`` (00:00 UTC, default today), and
    number at least ``interactions``. About ``new_products_share`` of the products are new
    arrivals, created in the two weeks before ``end`` and never seen by any shopper. Raises
    ``SyntheticDataExists`` when the database already has shop data and ``reset`` is false;
    ``ValueError`` for bad arguments.
    """
    _validate(
        products=products, users=users, interactions=interactions, days=days, seed=seed, new_share=new_products_share
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
    bar = tqdm(total=9, unit="step", desc="generate_data", disable=not progress)

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
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
    events, orders = events_build(
        rng=rng,
        catalogue=browsable,
        shoppers=shoppers,
        clusters=clusters,
        interactions=interactions,
        window_start=start_s,
        window_end=end_s,
    )
    # Back from positions in the browsable products to positions in the whole catalogue.
    events.product = seen[events.product]
    orders.line_product = seen[orders.line_product]
    step("sessions")

    try:
        # One transaction: a failed run leaves the previous data exactly as it was.
        with transaction.atomic():
            with loader.table_indexes_deferred(Interaction._meta.db_table):
                if reset:
                    loader.database_reset()
                step("reset")
                product_ids = loader.catalogue_load(catalogue)
                step("products")
                personas = loader.personas_load()
                step("personas")
                user_ids = loader.shoppers_load(shoppers, personas)
                step("shoppers")
                loader.orders_load(orders, user_ids, product_ids)
                step("orders")
                n_events = loader.interactions_load(events, user_ids, product_ids, progress=progress)
            step("interactions")
            product_stats_rebuild()
            step("product stats")
    finally:
        bar.close()

    counts = np.bincount(events.kind, minlength=len(EVENT_TYPES))
    return GenerationSummary(
        categories=len(CATEGORIES),
        products=len(catalogue),
        personas=len(PERSONAS),
        shoppers=len(shoppers),
        demo_shoppers=int(shoppers.is_web.sum()),
        interactions=n_events,
        events={str(kind): int(count) for kind, count in zip(EVENT_TYPES, counts, strict=True)},
        orders=len(orders),
        order_lines=len(orders.line_order),
        start=window_start,
        end=window_end,
        seconds=round(time.perf_counter() - began, 2),
        timings=timings,
        new_products=int(catalogue.new.sum()),
    )
