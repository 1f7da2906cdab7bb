"""``python manage.py batch_recommend``: Personalize's batch inference job from the command line.

The job runs as it would from the admin: chunks queued as Celery tasks (shared by every worker on
the broker), or, without one, in this process. The command follows its progress and copies the
output file to ``--output``.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from recommendations import services
from recommendations.models import BatchJob, Filter, Recommender, RunStatus
from recommendations.services.queue import background_tasks

POLL_SECONDS = 0.2


class Command(BaseCommand):
    help = (
        "Recommendations for every line of a JSON Lines file in Personalize's batch format "
        '({"userId": …}, {"itemId": …}, {"userId": …, "itemList": […]}), written in its output format.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--recommender", required=True, help="the recommender's slug")
        parser.add_argument("--input", required=True, type=Path, help="JSON Lines, one request a line")
        parser.add_argument("--output", required=True, type=Path, help="where to write the answers")
        parser.add_argument("--num-results", type=int, default=25, help="items per line (1-500, default 25)")
        parser.add_argument("--filter", default=None, help="a stored filter's name, applied to every line")
        parser.add_argument(
            "--chunk-size", type=int, default=None, help="lines per task (RECOMMENDATIONS_BATCH_CHUNK_SIZE)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options) -> None:
        recommender = Recommender.objects.filter(slug=options["recommender"]).first()
        if recommender is None:
            slugs = ", ".join(Recommender.objects.values_list("slug", flat=True))
            raise CommandError(f"unknown recommender {options['recommender']!r}; one of: {slugs}")
        item_filter = None
        if options["filter"]:
            item_filter = Filter.objects.filter(name=options["filter"]).first()
            if item_filter is None:
                names = ", ".join(Filter.objects.values_list("name", flat=True)) or "none"
                raise CommandError(f"unknown filter {options['filter']!r}; stored filters: {names}")
        source = Path(options["input"])
        try:
            stream = source.open("rb")
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc}") from exc
        bar = tqdm(unit="line", desc="batch", disable=options["no_progress"] or None)
        started = time.perf_counter()
        with stream:
            try:
                job = services.batch_job_create(
                    recommender=recommender,
                    input_file=File(stream),
                    name=source.name,
                    num_results=options["num_results"],
                    item_filter=item_filter,
                    created_by="manage.py batch_recommend",
                    chunk_size=options["chunk_size"],
                )
            except services.BatchInputRefused as exc:
                bar.close()
                raise CommandError(str(exc)) from exc
        bar.reset(total=job.lines_total)
        job = self._follow(job, bar)
        bar.close()
        if job.status != RunStatus.SUCCEEDED:
            raise CommandError(job.summary)
        destination = Path(options["output"])
        with default_storage.open(job.output_file.name, "rb") as output, destination.open("wb") as copy:
            shutil.copyfileobj(output, copy)
        seconds = time.perf_counter() - started
        rate = job.lines_total / seconds if seconds > 0 else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"{job.summary} ({rate:,.0f} lines/s over {job.chunks_total} chunk(s) on "
                f"{len(job.timings.get('workers', []))} worker(s)); written to {destination}"
            )
        )

    @staticmethod
    def _follow(job: BatchJob, bar: tqdm) -> BatchJob:
        while True:
            job.refresh_from_db()
            bar.update(job.lines_done - bar.n)
            if job.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
                background_tasks.wait()  # the in-process worker has cleaned up after the join too
                return job
            time.sleep(POLL_SECONDS)
