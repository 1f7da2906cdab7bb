"""Hyperparameter search for a recommender, choosing by offline NDCG@10."""

from __future__ import annotations

import logging
import time
import traceback
from typing import Any

from django.db import transaction
from django.utils import timezone

from recommendations import engine
from recommendations.dataset import interaction_data_load
from recommendations.engine.search import search_hyperparameters
from recommendations.engine.split import Interactions, drop_newest
from recommendations.models import Recipe, Recommender, TuningRun

logger = logging.getLogger(__name__)

# Random search over this grid; every value is something a practitioner would try for ALS.
ALS_SEARCH_SPACE: dict[str, list[Any]] = {
    "factors": [32, 64, 128],
    "regularization": [0.01, 0.05, 0.1, 0.5],
    "alpha": [1.0, 2.0, 5.0, 10.0],
    "iterations": [10, 15, 25],
    "half_life_days": [None, 14.0, 30.0],
}
DEFAULT_TRIALS = 12


class TuningNotSupported(Exception):
    pass


def tuning_run_start(*, recommender: Recommender, triggered_by: str, synchronous: bool = False) -> TuningRun:
    from recommendations.tasks import tune_recommender

    if recommender.recipe != Recipe.ALS:
        raise TuningNotSupported(f"{recommender.name} has no hyperparameters to search ({recommender.recipe})")
    run = TuningRun.objects.create(recommender=recommender, triggered_by=triggered_by[:100])
    if synchronous:
        tuning_run_execute(run_id=run.pk)
    else:
        transaction.on_commit(lambda: tune_recommender.delay(run.pk))
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
        data = interaction_data_load()
        weights = data.weights_for(recommender.event_weights)
        keep = weights > 0
        fixed = {k: v for k, v in recommender.params.items() if k not in (space or ALS_SEARCH_SPACE)}
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
            engine.ALSRecommender,
            space or ALS_SEARCH_SPACE,
            tuning.user_idx,
            tuning.item_idx,
            tuning.weights,
            tuning.timestamps,
            tuning.n_users,
            tuning.n_items,
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
