"""Exploration and new arrivals on the demo's generated data: a product added after training is
shown to the persona whose taste it fits, marked as new, and heads the New arrivals API row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from personas.models import Persona
from personas.selectors import persona_demo_shoppers
from recommendations import selectors, services
from recommendations.defaults import RECOMMENDED_FOR_YOU
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_a_product_added_after_training_reaches_its_persona_and_the_new_arrivals_row():
    # No generated new arrivals: the product added here must be the only new one to head the row.
    call_command(
        "generate_data",
        products=200,
        users=300,
        interactions=15_000,
        seed=3,
        new_products_share=0,
        no_progress=True,
        verbosity=0,
    )
    run = services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == "succeeded", run.error
    persona = Persona.objects.filter(name="Cosy bookworm").prefetch_related("persona_categories__category").get()
    shopper = persona_demo_shoppers(personas=[persona])[persona.pk]
    top = max(persona.persona_categories.all(), key=lambda pc: pc.weight).category
    added = ProductFactory(category=top, created_at=timezone.now() - timedelta(days=2))

    row = selectors.user_recommendations(recommender=RECOMMENDED_FOR_YOU, user=shopper, num_results=10)
    assert added.pk in row.product_ids
    assert row.reasons[row.product_ids.index(added.pk)] == "New arrival: added 2 days ago"
    assert sum(bool(reason) for reason in row.reasons) <= 2  # weight 0.3 of 10 cards
    off = selectors.user_recommendations(
        recommender=RECOMMENDED_FOR_YOU, user=shopper, num_results=10, exploration={"exploration_weight": 0.0}
    )
    assert added.pk not in off.product_ids and not off.reasons

    # A visitor with no history: most viewed, then new arrivals with the product first.
    rows = selectors.home_rows(user=AnonymousUser(), visitor_id="first-visit")
    arrivals = next(r for r in rows if r.title == "New arrivals")
    assert arrivals.products[0] == added and arrivals.entries[0][1] == "New arrival: added 2 days ago"
