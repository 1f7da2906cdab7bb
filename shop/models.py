from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse

# Reversed once per URL name (and script prefix and URL conf) with this stand-in for the argument,
# then filled in per object: a page of cards otherwise spends a resolver walk per link.
_ARG_STAND_IN = "8675309"
_url_patterns: dict[tuple, tuple[str, str]] = {}


def url_with_arg(name: str, arg: object) -> str:
    """``reverse(name, args=[arg])`` for a URL of one int or slug argument, reversed only the first time."""
    key = (name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    pattern = _url_patterns.get(key)
    if pattern is None:
        before, _, after = reverse(name, args=[_ARG_STAND_IN]).rpartition(_ARG_STAND_IN)
        pattern = _url_patterns[key] = (before, after)
    return f"{pattern[0]}{arg}{pattern[1]}"


class Category(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    # Small categories shelved together (the convenience store's drinks and snacks); blank: the
    # category is a department of its own. Popular rows show one card per department.
    department = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_with_arg("storefront:category", self.slug)


class ProductQuerySet(models.QuerySet["Product"]):
    def deals(self) -> ProductQuerySet:
        """Products on sale: the database form of ``Product.is_deal``."""
        return self.filter(compare_at_price__gt=models.F("price"))


class Product(models.Model):
    class GenderAffinity(models.TextChoices):
        NONE = "", "Any"
        FEMALE = "F", "Female"
        MALE = "M", "Male"

    sku = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    style = models.CharField(max_length=50, db_index=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    # The price before a discount. Only a real saving makes a deal, so a stale old price left
    # below a raised price shows nothing rather than a fake "Deal".
    compare_at_price = models.DecimalField(
        "old price",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The price before the discount, shown struck through. Leave empty when not on sale.",
    )
    gender_affinity = models.CharField(
        max_length=1, choices=GenderAffinity.choices, blank=True, default=GenderAffinity.NONE
    )
    promoted = models.BooleanField(default=False)
    featured = models.BooleanField(default=False)
    stock = models.PositiveIntegerField(default=0)
    # Hex colour the generated SVG image is drawn in.
    color = models.CharField(max_length=7, default="#6b7280")
    created_at = models.DateTimeField(db_index=True)
    # Item metadata beyond the columns above, by the items schema's field names (upper case):
    # {"BRAND": "Acme", "COLORS": ["red", "blue"]}; typed and checked by that schema on the way in.
    metadata = models.JSONField(default=dict, blank=True)
    # Lets every process tell cheaply whether its copy of the catalogue is stale.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["category", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_with_arg("storefront:product", self.pk)

    @property
    def image_url(self) -> str:
        return url_with_arg("storefront:product_image", self.pk)

    @property
    def cart_add_url(self) -> str:
        return url_with_arg("storefront:cart_add", self.pk)

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def is_deal(self) -> bool:
        return self.compare_at_price is not None and self.price is not None and self.compare_at_price > self.price

    @property
    def discount_percent(self) -> int | None:
        """Whole percent off the old price, or None when not a deal.

        Rounded down: a badge may understate a saving but never claim more than it is.
        """
        if not self.is_deal:
            return None
        return int((self.compare_at_price - self.price) * 100 / self.compare_at_price)

    def clean(self) -> None:
        super().clean()
        # Caught here rather than hidden by is_deal: staff who type an old price mean a discount.
        if self.compare_at_price is not None and self.price is not None and self.compare_at_price <= self.price:
            raise ValidationError({"compare_at_price": "The old price must be higher than the price."})


class Order(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    # Anonymous checkouts keep the browser's visitor id so history can be joined later.
    visitor_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(db_index=True)
    total = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Order #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("storefront:order", args=[self.pk])


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_lines")
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity
