"""Import jobs: a CSV of one dataset, run as a task (or here and now), with progress and a report."""

from __future__ import annotations

import csv
import io
import logging
import time
from typing import IO

from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from datasets.models import ImportJob, Mode
from datasets.services.interactions import ImportResult, Progress, interactions_import
from datasets.services.items import item_record, items_apply
from datasets.services.records import ImportRefused, header_check, item_id_problem, user_id_problem
from datasets.services.users import unknown_personas, user_record, users_apply
from recommendations.schemas import DATASETS, ITEMS, USERS
from recommendations.selectors import dataset_schema
from recommendations.selectors.catalogue import item_table_invalidate
from recommendations.services.queue import task_enqueue

logger = logging.getLogger(__name__)

IMPORT_RUN = "datasets.tasks.import_run"
# The running job's progress lives in the cache: its rows are written in one transaction, which
# other connections (the admin's) cannot see into until it commits.
PROGRESS_KEY = "datasets:import:{}:progress"
PROGRESS_SECONDS = 24 * 3600


def _csv_rows(source: IO[bytes]) -> tuple[list[str], list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """(header, [(line, cells)], [(line, problem)] for rows of the wrong width)."""
    try:
        text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            raise ImportRefused("the file is empty: expected a header naming the schema's fields")
        rows: list[tuple[int, list[str]]] = []
        widths: list[tuple[int, str]] = []
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                widths.append((reader.line_num, f"{len(cells)} cells where the header has {len(header)}"))
            else:
                rows.append((reader.line_num, cells))
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"the file is not UTF-8 text: {exc}") from None
    except csv.Error as exc:
        raise ImportRefused(f"not a CSV file this import can read: {exc}") from None
    return header, rows, widths


def _records_import(
    source: IO[bytes],
    *,
    dataset: str,
    full: bool,
    skip_invalid: bool,
    progress: Progress,
) -> ImportResult:
    """Items or users: each row typed by the schema (a report line for each refused one), then
    upserted in one transaction."""
    schema = dataset_schema(dataset)
    id_field, id_problem = ("ITEM_ID", item_id_problem) if dataset == ITEMS else ("USER_ID", user_id_problem)
    to_record = item_record if dataset == ITEMS else user_record
    header, rows, widths = _csv_rows(source)
    names = header_check(header, schema)
    result = ImportResult(rows_total=len(rows) + len(widths))
    for line, problem in widths:
        result.report.add(line, problem)
    records: list[tuple[object, dict[str, object]]] = []
    first_line: dict[object, int] = {}
    personas: dict[str, list[int]] = {}
    at = names.index(id_field)
    progress("checking", 0, result.rows_total)
    for done, (line, cells) in enumerate(rows, start=1):
        raw_id = cells[at]
        problem = id_problem(raw_id)
        if problem:
            result.report.add(line, problem)
            continue
        key: object = int(raw_id) if dataset == ITEMS else raw_id
        if key in first_line:
            result.report.add(line, f"{id_field} {raw_id} is repeated (first on line {first_line[key]})")
            continue
        first_line[key] = line
        try:
            record = to_record(schema, dict(zip(names, cells, strict=True)))
        except ValueError as exc:
            result.report.add(line, str(exc))
            continue
        if dataset == USERS and record.get("PERSONA"):
            personas.setdefault(str(record["PERSONA"]), []).append(line)
        records.append((key, record))
        if done % 10_000 == 0:
            progress("checking", done, result.rows_total)
    unknown = unknown_personas(set(personas))
    if unknown:
        for slug in unknown:
            for line in personas[slug]:
                result.report.add(line, f"PERSONA {slug!r} names no persona")
        records = [(key, r) for key, r in records if str(r.get("PERSONA") or "") not in unknown]
    progress("checking", result.rows_total, result.rows_total)
    if len(result.report) and not skip_invalid:
        return result
    progress("writing", 0, len(records))
    try:
        if dataset == ITEMS:
            written, result.created_products = items_apply(records, clear_others=full)  # type: ignore[arg-type]
        else:
            written, result.created_users = users_apply(records, clear_others=full)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ImportRefused(str(exc)) from None
    progress("writing", len(records), len(records))
    result.rows_imported = written
    return result


def dataset_import(
    source: IO[bytes],
    *,
    dataset: str,
    mode: str = Mode.INCREMENTAL,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one dataset's CSV; ImportRefused when the file as a whole is refused (nothing stored)."""
    if dataset not in DATASETS:
        raise ImportRefused(f"unknown dataset {dataset!r}: one of {', '.join(DATASETS)}")
    full = mode == Mode.FULL
    report_progress = progress or (lambda phase, done, total: None)
    if dataset == "interactions":
        result = interactions_import(source, full=full, skip_invalid=skip_invalid, progress=report_progress)
    else:
        result = _records_import(
            source, dataset=dataset, full=full, skip_invalid=skip_invalid, progress=report_progress
        )
    transaction.on_commit(item_table_invalidate)
    return result


def import_job_create(
    *,
    dataset: str,
    mode: str,
    upload: File | None = None,
    source: str = "",
    skip_invalid: bool = False,
    triggered_by: str = "",
) -> ImportJob:
    """A queued job for an uploaded file (kept in media storage) or a path on this server."""
    job = ImportJob(
        dataset=dataset, mode=mode, skip_invalid=skip_invalid, source=source, triggered_by=triggered_by[:100]
    )
    if upload is not None:
        job.file.save(upload.name or f"{dataset}.csv", upload, save=False)
    job.save()
    return job


def import_job_start(
    *,
    dataset: str,
    mode: str,
    upload: File | None = None,
    source: str = "",
    skip_invalid: bool = False,
    triggered_by: str = "",
    synchronous: bool = False,
) -> ImportJob:
    """Create an import job and queue it (or run it now)."""
    job = import_job_create(
        dataset=dataset, mode=mode, upload=upload, source=source, skip_invalid=skip_invalid, triggered_by=triggered_by
    )
    if synchronous:
        return import_job_run(job_id=job.pk)
    task_enqueue(IMPORT_RUN, job.pk)
    return job


def import_progress(job: ImportJob) -> dict | None:
    """{"phase", "done", "total"} of a running job, from the cache; None when it has none."""
    return cache.get(PROGRESS_KEY.format(job.pk))


def _opened(job: ImportJob) -> IO[bytes]:
    """The job's file: its upload in media storage, or the path the command gave."""
    if job.file:
        return job.file.open("rb")
    return open(job.source, "rb")


def import_job_run(*, job_id: int, progress: Progress | None = None) -> ImportJob:
    """Run a queued import job, recording its figures and report; never raises for a bad file."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job
    started = time.monotonic()
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    last = [0.0]

    def track(phase: str, done: int, total: int) -> None:
        if progress is not None:
            progress(phase, done, total)
        now = time.monotonic()
        if now - last[0] >= 0.5 or done == total:
            last[0] = now
            cache.set(PROGRESS_KEY.format(job.pk), {"phase": phase, "done": done, "total": total}, PROGRESS_SECONDS)

    try:
        with _opened(job) as source:
            result = dataset_import(
                source, dataset=job.dataset, mode=job.mode, skip_invalid=job.skip_invalid, progress=track
            )
    except ImportRefused as exc:
        job.status, job.error = ImportJob.Status.FAILED, str(exc)
    except OSError as exc:
        job.status, job.error = ImportJob.Status.FAILED, f"cannot read the file: {exc}"
    except Exception as exc:  # a job's row must say it failed, whatever failed
        logger.exception("import job %s failed", job.pk)
        job.status, job.error = ImportJob.Status.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        job.rows_total, job.rows_imported = result.rows_total, result.rows_imported
        job.rows_refused = len(result.report)
        job.rows_done = result.rows_total
        job.created_products, job.created_users = result.created_products, result.created_users
        job.report = result.report.text()
        if job.rows_refused and not job.skip_invalid:
            job.status = ImportJob.Status.FAILED
            rows = "row" if job.rows_refused == 1 else "rows"
            job.error = f"{job.rows_refused:,} {rows} refused (see the report): nothing was imported"
            job.rows_imported = 0
        else:
            job.status = ImportJob.Status.SUCCEEDED
    job.finished_at = timezone.now()
    job.duration_seconds = time.monotonic() - started
    job.save()
    cache.delete(PROGRESS_KEY.format(job.pk))
    return job
