"""Models of the long jobs staff start on the data: batch recommendations and data deletion.

Kept apart from ``models.py`` (which imports them, so Django registers them with this app).
"""

from __future__ import annotations

import hashlib

from django.db import models

from recommendations.models import RunStatus, seconds_display


def batch_input_path(job: BatchJob, filename: str) -> str:
    return f"batch/inputs/{filename}"


class BatchJob(models.Model):
    """Personalize's batch inference job: a JSON Lines file in, one answer per line out.

    Split into chunks of lines, each a Celery task of its own, so any number of workers share it;
    the last chunk to finish queues the join, which writes the output file in input order.
    """

    Status = RunStatus

    recommender = models.ForeignKey("recommendations.Recommender", on_delete=models.CASCADE, related_name="batch_jobs")
    num_results = models.PositiveSmallIntegerField(default=25)
    filter = models.ForeignKey(
        "recommendations.Filter", null=True, blank=True, on_delete=models.SET_NULL, related_name="batch_jobs"
    )
    input_file = models.FileField(upload_to=batch_input_path, max_length=300)
    output_file = models.FileField(upload_to="batch/outputs/", max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    chunk_size = models.PositiveIntegerField(default=2000)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    lines_total = models.PositiveIntegerField(default=0)
    lines_done = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0, help_text="Lines answered with an error instead of items.")
    error = models.TextField(blank=True, help_text="Why the job failed (an unreadable or oversized file).")
    # Every line is scored as of this moment, so chunks scored minutes apart on different workers
    # weigh recency alike, and the same job run twice gives the same file.
    as_of = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    timings = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Batch job #{self.pk}"

    @property
    def progress_percent(self) -> int:
        if self.status == RunStatus.SUCCEEDED:
            return 100
        return int(100 * self.lines_done / self.lines_total) if self.lines_total else 0

    @property
    def summary(self) -> str:
        if self.status == RunStatus.SUCCEEDED:
            return (
                f"{self} succeeded in {seconds_display(self.duration_seconds)}: {self.lines_total:,} lines, "
                f"{self.errors:,} with an error"
            )
        if self.status == RunStatus.FAILED:
            return f"{self} failed: {self.error}"
        return f"{self} is {self.get_status_display().lower()}: {self.lines_done:,} of {self.lines_total:,} lines"


class BatchChunk(models.Model):
    """One task's share of a batch job: a run of lines, found by their byte offsets in the input."""

    Status = RunStatus

    job = models.ForeignKey(BatchJob, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    first_line = models.PositiveIntegerField(help_text="1-based number of the chunk's first line in the input.")
    n_lines = models.PositiveIntegerField()
    byte_start = models.PositiveBigIntegerField()
    byte_end = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    errors = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, help_text="The Celery worker that scored it.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["job", "index"]
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="one_chunk_per_index")]

    def __str__(self) -> str:
        return f"chunk {self.index} of {self.job}"

    @property
    def part_name(self) -> str:
        return f"batch/parts/{self.job_id}/{self.index:06d}.jsonl"


def user_id_digest(user_id: str) -> str:
    """What a tombstone keeps of a deleted userId: its SHA-256, never the id itself."""
    return hashlib.sha256(user_id.encode()).hexdigest()


class DeletedUser(models.Model):
    """A tombstone: events that name this userId again are refused, and it is never recommended to."""

    digest = models.CharField(max_length=64, unique=True)
    deleted_at = models.DateTimeField(auto_now_add=True)
    job = models.ForeignKey(
        "recommendations.DataDeletionJob", null=True, on_delete=models.SET_NULL, related_name="tombstones"
    )

    def __str__(self) -> str:
        return f"deleted user {self.digest[:12]}…"


class DataDeletionJob(models.Model):
    """Staff's or an API client's request to delete shoppers, and the log of what it removed."""

    Status = RunStatus

    # The log says whom: the userIds asked for, and of those the ones that existed and were deleted.
    user_ids = models.JSONField(default=list, help_text="The userIds (usernames) asked for.")
    deleted = models.JSONField(default=list, blank=True, help_text="Those that existed and were deleted.")
    n_requested = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True, help_text="What was removed, per kind of row.")
    not_found = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Data deletion #{self.pk}"
