"""Hyperparameter search for a recommender, choosing by offline NDCG@10."""

from __future__ import annotations

import logging
import time
import traceback

from django.utils import timezone

from recommendations.dataset import interaction_data_load
from recommendations.engine import Interactions
from recommendations.engine.search import search_hyperparameters
from recommendations.engine.split import drop_newest
from recommendations.models import Recommender, TuningRun
from recommendations.recipes import recipe_get
from recommendations.services.queue import TUNE_RECOMMENDER, task_enqueue

logger = logging.getLogger(__name__)

DEFAULT_TRIALS = 12


class TuningNotSupported(Exception):
    pass


def tuning_run_start(*, recommender: Recommender, triggered_by: str, synchronous: bool = False) -> TuningRun:
    if not recipe_get(recommender.recipe).search_space:
        raise TuningNotSupported(f"{recommender.name} has no hyperparameters to search ({recommender.recipe})")
    run = TuningRun.objects.create(recommender=recommender, triggered_by=triggered_by[:100])
    if synchronous:
        tuning_run_execute(run_id=run.pk)
    else:
        task_enqueue(TUNE_RECOMMENDER, run.pk)
    run.refresh_from_db()
    return run


def tuning_run_execute(*, run_id: int, n_trials: int = DEFAULT_TRIALS, space: dict | None = None) -> TuningRun:
    claimed = TuningRun.objects.filter(pk=run_id, status=TuningRun.Status.QUEUED).update(
        status=TuningRun.Status.RUNNING
    )
    run = TuningRun.objects.select_related("recommender").get(pk=run_id)
    if not claimed:
        return run
    started = time.perf_counter()
    recommender = run.recommender
    try:
        spec = recipe_get(recommender.recipe)
        space = space or spec.search_space
        data = interaction_data_load()
        weights = data.weights_for(recommender.event_weights)
        keep = weights > 0
        fixed = {k: v for k, v in recommender.params.items() if k not in space}
        # Tune without every user's newest events: the training run's evaluation holds out exactly
        # those, so the search never sees what the chosen parameters are later scored on.
        tuning = drop_newest(
            Interactions.of(
                data.user_idx[keep],
                data.item_idx[keep],
                weights[keep],
                data.timestamps[keep],
                data.n_users,
                data.n_items,
            )
        )
        result = search_hyperparameters(
            lambda **params: spec.build(params),
            space,
            tuning,
            n_trials=n_trials,
            fixed=fixed,
        )
        run.trials = result["trials"]
        run.best_params = result["best_params"]
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


def tuning_run_apply(*, run: TuningRun) -> Recommender:
    """Adopt the best parameters found; the next training run uses them."""
    if run.status != TuningRun.Status.SUCCEEDED or not run.best_params:
        raise ValueError(f"{run} has no result to apply")
    recommender = run.recommender
    recommender.params = {**recommender.params, **run.best_params}
    recommender.save(update_fields=["params"])
    return recommender
