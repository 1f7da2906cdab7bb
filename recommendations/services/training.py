"""Training runs: train every enabled recommender, evaluate, save versions, publish atomically."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from recommendations.artifacts import LoadedModel, artifact_save
from recommendations.dataset import InteractionData, interaction_data_load
from recommendations.engine import EngineModel, Interactions
from recommendations.engine.evaluation import evaluate_model
from recommendations.models import ModelVersion, Recommender, TrainingRun
from recommendations.recipes import UnknownRecipe, recipe_get
from recommendations.selectors.runs import heartbeat_interval, heartbeat_stale_after, training_run_recommenders
from recommendations.services.heartbeat import training_run_beat, training_run_heartbeat
from recommendations.services.queue import TRAIN_MODELS, task_enqueue
from recommendations.services.selection import recipe_choose, training_events
from recommendations.services.versions import model_version_publish
from recommendations.signals import model_version_trained
from recommendations.validation import recommender_config_problems

logger = logging.getLogger(__name__)

# A queued run older than this was lost (worker gone); it no longer blocks a new one.
STALE_QUEUED_AFTER = timedelta(minutes=30)
# A run whose worker died is taken over this many times by the worker its message goes to next.
MAX_ATTEMPTS = 2
WORKER_LOST = "worker lost: no heartbeat since {since:%Y-%m-%d %H:%M:%S} UTC"


class TrainingInProgress(Exception):
    """Raised when a run is asked for while another is queued or running."""


def training_run_start(
    *, triggered_by: str, recommenders: list[str] | None = None, synchronous: bool = False
) -> TrainingRun:
    """Queue a training run (or run it now) unless one is already under way.

    ``recommenders`` limits the run to those slugs; by default every enabled one trains.
    """
    if recommenders:
        known = set(Recommender.objects.filter(slug__in=recommenders).values_list("slug", flat=True))
        unknown = sorted(set(recommenders) - known)
        if unknown:
            raise ValueError(f"unknown recommender(s): {', '.join(unknown)}")
    training_runs_recover()
    busy = TrainingRun.objects.filter(status__in=[TrainingRun.Status.QUEUED, TrainingRun.Status.RUNNING]).first()
    if busy is not None:
        raise TrainingInProgress(f"training run #{busy.pk} is already {busy.status}")
    run = TrainingRun.objects.create(triggered_by=triggered_by[:100], recommenders=sorted(recommenders or []))
    if synchronous:
        training_run_execute(run_id=run.pk)
    else:
        task_enqueue(TRAIN_MODELS, run.pk)
    run.refresh_from_db()
    return run


def training_runs_recover() -> int:
    """Fail the runs nobody is working on any more, so they stop blocking Train now; returns how many.

    A running run whose heartbeat stopped lost its worker (killed, out of memory, machine gone);
    a queued run that waited too long was never picked up. Their unfinished versions fail too; the
    live versions keep serving.
    """
    now = timezone.now()
    recovered = 0
    for run in TrainingRun.objects.filter(status=TrainingRun.Status.RUNNING):
        since = run.heartbeat_at or run.started_at or run.created_at
        if since < now - heartbeat_stale_after():
            recovered += _run_fail(run_id=run.pk, error=WORKER_LOST.format(since=since), now=now)
    for run in TrainingRun.objects.filter(status=TrainingRun.Status.QUEUED, created_at__lt=now - STALE_QUEUED_AFTER):
        recovered += _run_fail(run_id=run.pk, error="never picked up by a worker", now=now)
    return recovered


def training_run_cancel(*, run_id: int, cancelled_by: str) -> TrainingRun:
    """Stop a queued or running run: it trains no further recommender and publishes nothing."""
    _run_fail(run_id=run_id, error=f"cancelled by {cancelled_by}", now=timezone.now())
    return TrainingRun.objects.get(pk=run_id)


def _run_fail(*, run_id: int, error: str, now) -> int:
    with transaction.atomic():
        failed = TrainingRun.objects.filter(
            pk=run_id, status__in=[TrainingRun.Status.QUEUED, TrainingRun.Status.RUNNING]
        ).update(status=TrainingRun.Status.FAILED, finished_at=now, error=error)
        ModelVersion.objects.filter(
            training_run_id=run_id, status__in=[ModelVersion.Status.QUEUED, ModelVersion.Status.RUNNING]
        ).update(status=ModelVersion.Status.FAILED, error=f"training run stopped: {error}")
    return failed


def _run_claim(*, run_id: int) -> TrainingRun | None:
    """Take the run for this worker: a queued one, or one whose worker died (its message came again).

    None when the run is not this worker's to train (finished, cancelled, or alive elsewhere).
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = TrainingRun.objects.filter(pk=run_id, status=TrainingRun.Status.QUEUED).update(
                status=TrainingRun.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
            )
    except IntegrityError:
        # The one-running-run constraint fired: another run holds the slot.
        TrainingRun.objects.filter(pk=run_id).update(
            status=TrainingRun.Status.FAILED, finished_at=now, error="another training run is in progress"
        )
        return None
    if claimed:
        return TrainingRun.objects.get(pk=run_id)
    run = TrainingRun.objects.get(pk=run_id)
    if run.status != TrainingRun.Status.RUNNING:
        return None
    # Delivered again while running: its worker died, or is alive and this is a duplicate. Wait
    # until the heartbeat says which.
    deadline = time.monotonic() + heartbeat_stale_after().total_seconds() + heartbeat_interval()
    while True:
        run.refresh_from_db()
        if run.status != TrainingRun.Status.RUNNING:
            return None
        since = run.heartbeat_at or run.started_at or run.created_at
        if since < timezone.now() - heartbeat_stale_after():
            break
        if time.monotonic() > deadline:
            return None
        time.sleep(heartbeat_interval() / 2)
    if run.attempts >= MAX_ATTEMPTS:
        _run_fail(run_id=run_id, error=WORKER_LOST.format(since=since) + f" (after {run.attempts} attempts)", now=now)
        return None
    with transaction.atomic():
        ModelVersion.objects.filter(
            training_run=run, status__in=[ModelVersion.Status.QUEUED, ModelVersion.Status.RUNNING]
        ).update(status=ModelVersion.Status.FAILED, error="worker lost; the run was started again")
        taken = TrainingRun.objects.filter(pk=run_id, status=TrainingRun.Status.RUNNING, attempts=run.attempts).update(
            heartbeat_at=timezone.now(), attempts=F("attempts") + 1
        )
    logger.warning("training run %s: worker lost, taken over (attempt %s)", run_id, run.attempts + 1)
    return TrainingRun.objects.get(pk=run_id) if taken else None


def _run_stopped(*, run_id: int) -> bool:
    """Cancelled, or failed by recovery while this worker was still at it."""
    return TrainingRun.objects.filter(pk=run_id).exclude(status=TrainingRun.Status.RUNNING).exists()


def training_run_execute(*, run_id: int) -> TrainingRun:
    """Run a queued training run (or take over one whose worker died). Safe to call twice: only one
    caller claims it."""
    started = time.perf_counter()
    run = _run_claim(run_id=run_id)
    if run is None:
        return TrainingRun.objects.get(pk=run_id)
    with training_run_heartbeat(run_id=run_id):
        return _run_train(run=run, started=started)


def _run_train(*, run: TrainingRun, started: float) -> TrainingRun:
    run_id = run.pk
    timings: dict[str, float] = {}
    try:
        t0 = time.perf_counter()
        data = interaction_data_load()
        timings["load"] = round(time.perf_counter() - t0, 3)
        run.n_interactions, run.n_users, run.n_items = len(data), data.n_users, data.n_items
        if len(data) == 0 or data.n_items == 0:
            raise ValueError("no interactions to train on: generate data or record some events first")

        selected = training_run_recommenders(run=run)
        if not selected.exists():
            raise ValueError("no enabled recommender to train: enable one in the admin")
        # Every version exists (queued) from the start, so staff see the whole run's progress; all
        # at once, so a page drawn meanwhile never shows half of them.
        with transaction.atomic():
            versions = [
                ModelVersion.objects.create(
                    recommender=recommender,
                    training_run=run,
                    recipe=recommender.recipe,
                    params=recommender.params,
                    event_weights=recommender.event_weights or _default_event_weights(recommender.recipe),
                )
                for recommender in selected
            ]
        trained: dict[int, tuple[EngineModel, Interactions | None]] = {}
        for version in versions:
            if _run_stopped(run_id=run_id):
                break
            training_run_beat(run_id=run_id)
            t0 = time.perf_counter()
            _version_train(version=version, data=data, trained=trained)
            timings[version.recommender.slug] = round(time.perf_counter() - t0, 3)

        if _run_stopped(run_id=run_id):
            # Cancelled (or given up on) meanwhile: what it says stands, and nothing goes live.
            stopped = TrainingRun.objects.get(pk=run_id)
            stopped.duration_seconds = round(time.perf_counter() - started, 3)
            stopped.timings = timings
            stopped.save(update_fields=["duration_seconds", "timings"])
            return stopped
        t0 = time.perf_counter()
        published = [version for version in versions if version.status == ModelVersion.Status.READY]
        for version in published:
            model_version_publish(version=version)
        timings["publish"] = round(time.perf_counter() - t0, 3)
        # Checks and offline figures after publishing: a new version goes live at the speed of its
        # fit, and neither the persona check nor the evaluation's own fits (one per fold) hold it back.
        t0 = time.perf_counter()
        for version in published:
            _version_checks_run(version=version, model=trained[version.pk][0], product_ids=data.product_ids)
        timings["checks"] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        for version in published:
            model_version_evaluate(version=version, events=trained.pop(version.pk)[1], user_keys=data.user_keys)
        timings["evaluate"] = round(time.perf_counter() - t0, 3)
        failed = [v.recommender.slug for v in versions if v.status == ModelVersion.Status.FAILED]
        run.status = TrainingRun.Status.FAILED if failed else TrainingRun.Status.SUCCEEDED
        run.error = f"could not train {', '.join(failed)}" if failed else ""
    except Exception as exc:
        logger.exception("training run %s failed", run_id)
        # Versions that never trained are failed too, so none is left looking queued.
        ModelVersion.objects.filter(
            training_run=run, status__in=[ModelVersion.Status.QUEUED, ModelVersion.Status.RUNNING]
        ).update(status=ModelVersion.Status.FAILED, error=f"training run failed: {exc}")
        run.status = TrainingRun.Status.FAILED
        run.error = f"{exc}\n\n{traceback.format_exc()}"
    run.finished_at = timezone.now()
    run.duration_seconds = round(time.perf_counter() - started, 3)
    run.timings = timings
    run.save()
    return run


def _version_checks_run(*, version: ModelVersion, model: EngineModel, product_ids: np.ndarray) -> None:
    """Let other apps check the new model (the persona check); their failure is logged, never fatal.

    A statistic for the dashboard must not keep a good model off the air.
    """
    loaded = LoadedModel.of(version=version, model=model, product_ids=product_ids)
    errors = []
    for receiver, result in model_version_trained.send_robust(sender=ModelVersion, version=version, loaded=loaded):
        if isinstance(result, Exception):
            logger.error("check %s of %s failed", receiver.__qualname__, version, exc_info=result)
            errors.append(str(result))
    if errors:
        # Re-read: a receiver may have stored its own figures meanwhile.
        current = ModelVersion.objects.get(pk=version.pk).metrics or {}
        version.metrics = {**current, "check_errors": [*current.get("check_errors", []), *errors]}
        ModelVersion.objects.filter(pk=version.pk).update(metrics=version.metrics)


def _default_event_weights(recipe: str) -> dict[str, float]:
    """A recommender that names no events learns from its recipe's (an unknown recipe fails later)."""
    try:
        return dict(recipe_get(recipe).event_weights)
    except UnknownRecipe:
        return {}


def _version_train(
    *, version: ModelVersion, data: InteractionData, trained: dict[int, tuple[EngineModel, Interactions | None]]
) -> ModelVersion:
    """Train one queued version; a failure is recorded on the version, not raised. The fitted
    model and the events it learnt from are left in ``trained`` for the checks and the evaluation
    that run once it is published."""
    version.started_at = timezone.now()
    ModelVersion.objects.filter(pk=version.pk).update(status=ModelVersion.Status.RUNNING, started_at=version.started_at)
    t0 = time.perf_counter()
    try:
        choice = None
        recommender = version.recommender
        if recommender.candidates:
            problems = recommender_config_problems(
                recipe=recommender.recipe,
                params=recommender.params,
                event_weights=version.event_weights,
                candidates=recommender.candidates,
                candidate_params=recommender.candidate_params,
                selection_metric=recommender.selection_metric,
            )
            if problems:
                raise ValueError("invalid configuration: " + "; ".join(problems))
            # Each candidate is fitted on a validation split; the version becomes the winner's.
            version.recipe, version.params, choice = recipe_choose(
                recommender=version.recommender, event_weights=version.event_weights, data=data
            )
            ModelVersion.objects.filter(pk=version.pk).update(recipe=version.recipe, params=version.params)
        model, events = model_fit(
            recipe=version.recipe, params=version.params, event_weights=version.event_weights, data=data
        )
        version.n_interactions = len(events)
        version.n_users = int(np.unique(events.user_idx).size)
        version.n_items = int(np.unique(events.item_idx).size)
        version.metrics = {} if choice is None else {"choice": choice}
        version.training_seconds = round(time.perf_counter() - t0, 3)
        artifact_save(version=version, model=model, product_ids=data.product_ids)
        version.status = ModelVersion.Status.READY
        # Events only where they will be evaluated: a run's other models' events need not outlive their fit.
        trained[version.pk] = (model, events if recipe_get(version.recipe).evaluate else None)
    except Exception as exc:
        logger.exception("training %s failed", version.recommender.slug)
        version.status = ModelVersion.Status.FAILED
        version.error = f"{exc}\n\n{traceback.format_exc()}"
        version.training_seconds = round(time.perf_counter() - t0, 3)
    version.save()
    return version


def model_fit(
    *,
    recipe: str,
    params: dict[str, Any],
    event_weights: dict[str, float],
    data: InteractionData,
) -> tuple[EngineModel, Interactions]:
    """Fit one recipe on the data, checked to serve; returns the model and the events it learnt
    from (a training run evaluates them offline once the version is published)."""
    problems = recommender_config_problems(
        recipe=recipe, params=params, event_weights=event_weights, n_items=data.n_items
    )
    if problems:
        raise ValueError("invalid configuration: " + "; ".join(problems))
    spec = recipe_get(recipe)
    events = training_events(event_weights=event_weights, data=data, reads_items=spec.reads_items)
    model = spec.build(params).fit(events)
    _model_serves_check(model=model, events=events, related=spec.related)
    return model, events


def model_version_evaluate(
    *, version: ModelVersion, events: Interactions | None, user_keys: np.ndarray
) -> ModelVersion:
    """Score a trained version's recipe offline (Personalize's protocol beside popularity) and add
    the figures to its metrics; a failure is recorded there and never takes the version off the air."""
    spec = recipe_get(version.recipe)
    if not spec.evaluate or events is None:
        return version
    t0 = time.perf_counter()
    try:
        figures = _offline_metrics(lambda: spec.build(version.params), events, user_keys)
    except Exception as exc:
        logger.exception("evaluating %s failed", version)
        figures = {"error": f"evaluation failed: {exc}"}
    figures["evaluation_seconds"] = round(time.perf_counter() - t0, 3)
    # Re-read: checks and publishing may have added their own figures since training.
    current = ModelVersion.objects.get(pk=version.pk).metrics or {}
    version.metrics = {**current, **figures}
    ModelVersion.objects.filter(pk=version.pk).update(metrics=version.metrics)
    return version


class ModelServesNothing(ValueError):
    """The trained model would answer nothing (or only NaN): it must not go live."""


# Shoppers and items sampled to check that a new model answers at all.
SERVES_CHECK_SAMPLE = 50


def _model_serves_check(*, model: EngineModel, events: Interactions, related: bool) -> None:
    """Ask the model what serving will ask, on its most active shoppers or items; refuse a model
    that answers nothing (related items excepted) or non-finite scores (absurd parameters, degenerate data)."""
    counts = np.bincount(events.user_idx, minlength=events.n_users)
    users = np.argsort(-counts, kind="stable")[:SERVES_CHECK_SAMPLE]
    users = users[counts[users] > 0]
    if related:
        items = np.argsort(-np.bincount(events.item_idx, minlength=events.n_items), kind="stable")
        answers = [model.similar_items(int(i), N=10) for i in items[:SERVES_CHECK_SAMPLE]]
        ids = np.concatenate([a[0] for a in answers]) if answers else np.empty(0)
        scores = np.concatenate([a[1] for a in answers]) if answers else np.empty(0)
    else:
        rows = model.interaction_matrix(events)[users]
        ids, scores = model.recommend_batch(rows, N=10, filter_already_liked_items=False)
        ids, scores = ids[ids >= 0], scores[ids >= 0]
    # Related items may honestly have no pairs yet (few multi-item baskets), and a shop may have
    # nothing trending; everything else must answer.
    if ids.size == 0 and not (related or model.may_answer_nothing):
        raise ModelServesNothing("the trained model recommends nothing for its most active shoppers")
    if not np.all(np.isfinite(scores)):
        raise ModelServesNothing("the trained model gives non-finite scores (check its parameters and weights)")


def _offline_metrics(factory: Callable[[], EngineModel], events: Interactions, user_keys: np.ndarray) -> dict[str, Any]:
    """Personalize's protocol beside the popularity baseline on the same split.

    Test users are chosen by a hash of their own id, so a version trained tomorrow is scored on
    the same shoppers as today's (plus new ones), and its figures can be compared.
    """
    folds = settings.RECOMMENDATIONS_EVALUATION_FOLDS
    try:
        max_users = settings.RECOMMENDATIONS_EVALUATION_MAX_USERS
        figures = evaluate_model(factory, events, folds=folds, user_keys=user_keys, max_users=max_users)
        return {**figures, "folds": folds}
    except ValueError as exc:
        # Too little data to hold any user out: the model still trains and can serve.
        return {"error": str(exc)}
