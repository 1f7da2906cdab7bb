from __future__ import annotations

from django.db import models

from recommendations.models import RunStatus, seconds_display
from recommendations.schemas import DATASETS


class Mode(models.TextChoices):
    FULL = "full", "Full (replaces the dataset's bulk data)"
    INCREMENTAL = "incremental", "Incremental (adds and updates)"


class ImportJob(models.Model):
    """One CSV import of a dataset: its file, how far it got and the report of what it refused."""

    Status = RunStatus

    dataset = models.CharField(max_length=20, choices=[(name, name.title()) for name in DATASETS])
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.INCREMENTAL)
    skip_invalid = models.BooleanField(
        default=False,
        help_text="Import the valid rows and report the others. Off: one bad row refuses the whole file.",
    )
    # An upload from the admin, or a path on the server (the import_dataset command reads it in place).
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    source = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    triggered_by = models.CharField(max_length=100, blank=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_refused = models.PositiveIntegerField(default=0)
    created_products = models.PositiveIntegerField(default=0)
    created_users = models.PositiveIntegerField(default=0)
    # One line per problem: "line 12: ITEM_ID 'x' is not a product id (digits)".
    report = models.TextField(blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.dataset}, {self.mode})"

    @property
    def duration_display(self) -> str:
        return seconds_display(self.duration_seconds)
