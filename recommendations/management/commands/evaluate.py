"""``python manage.py evaluate``: Personalize's offline metrics for an interactions file."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from recommendations.engine.evaluation import evaluate_models
from recommendations.engine.loading import FORMATS, InteractionsFileError, load_interactions
from recommendations.engine.reports import default_factories, format_table, means


class Command(BaseCommand):
    help = (
        "Evaluate the recommenders on an interactions file with Amazon Personalize's protocol "
        "(90/10 users, newest 10% of each test user held out), beside the popularity baseline."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interactions", required=True, help="CSV file of interactions")
        parser.add_argument("--format", choices=FORMATS, default="personalize")
        parser.add_argument("--folds", type=int, default=1, help="folds of test users (10 tests every user once)")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--json", action="store_true", help='print {"<model>": {"<metric>": value}} as JSON')

    def handle(self, *args, **options) -> None:
        if options["folds"] < 1:
            raise CommandError("--folds must be at least 1")
        try:
            loaded = load_interactions(options["interactions"], options["format"])
            data = loaded.interactions
            report = evaluate_models(
                default_factories(),
                data,
                folds=options["folds"],
                seed=options["seed"],
                # Folds by each user's own id: the same users are tested as the file grows.
                user_keys=loaded.user_ids,
            )
        except (InteractionsFileError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(means(report)))
            return
        self.stdout.write(
            f"{len(data):,} interactions, {data.n_users:,} users, {data.n_items:,} items; "
            f"{report['n_test_users']:,} test users over {options['folds']} fold(s), seed {options['seed']}"
        )
        self.stdout.write(format_table(report))
