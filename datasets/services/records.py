"""What the three datasets share: a refused row's report line, the CSV header check, and creating
the shoppers and products an import names but the shop has never seen."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from personas.models import ShopperProfile
from recommendations.schemas import REQUIRED, DatasetSchema
from shop.models import Category, Product

ITEM_ID_PATTERN = re.compile(r"^[0-9]{1,18}$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
USERNAME_MAX = 150
# Products an import creates for item ids the shop has never seen: on the shelf (out-of-stock items
# are never recommended) in this category, until an items import or staff say otherwise.
IMPORTED_CATEGORY = "imported"
CREATED_STOCK = 100
# Report lines kept per job; past this the report says how many more rows were refused.
MAX_REPORT_LINES = 100_000


class ImportRefused(Exception):
    """The file as a whole is refused (its header, its encoding): nothing was stored."""


@dataclass
class Report:
    """Every refused row as (line number, problem)."""

    lines: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, problem: str) -> None:
        self.lines.append((line, problem))

    def __len__(self) -> int:
        return len(self.lines)

    def text(self) -> str:
        ordered = sorted(self.lines)
        shown = [f"line {line}: {problem}" for line, problem in ordered[:MAX_REPORT_LINES]]
        if len(ordered) > MAX_REPORT_LINES:
            shown.append(f"... and {len(ordered) - MAX_REPORT_LINES:,} more rows refused")
        return "\n".join(shown)


def header_check(header: Iterable[str], schema: DatasetSchema) -> list[str]:
    """The header's columns as schema field keys; ImportRefused names what does not match."""
    names = [name.strip().upper() for name in header]
    if not names or names == [""]:
        raise ImportRefused("the file is empty: expected a header naming the schema's fields")
    unknown = [name for name in names if schema.field(name) is None]
    if unknown:
        raise ImportRefused(
            f"the header names {', '.join(unknown)}, not in the {schema.dataset} schema ({', '.join(schema.names)})"
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ImportRefused(f"the header names {', '.join(repeated)} more than once")
    needed = [f.key for f in schema.fields if f.key in REQUIRED[schema.dataset] or not f.nullable]
    missing = [name for name in needed if name not in names]
    if missing:
        raise ImportRefused(f"the header lacks {', '.join(missing)}, which the {schema.dataset} schema requires")
    return names


def user_id_problem(value: str) -> str | None:
    if not value:
        return "USER_ID is empty"
    if len(value) > USERNAME_MAX:
        return f"USER_ID is longer than {USERNAME_MAX} characters"
    if CONTROL_CHARACTERS.search(value):
        return "USER_ID holds a control character"
    return None


def item_id_problem(value: str) -> str | None:
    if not ITEM_ID_PATTERN.match(value):
        return f"ITEM_ID {value[:40]!r} is not a product id (1 to 18 digits)"
    return None


# Past this many ids, one read of the whole table beats an IN list (and SQLite's variable limit).
IN_LIST_MAX = 1000


def _user_ids(names: set[str]) -> dict[str, int]:
    users = get_user_model().objects
    if len(names) <= IN_LIST_MAX:
        return dict(users.filter(username__in=names).values_list("username", "id")) if names else {}
    return {name: pk for name, pk in users.values_list("username", "id").iterator(chunk_size=20_000) if name in names}


def users_ensure(usernames: Iterable[str]) -> tuple[dict[str, int], int]:
    """Every username's user id, creating the users (and shopper profiles) that do not exist yet;
    returns the ids and how many were created. Created users cannot log in until given a password."""
    wanted = set(usernames)
    found = _user_ids(wanted)
    missing = wanted - found.keys()
    if missing:
        users = get_user_model()
        # One unusable password hash for all: hashing one per shopper would cost minutes at scale.
        unusable = make_password(None)
        now = timezone.now()
        users.objects.bulk_create(
            [users(username=name, password=unusable, date_joined=now) for name in sorted(missing)], batch_size=5000
        )
        created = _user_ids(missing)
        ShopperProfile.objects.bulk_create([ShopperProfile(user_id=pk) for pk in created.values()], batch_size=5000)
        found.update(created)
    return found, len(missing)


def product_ids_existing(ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    if len(wanted) <= IN_LIST_MAX:
        return set(Product.objects.filter(id__in=wanted).values_list("id", flat=True)) if wanted else set()
    return set(Product.objects.values_list("id", flat=True)) & wanted


def imported_category() -> Category:
    category, _ = Category.objects.get_or_create(slug=IMPORTED_CATEGORY, defaults={"name": "Imported"})
    return category


def category_for(value: str, cache: dict[str, Category]) -> Category:
    """The category an item's CATEGORY names (by slug, or created with that name)."""
    slug = slugify(value)[:50]
    if not slug:
        raise ValueError(f"CATEGORY {value!r} has no letters or digits to make a slug of")
    if slug not in cache:
        cache[slug], _ = Category.objects.get_or_create(slug=slug, defaults={"name": value[:100]})
    return cache[slug]


def product_sku(item_id: int) -> str:
    return f"item-{item_id}"


def products_create(created_at: dict[int, datetime], *, category: Category | None = None) -> int:
    """Create the products ``created_at`` names that do not exist (id as given); returns how many."""
    existing = product_ids_existing(created_at)
    missing = sorted(created_at.keys() - existing)
    if not missing:
        return 0
    category = category or imported_category()
    skus = {product_sku(pk) for pk in missing}
    if len(skus) <= IN_LIST_MAX:
        taken = set(Product.objects.filter(sku__in=skus).values_list("sku", flat=True))
    else:
        taken = set(Product.objects.values_list("sku", flat=True)) & skus
    if taken:
        raise ImportRefused(f"cannot create products: the SKUs {', '.join(sorted(taken)[:5])} are taken")
    now = timezone.now()
    Product.objects.bulk_create(
        [
            Product(
                id=pk,
                sku=product_sku(pk),
                name=f"Item {pk}",
                category=category,
                style="",
                price=0,
                stock=CREATED_STOCK,
                created_at=created_at[pk],
                updated_at=now,
            )
            for pk in missing
        ],
        batch_size=5000,
    )
    product_sequence_reset()
    return len(missing)


def product_sequence_reset() -> None:
    """PostgreSQL's id sequence past the largest id: products created with their ids leave it behind,
    and the next product added in the admin would collide."""
    if connection.vendor != "postgresql":
        return  # SQLite takes the next id from the largest one
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('shop_product', 'id'), GREATEST(MAX(id), 1)) FROM shop_product"
        )


def unix_time(seconds: int | float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
