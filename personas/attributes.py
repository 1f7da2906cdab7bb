"""The shopper profile as the attributes recommendation filters read (IF CurrentUser.AGE > 30)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from personas.models import ShopperProfile

USER_FIELDS = ("AGE", "GENDER", "DISCOUNT_ATTITUDE", "PERSONA")


def shopper_attributes(user: AbstractBaseUser) -> dict[str, object]:
    """AGE, GENDER ("F"/"M"), DISCOUNT_ATTITUDE and PERSONA (its slug); only those the profile has."""
    profile = ShopperProfile.objects.filter(user=user).select_related("persona").first()
    if profile is None:
        return {}
    found: dict[str, object] = {
        "AGE": profile.age,
        "GENDER": profile.gender,
        "DISCOUNT_ATTITUDE": profile.discount_attitude,
        "PERSONA": profile.persona.slug if profile.persona else "",
    }
    return {key: value for key, value in found.items() if value not in (None, "")}
