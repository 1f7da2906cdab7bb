"""Reads of the personas app: who can be entered through the "Shop as…" switcher."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, Min, OuterRef, Q, QuerySet

from personas.models import Persona, ShopperProfile
from shop.page_parts import catalogue_version, page_part, version_get

# The page-part version of everything the header says about personas and shoppers.
PERSONAS = "personas"

# The only shoppers the switcher may log in as: never staff, never a disabled account.
DEMO_SHOPPER = Q(is_demo=True, user__is_staff=False, user__is_superuser=False, user__is_active=True)


def demo_shopper_profiles() -> QuerySet[ShopperProfile]:
    """Every shopper the demo may act as: the switcher, the simulated traffic, the persona check."""
    return ShopperProfile.objects.filter(DEMO_SHOPPER)


def persona_list(*, with_demo_shopper: bool = True) -> QuerySet[Persona]:
    """Personas with their ranked categories prefetched (``taste_label`` then costs no query)."""
    personas = Persona.objects.prefetch_related("persona_categories__category").order_by("name")
    if with_demo_shopper:
        personas = personas.filter(Exists(demo_shopper_profiles().filter(persona=OuterRef("pk"))))
    return personas


def persona_get(*, slug: str) -> Persona:
    """Raises ``Persona.DoesNotExist``."""
    return Persona.objects.prefetch_related("persona_categories__category").get(slug=slug)


def persona_demo_shopper(*, persona: Persona) -> AbstractBaseUser | None:
    """The persona's stable face: its demo shopper with the lowest user id."""
    profile = demo_shopper_profiles().filter(persona=persona).select_related("user").order_by("user_id").first()
    return profile.user if profile else None


def persona_demo_shoppers(*, personas: list[Persona]) -> dict[int, AbstractBaseUser]:
    """``persona_demo_shopper`` for many personas: persona id to user.

    Two queries however many shoppers each persona has: the lowest id per persona, then those users.
    """
    first_ids = dict(
        demo_shopper_profiles()
        .filter(persona__in=personas)
        .values("persona_id")
        .annotate(first_user_id=Min("user_id"))
        .values_list("persona_id", "first_user_id")
        .order_by()
    )
    users = get_user_model().objects.in_bulk(list(first_ids.values()))
    return {persona_id: users[user_id] for persona_id, user_id in first_ids.items() if user_id in users}


def shopper_current(*, user: AbstractBaseUser | AnonymousUser | None) -> ShopperProfile | None:
    """The logged-in user's shopper profile with its persona's tastes, or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        ShopperProfile.objects.select_related("user", "persona")
        .prefetch_related("persona__persona_categories__category")
        .filter(user=user)
        .first()
    )


def persona_menu_versions() -> tuple[str, str]:
    """What the "Shop as…" menu is a function of. Taste labels name categories: a renamed category
    is a new menu too."""
    return version_get(PERSONAS), catalogue_version()


def persona_menu() -> list[Persona]:
    """``persona_list()`` for the header's "Shop as…" menu, read once per change to personas,
    shoppers or categories."""
    return page_part("persona-menu", persona_menu_versions(), lambda: list(persona_list()))


def shopper_current_cached(*, user: AbstractBaseUser | AnonymousUser | None) -> ShopperProfile | None:
    """``shopper_current`` for the header, read once per shopper per change to personas or shoppers."""
    if user is None or not user.is_authenticated:
        return None
    return page_part(f"shopper:{user.pk}", persona_menu_versions(), lambda: shopper_current(user=user))
