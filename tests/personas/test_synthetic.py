"""The synthetic data service: determinism, persona structure, funnel, orders, reset."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.db.models import F

from personas.models import Persona, ShopperProfile
from personas.synthetic import GenerationSummary, SyntheticDataExists, synthetic_data_generate
from personas.synthetic.catalogue import NEW_ARRIVAL_DAYS, apportion, catalogue_build
from personas.synthetic.persona_specs import PERSONAS
from personas.synthetic.vocabulary import CATEGORIES
from recommendations.models import EventType, Interaction, ProductStats
from shop.models import Category, Order, OrderLine, Product
from tests.factories import InteractionFactory, UserFactory

END = date(2025, 6, 1)
SMALL = {"products": 60, "users": 80, "interactions": 6000, "end": END, "progress": False}
MEDIUM = {"products": 300, "users": 400, "interactions": 40_000, "end": END, "progress": False}

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list]:
    return {
        "products": list(Product.objects.order_by("id").values_list("sku", "name", "price", "style", "color")),
        "users": list(get_user_model().objects.order_by("id").values_list("username", "first_name", "last_name")),
        "interactions": list(
            Interaction.objects.order_by("id").values_list("user__username", "product__sku", "event_type", "timestamp")
        ),
        "orders": list(Order.objects.order_by("id").values_list("user__username", "created_at", "total")),
    }


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    synthetic_data_generate(**SMALL, seed=7)
    first = _snapshot()
    synthetic_data_generate(**SMALL, seed=7, reset=True)
    assert _snapshot() == first
    synthetic_data_generate(**SMALL, seed=8, reset=True)
    other = _snapshot()
    for key in ("products", "users", "interactions"):
        assert other[key] != first[key], key


def test_counts_follow_the_requested_scale():
    summary = synthetic_data_generate(**SMALL)
    assert isinstance(summary, GenerationSummary)
    assert Category.objects.count() == len(CATEGORIES) == 20
    assert Product.objects.count() == summary.products == 60
    assert all(c.products.exists() for c in Category.objects.all())
    assert Interaction.objects.count() == summary.interactions >= 6000
    assert ShopperProfile.objects.count() == 80
    # The reference's 7:1 split of web shoppers (with a persona) to store shoppers.
    assert ShopperProfile.objects.filter(is_demo=True, persona__isnull=False).count() == 70
    assert ShopperProfile.objects.filter(is_demo=False, persona__isnull=True).count() == 10
    assert Persona.objects.count() == 16
    assert ProductStats.objects.count() == 60
    stats = ProductStats.objects.all()
    assert sum(s.views for s in stats) == Interaction.objects.filter(event_type=EventType.VIEW).count()
    assert sum(s.purchases for s in stats) == Interaction.objects.filter(event_type=EventType.PURCHASE).count()
    assert summary.events[EventType.VIEW] + summary.events[EventType.ADD_TO_CART] > 0


def test_personas_rank_three_categories_with_the_reference_weights():
    synthetic_data_generate(**SMALL)
    slugs = {p.slug for p in PERSONAS}
    assert "instruments_books_electronics" in slugs and len(slugs) == 16
    for persona in Persona.objects.prefetch_related("persona_categories__category"):
        ranked = persona.ranked_categories()
        assert [pc.weight for pc in ranked] == [0.6, 0.25, 0.15]
        assert persona.slug == "_".join(pc.category.slug for pc in ranked)
        assert persona.name and persona.description


def test_shoppers_are_unique_and_cannot_log_in_with_a_password():
    synthetic_data_generate(**SMALL)
    users = get_user_model().objects.filter(shopper__isnull=False)
    assert users.values("username").distinct().count() == 80
    assert not any(u.has_usable_password() for u in users)
    # Hashed once and shared: per-user hashing would dominate the run time.
    assert users.values("password").distinct().count() == 1
    ages = list(ShopperProfile.objects.values_list("age", flat=True))
    assert min(ages) >= 18 and max(ages) <= 100
    assert set(ShopperProfile.objects.values_list("gender", flat=True)) <= {"F", "M"}


def test_views_stay_in_each_persona_shoppers_three_categories():
    synthetic_data_generate(**MEDIUM)
    taste = defaultdict(set)
    for user_id, category_id in ShopperProfile.objects.filter(persona__isnull=False).values_list(
        "user_id", "persona__persona_categories__category_id"
    ):
        taste[user_id].add(category_id)
    store_categories = set(
        Category.objects.filter(slug__in=["food-service", "salty-snacks", "cold-drinks", "hot-drinks"]).values_list(
            "id", flat=True
        )
    )
    inside, total = Counter(), Counter()
    for user_id, category_id in Interaction.objects.filter(event_type=EventType.VIEW).values_list(
        "user_id", "product__category_id"
    ):
        total[user_id] += 1
        inside[user_id] += category_id in taste.get(user_id, store_categories)
    assert len(total) == 400  # every shopper shows up
    for user_id in taste:
        assert inside[user_id] / total[user_id] >= 0.8, user_id
    store_users = set(total) - set(taste)
    assert store_users and all(inside[u] == total[u] for u in store_users)


def test_views_respect_the_shoppers_gender():
    synthetic_data_generate(**MEDIUM)
    rows = Interaction.objects.filter(event_type=EventType.VIEW).values_list(
        "user__shopper__gender", "product__gender_affinity"
    )
    mismatched = sum(1 for gender, affinity in rows if affinity and affinity != gender)
    assert mismatched / len(rows) < 0.01


def test_each_shopper_keeps_to_a_small_set_of_products():
    synthetic_data_generate(**MEDIUM)
    distinct = Counter(
        user
        for user, _ in set(Interaction.objects.filter(event_type=EventType.VIEW).values_list("user_id", "product_id"))
    )
    assert 5 <= np.mean(list(distinct.values())) <= 15


def test_funnel_ratios_are_close_to_the_reference():
    summary = synthetic_data_generate(**MEDIUM)
    counts = Counter(Interaction.objects.values_list("event_type", flat=True))
    views = counts[EventType.VIEW]
    assert 0.05 <= counts[EventType.ADD_TO_CART] / views <= 0.12
    assert 0.005 <= counts[EventType.PURCHASE] / views <= 0.02
    assert dict(counts) == {k: v for k, v in summary.events.items() if v}


def test_every_purchase_is_an_order_line_at_the_products_price():
    synthetic_data_generate(**MEDIUM)
    purchases = sorted(
        Interaction.objects.filter(event_type=EventType.PURCHASE).values_list("user_id", "product_id", "timestamp")
    )
    lines = sorted(OrderLine.objects.values_list("order__user_id", "product_id", "order__created_at"))
    assert purchases and purchases == lines
    assert not OrderLine.objects.exclude(unit_price=F("product__price")).exists()
    for order in Order.objects.prefetch_related("lines"):
        assert order.total == sum((line.line_total for line in order.lines.all()), Decimal("0"))


def test_carts_follow_views_and_purchases_follow_carts():
    synthetic_data_generate(**SMALL)
    seen: dict[str, set] = {"View": set(), "AddToCart": set()}
    for user_id, product_id, event in Interaction.objects.order_by("timestamp", "id").values_list(
        "user_id", "product_id", "event_type"
    ):
        if event == EventType.ADD_TO_CART:
            assert (user_id, product_id) in seen["View"]
        if event in (EventType.PURCHASE, EventType.REMOVE_FROM_CART):
            assert (user_id, product_id) in seen["AddToCart"]
        if event in seen:
            seen[event].add((user_id, product_id))


def test_timestamps_cover_every_day_of_the_window():
    synthetic_data_generate(**{**MEDIUM, "days": 30})
    end = datetime(END.year, END.month, END.day, tzinfo=UTC)
    stamps = list(Interaction.objects.values_list("timestamp", flat=True))
    assert min(stamps) >= end - timedelta(days=30) and max(stamps) < end
    assert len({s.date() for s in stamps}) == 30
    # Products predate the window, except the new arrivals of the last two weeks (nobody saw those).
    new_since = end - timedelta(days=NEW_ARRIVAL_DAYS)
    older = list(Product.objects.filter(created_at__lt=new_since).values_list("created_at", flat=True))
    assert min(older) >= end - timedelta(days=365 + 30) and max(older) <= end - timedelta(days=30)
    assert Product.objects.filter(created_at__gte=new_since, created_at__lt=end).count() == 6
    assert not Interaction.objects.filter(timestamp__lt=F("product__created_at")).exists()


def test_new_arrivals_are_recent_web_products_nobody_has_seen():
    summary = synthetic_data_generate(**MEDIUM)
    end = datetime(END.year, END.month, END.day, tzinfo=UTC)
    new = Product.objects.filter(created_at__gte=end - timedelta(days=NEW_ARRIVAL_DAYS))
    assert new.count() == summary.new_products == 6 == round(0.02 * 300)
    assert not new.filter(created_at__gte=end).exists()
    assert not Interaction.objects.filter(product__in=new).exists()
    assert not OrderLine.objects.filter(product__in=new).exists()
    assert not ProductStats.objects.filter(product__in=new, views__gt=0).exists()
    assert new.values("category").distinct().count() >= 4
    assert not new.filter(featured=True).exists()
    store = [c.slug for c in CATEGORIES if c.convenience]
    assert not new.filter(category__slug__in=store).exists()
    # Everything else is browsed as before: all but the new arrivals appear in the events.
    seen = set(Interaction.objects.values_list("product_id", flat=True))
    assert seen.isdisjoint(new.values_list("id", flat=True)) and len(seen) > 0.9 * (300 - 6)


def test_no_new_arrivals_when_asked_for_none():
    summary = synthetic_data_generate(**SMALL, new_products_share=0)
    assert summary.new_products == 0
    end = datetime(END.year, END.month, END.day, tzinfo=UTC)
    assert not Product.objects.filter(created_at__gt=end - timedelta(days=90)).exists()


def test_refuses_to_generate_over_existing_data_without_reset():
    synthetic_data_generate(**SMALL)
    with pytest.raises(SyntheticDataExists):
        synthetic_data_generate(**SMALL)
    assert Product.objects.count() == 60


def test_reset_replaces_shop_data_but_keeps_staff():
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    stray = InteractionFactory()  # an event recorded by the shop before the reset
    synthetic_data_generate(**SMALL, reset=True)
    assert not Product.objects.filter(pk=stray.product_id).exists()
    synthetic_data_generate(**SMALL, seed=1, reset=True)
    assert Product.objects.count() == 60
    assert ShopperProfile.objects.count() == 80
    assert get_user_model().objects.filter(pk=admin.pk).exists()
    assert Persona.objects.count() == 16


@pytest.mark.parametrize(
    "override",
    [
        {"products": 19},
        {"users": 0},
        {"interactions": -1},
        {"days": 0},
        {"seed": -1},
        {"new_products_share": -0.01},
        {"new_products_share": 0.6},
    ],
)
def test_rejects_bad_arguments(override):
    with pytest.raises(ValueError):
        synthetic_data_generate(**{**SMALL, **override})


def test_deals_are_loaded_with_their_old_price():
    synthetic_data_generate(**MEDIUM)
    deals = list(Product.objects.deals())
    assert 0.08 <= len(deals) / Product.objects.count() <= 0.15
    assert all(p.promoted and p.discount_percent >= 9 for p in deals)
    # No product carries an old price that is not a saving.
    assert Product.objects.filter(compare_at_price__isnull=False).count() == len(deals)


@pytest.mark.django_db(False)
def test_reference_scale_reproduces_the_reference_catalogue():
    rng = np.random.default_rng(42)
    catalogue = catalogue_build(rng=rng, products=2465, window_start=1_700_000_000, days=90)
    per_category = np.bincount(catalogue.category, minlength=len(CATEGORIES))
    assert per_category.tolist() == [c.count for c in CATEGORIES]
    assert sum(per_category) == 2465 and len(set(catalogue.style)) >= 85
    assert Counter(catalogue.gender.tolist()) == {0: 2465 - 431 - 318, 1: 431, 2: 318}
    assert catalogue.promoted.sum() == 609 and catalogue.featured.sum() == 16
    assert all(c.startswith("#") and len(c) == 7 for c in catalogue.color)


@pytest.mark.django_db(False)
def test_apportion_keeps_a_minimum_and_the_total():
    shares = apportion(60, [c.count for c in CATEGORIES], minimum=1)
    assert sum(shares) == 60 and min(shares) == 1
    assert apportion(10, [5, 3, 2]) == [5, 3, 2]
