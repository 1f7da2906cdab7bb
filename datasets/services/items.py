"""Items: records typed by the items schema, upserted onto products (columns and metadata)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from datasets.services.records import (
    CREATED_STOCK,
    category_for,
    imported_category,
    product_sequence_reset,
    product_sku,
    unix_time,
)
from recommendations.schemas import ITEM_COLUMNS, DatasetSchema
from shop.models import Category, Product

MAX_PRICE = Decimal("99999999.99")
MAX_STOCK = 2**31 - 1
_TEXT_LIMITS = {"NAME": 200, "STYLE": 50}


def _single(key: str, value: object) -> object:
    if isinstance(value, list):
        raise ValueError(f"{key} takes one value, not {len(value)} ({'|'.join(map(str, value))})")
    return value


def item_record(schema: DatasetSchema, values: Mapping[str, object]) -> dict[str, object]:
    """``values`` (field key -> CSV text or JSON value) typed by the schema and checked against the
    product columns they land in; ValueError names the field and the problem."""
    record: dict[str, object] = {}
    for key, given in values.items():
        field = schema.field(key)
        if field is None:
            raise ValueError(f"{key} is not a field of the items schema ({', '.join(schema.names)})")
        if field.key == "ITEM_ID":
            continue
        value = field.parse(given) if isinstance(given, str) else field.value(given)
        key = field.key
        if key in _TEXT_LIMITS and isinstance(value, str) and len(value) > _TEXT_LIMITS[key]:
            raise ValueError(f"{key} is longer than {_TEXT_LIMITS[key]} characters")
        if key in ("NAME", "DESCRIPTION", "CATEGORY", "STYLE", "GENDER_AFFINITY"):
            value = _single(key, value)
        if key == "CATEGORY" and value and not slugify(str(value)):
            raise ValueError(f"CATEGORY {value!r} has no letters or digits to make a slug of")
        if key == "NAME" and value == "":
            raise ValueError("NAME is empty")
        if key == "GENDER_AFFINITY":
            value = str(value or "").upper()
            if value not in Product.GenderAffinity.values:
                raise ValueError(f"GENDER_AFFINITY must be F, M or empty, not {value!r}")
        if key == "PRICE" and value is not None:
            price = Decimal(str(round(float(value), 2)))
            if not Decimal(0) <= price <= MAX_PRICE:
                raise ValueError(f"PRICE {value} is not from 0 to {MAX_PRICE}")
            value = price
        if key == "STOCK" and value is not None and not 0 <= int(value) <= MAX_STOCK:
            raise ValueError(f"STOCK {value} is not from 0 to {MAX_STOCK}")
        if key == "CREATION_TIMESTAMP" and value is not None:
            if not 0 < float(value) <= timezone.now().timestamp() + 300:
                raise ValueError(f"CREATION_TIMESTAMP {value} is not Unix seconds up to now")
            value = unix_time(float(value))
        record[key] = value
    return record


# Product columns that cannot be empty: a record without a value leaves them as they are.
_KEPT_WHEN_EMPTY = ("NAME", "CATEGORY", "PRICE", "STOCK", "PROMOTED", "FEATURED", "CREATION_TIMESTAMP")


def _apply_columns(product: Product, record: Mapping[str, object], categories: dict[str, Category]) -> None:
    for key, value in record.items():
        if value is None and key in _KEPT_WHEN_EMPTY:
            continue
        if key == "NAME":
            product.name = str(value)
        elif key == "DESCRIPTION":
            product.description = str(value or "")
        elif key == "CATEGORY":
            product.category = category_for(str(value), categories)
        elif key == "STYLE":
            product.style = str(value or "")
        elif key == "GENDER_AFFINITY":
            product.gender_affinity = str(value)
        elif key == "PRICE":
            product.price = value  # type: ignore[assignment]
        elif key == "STOCK":
            product.stock = int(value)  # type: ignore[arg-type]
        elif key in ("PROMOTED", "FEATURED"):
            setattr(product, key.lower(), bool(value))
        elif key == "CREATION_TIMESTAMP":
            product.created_at = value  # type: ignore[assignment]
    metadata = dict(product.metadata or {})
    for key, value in record.items():
        if key in ITEM_COLUMNS:
            continue
        if value is None:
            metadata.pop(key, None)
        else:
            metadata[key] = value
    product.metadata = metadata


_UPDATED = [
    "name",
    "description",
    "category",
    "style",
    "gender_affinity",
    "price",
    "stock",
    "promoted",
    "featured",
    "created_at",
    "metadata",
    "updated_at",
]


def items_apply(records: Sequence[tuple[int, dict[str, object]]], *, clear_others: bool = False) -> tuple[int, int]:
    """Upsert products from typed records (``item_record``), in one transaction; returns (items
    written, products created). A field a record does not name is left as it was; a None empties it.
    ``clear_others``: products no record names lose their schema metadata (a FULL import)."""
    now = timezone.now()
    categories: dict[str, Category] = {}
    with transaction.atomic():
        ids = [item_id for item_id, _ in records]
        existing: dict[int, Product] = {}
        for start in range(0, len(ids), 1000):
            existing.update(Product.objects.in_bulk(ids[start : start + 1000]))
        created: list[Product] = []
        fallback: Category | None = None
        for item_id, record in records:
            product = existing.get(item_id)
            if product is None:
                if fallback is None and not record.get("CATEGORY"):
                    fallback = imported_category()
                product = Product(
                    id=item_id,
                    sku=product_sku(item_id),
                    name=f"Item {item_id}",
                    category=fallback,
                    style="",
                    price=0,
                    stock=CREATED_STOCK,
                    created_at=now,
                    metadata={},
                )
                existing[item_id] = product
                created.append(product)
            _apply_columns(product, record, categories)
            product.updated_at = now
        created_ids = {p.pk for p in created}
        Product.objects.bulk_update(
            [p for p in existing.values() if p.pk not in created_ids], _UPDATED, batch_size=2000
        )
        if created:
            skus = [p.sku for p in created]
            taken = [
                sku
                for start in range(0, len(skus), 1000)
                for sku in Product.objects.filter(sku__in=skus[start : start + 1000]).values_list("sku", flat=True)
            ]
            if taken:
                raise ValueError(f"cannot create products: the SKUs {', '.join(sorted(taken)[:5])} are taken")
            Product.objects.bulk_create(created, batch_size=2000)
            product_sequence_reset()
        if clear_others:
            others = [
                pk for pk in Product.objects.exclude(metadata={}).values_list("id", flat=True) if pk not in existing
            ]
            for start in range(0, len(others), 1000):
                Product.objects.filter(id__in=others[start : start + 1000]).update(metadata={}, updated_at=now)
    return len(records), len(created)
