"""``python manage.py export_dataset --dataset items [--output FILE]``: the dataset as an import reads it."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from datasets import selectors
from recommendations.schemas import DATASETS


class Command(BaseCommand):
    help = "Export a dataset as CSV in Personalize's bulk format (the form import_dataset reads)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dataset", required=True, choices=DATASETS)
        parser.add_argument("--output", "-o", default="-", help="the file to write; - (default) for stdout")

    def handle(self, *args, **options) -> None:
        dataset = options["dataset"]
        to_stdout = options["output"] == "-"
        out = self.stdout if to_stdout else open(options["output"], "w", encoding="utf-8", newline="")  # noqa: SIM115
        bar = None if to_stdout else tqdm(total=selectors.dataset_count(dataset), unit=" rows", file=sys.stderr)
        try:
            count = selectors.dataset_export(dataset, out, progress=(lambda n: bar.update(n - bar.n)) if bar else None)
        finally:
            if bar is not None:
                bar.close()
            if not to_stdout:
                out.close()
        if not to_stdout:
            self.stderr.write(f"{count:,} {dataset} rows written to {options['output']}")
