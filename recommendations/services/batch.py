"""Batch recommendation jobs: a JSON Lines file split into chunks, one Celery task each.

Any number of workers share a job: each chunk task scores its lines, writes its part of the output
and counts itself done on the job's row (an ``F()`` update, held until commit); the task that finishes the
last chunk queues the join, which writes the parts in input order as the output file. Without a
broker the same tasks run in this process (see ``services.queue``).
"""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterable
from datetime import datetime
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from recommendations.models import BatchChunk, BatchJob, Filter, Recommender, RunStatus
from recommendations.selectors.batch import MAX_ITEM_LIST, batch_lines_answer
from recommendations.services.queue import BATCH_CHUNK, BATCH_JOB_FINISH, task_enqueue

logger = logging.getLogger(__name__)

READ_BLOCK = 1 << 20


class BatchInputRefused(ValueError):
    """An input file the job will not take: unreadable, or over the line limit. Nothing was stored."""


def _line_bounds(stream: IO[bytes], max_lines: int) -> list[int]:
    """Byte offset where each line starts, and the end: one pass, a block at a time."""
    starts = [0]
    offset = 0
    tail = b""
    while block := stream.read(READ_BLOCK):
        at = block.find(b"\n")
        while at >= 0:
            starts.append(offset + at + 1)
            if len(starts) - 1 > max_lines:
                raise BatchInputRefused(
                    f"the input has more than {max_lines:,} lines (RECOMMENDATIONS_BATCH_MAX_LINES): split it"
                )
            at = block.find(b"\n", at + 1)
        offset += len(block)
        tail = block
    if offset and not tail.endswith(b"\n"):
        starts.append(offset)  # a last line without its newline is a line too
        if len(starts) - 1 > max_lines:
            raise BatchInputRefused(
                f"the input has more than {max_lines:,} lines (RECOMMENDATIONS_BATCH_MAX_LINES): split it"
            )
    return starts


def batch_input_lines(stream: IO[bytes]) -> int:
    """How many lines a file holds; ``BatchInputRefused`` when it is over the limit or unreadable."""
    try:
        stream.seek(0)
        n = len(_line_bounds(stream, settings.RECOMMENDATIONS_BATCH_MAX_LINES)) - 1
        stream.seek(0)
    except OSError as exc:
        raise BatchInputRefused(f"cannot read the input file: {exc}") from exc
    return n


def batch_job_create(
    *,
    recommender: Recommender,
    input_file: File | IO[bytes],
    name: str = "input.jsonl",
    num_results: int = 25,
    item_filter: Filter | None = None,
    created_by: str = "",
    chunk_size: int | None = None,
    as_of: datetime | None = None,
) -> BatchJob:
    """Store the input, split it into chunks and queue one task per chunk; returns the job.

    Refused up front (``BatchInputRefused``, nothing stored or queued): a file that cannot be read
    or holds more than ``RECOMMENDATIONS_BATCH_MAX_LINES`` lines, ``num_results`` outside 1-500.
    """
    if not 1 <= num_results <= MAX_ITEM_LIST:
        raise BatchInputRefused(f"numResults must be 1 to {MAX_ITEM_LIST}, not {num_results}")
    chunk_size = chunk_size or settings.RECOMMENDATIONS_BATCH_CHUNK_SIZE
    if chunk_size < 1:
        raise BatchInputRefused(f"the chunk size must be at least 1, not {chunk_size}")
    started = time.perf_counter()
    try:
        if hasattr(input_file, "seek"):
            input_file.seek(0)
        bounds = _line_bounds(input_file, settings.RECOMMENDATIONS_BATCH_MAX_LINES)
        input_file.seek(0)
    except OSError as exc:
        raise BatchInputRefused(f"cannot read the input file: {exc}") from exc
    split_seconds = time.perf_counter() - started
    n_lines = len(bounds) - 1
    with transaction.atomic():
        job = BatchJob(
            recommender=recommender,
            num_results=num_results,
            filter=item_filter,
            chunk_size=chunk_size,
            lines_total=n_lines,
            created_by=created_by,
            as_of=as_of or timezone.now(),
        )
        job.input_file.save(name, input_file if isinstance(input_file, File) else File(input_file), save=False)
        job.chunks_total = (n_lines + chunk_size - 1) // chunk_size
        job.timings = {"split_seconds": round(split_seconds, 3)}
        job.save()
        BatchChunk.objects.bulk_create(
            BatchChunk(
                job=job,
                index=index,
                first_line=first + 1,
                n_lines=min(chunk_size, n_lines - first),
                byte_start=bounds[first],
                byte_end=bounds[min(first + chunk_size, n_lines)],
            )
            for index, first in enumerate(range(0, n_lines, chunk_size))
        )
        if job.chunks_total:
            for index in range(job.chunks_total):
                task_enqueue(BATCH_CHUNK, job.pk, index)
        else:
            task_enqueue(BATCH_JOB_FINISH, job.pk)  # an empty file: an empty output
    return job


def _job_fail(job_id: int, message: str) -> None:
    now = timezone.now()
    created_at = BatchJob.objects.values_list("created_at", flat=True).get(pk=job_id)
    BatchJob.objects.filter(pk=job_id, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(
        status=RunStatus.FAILED, error=message, finished_at=now, duration_seconds=(now - created_at).total_seconds()
    )


def _chunk_lines(job: BatchJob, chunk: BatchChunk) -> list[bytes]:
    with default_storage.open(job.input_file.name, "rb") as stream:
        stream.seek(chunk.byte_start)
        data = stream.read(chunk.byte_end - chunk.byte_start)
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    if len(lines) != chunk.n_lines:
        raise OSError(f"the input file changed since the job split it ({len(lines)} lines where {chunk.n_lines} were)")
    return lines


def batch_chunk_execute(*, job_id: int, index: int, worker: str = "") -> BatchChunk | None:
    """Score one chunk's lines and write its part; the last chunk done queues the join.

    A chunk already done (a message delivered twice) is left as it is. A file that cannot be read
    fails the whole job with the reason; a bad line only gets its own error in the output.
    """
    job = BatchJob.objects.select_related("recommender", "filter").get(pk=job_id)
    chunk = BatchChunk.objects.get(job=job, index=index)
    if chunk.status == RunStatus.SUCCEEDED or job.status == RunStatus.FAILED:
        return chunk
    worker = worker or f"in-process@{socket.gethostname()}"
    started_at = timezone.now()
    BatchChunk.objects.filter(pk=chunk.pk).update(status=RunStatus.RUNNING, worker=worker, started_at=started_at)
    BatchJob.objects.filter(pk=job.pk, status=RunStatus.QUEUED).update(status=RunStatus.RUNNING, started_at=started_at)
    clock = time.perf_counter()
    try:
        lines = _chunk_lines(job, chunk)
    except OSError as exc:
        _job_fail(job.pk, f"cannot read the input file {job.input_file.name}: {exc}")
        BatchChunk.objects.filter(pk=chunk.pk).update(status=RunStatus.FAILED)
        return None
    answers = batch_lines_answer(
        recommender=job.recommender,
        lines=lines,
        first_line=chunk.first_line,
        num_results=job.num_results,
        item_filter=job.filter,
        now=job.as_of.timestamp() if job.as_of else None,
    )
    body = "".join(json.dumps(answer, ensure_ascii=False) + "\n" for answer in answers).encode()
    if default_storage.exists(chunk.part_name):
        default_storage.delete(chunk.part_name)  # a retried chunk's earlier, unfinished part
    default_storage.save(chunk.part_name, ContentFile(body))
    errors = sum(answer["error"] is not None for answer in answers)
    finished_at = timezone.now()
    # Writes first, reads after: SQLite cannot turn a transaction's read lock into a write lock
    # while another process writes, and PostgreSQL holds each updated row until the commit, so
    # two chunks finishing together count one after the other and exactly one sees the last.
    with transaction.atomic():
        marked = (
            BatchChunk.objects.filter(pk=chunk.pk)
            .exclude(status=RunStatus.SUCCEEDED)
            .update(
                status=RunStatus.SUCCEEDED,
                errors=errors,
                worker=worker,
                finished_at=finished_at,
                duration_seconds=time.perf_counter() - clock,
            )
        )
        if not marked:
            return BatchChunk.objects.get(pk=chunk.pk)  # another delivery of this message finished it first
        BatchJob.objects.filter(pk=job.pk).update(
            chunks_done=F("chunks_done") + 1, lines_done=F("lines_done") + len(lines), errors=F("errors") + errors
        )
        counted = BatchJob.objects.filter(pk=job.pk).values_list("chunks_done", "chunks_total").get()
        if counted[0] == counted[1]:
            task_enqueue(BATCH_JOB_FINISH, job.pk)
    return BatchChunk.objects.get(pk=chunk.pk)


def _parts(job: BatchJob) -> Iterable[bytes]:
    for chunk in job.chunks.order_by("index"):
        with default_storage.open(chunk.part_name, "rb") as part:
            while block := part.read(READ_BLOCK):
                yield block


def batch_job_finish(*, job_id: int) -> BatchJob:
    """Join the chunks' parts, in input order, into the output file; the job succeeds."""
    job = BatchJob.objects.get(pk=job_id)
    if job.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
        return job
    clock = time.perf_counter()
    try:
        output = ContentFile(b"".join(_parts(job)))
    except OSError as exc:
        _job_fail(job.pk, f"cannot read a chunk's part of the output: {exc}")
        return BatchJob.objects.get(pk=job_id)
    job.output_file.save(f"batch-job-{job.pk}.jsonl", output, save=False)
    for chunk in job.chunks.all():
        default_storage.delete(chunk.part_name)
    now = timezone.now()
    chunk_seconds = [c.duration_seconds or 0.0 for c in job.chunks.all()]
    job.status, job.finished_at = RunStatus.SUCCEEDED, now
    job.duration_seconds = (now - job.created_at).total_seconds()
    job.timings = {
        **job.timings,
        "chunk_seconds_total": round(sum(chunk_seconds), 3),
        "chunk_seconds_max": round(max(chunk_seconds, default=0.0), 3),
        "join_seconds": round(time.perf_counter() - clock, 3),
        "workers": sorted(set(job.chunks.values_list("worker", flat=True))),
    }
    job.save(update_fields=["output_file", "status", "finished_at", "duration_seconds", "timings"])
    return job
