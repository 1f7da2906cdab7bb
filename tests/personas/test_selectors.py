"""Each persona's shoppers, as the recommendations' persona check reads them."""

from __future__ import annotations

import pytest

from personas import selectors
from recommendations.selectors import ShopperGroup
from tests.factories import CategoryFactory, PersonaFactory, ShopperProfileFactory

pytestmark = pytest.mark.django_db


def test_persona_shopper_groups_names_each_personas_first_demo_shoppers(django_assert_num_queries):
    categories = [CategoryFactory(slug=s, name=s.title()) for s in ("instruments", "books", "electronics")]
    musician = PersonaFactory(slug="musician", name="Musician", category_list=categories)
    PersonaFactory(slug="gardener", name="Gardener")
    first, second, _later = (ShopperProfileFactory(persona=musician).user for _ in range(3))
    ShopperProfileFactory(persona=musician, is_demo=False)

    with django_assert_num_queries(4):  # personas, their category links, the categories, the shoppers
        groups = selectors.persona_shopper_groups(shoppers_per_persona=2)

    assert groups == [
        ShopperGroup(name="Gardener", taste="", category_ids=frozenset(), user_ids=()),
        ShopperGroup(
            name="Musician",
            taste="instruments, books, electronics",
            category_ids=frozenset(c.pk for c in categories),
            user_ids=(first.pk, second.pk),
        ),
    ]
