"""Staff control of recommendations: events, configurations, training runs and live versions."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.urls import path
from django.utils.html import format_html

from recommendations import services
from recommendations.admin import dashboard
from recommendations.engine.metrics import NDCG_AT_10, metric_names
from recommendations.models import (
    Filter,
    Impression,
    Interaction,
    ModelVersion,
    ProductStats,
    Recommender,
    TrainingRun,
    TuningRun,
)
from recommendations.validation import recommender_config_problems
from shop.models import Product


class ReadOnlyAdmin(admin.ModelAdmin):
    """The event log is append-only: staff read and filter it, never edit it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = ["timestamp", "event_type", "product", "user", "visitor_id", "recommendation_id"]
    list_filter = ["event_type", "timestamp", "product__category"]
    search_fields = ["user__username", "visitor_id", "product__name", "recommendation_id"]
    list_select_related = ["product", "user"]
    date_hierarchy = "timestamp"
    show_full_result_count = False  # COUNT(*) over 675k rows on every page is wasted work


@admin.register(ProductStats)
class ProductStatsAdmin(ReadOnlyAdmin):
    list_display = ["product", "views", "add_to_carts", "purchases"]
    list_select_related = ["product"]
    search_fields = ["product__name"]
    ordering = ["-views"]


@admin.register(Impression)
class ImpressionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recommendation_id", "recommender", "version", "user", "visitor_id"]
    list_filter = ["recommender", "created_at"]
    list_select_related = ["recommender", "version", "user"]
    show_full_result_count = False


class RecommenderForm(forms.ModelForm):
    selection_metric = forms.ChoiceField(
        choices=[(name, name) for name in metric_names(25)],
        initial=NDCG_AT_10,
        required=False,
        help_text="The offline metric candidates are compared by (Personalize's names).",
    )

    class Meta:
        model = Recommender
        fields = [
            "name",
            "recipe",
            "params",
            "candidates",
            "candidate_params",
            "selection_metric",
            "event_weights",
            "enabled",
            "retrain_minutes",
            "retrain_after_events",
            "tune_every_days",
        ]

    def clean_selection_metric(self) -> str:
        return self.cleaned_data.get("selection_metric") or NDCG_AT_10

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            problems = recommender_config_problems(
                recipe=cleaned.get("recipe", ""),
                params=cleaned.get("params"),
                event_weights=cleaned.get("event_weights"),
                candidates=cleaned.get("candidates") or [],
                candidate_params=cleaned.get("candidate_params") or {},
                selection_metric=cleaned.get("selection_metric", ""),
                # Training reads every product: a catalogue EASE cannot hold is refused here already
                # (a disabled recommender does not train, so it can always be switched off).
                n_items=Product.objects.count() if cleaned.get("enabled") else None,
            )
            if problems:
                raise forms.ValidationError(problems)
        return cleaned


@admin.register(Recommender)
class RecommenderAdmin(admin.ModelAdmin):
    form = RecommenderForm
    list_display = ["name", "slug", "recipe", "enabled", "live_version"]
    list_filter = ["recipe", "enabled"]
    readonly_fields = ["slug"]

    @admin.display(description="Live version")
    def live_version(self, obj: Recommender) -> str:
        live = obj.versions.filter(status=ModelVersion.Status.LIVE).first()
        if live is None:
            return "no model is live (serving falls back to most viewed)"
        return f"v{live.pk} since {live.published_at:%Y-%m-%d %H:%M}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The storefront knows these use cases by slug; new ones need code to show them.
        return False

    def get_urls(self):
        site = self.admin_site
        custom = [
            path("dashboard/", site.admin_view(dashboard.dashboard_view), name="recommendations_dashboard"),
            path("dashboard/train/", site.admin_view(dashboard.train_now_view), name="recommendations_train"),
            path(
                "dashboard/runs/<int:run_id>/progress.json",
                site.admin_view(dashboard.training_run_progress_view),
                name="recommendations_run_progress",
            ),
            path(
                "dashboard/runs/<int:run_id>/cancel/",
                site.admin_view(dashboard.training_run_cancel_view),
                name="recommendations_run_cancel",
            ),
            path(
                "dashboard/versions/<int:version_id>/promote/",
                site.admin_view(dashboard.promote_view),
                name="recommendations_promote",
            ),
            path(
                "dashboard/<int:recommender_id>/rollback/",
                site.admin_view(dashboard.rollback_view),
                name="recommendations_rollback",
            ),
            path(
                "dashboard/<int:recommender_id>/tune/",
                site.admin_view(dashboard.tune_view),
                name="recommendations_tune",
            ),
            path(
                "dashboard/tuning/<int:run_id>/apply/",
                site.admin_view(dashboard.tuning_apply_view),
                name="recommendations_tuning_apply",
            ),
        ]
        return custom + super().get_urls()


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "recommender",
        "status_badge",
        "created_at",
        "published_at",
        "training_seconds",
        "n_interactions",
        "n_users",
        "n_items",
        "ndcg_at_10",
    ]
    list_filter = ["recommender", "status"]
    list_select_related = ["recommender"]
    readonly_fields = [f.name for f in ModelVersion._meta.fields]
    actions = ["promote"]

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj: ModelVersion) -> str:
        return format_html("<strong>{}</strong>", "LIVE") if obj.status == ModelVersion.Status.LIVE else obj.status

    @admin.display(description="NDCG@10")
    def ndcg_at_10(self, obj: ModelVersion) -> str:
        value = (obj.metrics or {}).get("model", {}).get(NDCG_AT_10)
        return "—" if value is None else f"{value:.4f}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Make the selected version live", permissions=["change"])
    def promote(self, request: HttpRequest, queryset) -> None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to make live.", messages.ERROR)
            return
        try:
            version = services.model_version_publish(version=queryset.get())
        except services.VersionNotPublishable as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"{version} is now live.", messages.SUCCESS)


@admin.register(TrainingRun)
class TrainingRunAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "triggered_by",
        "created_at",
        "duration_seconds",
        "n_interactions",
        "n_users",
        "n_items",
    ]
    list_filter = ["status"]
    readonly_fields = [f.name for f in TrainingRun._meta.fields]
    change_list_template = "admin/recommendations/trainingrun/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        live = {v.recommender_id: v for v in ModelVersion.objects.filter(status=ModelVersion.Status.LIVE)}
        table = [(recommender, live.get(recommender.pk)) for recommender in Recommender.objects.all()]
        extra_context = {**(extra_context or {}), "live_table": table}
        if not live:
            self.message_user(request, "No model is live: rows fall back to most viewed. Train now.", messages.WARNING)
        return super().changelist_view(request, extra_context)


@admin.register(TuningRun)
class TuningRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "recommender", "status", "best_score", "duration_seconds", "created_at"]
    list_filter = ["status", "recommender"]
    list_select_related = ["recommender"]
    readonly_fields = [f.name for f in TuningRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class FilterForm(forms.ModelForm):
    class Meta:
        model = Filter
        fields = ["name", "expression", "description"]
        widgets = {
            "expression": forms.Textarea(
                attrs={"rows": 4, "cols": 100, "spellcheck": "false", "style": "font-family: monospace"}
            )
        }


@admin.register(Filter)
class FilterAdmin(admin.ModelAdmin):
    """Personalize filter expressions; one that does not parse is refused with where and why."""

    form = FilterForm
    list_display = ["name", "expression", "updated_at"]
    search_fields = ["name", "expression", "description"]
    readonly_fields = ["created_at", "updated_at"]
