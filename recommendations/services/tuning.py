"""Hyperparameter search per recipe, choosing by the recommender's selection metric (NDCG@10 by default).

A recommender with candidates tunes each candidate recipe in its own run; a run scores the
settings in use first, so it says whether it found anything better, and a scheduled run adopts
what it found only then.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from recommendations.dataset import interaction_data_load
from recommendations.engine.search import MIN_GAIN, search_hyperparameters
from recommendations.engine.split import drop_newest
from recommendations.models import Recommender, TuningRun
from recommendations.recipes import recipe_get
from recommendations.services.queue import TUNE_RECOMMENDER, task_enqueue
from recommendations.services.selection import recipe_params_for, training_events

logger = logging.getLogger(__name__)

DEFAULT_TRIALS = 12
# Folds every trial is scored on: two, so a hopeless trial is stopped after its first fit.
TUNING_FOLDS = 2


class TuningNotSupported(Exception):
    pass


def recipes_to_tune(*, recommender: Recommender) -> list[str]:
    """The recommender's candidates (or its one recipe) that have hyperparameters to search."""
    names = recommender.candidates or [recommender.recipe]
    return [name for name in names if recipe_get(name).search_space]


def tuning_run_start(
    *,
    recommender: Recommender,
    triggered_by: str,
    synchronous: bool = False,
    n_trials: int = DEFAULT_TRIALS,
    recipes: list[str] | None = None,
    on_trial: Callable[[dict], None] | None = None,
) -> TuningRun:
    """Queue a search for each recipe to tune (or run it now); returns the first run."""
    names = recipes or recipes_to_tune(recommender=recommender)
    if not names:
        raise TuningNotSupported(f"{recommender.name} has no hyperparameters to search ({recommender.recipe})")
    if n_trials < 1:
        raise ValueError("a search needs at least one trial")
    runs = [
        TuningRun.objects.create(
            recommender=recommender, recipe=name, triggered_by=triggered_by[:100], n_trials=n_trials
        )
        for name in names
    ]
    for run in runs:
        if synchronous:
            tuning_run_execute(run_id=run.pk, on_trial=on_trial)
        else:
            task_enqueue(TUNE_RECOMMENDER, run.pk)
    runs[0].refresh_from_db()
    return runs[0]


def tuning_run_execute(
    *, run_id: int, space: dict | None = None, on_trial: Callable[[dict], None] | None = None
) -> TuningRun:
    claimed = TuningRun.objects.filter(pk=run_id, status=TuningRun.Status.QUEUED).update(
        status=TuningRun.Status.RUNNING
    )
    run = TuningRun.objects.select_related("recommender").get(pk=run_id)
    if not claimed:
        return run
    started = time.perf_counter()
    recommender = run.recommender
    recipe = run.recipe or recommender.recipe
    try:
        spec = recipe_get(recipe)
        space = space or spec.search_space
        data = interaction_data_load()
        in_use = recipe_params_for(recommender=recommender, recipe=recipe)
        events = training_events(
            event_weights=recommender.event_weights or dict(spec.event_weights), data=data, reads_items=spec.reads_items
        )
        # Tune without every user's newest events: the training run's evaluation holds out exactly
        # those, so the search never sees what the chosen parameters are later scored on.
        tuning = drop_newest(events)

        done: list[dict] = []

        def record(trial: dict) -> None:
            # Each trial is saved as it finishes: the dashboard shows how far the search is.
            done.append(_json(trial))
            TuningRun.objects.filter(pk=run_id).update(trials=done)
            if on_trial is not None:
                on_trial(trial)

        result = search_hyperparameters(
            lambda **params: spec.build(params),
            space,
            tuning,
            n_trials=run.n_trials,
            folds=TUNING_FOLDS,
            metric=recommender.selection_metric,
            fixed=in_use,
            start_trial=True,
            on_trial=record,
        )
        start = next(t for t in result["trials"] if not t["params"])
        run.trials = [_json(t) for t in result["trials"]]
        run.start_score = start["metrics"][result["metric"]] if not start["pruned"] else None
        run.best_params = {k: v for k, v in result["best_params"].items() if k in space}
        run.best_score = result["best_score"]
        run.status = TuningRun.Status.SUCCEEDED
    except Exception as exc:
        logger.exception("tuning run %s failed", run_id)
        run.status = TuningRun.Status.FAILED
        run.error = f"{exc}\n\n{traceback.format_exc()}"
    run.finished_at = timezone.now()
    run.duration_seconds = round(time.perf_counter() - started, 3)
    run.save()
    return run


def _json(trial: dict) -> dict:
    return {key: value for key, value in trial.items() if key != "first_fold"}


def tuning_run_improved(run: TuningRun) -> bool:
    """Whether the best trial beats the settings in use by more than validation noise (``MIN_GAIN``);
    a run that only confirms them changes nothing."""
    return (
        bool(run.best_params)
        and run.best_score is not None
        and (run.start_score is None or run.best_score > run.start_score * (1 + MIN_GAIN))
    )


def tuning_run_apply(*, run: TuningRun) -> Recommender:
    """Adopt the best parameters found for the run's recipe; the next training run uses them."""
    if run.status != TuningRun.Status.SUCCEEDED or not run.best_params:
        raise ValueError(f"{run} has no result to apply")
    with transaction.atomic():
        recommender = Recommender.objects.select_for_update().get(pk=run.recommender_id)
        recipe = run.recipe or recommender.recipe
        if recipe == recommender.recipe:
            recommender.params = {**recommender.params, **run.best_params}
        else:
            others = dict(recommender.candidate_params or {})
            others[recipe] = {**others.get(recipe, {}), **run.best_params}
            recommender.candidate_params = others
        recommender.save(update_fields=["params", "candidate_params"])
        TuningRun.objects.filter(pk=run.pk).update(applied_at=timezone.now())
    return recommender


def tuning_runs_scheduled() -> list[TuningRun]:
    """Start the searches that are due (``tune_every_days``) and adopt finished scheduled ones that improved.

    Called by Celery beat with the training schedule's check.
    """
    now = timezone.now()
    for run in TuningRun.objects.filter(
        status=TuningRun.Status.SUCCEEDED, applied_at__isnull=True, triggered_by="schedule"
    ).select_related("recommender"):
        if tuning_run_improved(run):
            tuning_run_apply(run=run)
    started = []
    for recommender in Recommender.objects.filter(enabled=True, tune_every_days__gt=0):
        latest = recommender.tuning_runs.order_by("-created_at").first()
        if latest is not None and latest.status in (TuningRun.Status.QUEUED, TuningRun.Status.RUNNING):
            continue
        if latest is not None and latest.created_at > now - timedelta(days=recommender.tune_every_days):
            continue
        try:
            started.append(tuning_run_start(recommender=recommender, triggered_by="schedule"))
        except TuningNotSupported:
            continue
    return started
