"""Writes a generated data set to the database: bulk inserts only, no per-row save()."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection

from personas.models import CATEGORY_WEIGHTS, Persona, PersonaCategory, ShopperProfile
from recommendations.models import Impression, Interaction, ProductStats
from recommendations.services import model_versions_unpublish_all
from shop.models import Category, Order, OrderLine, Product

from .catalogue import GENDER_CODES, GENDER_F, Catalogue
from .persona_specs import PERSONAS
from .sessions import EVENT_TYPES, Events, Orders
from .shoppers import ATTITUDES, Shoppers

BATCH = 2000
# The reference demo's four small convenience categories are one aisle of the shop.
CONVENIENCE_DEPARTMENT = "Convenience store"
INTERACTION_CHUNK = 50_000
_INTERACTION_FIELDS = ("user", "visitor_id", "product", "event_type", "timestamp", "recommendation_id")


def _aware(seconds: int) -> datetime:
    return datetime.fromtimestamp(int(seconds), tz=UTC)


def _dollars(cents: int) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)


def database_has_data() -> bool:
    """Whether a catalogue, persona, shopper, order or event is already stored."""
    models = (Category, Product, Persona, ShopperProfile, Order, Interaction)
    return any(model.objects.exists() for model in models)


def database_reset() -> None:
    """Delete the catalogue, personas, shoppers, orders and events; staff accounts stay."""
    # Children first, so each delete is a plain DELETE without cascade look-ups.
    if connection.vendor == "postgresql":
        # Transactional on PostgreSQL, and unlike DELETE it leaves no dead rows for the
        # reload and index rebuild to wade through.
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(Interaction._meta.db_table)}")
    else:
        Interaction.objects.all().delete()
    Impression.objects.all().delete()
    ProductStats.objects.all().delete()
    OrderLine.objects.all().delete()
    Order.objects.all().delete()
    get_user_model().objects.filter(shopper__isnull=False, is_staff=False, is_superuser=False).delete()
    ShopperProfile.objects.all().delete()
    PersonaCategory.objects.all().delete()
    Persona.objects.all().delete()
    Product.objects.all().delete()
    Category.objects.all().delete()
    # Trained models index the deleted products: stop serving them until the next training run.
    model_versions_unpublish_all()


def _bulk_create(model: type, build: Callable[[int], object], n: int) -> np.ndarray:
    """Insert ``build(0)`` .. ``build(n - 1)`` a slice at a time; returns their ids in order.

    bulk_create() turns any iterable into one list first: a slice at a time keeps hundreds
    of thousands of model instances from being in memory at once.
    """
    ids = np.empty(n, dtype=np.int64)
    step = BATCH * 5
    for start in range(0, n, step):
        stop = min(start + step, n)
        created = model.objects.bulk_create([build(i) for i in range(start, stop)], batch_size=BATCH)
        ids[start:stop] = [obj.pk for obj in created]
    return ids


def catalogue_load(catalogue: Catalogue) -> np.ndarray:
    """Insert categories and products; returns the product ids in catalogue order."""
    categories = Category.objects.bulk_create(
        [
            Category(
                slug=spec.slug,
                name=spec.name,
                description=spec.description,
                department=CONVENIENCE_DEPARTMENT if spec.convenience else "",
            )
            for spec in catalogue.categories
        ]
    )
    category_ids = np.array([c.pk for c in categories])
    return _bulk_create(
        Product,
        lambda i: Product(
            sku=catalogue.sku[i],
            name=catalogue.name[i],
            description=catalogue.description[i],
            category_id=int(category_ids[catalogue.category[i]]),
            style=catalogue.style[i],
            price=_dollars(catalogue.price_cents[i]),
            compare_at_price=_dollars(catalogue.compare_at_cents[i]) if catalogue.compare_at_cents[i] else None,
            gender_affinity=GENDER_CODES[catalogue.gender[i]],
            promoted=bool(catalogue.promoted[i]),
            featured=bool(catalogue.featured[i]),
            stock=int(catalogue.stock[i]),
            color=catalogue.color[i],
            created_at=_aware(catalogue.created_at[i]),
        ),
        len(catalogue),
    )


def personas_load() -> list[Persona]:
    personas = Persona.objects.bulk_create(
        [
            Persona(
                slug=spec.slug, name=spec.name, description=spec.description, discount_attitude=spec.discount_attitude
            )
            for spec in PERSONAS
        ]
    )
    category_ids = dict(Category.objects.values_list("slug", "pk"))
    PersonaCategory.objects.bulk_create(
        [
            PersonaCategory(persona=persona, category_id=category_ids[slug], rank=rank, weight=weight)
            for persona, spec in zip(personas, PERSONAS, strict=True)
            for rank, (slug, weight) in enumerate(zip(spec.categories, CATEGORY_WEIGHTS, strict=True))
        ]
    )
    return personas


def shoppers_load(shoppers: Shoppers, personas: list[Persona]) -> np.ndarray:
    """Insert users and their profiles; returns the user ids in shopper order."""
    user_model = get_user_model()
    # Hashed once: an unusable password is the same marker for everyone and hashing is slow.
    password = make_password(None)
    user_ids = _bulk_create(
        user_model,
        lambda i: user_model(
            username=shoppers.username[i],
            first_name=shoppers.first_name[i],
            last_name=shoppers.last_name[i],
            email=f"{shoppers.username[i]}@example.com",
            password=password,
            date_joined=_aware(shoppers.joined_at[i]),
        ),
        len(shoppers),
    )
    _bulk_create(
        ShopperProfile,
        lambda i: ShopperProfile(
            user_id=int(user_ids[i]),
            persona=personas[shoppers.persona[i]] if shoppers.persona[i] >= 0 else None,
            age=int(shoppers.age[i]),
            gender=ShopperProfile.Gender.FEMALE if shoppers.gender[i] == GENDER_F else ShopperProfile.Gender.MALE,
            discount_attitude=ATTITUDES[shoppers.attitude[i]],
            is_demo=bool(shoppers.persona[i] >= 0),
        ),
        len(shoppers),
    )
    return user_ids


def orders_load(orders: Orders, user_ids: np.ndarray, product_ids: np.ndarray) -> None:
    """Insert one chunk's orders and their lines (``line_order`` indexes this chunk's orders)."""
    order_ids = _bulk_create(
        Order,
        lambda i: Order(
            user_id=int(user_ids[orders.user[i]]),
            created_at=_aware(orders.timestamp[i]),
            total=_dollars(orders.total_cents[i]),
        ),
        len(orders),
    )
    _bulk_create(
        OrderLine,
        lambda i: OrderLine(
            order_id=int(order_ids[orders.line_order[i]]),
            product_id=int(product_ids[orders.line_product[i]]),
            quantity=int(orders.line_quantity[i]),
            unit_price=_dollars(orders.line_unit_cents[i]),
        ),
        len(orders.line_order),
    )


@cache
def _times_of_day() -> np.ndarray:
    return np.array([f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)], dtype=object)


def _days_and_times(seconds: np.ndarray) -> tuple[list[str], list[str]]:
    """UTC dates ("YYYY-MM-DD") and times of day ("HH:MM:SS") of epoch seconds, by table look-up.

    Twice as fast as formatting each timestamp: the events span a few hundred days, so
    both parts come from small tables.
    """
    if not len(seconds):
        return [], []
    day, second = np.divmod(seconds, 86400)
    first = int(day.min())
    dates = np.array([str(d) for d in np.arange(first, int(day.max()) + 1).astype("datetime64[D]")], dtype=object)
    return dates[day - first].tolist(), _times_of_day()[second].tolist()


def _chunks(n: int) -> Iterator[slice]:
    for start in range(0, n, INTERACTION_CHUNK):
        yield slice(start, min(start + INTERACTION_CHUNK, n))


def interactions_load(events: Events, user_ids: np.ndarray, product_ids: np.ndarray) -> int:
    """Append one chunk of the event log (best inside ``recommendations.bulk.table_indexes_deferred``).

    Model instances would cost more than the insert itself at this volume, so SQLite
    gets executemany() and PostgreSQL a COPY, a slice of rows at a time so the Python
    objects of only one slice exist at once.
    """
    n = len(events)
    table = connection.ops.quote_name(Interaction._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(Interaction._meta.get_field(f).column) for f in _INTERACTION_FIELDS)
    kind_names = np.array(EVENT_TYPES, dtype=object)

    def columns_of(part: slice) -> tuple[list, ...]:
        days, times = _days_and_times(events.timestamp[part])
        return (
            user_ids[events.user[part]].tolist(),
            product_ids[events.product[part]].tolist(),
            kind_names[events.kind[part]].tolist(),
            days,
            times,
        )

    # Django stores SQLite datetimes as "YYYY-MM-DD HH:MM:SS" text in UTC; a "T" would
    # break string comparisons in range filters, so the separator must be a space.
    if connection.vendor == "sqlite":
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, '', %s, %s, %s, '')"  # noqa: S608 - names from _meta
        with connection.cursor() as cursor:
            for part in _chunks(n):
                rows = [(u, p, k, f"{d} {t}") for u, p, k, d, t in zip(*columns_of(part), strict=True)]
                cursor.executemany(sql, rows)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for part in _chunks(n):
                copy.write(
                    "".join(f"{u}\t\t{p}\t{k}\t{d} {t}+00\t\n" for u, p, k, d, t in zip(*columns_of(part), strict=True))
                )
    else:
        raise NotImplementedError(f"bulk loading is written for SQLite and PostgreSQL, not {connection.vendor}")
    return n
