from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from shop.models import Category, Order, OrderLine, Product


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "product_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description="Products", ordering="product_count")
    def product_count(self, obj: Category) -> int:
        return obj.product_count


class DealFilter(admin.SimpleListFilter):
    """Products on sale by ``Product.is_deal``'s rule, not merely with an old price filled in."""

    title = "deal"
    parameter_name = "deal"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "On sale"), ("no", "Full price")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Product]) -> QuerySet[Product]:
        if self.value() == "yes":
            return queryset.deals()
        if self.value() == "no":
            return queryset.exclude(pk__in=Product.objects.deals().values("pk"))
        return queryset


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "name", "sku", "category", "style", "price", "compare_at_price", "deal", "stock", "promoted", "featured",
    ]  # fmt: skip
    list_filter = ["category", DealFilter, "promoted", "featured", "gender_affinity"]
    list_editable = ["stock", "promoted", "featured"]
    list_select_related = ["category"]
    search_fields = ["name", "sku", "description", "style"]
    autocomplete_fields = ["category"]
    date_hierarchy = "created_at"
    list_per_page = 50

    @admin.display(description="Deal")
    def deal(self, obj: Product) -> str:
        return f"-{obj.discount_percent}%" if obj.is_deal else "—"


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    raw_id_fields = ["product"]
    readonly_fields = ["line_total"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderLine]:
        return super().get_queryset(request).select_related("product")

    @admin.display(description="Line total")
    def line_total(self, obj: OrderLine):
        return obj.line_total if obj.pk else "—"


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "visitor_id", "created_at", "line_count", "total"]
    list_select_related = ["user"]
    list_filter = ["created_at"]
    search_fields = ["id", "user__username", "user__first_name", "user__last_name", "visitor_id"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Order]:
        return super().get_queryset(request).annotate(line_count=Count("lines"))

    @admin.display(description="Lines", ordering="line_count")
    def line_count(self, obj: Order) -> int:
        return obj.line_count
