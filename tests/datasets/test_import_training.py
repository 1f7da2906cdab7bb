"""A real shop's export (customers and items this shop has never seen) imported, trained on, served."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from datasets import services
from datasets.models import Mode
from recommendations import services as recommendation_services
from recommendations.models import TrainingRun
from shop.models import Product

pytestmark = pytest.mark.django_db

START = 1_717_200_000  # 2024-06-01


def _real_looking_file(seed: int = 7) -> tuple[str, dict[str, int], list[list[int]]]:
    """90 customers in three tastes over 45 items (ids as a retailer's, five or six digits), lower-case
    event types as Personalize's sample datasets write them, a month of events."""
    rng = np.random.default_rng(seed)
    items = [int(i) for i in rng.choice(np.arange(10_000, 999_999), size=45, replace=False)]
    groups = [items[0:15], items[15:30], items[30:45]]
    lines = ["USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE"]
    taste: dict[str, int] = {}
    for customer in range(90):
        name = f"C{1000 + customer * 37:06d}"
        group = customer % 3
        taste[name] = group
        when = START + int(rng.integers(0, 86_400))
        for _ in range(int(rng.integers(18, 30))):
            pool = groups[group] if rng.random() < 0.9 else items
            item = int(rng.choice(pool))
            kind = rng.choice(["view", "view", "view", "add-to-cart", "purchase"])
            value = f"{rng.integers(5, 80)}.99" if kind == "purchase" else ""
            when += int(rng.integers(60, 40_000))
            lines.append(f"{name},{item},{when},{kind},{value}")
    return "\n".join(lines) + "\n", taste, groups


def test_an_imported_shop_trains_and_serves_its_customers(settings):
    text, taste, groups = _real_looking_file()
    result = services.dataset_import(io.BytesIO(text.encode()), dataset="interactions", mode=Mode.FULL)
    assert len(result.report) == 0 and result.created_users == 90 and result.created_products == 45
    run = recommendation_services.training_run_start(triggered_by="test", synchronous=True)
    assert run.status == TrainingRun.Status.SUCCEEDED, run.summary
    settings.RECOMMENDATIONS_API_KEY = "k"
    customer = next(name for name, group in taste.items() if group == 1)
    response = Client(headers={"Authorization": "Api-Key k"}).get(
        reverse("recommendations:recommendations"),
        {"recommender": "recommended-for-you", "userId": customer, "numResults": 5},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["fallback"] is None and body["versionId"]
    served = [int(item["itemId"]) for item in body["itemList"]]
    assert len(served) == 5 and set(served) <= set(Product.objects.values_list("id", flat=True))
    # The customer's taste shows: most of the row is from their group of items.
    assert sum(item in groups[1] for item in served) >= 3
