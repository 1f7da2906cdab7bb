"""Exports: the three datasets in the form an import reads, so data round-trips."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from datasets import selectors, services
from datasets.models import Mode
from personas.models import ShopperProfile
from recommendations.models import DatasetSchema, EventType, Interaction
from recommendations.schemas import DATASETS, DEFAULT_SCHEMAS
from shop.models import Category, Product
from tests.factories import InteractionFactory, PersonaFactory, ProductFactory, ShopperProfileFactory

pytestmark = pytest.mark.django_db


def _export(dataset: str) -> str:
    out = io.StringIO()
    selectors.dataset_export(dataset, out)
    return out.getvalue()


@pytest.fixture
def shop():
    schema = copy.deepcopy(DEFAULT_SCHEMAS["items"])
    schema["fields"].append({"name": "COLORS", "type": ["null", "string"], "categorical": True})
    DatasetSchema.objects.create(dataset="items", schema=schema)
    users = copy.deepcopy(DEFAULT_SCHEMAS["users"])
    users["fields"].append({"name": "TIER", "type": ["null", "string"], "categorical": True})
    DatasetSchema.objects.create(dataset="users", schema=users)
    hat = ProductFactory(name="Hat, wool", price=Decimal("12.50"), metadata={"COLORS": ["red", "blue"]})
    lamp = ProductFactory(name='Lamp "Nova"', promoted=True, gender_affinity="F", stock=0)
    ann = ShopperProfileFactory(persona=PersonaFactory(slug="reader"), metadata={"TIER": "gold"}).user
    bob = ShopperProfileFactory(age=None, gender="", persona=None).user
    InteractionFactory(user=ann, product=hat)
    InteractionFactory(user=ann, product=lamp, event_type=EventType.PURCHASE, event_value=30.0)
    InteractionFactory(user=bob, product=hat, event_type=EventType.ADD_TO_CART)
    InteractionFactory(user=None, visitor_id="anon", product=hat)  # no USER_ID: not exported


def test_the_export_has_the_schema_header_and_one_row_per_record(shop):
    items = _export("items").splitlines()
    assert items[0] == (
        "ITEM_ID,NAME,DESCRIPTION,CATEGORY,STYLE,GENDER_AFFINITY,PRICE,STOCK,PROMOTED,FEATURED,CREATION_TIMESTAMP,COLORS"
    )
    hat = Product.objects.get(name="Hat, wool")
    assert items[1].startswith(f'{hat.pk},"Hat, wool",A well made thing.,{hat.category.slug},')
    assert items[1].endswith(f",12.50,50,false,false,{int(hat.created_at.timestamp())},red|blue")
    assert len(_export("interactions").splitlines()) == 1 + 3


def test_an_export_imported_again_gives_the_same_data(shop):
    exported = {name: _export(name) for name in DATASETS}
    Interaction.objects.all().delete()
    Product.objects.all().delete()
    Category.objects.all().delete()
    get_user_model().objects.all().delete()
    for name in ("items", "users", "interactions"):
        result = services.dataset_import(io.BytesIO(exported[name].encode()), dataset=name, mode=Mode.FULL)
        assert len(result.report) == 0, result.report.text()
    assert {name: _export(name) for name in DATASETS} == exported
    assert ShopperProfile.objects.get(metadata={"TIER": "gold"}).persona.slug == "reader"


def test_the_command_writes_a_file(shop, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "items.csv"
    call_command("export_dataset", "--dataset", "items", "--output", str(target), stderr=io.StringIO())
    assert target.read_text() == _export("items")
