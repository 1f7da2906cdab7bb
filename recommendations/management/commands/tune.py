"""``python manage.py tune SLUG``: search a recommender's hyperparameters now, with a progress bar."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from recommendations import services
from recommendations.models import Recommender, TuningRun
from recommendations.recipes import UnknownRecipe


class Command(BaseCommand):
    help = (
        "Search the hyperparameters of a recommender's recipe (each candidate's, if it lists several) "
        "by its selection metric on the data without every shopper's newest events."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("recommender", help="slug, e.g. recommended-for-you")
        parser.add_argument("--trials", type=int, default=services.DEFAULT_TRIALS, help="random trials per recipe")
        parser.add_argument("--recipe", action="append", help="tune only this candidate (repeatable)")
        parser.add_argument("--apply", action="store_true", help="adopt each result that beats the settings in use")

    def handle(self, *args, **options) -> None:
        try:
            recommender = Recommender.objects.get(slug=options["recommender"])
        except Recommender.DoesNotExist:
            known = ", ".join(Recommender.objects.values_list("slug", flat=True))
            raise CommandError(f"unknown recommender {options['recommender']!r}; one of: {known}") from None
        if options["trials"] < 1:
            raise CommandError("--trials must be at least 1")
        try:
            recipes = options["recipe"] or services.recipes_to_tune(recommender=recommender)
        except UnknownRecipe as exc:
            raise CommandError(str(exc)) from exc
        if not recipes:
            raise CommandError(f"{recommender.name} has no hyperparameters to search ({recommender.recipe})")
        unknown = sorted(set(recipes) - set(recommender.candidates or [recommender.recipe]))
        if unknown:
            raise CommandError(f"{', '.join(unknown)} is not a candidate of {recommender.slug}")
        for recipe in recipes:
            bar = tqdm(total=options["trials"] + 1, unit="trial", desc=recipe, disable=None)

            def advance(trial: dict, bar: tqdm = bar) -> None:
                score = trial["metrics"][recommender.selection_metric]
                bar.set_postfix_str(f"{'pruned ' if trial['pruned'] else ''}{score:.4f}")
                bar.update()

            try:
                run = services.tuning_run_start(
                    recommender=recommender,
                    triggered_by="manage.py tune",
                    synchronous=True,
                    n_trials=options["trials"],
                    recipes=[recipe],
                    on_trial=advance,
                )
            except services.TuningNotSupported as exc:
                raise CommandError(str(exc)) from exc
            finally:
                bar.close()
            self._report(run, apply=options["apply"])

    def _report(self, run: TuningRun, *, apply: bool) -> None:
        if run.status != TuningRun.Status.SUCCEEDED:
            raise CommandError(f"{run} failed: {run.error.splitlines()[0] if run.error else 'unknown error'}")
        start = "—" if run.start_score is None else f"{run.start_score:.4f}"
        self.stdout.write(
            f"{run.recipe}: settings in use {start}, best {run.best_score:.4f} "
            f"with {run.best_params or 'the settings in use'} ({run.duration_seconds:.1f} s)"
        )
        if apply and services.tuning_run_improved(run):
            services.tuning_run_apply(run=run)
            self.stdout.write(self.style.SUCCESS(f"adopted for {run.recommender.slug}: the next training uses them"))
        elif apply:
            self.stdout.write("nothing adopted: the settings in use are at least as good")
