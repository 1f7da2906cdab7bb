"""Reads of the datasets app: the three datasets exported as CSV in the form an import reads
(and Personalize's bulk import does), so data can go to Personalize and come back."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO

from django.contrib.auth import get_user_model
from django.db import connection

from datasets.models import ImportJob
from recommendations.models import Interaction
from recommendations.schemas import INTERACTIONS, ITEMS, MULTI_SEPARATOR, DatasetSchema, SchemaField
from recommendations.selectors import dataset_schema
from shop.models import Product

EXPORT_CHUNK = 20_000
Progress = Callable[[int, int], None]


def _cell(field: SchemaField, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return MULTI_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, float) and field.type in ("int", "long") and value.is_integer():
        return str(int(value))
    return str(value)


def _epoch_seconds_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"FLOOR(EXTRACT(EPOCH FROM {column}))::bigint"
    return f"CAST(strftime('%s', {column}) AS INTEGER)"


def _interaction_rows(schema: DatasetSchema) -> Iterator[list[str]]:
    table = Interaction._meta.db_table
    users = get_user_model()._meta.db_table
    with_value = schema.field("EVENT_VALUE") is not None
    # Shoppers' events only: an anonymous visitor has no USER_ID a dataset could name.
    sql = (
        f"SELECT u.username, i.product_id, {_epoch_seconds_sql('i.timestamp')}, i.event_type, i.event_value "  # noqa: S608
        f"FROM {table} i JOIN {users} u ON u.id = i.user_id ORDER BY i.timestamp, i.id"
    )
    value_field = schema.field("EVENT_VALUE")
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(EXPORT_CHUNK):
            for username, product_id, seconds, event_type, value in rows:
                out = {"USER_ID": username, "ITEM_ID": str(product_id), "TIMESTAMP": str(int(seconds))}
                out["EVENT_TYPE"] = event_type
                if with_value:
                    out["EVENT_VALUE"] = _cell(value_field, value)  # type: ignore[arg-type]
                yield [out.get(f.key, "") for f in schema.fields]


def _item_value(product: Product, key: str) -> object:
    columns = {
        "ITEM_ID": product.pk,
        "NAME": product.name,
        "DESCRIPTION": product.description,
        "CATEGORY": product.category.slug,
        "STYLE": product.style,
        "GENDER_AFFINITY": product.gender_affinity,
        "PRICE": product.price,
        "STOCK": product.stock,
        "PROMOTED": product.promoted,
        "FEATURED": product.featured,
        "CREATION_TIMESTAMP": int(product.created_at.timestamp()),
    }
    return columns[key] if key in columns else (product.metadata or {}).get(key)


def _item_rows(schema: DatasetSchema) -> Iterator[list[str]]:
    products = Product.objects.select_related("category").order_by("id")
    for product in products.iterator(chunk_size=EXPORT_CHUNK):
        yield [_cell(f, _item_value(product, f.key)) for f in schema.fields]


def _user_rows(schema: DatasetSchema) -> Iterator[list[str]]:
    users = (
        get_user_model()
        .objects.filter(shopper__isnull=False)
        .select_related("shopper", "shopper__persona")
        .order_by("id")
    )
    for user in users.iterator(chunk_size=EXPORT_CHUNK):
        profile = user.shopper
        columns = {
            "USER_ID": user.username,
            "AGE": profile.age,
            "GENDER": profile.gender,
            "DISCOUNT_ATTITUDE": profile.discount_attitude,
            "PERSONA": profile.persona.slug if profile.persona else "",
        }
        yield [
            _cell(f, columns[f.key] if f.key in columns else (profile.metadata or {}).get(f.key)) for f in schema.fields
        ]


def dataset_rows(dataset: str) -> Iterator[list[str]]:
    """The header (the schema's field names) and then one row per record."""
    schema = dataset_schema(dataset)
    yield [f.name for f in schema.fields]
    if dataset == INTERACTIONS:
        yield from _interaction_rows(schema)
    elif dataset == ITEMS:
        yield from _item_rows(schema)
    else:
        yield from _user_rows(schema)


def dataset_export(dataset: str, out: IO[str], *, progress: Callable[[int], None] | None = None) -> int:
    """Write the dataset as CSV to ``out``; returns the number of records (the header not counted)."""
    writer = csv.writer(out, lineterminator="\n")
    count = -1
    for count, row in enumerate(dataset_rows(dataset)):
        writer.writerow(row)
        if progress is not None and count and count % EXPORT_CHUNK == 0:
            progress(count)
    return max(count, 0)


def dataset_count(dataset: str) -> int:
    """How many records an export writes (for a progress bar)."""
    if dataset == INTERACTIONS:
        return Interaction.objects.filter(user__isnull=False).count()
    if dataset == ITEMS:
        return Product.objects.count()
    return get_user_model().objects.filter(shopper__isnull=False).count()


def import_jobs_recent(limit: int = 20) -> list[ImportJob]:
    return list(ImportJob.objects.all()[:limit])
