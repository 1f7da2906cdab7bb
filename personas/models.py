from __future__ import annotations

from django.conf import settings
from django.db import models

# The reference demo's taste split over a persona's three categories, strongest first.
CATEGORY_WEIGHTS = (0.6, 0.25, 0.15)


class DiscountAttitude(models.TextChoices):
    INDIFFERENT = "indifferent", "Indifferent to discounts"
    ALL_DISCOUNTS = "all_discounts", "Likes all discounts"
    LOWER_PRICED = "lower_priced", "Prefers lower-priced products"


class Persona(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    categories = models.ManyToManyField("shop.Category", through="PersonaCategory", related_name="personas")
    discount_attitude = models.CharField(
        max_length=20, choices=DiscountAttitude.choices, default=DiscountAttitude.INDIFFERENT
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def taste_label(self) -> str:
        """ "instruments, books, electronics" in order of taste."""
        return ", ".join(pc.category.name.lower() for pc in self.ranked_categories())

    def ranked_categories(self) -> list[PersonaCategory]:
        # Uses the prefetch cache when the caller prefetched persona_categories__category.
        return sorted(self.persona_categories.all(), key=lambda pc: pc.rank)


class PersonaCategory(models.Model):
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="persona_categories")
    category = models.ForeignKey("shop.Category", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    weight = models.FloatField()

    class Meta:
        ordering = ["persona", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["persona", "rank"], name="persona_category_rank_unique"),
            models.UniqueConstraint(fields=["persona", "category"], name="persona_category_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.persona} #{self.rank}: {self.category}"


class ShopperProfile(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shopper")
    persona = models.ForeignKey(Persona, null=True, blank=True, on_delete=models.SET_NULL, related_name="shoppers")
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True)
    discount_attitude = models.CharField(max_length=20, choices=DiscountAttitude.choices, blank=True)
    # User metadata beyond the columns above, by the users schema's field names (upper case).
    metadata = models.JSONField(default=dict, blank=True)
    # Only demo shoppers may be entered through the "Shop as…" switcher.
    is_demo = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
