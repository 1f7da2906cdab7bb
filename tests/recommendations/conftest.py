"""Fixtures shared by the recommendations app's tests."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from recommendations import services
from recommendations.dataset import InteractionData, interaction_data_load
from tests.factories import taste_scenario


@pytest.fixture
def shop() -> InteractionData:
    """A small synthetic shop (400 products, 600 shoppers, 40,000 events, seed 42), as arrays."""
    call_command(
        "generate_data",
        "--products=400",
        "--users=600",
        "--interactions=40000",
        "--seed=42",
        "--end=2025-06-01",
        "--no-progress",
        stdout=StringIO(),
    )
    return interaction_data_load()


@pytest.fixture
def trained() -> dict:
    """The taste scenario (three tastes of shoppers and products), trained once."""
    world = taste_scenario()
    services.training_run_start(triggered_by="test", synchronous=True)
    return world
