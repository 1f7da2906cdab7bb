"""The shopper profile as the attributes recommendation filters read (IF CurrentUser.AGE > 30)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from personas.models import ShopperProfile
from recommendations.schemas import USER_COLUMNS
from recommendations.selectors import dataset_schema

USER_FIELDS = ("AGE", "GENDER", "DISCOUNT_ATTITUDE", "PERSONA")


def user_fields() -> tuple[str, ...]:
    """The profile's own fields and the users schema's metadata fields."""
    own = tuple(f.key for f in dataset_schema("users").metadata if f.key not in USER_COLUMNS)
    return USER_FIELDS + own


def shopper_attributes(user: AbstractBaseUser) -> dict[str, object]:
    """AGE, GENDER ("F"/"M"), DISCOUNT_ATTITUDE and PERSONA (its slug), then the users schema's
    own fields from the profile's metadata; only those the profile has. A multi-valued field gives
    its values joined by "|"."""
    profile = ShopperProfile.objects.filter(user=user).select_related("persona").first()
    if profile is None:
        return {}
    found: dict[str, object] = {
        "AGE": profile.age,
        "GENDER": profile.gender,
        "DISCOUNT_ATTITUDE": profile.discount_attitude,
        "PERSONA": profile.persona.slug if profile.persona else "",
    }
    for key in user_fields()[len(USER_FIELDS) :]:
        value = (profile.metadata or {}).get(key)
        found[key] = "|".join(map(str, value)) if isinstance(value, list) else value
    return {key: value for key, value in found.items() if value not in (None, "")}
