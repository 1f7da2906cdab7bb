"""``python manage.py train``: the same training run Celery performs, in this process."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from recommendations import services
from recommendations.engine.metrics import NDCG_AT_10
from recommendations.models import TrainingRun, seconds_display


class Command(BaseCommand):
    help = "Train every enabled recommender now, evaluate, and publish the new versions."

    def handle(self, *args, **options) -> None:
        try:
            run = services.training_run_start(triggered_by="manage.py train", synchronous=True)
        except services.TrainingInProgress as exc:
            raise CommandError(f"not started: {exc}") from exc
        for version in run.versions.select_related("recommender").order_by("recommender__slug"):
            seconds = seconds_display(version.training_seconds)
            line = f"  {version.recommender.slug:<38} v{version.pk:<5} {version.status:<7} {seconds:>7}"
            ndcg = (version.metrics or {}).get("model", {}).get(NDCG_AT_10)
            if ndcg is not None:
                line += f"  NDCG@10 {ndcg:.4f}"
            choice = (version.metrics or {}).get("choice")
            if choice:
                line += f"  ({_choice_summary(version.recipe, choice)})"
            self.stdout.write(line)
        if run.status != TrainingRun.Status.SUCCEEDED:
            raise CommandError(run.summary)
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.summary} on {run.n_interactions:,} interactions ({run.n_users:,} users, {run.n_items:,} items)"
            )
        )


def _choice_summary(recipe: str, choice: dict) -> str:
    """How a candidate won, e.g. "ease chosen over als 0.1872, rp3beta 0.1790 on validation"."""
    figures = choice["candidates"]
    if all("error" in f for f in figures.values()):
        return f"{recipe}, the first candidate: {figures[recipe]['error']}"
    others = [
        f"{name} {f['metrics'][choice['metric']]:.4f}" if "metrics" in f else f"{name} not fitted: {f['error']}"
        for name, f in figures.items()
        if name != choice["chosen"]
    ]
    return f"{recipe} chosen over {', '.join(others)} on validation"
