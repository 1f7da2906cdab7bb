"""``python manage.py evaluate``: offline metrics for an interactions file, under Personalize's protocol
or the ones peers publish (Microsoft Recommenders' stratified split, leave-last-out)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from recommendations.engine.evaluation import ModelFactory
from recommendations.engine.loading import FORMATS, InteractionsFileError, LoadedInteractions, load_interactions
from recommendations.engine.metrics import metric_names, rank_metric_names, top_k_metric_names
from recommendations.engine.protocols import (
    DEFAULT_TEST_RATIO,
    PERSONALIZE,
    PROTOCOLS,
    STRATIFIED,
    default_k,
    evaluate_protocol,
    protocol_folds,
    tune_for_protocol,
)
from recommendations.engine.reports import default_factories, format_table, means
from recommendations.engine.search import DEFAULT_RANDOM_TRIALS
from recommendations.recipes import Recipe, UnknownRecipe, recipe_get, recipe_list

DEFAULT_RECIPES = ("als", "sequential")


class Command(BaseCommand):
    help = (
        "Evaluate recommenders on an interactions file beside the popularity baseline, with Amazon "
        "Personalize's protocol (90/10 users, newest 10% of each test user held out; the default), "
        "Microsoft Recommenders' stratified split (a random 25% of each user's items) or leave-last-out."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interactions", required=True, help="CSV file of interactions")
        parser.add_argument("--format", choices=FORMATS, default="personalize")
        parser.add_argument("--protocol", choices=PROTOCOLS, default=PERSONALIZE)
        parser.add_argument(
            "--test-ratio",
            type=float,
            default=DEFAULT_TEST_RATIO,
            help="stratified: share of each user's items held out",
        )
        parser.add_argument("--k", type=int, help="cut-off (default 25 for personalize, 10 for the others)")
        parser.add_argument(
            "--recipes", help=f"comma-separated recipe names, e.g. als,ease (default {','.join(DEFAULT_RECIPES)})"
        )
        parser.add_argument("--folds", type=int, default=1, help="folds (personalize: 10 tests every user once)")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--tune", action="store_true", help="search each recipe's hyperparameters on the training part first"
        )
        parser.add_argument("--trials", type=int, default=DEFAULT_RANDOM_TRIALS, help="random trials per recipe")
        parser.add_argument("--json", action="store_true", help='print {"<model>": {"<metric>": value}} as JSON')

    def handle(self, *args, **options) -> None:
        protocol = options["protocol"]
        k = default_k(protocol) if options["k"] is None else options["k"]
        self._check(options, k)
        recipes = self._recipes(options["recipes"])
        try:
            loaded = load_interactions(options["interactions"], options["format"])
            data = loaded.interactions
            params = self._tune(recipes, loaded, options) if options["tune"] else {}
            if options["recipes"] is None and not options["tune"]:
                factories = default_factories()  # today's models, exactly
            else:
                factories = {recipe.name: _factory(recipe, params.get(recipe.name, {})) for recipe in recipes}
            report = evaluate_protocol(
                factories,
                data,
                protocol=protocol,
                k=k,
                test_ratio=options["test_ratio"],
                seed=options["seed"],
                folds=options["folds"],
                # Personalize's folds by each user's own id: the same users are tested as the file grows.
                user_keys=loaded.user_ids,
            )
        except (InteractionsFileError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps({**means(report), "n_test_users": report["n_test_users"]}))
            return
        split = f"{protocol} split" + (f", {options['test_ratio']:g} held out" if protocol == STRATIFIED else "")
        self.stdout.write(
            f"{len(data):,} interactions, {data.n_users:,} users, {data.n_items:,} items; {split}; "
            f"{report['n_test_users']:,} test users over {options['folds']} fold(s), seed {options['seed']}"
        )
        self.stdout.write(format_table(report, k, _metric_names(protocol, k)))

    def _check(self, options: dict[str, Any], k: int) -> None:
        if options["folds"] < 1:
            raise CommandError("--folds must be at least 1")
        if k < 1:
            raise CommandError("--k must be at least 1")
        if not 0 < options["test_ratio"] < 1:
            raise CommandError("--test-ratio must be between 0 and 1")
        if options["trials"] < 1:
            raise CommandError("--trials must be at least 1")
        if options["tune"] and options["folds"] != 1:
            raise CommandError("--tune tunes on one fold's training part: use it with --folds 1")

    def _recipes(self, names: str | None) -> list[Recipe]:
        wanted = [name.strip() for name in (names or ",".join(DEFAULT_RECIPES)).split(",") if name.strip()]
        if not wanted:
            raise CommandError("--recipes names no recipe")
        try:
            recipes = [recipe_get(name) for name in dict.fromkeys(wanted)]
        except UnknownRecipe as exc:
            raise CommandError(str(exc)) from exc
        personal = ", ".join(recipe.name for recipe in recipe_list() if recipe.personal)
        for recipe in recipes:
            if not recipe.personal:
                raise CommandError(
                    f"{recipe.name} does not rank items for a shopper, so it cannot be evaluated on their "
                    f"held-out items (popularity is always shown as the baseline); personal recipes: {personal}"
                )
        return recipes

    def _tune(self, recipes: list[Recipe], loaded: LoadedInteractions, options: dict[str, Any]) -> dict[str, dict]:
        """Each recipe's best parameters on a validation split of the (outer) training part only."""
        # The same split evaluate_protocol makes next (it is seeded): its test items stay unseen here.
        (fold,) = protocol_folds(
            loaded.interactions,
            options["protocol"],
            test_ratio=options["test_ratio"],
            seed=options["seed"],
            user_keys=loaded.user_ids,
        )
        out = sys.stderr if options["json"] else self.stdout
        best: dict[str, dict] = {}
        for recipe in recipes:
            result = tune_for_protocol(
                recipe,
                fold.train,
                protocol=options["protocol"],
                test_ratio=options["test_ratio"],
                seed=options["seed"],
                n_trials=options["trials"],
            )
            best[recipe.name] = result["best_params"]
            start = next(trial for trial in result["trials"] if not trial["params"])
            out.write(
                f"{recipe.name}: tuned by {result['metric']} on validation, defaults "
                f"{start['metrics'][result['metric']]:.4f}, best {result['best_score']:.4f} "
                f"with {result['best_params'] or 'the defaults'}\n"
            )
        return best


def _factory(recipe: Recipe, params: dict[str, Any]) -> ModelFactory:
    return lambda: recipe.build(params)


def _metric_names(protocol: str, k: int) -> list[str]:
    if protocol == PERSONALIZE:
        return metric_names(k)
    return top_k_metric_names(k) if protocol == STRATIFIED else rank_metric_names(k)
