"""``python manage.py import_dataset --dataset interactions --mode full FILE``: an import job, here and now."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from datasets import services
from datasets.models import ImportJob, Mode
from recommendations.schemas import DATASETS

REPORT_LINES_SHOWN = 20


class Command(BaseCommand):
    help = "Import a dataset's CSV (Personalize's bulk format) with a progress bar; the job is kept for the admin."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the CSV file (its header names the schema's fields)")
        parser.add_argument("--dataset", required=True, choices=DATASETS)
        parser.add_argument("--mode", default=Mode.INCREMENTAL, choices=Mode.values)
        parser.add_argument("--skip-invalid", action="store_true", help="import the valid rows and report the others")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (logs, CI)")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"]).resolve()
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        job = services.import_job_create(
            dataset=options["dataset"],
            mode=options["mode"],
            source=str(path),
            skip_invalid=options["skip_invalid"],
            triggered_by="manage.py import_dataset",
        )
        bars: dict[str, tqdm] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if options["no_progress"]:
                return
            bar = bars.get(phase)
            if bar is None:
                bar = bars[phase] = tqdm(total=total, desc=phase, unit=" rows", file=self.stderr, dynamic_ncols=True)
            bar.update(done - bar.n)

        try:
            job = services.import_job_run(job_id=job.pk, progress=progress)
        finally:
            for bar in bars.values():
                bar.close()
        lines = job.report.splitlines()
        for line in lines[:REPORT_LINES_SHOWN]:
            self.stdout.write(f"  {line}")
        if len(lines) > REPORT_LINES_SHOWN:
            self.stdout.write(f"  ... {len(lines) - REPORT_LINES_SHOWN:,} more lines in import job #{job.pk}'s report")
        if job.status != ImportJob.Status.SUCCEEDED:
            raise CommandError(f"import job #{job.pk} failed: {job.error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"import job #{job.pk}: {job.rows_imported:,} of {job.rows_total:,} rows imported in "
                f"{job.duration_display} ({job.rows_refused:,} refused; created {job.created_products:,} products, "
                f"{job.created_users:,} shoppers)"
            )
        )
