from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from personas.models import Persona, PersonaCategory, ShopperProfile


class PersonaCategoryInline(admin.TabularInline):
    model = PersonaCategory
    extra = 0
    autocomplete_fields = ["category"]
    ordering = ["rank"]


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "tastes", "discount_attitude", "shopper_count"]
    list_filter = ["discount_attitude"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonaCategoryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Persona]:
        # taste_label reads the prefetch cache, so the changelist costs three queries, not one per row.
        return (
            super()
            .get_queryset(request)
            .prefetch_related("persona_categories__category")
            .annotate(shopper_count=Count("shoppers"))
        )

    @admin.display(description="Tastes")
    def tastes(self, obj: Persona) -> str:
        return obj.taste_label

    @admin.display(description="Shoppers", ordering="shopper_count")
    def shopper_count(self, obj: Persona) -> int:
        return obj.shopper_count


@admin.register(ShopperProfile)
class ShopperProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "persona", "age", "gender", "discount_attitude", "is_demo"]
    list_filter = ["is_demo", "gender", "persona", "discount_attitude"]
    list_select_related = ["user", "persona"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["persona"]
