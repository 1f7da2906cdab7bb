"""Staff import a dataset's CSV (a job with progress and a report) and download each dataset as CSV."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from datasets import selectors, services
from datasets.models import ImportJob
from recommendations.admin.jobs import progress_bar
from recommendations.schemas import DATASETS


class ImportUploadForm(forms.ModelForm):
    class Meta:
        model = ImportJob
        fields = ["dataset", "mode", "skip_invalid", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError("Choose the CSV file to import.")
        return upload


class _Echo:
    """A file whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "progress", "rows_imported", "rows_refused", "created_at", "duration_display"]
    list_filter = ["dataset", "status", "mode"]
    change_list_template = "admin/datasets/importjob/change_list.html"

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        if obj is None:
            kwargs["form"] = ImportUploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return ["dataset", "mode", "skip_invalid", "file"]
        return [
            "dataset",
            "mode",
            "skip_invalid",
            "file",
            "source",
            "status",
            "progress",
            "rows_total",
            "rows_imported",
            "rows_refused",
            "created_products",
            "created_users",
            "error",
            "report_lines",
            "triggered_by",
            "created_at",
            "started_at",
            "finished_at",
            "duration_display",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Jobs are records: opened to read, never edited (a new import is a new job).
        return False

    def save_model(self, request: HttpRequest, obj: ImportJob, form, change: bool) -> None:
        job = services.import_job_start(
            dataset=obj.dataset,
            mode=obj.mode,
            upload=form.cleaned_data["file"],
            skip_invalid=obj.skip_invalid,
            triggered_by=f"admin: {request.user.get_username()}",
        )
        obj.pk = job.pk
        obj.refresh_from_db()

    @admin.display(description="progress")
    def progress(self, obj: ImportJob) -> str:
        if obj.status == ImportJob.Status.RUNNING:
            now = services.import_progress(obj)
            if now and now["total"]:
                return progress_bar(now["done"], now["total"], "rows", phase=now["phase"])
            return "started"
        if obj.status == ImportJob.Status.QUEUED:
            return "queued"
        return progress_bar(obj.rows_done, obj.rows_total or 0, "rows")

    @admin.display(description="report")
    def report_lines(self, obj: ImportJob) -> str:
        lines = obj.report.splitlines()
        if not lines:
            return "no row refused"
        shown = format_html_join("\n", "{}", ((line,) for line in lines[:1000]))
        more = f"\n... {len(lines) - 1000:,} more lines" if len(lines) > 1000 else ""
        return format_html("<pre style='max-height: 30em; overflow: auto'>{}{}</pre>", shown, more)

    def get_urls(self):
        return [
            path(
                "export/<str:dataset>/",
                self.admin_site.admin_view(self.export_view),
                name="datasets_importjob_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest, dataset: str) -> StreamingHttpResponse:
        if dataset not in DATASETS:
            raise Http404(f"no dataset {dataset!r}")
        if not self.has_view_permission(request):
            raise Http404("no permission")
        writer = csv.writer(_Echo(), lineterminator="\n")
        rows = (writer.writerow(row) for row in selectors.dataset_rows(dataset))
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="{dataset}-{stamp}.csv"'
        return response

    def changelist_view(self, request: HttpRequest, extra_context=None):
        exports = [(name, reverse("admin:datasets_importjob_export", args=[name])) for name in DATASETS]
        return super().changelist_view(request, {**(extra_context or {}), "dataset_exports": exports})
