"""Celery tasks: load by id, call a service."""

from __future__ import annotations

from celery import shared_task

from recommendations import services


@shared_task(name="recommendations.tasks.train_models", ignore_result=False)
def train_models(run_id: int) -> dict:
    run = services.training_run_execute(run_id=run_id)
    return {"run_id": run.pk, "status": run.status, "duration_seconds": run.duration_seconds}


@shared_task(name="recommendations.tasks.train_scheduled")
def train_scheduled() -> dict:
    """Celery beat's periodic retrain; skipped quietly while another run is under way."""
    try:
        run = services.training_run_start(triggered_by="schedule")
    except services.TrainingInProgress as exc:
        return {"skipped": str(exc)}
    return {"run_id": run.pk}
