"""``manage.py generate_data``: options, summary, refusal without --reset."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, load_command_class

from personas.models import ShopperProfile
from recommendations.models import Interaction
from shop.models import Product

pytestmark = pytest.mark.django_db

SMALL = ["--products=60", "--users=80", "--interactions=6000", "--end=2025-06-01", "--no-progress"]


def _run(*args: str) -> str:
    out = StringIO()
    call_command("generate_data", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_generates_and_summarises():
    output = _run(*SMALL, "--days=30", "--seed=3")
    assert "Generated 60 products in 20 categories (1 new in the last 14 days)" in output
    assert "80 shoppers (70 demo)" in output
    assert "from 2025-05-02 to 2025-06-01" in output
    assert Product.objects.count() == 60
    assert Interaction.objects.count() >= 6000


def test_new_products_share_sets_the_new_arrivals_and_is_documented():
    output = _run(*SMALL, "--new-products-share=0")
    assert "(0 new in the last 14 days)" in output
    output = _run(*SMALL, "--new-products-share=0.1", "--reset")
    assert "(6 new in the last 14 days)" in output
    command = load_command_class("personas", "generate_data")
    assert "--new-products-share" in command.create_parser("manage.py", "generate_data").format_help()


def test_refuses_a_non_empty_database_without_reset():
    _run(*SMALL)
    with pytest.raises(CommandError, match="--reset"):
        _run(*SMALL)
    assert ShopperProfile.objects.count() == 80


def test_reset_replaces_the_data():
    _run(*SMALL)
    first = set(Product.objects.values_list("id", flat=True))
    _run(*SMALL, "--reset", "--seed=9")
    assert Product.objects.count() == 60
    assert first.isdisjoint(Product.objects.values_list("id", flat=True))
    assert ShopperProfile.objects.count() == 80


def test_if_empty_keeps_existing_data():
    _run(*SMALL)
    before = set(Product.objects.values_list("id", flat=True))
    assert "kept it" in _run(*SMALL, "--if-empty", "--seed=9")
    assert set(Product.objects.values_list("id", flat=True)) == before


def test_reset_takes_trained_models_off_the_air():
    from recommendations import services
    from recommendations.models import ModelVersion

    _run(*SMALL)
    services.training_run_start(triggered_by="test", synchronous=True)
    assert ModelVersion.objects.filter(status="live").exists()
    _run(*SMALL, "--reset")
    assert not ModelVersion.objects.filter(status="live").exists()


def test_verbose_run_lists_the_timings():
    output = _run(*SMALL, "-v", "2")
    assert "interactions:" in output and "product stats:" in output


@pytest.mark.parametrize("option", ["--products", "--users", "--interactions", "--days", "--seed"])
def test_negative_numbers_are_rejected(option):
    with pytest.raises(CommandError, match=f"{option} must not be negative"):
        _run(*SMALL, f"{option}=-5")
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--products=5"], "at least 20"),
        (["--users=0"], "users must be at least 1"),
        (["--days=0"], "days must be at least 1"),
        (["--end=yesterday"], "--end"),
        (["--products=many"], "--products"),
        (["--new-products-share=0.9"], "new_products_share must be between 0 and 0.5"),
    ],
)
def test_invalid_options_are_rejected(args, message):
    with pytest.raises(CommandError, match=message):
        _run(*SMALL, *args)


def test_the_convenience_categories_are_one_department():
    from shop.models import Category

    _run(*SMALL)
    departments = dict(Category.objects.values_list("slug", "department"))
    convenience = {slug for slug, department in departments.items() if department == "Convenience store"}
    assert convenience == {"cold-drinks", "food-service", "hot-drinks", "salty-snacks"}
    assert all(departments[slug] == "" for slug in departments.keys() - convenience)


def test_scale_multiplies_the_shop_and_peak_memory_is_reported():
    output = _run("--products=600", "--users=800", "--interactions=60000", "--scale=0.1", "--end=2025-06-01",
                  "--no-progress", "--chunk-size=25")  # fmt: skip
    assert "Generated 60 products" in output and "80 shoppers" in output
    assert Interaction.objects.count() >= 6000
    assert output.rstrip().splitlines()[-1].startswith("Peak memory: ")


@pytest.mark.parametrize(("option", "message"), [("--scale=0", "--scale"), ("--chunk-size=0", "--chunk-size")])
def test_scale_and_chunk_size_must_be_positive(option, message):
    with pytest.raises(CommandError, match=message):
        _run(*SMALL, option)
