"""Items and users CSV imports, and import jobs (status, report, progress)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from datasets import services
from datasets.models import ImportJob, Mode
from personas.models import ShopperProfile
from recommendations.models import DatasetSchema
from recommendations.schemas import DEFAULT_SCHEMAS
from shop.models import Product
from tests.factories import CategoryFactory, PersonaFactory, ProductFactory, ShopperProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

T0 = 1_700_000_000


def _import(dataset: str, text: str, **kwargs) -> services.ImportResult:
    return services.dataset_import(io.BytesIO(text.encode()), dataset=dataset, **kwargs)


def _items_schema_with(*fields: dict) -> None:
    schema = dict(DEFAULT_SCHEMAS["items"])
    schema["fields"] = [*schema["fields"], *fields]
    DatasetSchema.objects.create(dataset="items", schema=schema)


ITEMS_HEADER = "ITEM_ID,NAME,CATEGORY,STYLE,PRICE,CREATION_TIMESTAMP"


def test_an_item_row_may_leave_out_what_a_product_already_has():
    product = ProductFactory(name="Kept", price=Decimal("3.00"))
    result = _import("items", f"ITEM_ID,NAME,PRICE,STYLE\n{product.pk},,,new-style\n800009,,,\n")
    assert result.report.text() == ""
    product.refresh_from_db()
    assert (product.name, product.price, product.style) == ("Kept", Decimal("3.00"), "new-style")
    created = Product.objects.get(pk=800009)
    assert (created.name, created.category.slug) == ("Item 800009", "imported")


def test_items_create_and_update_products_with_their_categories():
    existing = ProductFactory(category=CategoryFactory(slug="books"), price=Decimal("5.00"))
    result = _import(
        "items",
        f"{ITEMS_HEADER},STOCK\n"
        f"{existing.pk},Renamed,books,paperback,7.5,{T0},3\n"
        f"800001,Wool hat,Winter Clothing,hat,19.99,{T0},\n",
    )
    assert (result.rows_imported, result.created_products, len(result.report)) == (2, 1, 0)
    existing.refresh_from_db()
    assert (existing.name, existing.style, existing.price, existing.stock) == (
        "Renamed",
        "paperback",
        Decimal("7.50"),
        3,
    )
    hat = Product.objects.get(pk=800001)
    assert hat.category.slug == "winter-clothing" and hat.category.name == "Winter Clothing"
    assert hat.created_at == datetime.fromtimestamp(T0, tz=UTC)
    assert hat.stock > 0  # STOCK left empty: a created product is on the shelf


def test_item_metadata_is_typed_by_the_schema_and_multi_values_split():
    _items_schema_with(
        {"name": "COLORS", "type": ["null", "string"], "categorical": True},
        {"name": "RATING", "type": ["null", "double"]},
        {"name": "BLURB", "type": ["null", "string"], "textual": True},
    )
    _import(
        "items",
        f"{ITEMS_HEADER},COLORS,RATING,BLURB\n800002,Scarf,clothing,scarf,9,{T0},red|blue,4.5,Soft and warm\n",
    )
    assert Product.objects.get(pk=800002).metadata == {
        "COLORS": ["red", "blue"],
        "RATING": 4.5,
        "BLURB": "Soft and warm",
    }


def test_bad_item_rows_are_each_reported_and_nothing_is_stored():
    result = _import(
        "items",
        f"{ITEMS_HEADER}\n"
        f"800003,Ok,books,a,1,{T0}\n"
        f"abc,Bad id,books,a,1,{T0}\n"
        f"800004,Bad price,books,a,cheap,{T0}\n"
        f"800005,Bad category,!!!,a,1,{T0}\n"
        f"800003,Again,books,a,1,{T0}\n"
        "800006,Before 1970,books,a,1,-5\n",
    )
    assert result.report.text().splitlines() == [
        "line 3: ITEM_ID 'abc' is not a product id (1 to 18 digits)",
        "line 4: PRICE must be a number, not 'cheap'",
        "line 5: CATEGORY '!!!' has no letters or digits to make a slug of",
        "line 6: ITEM_ID 800003 is repeated (first on line 2)",
        "line 7: CREATION_TIMESTAMP -5 is not Unix seconds up to now",
    ]
    assert not Product.objects.filter(pk__gte=800000).exists()


def test_full_items_import_clears_metadata_of_the_products_it_does_not_name():
    kept, dropped = ProductFactory(metadata={"BRAND": "x"}), ProductFactory(metadata={"BRAND": "y"})
    _items_schema_with({"name": "BRAND", "type": ["null", "string"], "categorical": True})
    _import(
        "items", f"ITEM_ID,NAME,CATEGORY,PRICE,CREATION_TIMESTAMP,BRAND\n{kept.pk},K,books,1,{T0},z\n", mode=Mode.FULL
    )
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.metadata, dropped.metadata) == ({"BRAND": "z"}, {})
    assert Product.objects.filter(pk=dropped.pk).exists()  # products are never deleted: orders keep them


def test_users_import_creates_shoppers_and_fills_profiles():
    persona = PersonaFactory(slug="bookworm")
    ShopperProfileFactory(user=UserFactory(username="dora"), age=40)
    result = _import(
        "users",
        "USER_ID,AGE,GENDER,DISCOUNT_ATTITUDE,PERSONA\ndora,41,f,,bookworm\nnewbie,,M,all_discounts,\n",
    )
    assert (result.rows_imported, result.created_users) == (2, 1)
    dora = ShopperProfile.objects.get(user__username="dora")
    assert (dora.age, dora.gender, dora.persona) == (41, "F", persona)
    newbie = ShopperProfile.objects.get(user__username="newbie")
    assert (newbie.age, newbie.gender, newbie.discount_attitude) == (None, "M", "all_discounts")


def test_bad_user_rows_are_reported():
    result = _import("users", "USER_ID,AGE,PERSONA\nann,200,\nbob,30,nobody\n")
    assert result.report.text().splitlines() == [
        "line 2: AGE 200 is not from 0 to 150",
        "line 3: PERSONA 'nobody' names no persona",
    ]


def test_a_job_records_its_report_and_fails_without_storing(settings):
    upload = SimpleUploadedFile("events.csv", f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,x,{T0},view\n".encode())
    job = services.import_job_start(dataset="interactions", mode=Mode.FULL, upload=upload, synchronous=True)
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "1 row refused (see the report): nothing was imported"
    assert job.report == "line 2: ITEM_ID 'x' is not a product id (1 to 18 digits)"
    assert (job.rows_total, job.rows_refused, job.rows_imported) == (1, 1, 0)


def test_a_queued_job_runs_as_a_task_and_reports_progress(monkeypatch, django_capture_on_commit_callbacks):
    seen = []
    original = cache.set

    def spy(key, value, *args, **kwargs):
        if key.startswith("datasets:import:"):
            seen.append(value)
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    upload = SimpleUploadedFile("e.csv", f"USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nann,3,{T0},view\n".encode())
    # Queued once the transaction commits; the test settings run Celery tasks eagerly.
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_start(dataset="interactions", mode=Mode.INCREMENTAL, upload=upload)
        assert job.status == ImportJob.Status.QUEUED
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.rows_imported == 1
    assert {"phase": "writing", "done": 1, "total": 1} in seen
    assert services.import_progress(job) is None  # cleared once finished


def test_a_job_for_a_missing_file_fails_with_the_reason(tmp_path):
    job = services.import_job_create(dataset="items", mode=Mode.FULL, source=str(tmp_path / "gone.csv"))
    job = services.import_job_run(job_id=job.pk)
    assert job.status == ImportJob.Status.FAILED and job.error.startswith("cannot read the file")
