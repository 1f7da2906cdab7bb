"""factory_boy factories shared by every test package (fixed sequences, no fixture files)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from personas.models import Persona, PersonaCategory, ShopperProfile
from recommendations.models import EventType, Interaction
from shop.models import Category, Product


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU{n:06d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    description = "A well made thing."
    category = factory.SubFactory(CategoryFactory)
    # A few styles per category, as a real catalogue has: rows cap how many of one style they show.
    style = factory.Sequence(lambda n: ("standard", "classic", "modern", "compact")[n % 4])
    price = Decimal("19.99")
    stock = 50
    # An established product unless a test says it is new: new ones are explored and get a row of their own.
    created_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=365))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"shopper{n}")
    first_name = "Jane"
    last_name = factory.Sequence(lambda n: f"Doe{n}")


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"persona-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())

    @factory.post_generation
    def category_list(self, create: bool, extracted: list[Category] | None, **kwargs) -> None:
        """``PersonaFactory(category_list=[c1, c2, c3])`` ranks them 0.6 / 0.25 / 0.15."""
        if not create or not extracted:
            return
        from personas.models import CATEGORY_WEIGHTS

        for rank, (category, weight) in enumerate(zip(extracted, CATEGORY_WEIGHTS, strict=False)):
            PersonaCategory.objects.create(persona=self, category=category, rank=rank, weight=weight)


class ShopperProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopperProfile

    user = factory.SubFactory(UserFactory)
    persona = factory.SubFactory(PersonaFactory)
    age = 32
    gender = ShopperProfile.Gender.FEMALE
    is_demo = True


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    user = factory.SubFactory(UserFactory)
    product = factory.SubFactory(ProductFactory)
    event_type = EventType.VIEW
    timestamp = factory.LazyFunction(timezone.now)


def taste_scenario(
    *,
    categories: int = 3,
    products_per_category: int = 8,
    users_per_category: int = 6,
    views_per_user: int = 6,
    seed: int = 7,
) -> dict:
    """Shoppers who each view (and sometimes buy) only one category's products.

    Returns {"categories": [...], "products": {slug: [...]}, "users": {slug: [...]}}: a small
    world where a good recommender must keep each shopper in their own category.
    """
    import random
    from datetime import timedelta

    rng = random.Random(seed)
    now = timezone.now()
    cats = [CategoryFactory(slug=f"taste-{i}", name=f"Taste {i}") for i in range(categories)]
    products = {c.slug: ProductFactory.create_batch(products_per_category, category=c) for c in cats}
    users: dict[str, list] = {c.slug: [] for c in cats}
    rows = []
    for c in cats:
        for _ in range(users_per_category):
            user = UserFactory()
            users[c.slug].append(user)
            for k, product in enumerate(rng.sample(products[c.slug], views_per_user)):
                ts = now - timedelta(hours=k + 1)
                rows.append(Interaction(user=user, product=product, event_type=EventType.VIEW, timestamp=ts))
                if k == views_per_user - 1:  # the oldest view led to a purchase
                    rows.append(Interaction(user=user, product=product, event_type=EventType.PURCHASE, timestamp=ts))
    Interaction.objects.bulk_create(rows)
    return {"categories": cats, "products": products, "users": users}


def demo_catalogue_build() -> dict:
    """The real demo's shape at its smallest: its 20 departments, one product each, and its 16
    personas (``personas.synthetic``'s specs), each with a demo shopper to shop as.

    Returns {"categories": [...], "personas": [...]}, both by name as the header lists them.
    """
    from personas.synthetic.persona_specs import PERSONAS
    from personas.synthetic.vocabulary import CATEGORIES

    categories = {spec.slug: CategoryFactory(slug=spec.slug, name=spec.name) for spec in CATEGORIES}
    for category in categories.values():
        ProductFactory(category=category, name=f"{category.name} sample")
    personas = []
    for spec in PERSONAS:
        persona = PersonaFactory(
            slug=spec.slug, name=spec.name, category_list=[categories[slug] for slug in spec.categories]
        )
        ShopperProfileFactory(persona=persona)
        personas.append(persona)
    return {
        "categories": sorted(categories.values(), key=lambda c: c.name),
        "personas": sorted(personas, key=lambda p: p.name),
    }


def trending_scenario() -> dict:
    """``taste_scenario`` moved three days back, plus a "Rising" category where one product is
    viewed 5 times a day every day (steady, the more popular) and another once a day for a week,
    then 4 times in the last few hours: views up 300% in the last day.

    Returns taste_scenario's world with "rising" and "steady" products.
    """
    from datetime import timedelta

    from django.db.models import F

    world = taste_scenario()
    Interaction.objects.update(timestamp=F("timestamp") - timedelta(days=3))
    category = CategoryFactory(slug="rising", name="Rising")
    rising, steady = ProductFactory(category=category, name="Rising Star"), ProductFactory(category=category)
    now = timezone.now()
    rows = []

    def views(product, count: int, hours_ago: float) -> None:
        for _ in range(count):
            visitor = f"trend-{len(rows)}"
            ts = now - timedelta(hours=hours_ago)
            rows.append(Interaction(visitor_id=visitor, product=product, event_type=EventType.VIEW, timestamp=ts))

    for day in range(1, 8):
        views(steady, 5, 24 * day + 12)
        views(rising, 1, 24 * day + 12)
    views(steady, 5, 2)
    views(rising, 4, 1)
    Interaction.objects.bulk_create(rows)
    return {**world, "rising": rising, "steady": steady}
