"""Staff screens for the long jobs: batch recommendations (upload, progress, download) and data deletion."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html

from recommendations import services
from recommendations.models import BatchChunk, BatchJob, DataDeletionJob, RunStatus


class BatchJobForm(forms.ModelForm):
    class Meta:
        model = BatchJob
        fields = ["recommender", "num_results", "filter", "input_file"]
        help_texts = {
            "input_file": 'JSON Lines in Personalize\'s batch format: {"userId": "…"}, {"itemId": "…"} or '
            '{"userId": "…", "itemList": ["…"]}, each with optional "filterValues".',
            "num_results": "Items per line, 1 to 500.",
        }

    def clean_num_results(self) -> int:
        value = self.cleaned_data["num_results"]
        if not 1 <= value <= 500:
            raise forms.ValidationError("Items per line must be 1 to 500.")
        return value

    def clean_input_file(self):
        upload = self.cleaned_data["input_file"]
        try:
            services.batch_input_lines(upload)
        except services.BatchInputRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class BatchChunkInline(admin.TabularInline):
    model = BatchChunk
    fields = ["index", "first_line", "n_lines", "status", "errors", "worker", "duration_seconds"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def progress_bar(done: int, total: int, unit: str, phase: str = "") -> str:
    """A job's progress as the admin lists show it: a bar, the percentage, done of total."""
    percent = 100 * done // total if total else 0
    return format_html(
        '<progress value="{}" max="100" style="width: 10em"></progress> {}% ({}{} of {} {})',
        percent,
        percent,
        f"{phase} " if phase else "",
        f"{done:,}",
        f"{total:,}",
        unit,
    )


@admin.register(BatchJob)
class BatchJobAdmin(admin.ModelAdmin):
    form = BatchJobForm
    list_display = ["__str__", "recommender", "status", "progress", "lines", "errors", "created_at", "download"]
    list_filter = ["status", "recommender"]
    list_select_related = ["recommender"]
    inlines = [BatchChunkInline]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if obj is None:
            return []
        return ["progress", "download", *[f.name for f in BatchJob._meta.fields]]

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if obj is None:
            return list(BatchJobForm.Meta.fields)
        return super().get_fields(request, obj)

    def get_inlines(self, request: HttpRequest, obj):
        return self.inlines if obj is not None else []

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    @admin.display(description="progress")
    def progress(self, job: BatchJob) -> str:
        return progress_bar(job.chunks_done, job.chunks_total, "chunks")

    @admin.display(description="lines")
    def lines(self, job: BatchJob) -> str:
        return f"{job.lines_done:,} of {job.lines_total:,}"

    @admin.display(description="output")
    def download(self, job: BatchJob) -> str:
        if job.status != RunStatus.SUCCEEDED or not job.output_file:
            return job.error[:80] if job.status == RunStatus.FAILED else "—"
        url = reverse("admin:recommendations_batchjob_download", args=[job.pk])
        return format_html('<a href="{}" download>Download output</a>', url)

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        return [path("<int:pk>/download/", view, name="recommendations_batchjob_download"), *super().get_urls()]

    def download_view(self, request: HttpRequest, pk: int) -> FileResponse:
        if not self.has_view_permission(request):
            raise Http404("no such batch job")
        job = BatchJob.objects.filter(pk=pk, status=RunStatus.SUCCEEDED).first()
        if job is None or not job.output_file:
            raise Http404("this batch job has no output (yet)")
        return FileResponse(
            default_storage.open(job.output_file.name, "rb"),
            as_attachment=True,
            filename=f"batch-job-{job.pk}-output.jsonl",
            content_type="application/jsonl",
        )

    def save_model(self, request: HttpRequest, obj: BatchJob, form, change: bool) -> None:
        upload = form.cleaned_data["input_file"]
        job = services.batch_job_create(
            recommender=form.cleaned_data["recommender"],
            input_file=upload,
            name=upload.name,
            num_results=form.cleaned_data["num_results"],
            item_filter=form.cleaned_data["filter"],
            created_by=request.user.get_username(),
        )
        obj.pk = job.pk
        obj.refresh_from_db()


@admin.register(DataDeletionJob)
class DataDeletionJobAdmin(admin.ModelAdmin):
    """The deletion log: who deleted whom, when, and how many rows of each kind went."""

    list_display = ["__str__", "status", "requested_by", "created_at", "finished_at", "whom", "removed"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in DataDeletionJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a log

    @admin.display(description="deleted")
    def whom(self, job: DataDeletionJob) -> str:
        return ", ".join(job.deleted) or "—"

    @admin.display(description="rows removed")
    def removed(self, job: DataDeletionJob) -> str:
        return ", ".join(f"{n:,} {kind}" for kind, n in sorted(job.counts.items())) or "—"


User = get_user_model()


@admin.action(description="Delete the selected shoppers' data (logged; cannot be undone)")
def delete_shopper_data(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset) -> None:
    names = list(queryset.values_list(User.USERNAME_FIELD, flat=True))
    try:
        job = services.data_deletion_start(user_ids=names, requested_by=request.user.get_username())
    except services.DeletionRefused as exc:
        modeladmin.message_user(request, f"Nobody was deleted: {exc}", messages.ERROR)
        return
    url = reverse("admin:recommendations_datadeletionjob_change", args=[job.pk])
    job.refresh_from_db()
    modeladmin.message_user(
        request,
        format_html('<a href="{}">{}</a> for {} shopper(s): {}.', url, job, len(names), job.get_status_display()),
        messages.SUCCESS,
    )


class ShopperUserAdmin(UserAdmin):
    actions = [*(UserAdmin.actions or []), delete_shopper_data]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, ShopperUserAdmin)
